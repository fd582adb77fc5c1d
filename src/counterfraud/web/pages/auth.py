"""Signing in and out of the console, and choosing its language.

``GET /console/sign-in`` shows the form; ``POST /console/sign-in`` checks the API key
(services.console_sessions.start, which asks services.access like the API does), opens
a new session and sets its cookie, then goes to ``next`` (a console page) or home.
A bad key is told next to the ``api_key`` field and nothing is opened. The key is read
from the form body only (never a URL) and is never echoed back, not even on error.

``POST /console/sign-out`` ends the session and clears the cookie. ``POST
/console/language`` keeps the chosen language in the session.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from counterfraud.errors import AuthenticationFailed
from counterfraud.services import console_sessions
from counterfraud.web import i18n
from counterfraud.web.nav import N_
from counterfraud.web.session import (
    COOKIE,
    SIGN_IN,
    CurrentUser,
    OptionalUser,
    clear_session_cookie,
    get_store,
    request_locale,
    safe_next,
    set_session_cookie,
)
from counterfraud.web.templating import Templates, redirect, render

router = APIRouter()
MAX_KEY_LENGTH = 200


@router.get("/sign-in", response_class=HTMLResponse, name="sign_in")
async def sign_in_form(request: Request, user: OptionalUser,
                       next: str | None = None) -> Response:
    if user is not None:
        return redirect(safe_next(next))
    return _form(request, next=safe_next(next), locale=request_locale(request), errors={})


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request,
                  api_key: Annotated[str, Form()] = "",
                  next: Annotated[str, Form()] = "",
                  lang: Annotated[str, Form()] = "") -> Response:
    target = safe_next(next)
    secret = api_key.strip()
    locale = i18n.parse_locale(lang) or request_locale(request)
    if not secret:
        return _form(request, next=target, locale=locale, status_code=422,
                     errors={"api_key": _t(request, locale, N_("Enter your API key."))})
    store = get_store(request)
    try:
        if len(secret) > MAX_KEY_LENGTH:
            raise AuthenticationFailed("not one of our keys")
        started = await run_in_threadpool(
            console_sessions.start, store, secret=secret, locale=locale,
            path=f"console POST {SIGN_IN}")
    except AuthenticationFailed:
        return _form(request, next=target, locale=locale, status_code=401, errors={
            "api_key": _t(request, locale,
                          N_("This API key is unknown or has been revoked."))})
    old = request.cookies.get(COOKIE)
    if old:  # signing in again replaces the session this browser had
        await run_in_threadpool(console_sessions.end, store, old,
                                path=f"console POST {SIGN_IN}")
    response = redirect(target)
    set_session_cookie(request, response, started.session_id)
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    await run_in_threadpool(console_sessions.end, get_store(request),
                            request.cookies.get(COOKIE), path="console POST /console/sign-out")
    response = redirect(SIGN_IN)
    clear_session_cookie(request, response)
    return response


@router.post("/language")
async def choose_language(request: Request, user: CurrentUser,
                          lang: Annotated[str, Form()] = "",
                          next: Annotated[str, Form()] = "",
                          ) -> Response:
    locale = i18n.parse_locale(lang)
    session_id = request.cookies.get(COOKIE)
    if locale is not None and session_id:
        await run_in_threadpool(console_sessions.set_locale, get_store(request),
                                session_id, locale)
    return redirect(safe_next(next))


def _form(request: Request, *, next: str, locale: str,
          errors: dict[str, str], status_code: int = 200) -> HTMLResponse:
    return render(request, None, "sign_in.html",
                  {"next": next, "errors": errors,
                   "idle_minutes": get_store(request).settings.console_idle_minutes},
                  status_code=status_code, locale=locale)


def _t(request: Request, locale: str, message: str) -> str:
    """``message`` in the language the form was shown in."""
    templates: Templates = request.app.state.console_templates
    return templates.gettext(locale, message)
