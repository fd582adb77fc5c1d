"""Serving the app with uvicorn: one process, or several sharing one listening socket.

The socket is bound first, by :func:`bind`, before any other work: a port already in use
is one clear error (:class:`~counterfraud.errors.CannotListen`) before anything is built
or printed, and the socket then held is the one served, so no other process can take
the port in between.

Several workers are started here rather than with ``uvicorn --workers``: uvicorn's
supervisor binds its socket without ``IPPROTO_TCP``, so asyncio never sets
``TCP_NODELAY`` on accepted connections and every keep-alive request after the first
waits ~40 ms for a delayed ACK on Linux (uvicorn issue #3149). Binding the socket
ourselves with the protocol set keeps single-message latency at its single-worker level.

Each request is one line on stderr (api.access_log) unless ``access_log`` is off.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import signal
import socket
import sys
from types import FrameType

from counterfraud.api.access_log import ACCESS
from counterfraud.errors import CannotListen
from counterfraud.settings import Settings

BACKLOG = 2048
ACCESS_FORMAT = "%(asctime)s %(message)s"


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: any free port), not yet listening.

    Raises CannotListen naming the address and how to choose another port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise _cannot_listen(host, port, e) from None
    return sock


def bound_port(sock: socket.socket) -> int:
    return int(sock.getsockname()[1])


def serve(settings: Settings, sock: socket.socket, *, workers: int = 1,
          access_log: bool = True) -> None:
    """Serve on ``sock`` (from :func:`bind`) until interrupted; ``workers`` processes
    share it."""
    try:
        sock.listen(BACKLOG)
    except OSError as e:  # another process listened on the port after our bind
        raise _cannot_listen(settings.host, bound_port(sock), e) from None
    sock.set_inheritable(True)
    if workers <= 1:
        _worker(settings, sock, access_log)
        return
    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=_worker, args=(settings, sock, access_log),
                                daemon=True)
                for _ in range(workers)]
    for child in children:
        child.start()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        for child in children:
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        for child in children:
            child.join()
    except KeyboardInterrupt:
        stop(signal.SIGINT, None)
    finally:
        sock.close()


def _worker(settings: Settings, sock: socket.socket, access_log: bool) -> None:
    # the web stack is imported by the process that serves, not by every command
    import uvicorn

    from counterfraud.api.app import create_app

    _configure_access_log(access_log)
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def _configure_access_log(enabled: bool) -> None:
    """Our access lines on stderr, in place of uvicorn's (which is left off)."""
    log = logging.getLogger(ACCESS)
    log.propagate = False
    log.handlers.clear()
    if not enabled:
        log.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(ACCESS_FORMAT))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def _cannot_listen(host: str, port: int, error: OSError) -> CannotListen:
    where = f"cannot listen on {host}:{port}"
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return CannotListen(f"{where}: {error.strerror or error}; choose another address "
                            "with --host (or COUNTERFRAUD_HOST), e.g. --host 127.0.0.1")
    if error.errno == errno.EADDRINUSE:
        why = "the port is already in use (another counterfraud serve or demo?)"
    elif error.errno == errno.EACCES:
        why = "permission denied (ports below 1024 need privileges)"
    else:
        why = error.strerror or str(error)
    return CannotListen(f"{where}: {why}; choose another port with --port "
                        f"(or COUNTERFRAUD_PORT), e.g. --port {_another(port)}")


def _another(port: int) -> int:
    return port + 1 if 0 < port < 65535 else 8001
