"""Who is signed in to the console, and the checks every page relies on.

Dependencies for page routes (``from counterfraud.web.session import ...``):

- :func:`current_user` -> :class:`ConsoleUser`: the signed-in person. Without a live
  session a page gets ``303`` to ``/console/sign-in?next=<the page>``, an htmx request
  ``401`` with ``HX-Redirect`` to the sign-in page.
- :func:`require_role` ``(*roles)``: the same, refusing (403 page) a role not named
  (admins always pass), with the message services.access gives the API.
- :func:`check_csrf` runs before every console route (web.app adds it to each page
  router): a POST/PUT/PATCH/DELETE must carry the session's CSRF token as the form field
  ``csrf_token`` or the header ``X-CSRF-Token`` (base.html sets it for htmx), else 403.
  Before signing in the token is the one in the ``cf_csrf`` cookie (double submit).
- :func:`console_access` ``(request, user)`` -> ``Access`` for services' ``via=``: the
  audit trail names the agency and the key's public prefix, as for the API, and the
  route as ``console POST /console/...``.
- :func:`get_store` ``(request)`` -> the opened store.

The session cookie ``cf_session`` holds only a random id (its SHA-256 is what the
database keeps): HttpOnly, SameSite=Strict, Path=/, Secure in production.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from counterfraud.domain import ApiRole, Viewer
from counterfraud.errors import AuthenticationFailed, PermissionDenied, StoreUnavailable
from counterfraud.services import access, console_sessions
from counterfraud.services.audit import Access
from counterfraud.services.store import Store
from counterfraud.settings import Environment
from counterfraud.web import i18n

COOKIE = "cf_session"
CSRF_COOKIE = "cf_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SIGN_IN = "/console/sign-in"
HOME = "/console/"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_TOKEN_MAX = 128
_NO_USER = object()


@dataclass(frozen=True, slots=True)
class ConsoleUser:
    """The signed-in person: the key's agency and role as a Viewer (what services take),
    the session's CSRF token and this request's language; ``key_prefix`` is the key's
    public prefix (what the audit trail names), never the key."""

    viewer: Viewer
    agency: str | None
    role: ApiRole
    csrf_token: str
    locale: str
    key_prefix: str = ""
    expires_at: datetime | None = None  # when the session ends unless used again
    bank: bool = False  # the agency is a bank: its keys of any role answer its queue


class SignInRequired(AuthenticationFailed):
    """No live session: pages answer with the sign-in page (see web.app)."""


class CsrfRefused(PermissionDenied):
    """An unsafe request without the right CSRF token."""


def get_store(request: Request) -> Store:
    store = getattr(request.app.state, "store", None)
    if not isinstance(store, Store):
        raise StoreUnavailable("the store is not open (the app's lifespan has not run)")
    return store


def request_locale(request: Request, session_locale: str | None = None) -> str:
    """``?lang=``, else the session's language, else ``Accept-Language``, else English."""
    return (i18n.parse_locale(request.query_params.get("lang"))
            or i18n.parse_locale(session_locale)
            or i18n.negotiate(request.headers.get("accept-language")))


async def optional_user(request: Request) -> ConsoleUser | None:
    """The signed-in person, or None; resolved once per request."""
    cached = getattr(request.state, "console_user", _NO_USER)
    if cached is not _NO_USER:
        return cached if isinstance(cached, ConsoleUser) else None
    session_id = request.cookies.get(COOKIE)
    found = (await run_in_threadpool(console_sessions.resolve, get_store(request), session_id)
             if session_id else None)
    user = None if found is None else ConsoleUser(
        viewer=found.viewer, agency=found.viewer.agency, role=found.viewer.role,
        csrf_token=found.csrf_token, locale=request_locale(request, found.locale),
        key_prefix=found.key_prefix, expires_at=found.expires_at, bank=found.bank)
    request.state.console_user = user
    return user


async def current_user(request: Request) -> ConsoleUser:
    user = await optional_user(request)
    if user is None:
        raise SignInRequired("sign in to use the console")
    return user


