"""The one place that turns the exception tree (``counterfraud.errors``) into HTTP.

| exception | status |
| --- | --- |
| InvalidInput (InvalidIdentifier, RowRejected ...) and request validation | 422 |
| NotFound | 404 |
| Conflict | 409 |
| AuthenticationFailed | 401, with ``WWW-Authenticate: Bearer`` |
| PermissionDenied | 403 |
| StoreUnavailable | 503 |
| anything else (a bug, a database error) | 500, naming the class (``error``), ``request_id`` |
| a body over the limit (middleware.BodyLimit) | 413 |

422 bodies are ``{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`` naming the field,
the other errors ``{"detail": "message"}``. Inputs are never echoed back nor logged: a
500 is logged by the classes of its exception chain and the request id (also in the
``X-Request-ID`` header and the body), never by a message, which for a database error
holds the statement's values (narratives, identifiers).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from counterfraud.api.redact import redact_path
from counterfraud.errors import (
    AuthenticationFailed,
    Conflict,
    CounterfraudError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
    exception_classes,
)
from counterfraud.identifiers.types import InvalidIdentifier
from counterfraud.report_rows import RowRejected

logger = logging.getLogger(__name__)
REQUEST_ID = "request_id"  # where middleware.RequestContext keeps it in the scope's state

STATUS: tuple[tuple[type[CounterfraudError], int], ...] = (
    (InvalidInput, 422),
    (NotFound, 404),
    (Conflict, 409),
    (AuthenticationFailed, 401),
    (PermissionDenied, 403),
    (StoreUnavailable, 503),
)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def status_of(exc: CounterfraudError) -> int:
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 500


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CounterfraudError, _counterfraud_error)
    app.add_exception_handler(RequestValidationError, _request_validation_error)


async def _counterfraud_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, CounterfraudError):  # pragma: no cover - registered for it
        raise exc
    status = status_of(exc)
    if isinstance(exc, InvalidInput):
        return _unprocessable(_input_errors(request, exc))
    if isinstance(exc, AuthenticationFailed):
        return JSONResponse({"detail": str(exc)}, status_code=status,
                            headers={"WWW-Authenticate": "Bearer"})
    if isinstance(exc, StoreUnavailable):
        logger.warning("store unavailable: %s", exc)
        return JSONResponse({"detail": "the database is unavailable; try again later"},
                            status_code=status, headers={"Retry-After": "5"})
    if status == 500:
        return internal_error(request.scope, exc)
    return JSONResponse({"detail": str(exc)}, status_code=status)


def internal_error(scope: Mapping[str, Any], exc: BaseException) -> JSONResponse:
    """The 500 for an error nothing maps, logged by its classes and the request id; the
    answer names the class too (never the message) and the id to find it in the log by."""
    request_id = request_id_of(scope)
    logger.error("internal error %s on %s %s (request %s)", exception_classes(exc),
                 scope.get("method", "?"), route_of(scope), request_id)
    return JSONResponse({"detail": "internal error", "error": type(exc).__name__,
                         REQUEST_ID: request_id}, status_code=500)


def request_id_of(scope: Mapping[str, Any]) -> str:
    state = scope.get("state")
    found = state.get(REQUEST_ID) if isinstance(state, Mapping) else None
    return str(found) if found else "-"


def route_of(scope: Mapping[str, Any]) -> str:
    """The matched route's template, else the path with any looked-up identifier redacted."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    return template if isinstance(template, str) else redact_path(str(scope.get("path", "")))


async def _request_validation_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, RequestValidationError):  # pragma: no cover
        raise exc
    return _unprocessable([{"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")),
                            "type": str(err.get("type", "invalid"))}
                           for err in exc.errors()])


def _unprocessable(errors: Sequence[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"detail": list(errors)}, status_code=422)


def _input_errors(request: Request, exc: InvalidInput) -> list[dict[str, Any]]:
    if isinstance(exc, RowRejected):
        return [{"loc": _location(request, e.field), "msg": e.message, "type": "invalid_input"}
                for e in exc.errors]
    if isinstance(exc, InvalidIdentifier):
        loc = _parameter_holding(request, exc.raw) or _location(request, exc.field)
        return [{"loc": loc, "msg": str(exc), "type": "invalid_identifier"}]
    return [{"loc": _location(request, exc.field), "msg": str(exc), "type": "invalid_input"}]


def _location(request: Request, field: str | None) -> list[str]:
    """Where ``field`` came from, in FastAPI's ``loc`` style: path, query or body."""
    if not field:
        return []
    if field in request.path_params:
        return ["path", field]
    if field in request.query_params:
        return ["query", field]
    if request.method in _BODY_METHODS:
        return ["body", field]
    return [field]


def _parameter_holding(request: Request, raw: str) -> list[str]:
    """The path or query parameter whose value is ``raw`` (an identifier being looked up)."""
    for source, params in (("path", request.path_params), ("query", request.query_params)):
        for name, value in params.items():
            if isinstance(value, str) and value.strip() == raw.strip():
                return [source, name]
    return []
