"""Mounting the console on the API's app: ``mount_console(app)`` (called by
api.app.create_app) adds the pages under ``/console/``, the static files under
``/console/static/``, ``/docs`` and ``/redoc`` from vendored assets, ``/`` -> ``/console/``,
and the console's error pages.

Every page router in :data:`PAGES` is included under the ``/console`` prefix with the
CSRF check (web.session.check_csrf) as a dependency of each of its routes, so no POST
of any page escapes it. Errors raised in a console route render as pages (404, 403 ...;
an ended session goes to the sign-in page); elsewhere the API's JSON answers stay.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from counterfraud.errors import (
    AuthenticationFailed,
    Conflict,
    CounterfraudError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
)
from counterfraud.web import templating
from counterfraud.web.nav import N_
from counterfraud.web.pages import (
    admin,
    audit,
    auth,
    blocklist,
    cases,
    dashboard,
    docs,
    freeze,
    home,
    identifiers,
    kpi,
    networks,
    reports,
    screening,
    search,
    suspects,
    takedowns,
    victims,
)
from counterfraud.web.session import (
    COOKIE,
    HOME,
    ConsoleUser,
    check_csrf,
    clear_session_cookie,
    optional_user,
    request_locale,
    sign_in_url,
)
from counterfraud.web.templating import PAGE_HEADERS, render

STATIC_DIR = Path(__file__).parent / "static"
PREFIX = "/console"

# Page modules, each with ``router = APIRouter()``; matched in this order.
PAGES = (auth, home, networks, dashboard, search, identifiers, screening, reports,
         blocklist, admin, audit, cases, victims, freeze, takedowns, suspects, kpi)

Handler = Callable[[Request, Exception], Awaitable[Response]]


def mount_console(app: FastAPI) -> None:
    """Add the console to ``app`` (after the API's error handlers are installed)."""
    templating.install(app)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC_DIR), name="console-static")
    for module in PAGES:
        app.include_router(module.router, prefix=PREFIX, dependencies=[Depends(check_csrf)],
                           include_in_schema=False)
    app.include_router(docs.router)
    app.add_api_route("/", _to_console, include_in_schema=False)
    app.add_api_route(PREFIX, _to_console, include_in_schema=False)
    _install_error_pages(app)


def console_routes() -> list[tuple[str, frozenset[str]]]:
    """Every page route as served: (path with the ``/console`` prefix, methods)."""
    return [(PREFIX + route.path, frozenset(route.methods or ()))
            for module in PAGES for route in module.router.routes
            if isinstance(route, APIRoute)]


async def _to_console() -> RedirectResponse:
    return RedirectResponse(HOME, status_code=303)


def is_console(request: Request) -> bool:
    path = request.url.path
    return (path == PREFIX or path.startswith(f"{PREFIX}/")) and not path.startswith(
        f"{PREFIX}/static/")


def _install_error_pages(app: FastAPI) -> None:
    api_errors = app.exception_handlers.get(CounterfraudError)
    api_validation = app.exception_handlers.get(RequestValidationError)

    async def counterfraud_error(request: Request, exc: Exception) -> Response:
        if is_console(request) and isinstance(exc, CounterfraudError):
            return await error_page(request, exc)
        if api_errors is None:  # pragma: no cover - the API installs its handlers first
            raise exc
        return await _call(api_errors, request, exc)

    async def validation_error(request: Request, exc: Exception) -> Response:
        if is_console(request):
            return await _page(request, 422, "error.html",
                               _message(request, N_("This request could not be read.")))
        if api_validation is None:  # pragma: no cover
            raise exc
        return await _call(api_validation, request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        if is_console(request) and isinstance(exc, StarletteHTTPException):
            if await _signed_out(request):  # which pages exist is told after signing in
                return _to_sign_in(request)
            if exc.status_code == 404:
                return await _page(request, 404, "404.html", None)
            if exc.status_code == 405:
                return await _page(request, 405, "error.html", None)
        return await http_exception_handler(request, exc)  # type: ignore[arg-type]

    app.add_exception_handler(CounterfraudError, counterfraud_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)


async def _signed_out(request: Request) -> bool:
    try:
        return await optional_user(request) is None
    except CounterfraudError:
        return True


async def _call(handler: Callable[..., object], request: Request, exc: Exception) -> Response:
    answer = handler(request, exc)
    if isinstance(answer, Awaitable):
        answer = await answer
    assert isinstance(answer, Response)
    return answer


ERROR_PAGES: tuple[tuple[type[CounterfraudError], int, str], ...] = (
    (PermissionDenied, 403, "403.html"),
    (NotFound, 404, "404.html"),
    (InvalidInput, 422, "error.html"),
    (Conflict, 409, "error.html"),
)


async def error_page(request: Request, exc: CounterfraudError) -> Response:
    """The page for an error raised in a console route: its message, in a page."""
    if isinstance(exc, AuthenticationFailed):
        return _to_sign_in(request)
    if isinstance(exc, StoreUnavailable):
        return await _page(request, 503, "error.html",
                           _message(request, N_("The database is unavailable; try again later.")),
                           headers={"Retry-After": "5"})
    for kind, status, template in ERROR_PAGES:
        if isinstance(exc, kind):
            return await _page(request, status, template, str(exc))
    return await _page(request, 500, "error.html", None)


def _to_sign_in(request: Request) -> Response:
    target = sign_in_url(request)
    response: Response
    if request.headers.get("hx-request"):
        response = Response(status_code=401, headers={**PAGE_HEADERS, "HX-Redirect": target})
    else:
        response = RedirectResponse(target, status_code=303, headers=dict(PAGE_HEADERS))
    if request.cookies.get(COOKIE):
        clear_session_cookie(request, response)
    return response


HEADINGS = {
    403: N_("You may not do this"),
    404: N_("Not found"),
    405: N_("Not allowed"),
    409: N_("Changed by someone else"),
    422: N_("This could not be accepted"),
    500: N_("Something went wrong"),
    503: N_("Unavailable"),
}


async def _page(request: Request, status: int, template: str, message: str | None, *,
                headers: dict[str, str] | None = None) -> Response:
    try:
        user = await optional_user(request)
    except CounterfraudError:
        user = None
    return render(request, user, template,
                  {"heading": _message(request, HEADINGS.get(status, N_("Error")), user=user),
                   "message": message, "status": status,
                   "request_id": _request_id(request)},
                  status_code=status, headers=headers)


def _message(request: Request, text: str, *, user: ConsoleUser | None = None) -> str:
    """``text`` (an English msgid) in the request's language."""
    locale = user.locale if user is not None else request_locale(request)
    templates: templating.Templates = request.app.state.console_templates
    return templates.gettext(locale, text)


def _request_id(request: Request) -> str | None:
    """The request's id (api.middleware.RequestContext keeps it in the scope's state),
    which the log's line of an error names too."""
    state = request.scope.get("state")
    found = state.get("request_id") if isinstance(state, dict) else None
    return str(found) if found else None