def require_role(*roles: ApiRole) -> Callable[[Request], Awaitable[ConsoleUser]]:
    """A dependency giving the signed-in person if their role is one of ``roles``
    (admins always); PermissionDenied (a 403 page) otherwise."""

    async def dependency(request: Request) -> ConsoleUser:
        user = await current_user(request)
        access.require_role(user.viewer, *roles)
        return user

    return dependency


CurrentUser = Annotated[ConsoleUser, Depends(current_user)]
OptionalUser = Annotated[ConsoleUser | None, Depends(optional_user)]


async def check_csrf(request: Request) -> None:
    """Refuse an unsafe request whose CSRF token is missing or wrong (CsrfRefused, 403)."""
    if request.method not in UNSAFE_METHODS:
        return
    user = await optional_user(request)
    expected = user.csrf_token if user is not None else request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if not given and _is_form(request):
        try:
            value = (await request.form()).get(CSRF_FIELD)
        except Exception as e:  # a malformed form body carries no token
            raise CsrfRefused("the form could not be read; reload the page and try again"
                              ) from e
        given = value if isinstance(value, str) else None
    if (not expected or not given or len(given) > _TOKEN_MAX
            or not hmac.compare_digest(given.encode(), expected.encode())):
        raise CsrfRefused("this form has expired or did not come from this console; "
                          "reload the page and try again")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return kind in {"application/x-www-form-urlencoded", "multipart/form-data"}


def anonymous_csrf_token(request: Request) -> str:
    """The CSRF token of a signed-out browser (its ``cf_csrf`` cookie, made when
    missing; :func:`web.templating.render` sets the cookie)."""
    token = request.cookies.get(CSRF_COOKIE)
    if token and 20 <= len(token) <= _TOKEN_MAX and token.isascii():
        return token
    made = getattr(request.state, "new_csrf_cookie", None)
    if not isinstance(made, str):
        made = secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = made
    return made


def console_access(request: Request, user: ConsoleUser) -> Access:
    """Who and how, for the audit trail: ``CN-MPS:cf_AbCdEfGh`` through
    ``console POST /console/cases/{case_id}`` (the route as declared, not the URL)."""
    return Access(actor=f"{user.agency or 'operator'}:{user.key_prefix}",
                  path=f"console {request.method} {route_template(request)}")


def route_template(request: Request) -> str:
    """The route as declared, with the prefix it was mounted under
    (``/console/cases/{case_id}``), not the URL called: the trail names the path taken,
    and identifiers stay in the records it lists. A route included in a router knows its
    template without that prefix, so the prefix is the part of the URL before where the
    template starts to match."""
    route = request.scope.get("route")
    path: str = request.scope.get("path", "")
    if not isinstance(route, APIRoute):
        return path
    for start in (i for i, c in enumerate(path) if c == "/"):
        if route.path_regex.match(path[start:]):
            return path[:start] + route.path_format
    return path


def secure_cookies(request: Request) -> bool:
    return get_store(request).settings.environment is Environment.PRODUCTION


def set_session_cookie(request: Request, response: Response, session_id: str) -> None:
    response.set_cookie(COOKIE, session_id, path="/", httponly=True, samesite="strict",
                        secure=secure_cookies(request))


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                           secure=secure_cookies(request))


def set_csrf_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, path="/console/", httponly=True,
                        samesite="strict", secure=secure_cookies(request))


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a console path of this site, else the home page
    (never another site: ``//evil``, ``/\\evil``, dot segments and schemes are refused)."""
    if (not value or not value.startswith("/console/") or "\\" in value
            or value.startswith(SIGN_IN) or any(ord(c) < 32 or ord(c) == 127 for c in value)
            or len(value) > 2000):
        return HOME
    path = value.split("?", 1)[0].split("#", 1)[0]
    if "//" in path or any(part in {".", ".."} for part in path.split("/")):
        return HOME
    return value


def sign_in_url(request: Request) -> str:
    """The sign-in page, coming back to this page (a GET) afterwards."""
    if request.method != "GET" or request.url.path.startswith(SIGN_IN):
        return SIGN_IN
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = safe_next(target)
    return SIGN_IN if target == HOME else f"{SIGN_IN}?next={quote(target, safe='')}"
