"""Rendering the console's pages: Jinja2 with autoescape, translations and Babel filters.

For page authors (see also docs/console.md, "For developers"):

    from counterfraud.web.session import CurrentUser, console_access, get_store
    from counterfraud.web.templating import form_errors, redirect, render

    router = APIRouter()

    @router.get("/things", name="things")
    def things(request: Request, user: CurrentUser) -> HTMLResponse:
        rows = services.things.list_things(get_store(request), user.viewer,
                                           via=console_access(request, user))
        return render(request, user, "things.html", {"rows": rows})

- ``render(request, user, "page.html", context=None, *, status_code=200,
  headers=None) -> HTMLResponse``; ``user`` may be None (signed-out pages).
- Every template ``{% extends "base.html" %}`` and fills ``{% block title %}`` and
  ``{% block content %}`` (optionally ``{% block scripts %}``: ``<script src>`` tags of
  static files only; the Content-Security-Policy refuses inline scripts and ``hx-on``).
- The context always has ``user``, ``csrf_token``, ``locale``, ``html_lang``,
  ``locales`` (code -> name), ``nav`` (links the user's role may follow), ``request``
  and ``static(path)`` (-> ``/console/static/path``).
- Translations: ``{{ _("Text") }}``, ``{{ _("%(n)s cases", n=3) }}``, ``{% trans %}``
  blocks, ``{{ ngettext("%(num)d case", "%(num)d cases", n) }}``; messages in
  ``web/locale/<lang>/LC_MESSAGES/messages.po`` (en, zh_Hans, th).
- Filters, in the page's language: ``{{ when|date }}``, ``{{ when|datetime }}`` (UTC,
  labelled), ``{{ n|number }}``, ``{{ amount|money("THB") }}``; each shows "—" for None.
- Forms: ``form_errors(exc)`` turns an InvalidInput into ``{field: message}``; macros in
  macros.html show them next to their field (``field_error(errors, name)``).
- After a successful POST answer ``redirect("/console/...")`` (303).
- A message made in Python: mark it with ``web.nav.N_("...")`` and show it with
  ``translate(request, user, message)``; ``python -m counterfraud.web.i18n`` adds new
  messages to the catalogues.
- Security headers (``PAGE_HEADERS``): a Content-Security-Policy allowing scripts from
  ``/console/static/`` only, no caching, no framing.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from counterfraud.errors import InvalidInput
from counterfraud.web import i18n, nav
from counterfraud.web.session import (
    ConsoleUser,
    anonymous_csrf_token,
    request_locale,
    set_csrf_cookie,
)

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_PREFIX = "/console/static/"
EMPTY = "—"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
PAGE_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@dataclass(frozen=True, slots=True)
class Templates:
    """One Jinja2 environment per language (translations and filters bound to it)."""

    environments: Mapping[str, Environment]
    translations: Mapping[str, gettext.NullTranslations]

    def get(self, locale: str) -> Environment:
        return self.environments.get(locale) or self.environments[i18n.DEFAULT]

    def gettext(self, locale: str, message: str) -> str:
        found = self.translations.get(locale)
        return found.gettext(message) if found is not None else message


def install(app: FastAPI, *, folder: Path = TEMPLATE_DIR) -> Templates:
    """Build the environments (catalogues read now) and keep them on ``app.state``."""
    translations = i18n.load_translations()
    loader = FileSystemLoader(folder)
    templates = Templates({locale: _environment(loader, locale, translations[locale])
                           for locale in i18n.LOCALES}, translations)
    app.state.console_templates = templates
    return templates


def _environment(loader: FileSystemLoader, locale: str,
                 translations: gettext.NullTranslations) -> Environment:
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(filters(i18n.babel_locale(locale)))
    env.globals["static"] = static
    return env


def static(path: str) -> str:
    return STATIC_PREFIX + path.lstrip("/")


def filters(locale: Locale) -> dict[str, Callable[..., str]]:
    """``date``, ``datetime``, ``number`` and ``money`` in ``locale``."""

    def date_filter(value: date | datetime | str | None, format: str = "medium") -> str:
        when = _as_datetime(value)
        if when is None:
            return EMPTY
        if isinstance(when, datetime):
            when = when.astimezone(UTC).date() if when.tzinfo else when.date()
        return format_date(when, format, locale=locale)

    def datetime_filter(value: datetime | date | str | None, format: str = "medium") -> str:
        when = _as_datetime(value)
        if when is None:
            return EMPTY
        if not isinstance(when, datetime):
            return format_date(when, format, locale=locale)
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        return f"{format_datetime(when, format, tzinfo=UTC, locale=locale)} UTC"

    def number_filter(value: int | float | Decimal | str | None,
                      format: str | None = None) -> str:
        number = _as_number(value)
        return EMPTY if number is None else format_decimal(number, format, locale=locale)

    def money_filter(value: int | float | Decimal | str | None,
                     currency: str | None = None) -> str:
        number = _as_number(value)
        if number is None:
            return EMPTY
        if not currency:
            return format_decimal(number, locale=locale)
        return format_currency(number, currency, locale=locale)

    return {"date": date_filter, "datetime": datetime_filter, "number": number_filter,
            "money": money_filter}


def _as_datetime(value: date | datetime | str | None) -> date | datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _as_number(value: int | float | Decimal | str | None) -> Decimal | int | float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def render(request: Request, user: ConsoleUser | None, name: str,
           context: Mapping[str, Any] | None = None, *, status_code: int = 200,
           headers: Mapping[str, str] | None = None,
           locale: str | None = None) -> HTMLResponse:
    """The page ``name`` in the user's language (or ``locale``), with the console's
    security headers."""
    templates: Templates = request.app.state.console_templates
    locale = locale or (user.locale if user is not None else request_locale(request))
    csrf_token = user.csrf_token if user is not None else anonymous_csrf_token(request)
    page = {
        "request": request,
        "user": user,
        "csrf_token": csrf_token,
        "locale": locale,
        "html_lang": i18n.HTML_LANG.get(locale, locale),
        "locales": i18n.NAMES,
        "nav": nav.visible_nav(user.role if user is not None else None,
                               bank=user is not None and user.bank),
        "nav_groups": nav.GROUPS,
        "role_labels": nav.ROLE_LABELS,
        **(context or {}),
    }
    html = templates.get(locale).get_template(name).render(page)
    response = HTMLResponse(html, status_code=status_code,
                            headers={**PAGE_HEADERS, **(headers or {})})
    made = getattr(request.state, "new_csrf_cookie", None)
    if user is None and isinstance(made, str):
        set_csrf_cookie(request, response, made)
    return response


def translate(request: Request, user: ConsoleUser | None, message: str) -> str:
    """``message`` (an English msgid, marked with ``web.nav.N_`` so it is collected) in
    the language of the page being answered: for messages made in Python."""
    templates: Templates = request.app.state.console_templates
    locale = user.locale if user is not None else request_locale(request)
    return templates.gettext(locale, message)


def redirect(url: str, *, status_code: int = 303) -> RedirectResponse:
    """Where to go after a form was accepted (303: the browser follows with a GET)."""
    return RedirectResponse(url, status_code=status_code, headers=dict(PAGE_HEADERS))


def form_errors(exc: InvalidInput, *, default_field: str = "form") -> dict[str, str]:
    """``{field: message}`` of an InvalidInput, for ``field_error(errors, name)``."""
    return {exc.field or default_field: str(exc)}
