"""One access log line per request, on the ``counterfraud.access`` logger:

    GET /v1/stats 200 3.1 ms key cf_AbCdEfGh

the method, the path without its query string (an identifier looked up replaced by
``<redacted>``, see api.redact), the status, the time to the end of the response, and
the public prefix of the API key sent (``-`` for none, ``?`` for a credential that is not
shaped like our keys). Never the key itself, a body, or a query string.

A plain ASGI class, like api.middleware's: the screening hot path pays two clock reads
and a header look-up; formatting happens only when the logger is enabled for INFO.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from counterfraud.api.redact import redact_path
from counterfraud.services.access import KEY_PREFIX, PREFIX_LENGTH

ACCESS = "counterfraud.access"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_BEARER = b"bearer "
_SHOWN = re.compile(re.escape(KEY_PREFIX).encode()
                    + rb"[A-Za-z0-9_-]{%d}" % (PREFIX_LENGTH - len(KEY_PREFIX)))


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.logger = logging.getLogger(ACCESS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.logger.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            self.logger.info("%s %s %d %.1f ms key %s", scope.get("method", "?"),
                             redact_path(scope.get("path", "")), status,
                             (time.perf_counter() - started) * 1000, key_prefix(scope))


def key_prefix(scope: Scope) -> str:
    """The public prefix of the key in ``X-API-Key`` or ``Authorization: Bearer``."""
    for name, value in scope.get("headers", ()):
        if name == b"x-api-key":
            return _prefix(value)
        if name == b"authorization" and value[:len(_BEARER)].lower() == _BEARER:
            return _prefix(value[len(_BEARER):].strip())
    return "-"


def _prefix(secret: bytes) -> str:
    shown = secret[:PREFIX_LENGTH]
    return shown.decode() if len(secret) > PREFIX_LENGTH and _SHOWN.fullmatch(shown) else "?"
