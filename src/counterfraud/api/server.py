"""Serving the app with uvicorn: one process, or several sharing one listening socket.

Several workers are started here rather than with ``uvicorn --workers``: uvicorn's
supervisor binds its socket without ``IPPROTO_TCP``, so asyncio never sets
``TCP_NODELAY`` on accepted connections and every keep-alive request after the first
waits ~40 ms for a delayed ACK on Linux (uvicorn issue #3149). Binding the socket
ourselves with the protocol set keeps single-message latency at its single-worker level.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
from types import FrameType

import uvicorn

from counterfraud.api.app import create_app
from counterfraud.settings import Settings

BACKLOG = 2048


def serve(settings: Settings, *, workers: int = 1) -> None:
    """Serve until interrupted; ``workers`` processes share one listening socket."""
    if workers <= 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                    log_level="warning")
        return
    listener = _listen(settings.host, settings.port)
    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=_worker, args=(settings, listener), daemon=True)
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
        listener.close()


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(BACKLOG)
    listener.set_inheritable(True)
    return listener


def _worker(settings: Settings, listener: socket.socket) -> None:
    config = uvicorn.Config(create_app(settings), log_level="warning")
    uvicorn.Server(config).run(sockets=[listener])
