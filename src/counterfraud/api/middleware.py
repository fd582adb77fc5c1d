"""The app's ASGI middleware: a request id on every request, the last stop for errors
nothing else handled, and the request body limit.

Plain ASGI classes rather than ``BaseHTTPMiddleware``: the screening hot path pays a
header look-up per request, not an extra task and a copy of the body.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import JSONResponse

from counterfraud.api.errors import REQUEST_ID, internal_error

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEADER = b"x-request-id"
_GIVEN_ID = re.compile(rb"[A-Za-z0-9._:-]{1,64}")
DRAIN_FACTOR = 4  # a refused body up to this many times the limit is read and dropped


class RequestContext:
    """Gives each request an id (a proxy's ``X-Request-ID`` when it is a plain token),
    returns it in the ``X-Request-ID`` header, and turns any exception that reached this
    far into a 500 naming that id. The exception is logged by its classes only: its
    message may hold what the request carried (a database error holds the statement's
    values), and uvicorn, which would log the traceback, never sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        scope.setdefault("state", {})[REQUEST_ID] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", ()),
                                      (HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:  # the last stop: nothing above this may see it
            response = internal_error(scope, exc)
            if not started:  # else the response is cut short, the client sees it fail
                await response(scope, receive, send_with_id)


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == HEADER and _GIVEN_ID.fullmatch(value):
            return str(value.decode())
    return secrets.token_hex(8)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with a 413 before anything parses it:
    at once when ``Content-Length`` says so, else (a chunked body) as soon as the bytes
    received pass the limit. A refused body of moderate size is read and dropped first,
    so that the client, still sending, reads the 413 rather than a reset connection."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            if declared <= DRAIN_FACTOR * self.limit:
                await _drain(receive)
            await self._refuse(scope, receive, send)
            return
        if declared is not None or not _is_chunked(scope):
            await self.app(scope, receive, send)
            return
        body = await self._read_chunked(receive)
        if body is None:
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_chunked(self, receive: Receive) -> bytes | None:
        """The whole body, or None once it passes the limit (the rest is dropped unread
        up to DRAIN_FACTOR times the limit)."""
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(parts)  # the client left; the app will see it too
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _drain(receive, budget=DRAIN_FACTOR * self.limit - size,
                             more=message.get("more_body", False))
                return None
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"detail": f"the request body is over {self.limit:,} bytes, the limit for one "
                       f"request (docs/formats.md, Limits); send it in smaller batches"},
            status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses such a request before we see it
    return None


def _is_chunked(scope: Scope) -> bool:
    return any(name == b"transfer-encoding" for name, _ in scope.get("headers", ()))


async def _drain(receive: Receive, *, budget: int | None = None, more: bool = True) -> None:
    """Read and drop the rest of a body (at most ``budget`` bytes more, when given)."""
    while more and (budget is None or budget > 0):
        message = await receive()
        if message["type"] != "http.request":
            return
        if budget is not None:
            budget -= len(message.get("body", b""))
        more = message.get("more_body", False)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay

