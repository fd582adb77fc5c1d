"""Freeze requests: ``/console/freeze``, the page a bank's operator works from every day
(its open requests oldest first, with accounts, amount and deadline, overdue ones
marked, and the one answer each takes), and for the police the requests they may read
with their status and time to freeze; the freeze feed for banks (CSV or JSON); the
request form of the case page.

The same service calls as ``/v1/freeze`` with the user's Viewer: a bank's keys of any
role read its own queue and feed and answer what is addressed to it, and nothing else;
analysts and admins of other agencies read what the visibility rule gives them. The
first answer is final: a second one, racing or late, shows the conflict's message.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.domain import AgencyKind
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.identifiers.types import IdentifierKind
from counterfraud.services import access, freeze
from counterfraud.services.feeds import FeedFormat
from counterfraud.web.pages import case_forms as forms
from counterfraud.web.pages.case_page import act
from counterfraud.web.pages.case_words import FREEZE_STATUS, context
from counterfraud.web.session import ConsoleUser, CurrentUser, console_access, get_store
from counterfraud.web.templating import PAGE_HEADERS, redirect, render

router = APIRouter()
ANSWERS = tuple(s for s in FREEZE_STATUS if s != "requested")
ANSWER_FIELDS = ("answer", "amount", "currency", "reason")
ANSWER_RENAMES = {"amount_frozen": "amount", "refusal_reason": "reason"}
MEDIA = {FeedFormat.CSV: "text/csv; charset=utf-8", FeedFormat.JSON: "application/json"}


def accounts_of(text: str, field: str = "accounts") -> list[tuple[str, str, str | None]]:
    """One account a line: ``kind:value``, or a bare number (a bank account)."""
    found: list[tuple[str, str, str | None]] = []
    for line in forms.lines(text, field, limit=100):
        kind, sep, value = line.partition(":")
        if not sep or kind.strip().lower() not in {k.value for k in IdentifierKind}:
            kind, value = IdentifierKind.BANK_ACCOUNT.value, line
        if not value.strip():
            raise InvalidInput(f"{field}: {line[:60]!r} names no account", field=field)
        found.append((kind.strip(), value.strip(), None))
    if not found:
        raise InvalidInput("give at least one account or wallet", field=field)
    return found


@router.post("/cases/{case_id}/freeze", name="console_freeze_request")
def request_freeze(request: Request, user: CurrentUser, case_id: str, *,
                   institution: Annotated[str, Form(alias="freeze-institution")] = "",
                   addressee: Annotated[str, Form(alias="freeze-addressee")] = "",
                   accounts: Annotated[str, Form(alias="freeze-accounts")] = "",
                   amount: Annotated[str, Form(alias="freeze-amount")] = "",
                   currency: Annotated[str, Form(alias="freeze-currency")] = "",
                   deadline: Annotated[str, Form(alias="freeze-deadline")] = "") -> Response:
    def run() -> freeze.FreezeView:
        ask = freeze.ask_of(
            accounts_of(accounts), institution=forms.optional(institution, "institution",
                                                              limit=forms.CODE),
            addressee=forms.optional(addressee, "addressee"),
            amount=forms.optional(amount, "amount", limit=40),
            currency=(forms.optional(currency, "currency", limit=3) or "").upper() or None,
            deadline=forms.day(deadline, "deadline"))
        return freeze.request_freeze(get_store(request), user.viewer, case_id=case_id,
                                     ask=ask, via=console_access(request, user))

    return act(request, user, case_id, run, prefix="freeze-",
               fields=("institution", "addressee", "accounts", "amount", "currency",
                       "deadline"),
               values={"institution": institution, "addressee": addressee,
                       "accounts": accounts, "amount": amount, "currency": currency,
                       "deadline": deadline}, anchor="sec-freeze")


def _is_bank(request: Request, user: ConsoleUser) -> bool:
    return any(a.code == user.agency and a.kind is AgencyKind.BANK
               for a in access.list_agencies(get_store(request)))


def render_freeze(request: Request, user: ConsoleUser, *, status: str = "",
                  errors: Mapping[str, str] | None = None,
                  values: Mapping[str, Any] | None = None, notice: str | None = None,
                  status_code: int = 200) -> HTMLResponse:
    """The bank's queue, or the requests the police may read (``status`` filters)."""
    store, via = get_store(request), console_access(request, user)
    bank = _is_bank(request, user)
    if bank:
        found = freeze.queue(store, user.viewer, limit=freeze.QUEUE_LIMIT, via=via)
    else:
        found = freeze.list_requests(store, user.viewer, status=status or None, limit=500,
                                     via=via)
    return render(request, user, "freeze/queue.html" if bank else "freeze/list.html",
                  context(requests=found, now=datetime.now(UTC), answers=ANSWERS,
                          statuses=list(FREEZE_STATUS), status=status,
                          errors=dict(errors or {}), values=dict(values or {}),
                          notice=notice), status_code=status_code)


@router.get("/freeze", response_class=HTMLResponse, name="console_freeze")
def freeze_page(request: Request, user: CurrentUser,
                status: Annotated[str, Query(max_length=32)] = "",
                answered: Annotated[str, Query(max_length=64)] = "") -> HTMLResponse:
    errors: dict[str, str] = {}
    try:
        return render_freeze(request, user, status=status,
                             notice=answered or None)
    except InvalidInput as e:
        errors = forms.errors_of(e, "", ("status",))
    return render_freeze(request, user, errors=errors, status_code=422)


@router.post("/freeze/{request_id}/answer", name="console_freeze_answer")
def answer(request: Request, user: CurrentUser, request_id: str, *,
           reply: Annotated[str, Form(alias="answer")] = "",
           amount: Annotated[str, Form()] = "",
           currency: Annotated[str, Form()] = "",
           reason: Annotated[str, Form()] = "") -> Response:
    """The bank's one answer; a second one (raced or late) is the queue again with the
    conflict's message (409)."""
    prefix = f"a-{request_id[:64]}-"
    try:
        freeze.answer(get_store(request), user.viewer, request_id[:64],
                      forms.text(reply, "answer", limit=forms.CODE, required=True),
                      amount=forms.optional(amount, "amount", limit=40),
                      currency=(forms.optional(currency, "currency", limit=3) or "").upper()
                      or None, reason=forms.text(reason, "reason", limit=1000),
                      via=console_access(request, user))
    except (InvalidInput, Conflict, NotFound) as e:
        status = 422 if isinstance(e, InvalidInput) else 409 if isinstance(e, Conflict) \
            else 404
        return render_freeze(request, user, errors={
            **forms.errors_of(e, prefix, ANSWER_FIELDS, renames=ANSWER_RENAMES),
            "form": str(e)},
            values={f"{prefix}answer": reply, f"{prefix}amount": amount,
                    f"{prefix}currency": currency, f"{prefix}reason": reason},
            status_code=status)
    return redirect(f"/console/freeze?answered={request_id[:64]}")


@router.get("/freeze/feed", name="console_freeze_feed")
def feed(request: Request, user: CurrentUser,
         fmt: Annotated[FeedFormat, Query(alias="format")] = FeedFormat.CSV,
         since: Annotated[str, Query(max_length=10)] = "") -> Response:
    """The bank's freeze feed, as ``/v1/freeze/feed`` gives it, to save."""
    body = freeze.feed(get_store(request), user.viewer, fmt,
                       since=forms.day(since, "since", end=False),
                       via=console_access(request, user))
    extension = "json" if fmt is FeedFormat.JSON else "csv"
    return Response(body, media_type=MEDIA.get(fmt, "text/plain"), headers={
        **PAGE_HEADERS,
        "Content-Disposition": f'attachment; filename="freeze-feed-{user.agency}.{extension}"'})
