"""``/console/blocklist`` (entries with their provenance, by kind and status), one
entry's page with its history and the owner's delisting, and ``/console/appeals`` (the
owner's queue, deciding with a reason; filing an appeal, for every role).

The same services and rules as the API's blocklist routes: listing and reading entries,
delisting and deciding appeals are for analysts and admins (``GET /v1/blocklist``,
``POST /v1/blocklist/{id}/delist``, ``GET /v1/appeals``, ``POST
/v1/appeals/{id}/decision``), changing only for the owning agency
(``sharing.policy.can_change``: the page offers the form only where it allows, and the
service refuses the rest); filing an appeal is for any role (``POST /v1/appeals``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.domain import ApiRole, EntryStatus, IdentifierKind, MatchType
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.services import blocklist
from counterfraud.sharing.policy import can_change
from counterfraud.web.nav import N_
from counterfraud.web.pages import record_forms as forms
from counterfraud.web.pages.identifiers import entry_view, is_reader
from counterfraud.web.pages.vocabulary import LABELS, identifier_href
from counterfraud.web.session import (
    ConsoleUser,
    CurrentUser,
    console_access,
    get_store,
    require_role,
)
from counterfraud.web.templating import form_errors, redirect, render, translate

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]

PAGE = 100
APPEAL_STATUSES = ("open", "upheld", "rejected")
MAX_ID = 2**63 - 1
STATUS_OF: tuple[tuple[type[Exception], int], ...] = (
    (PermissionDenied, 403), (NotFound, 404), (Conflict, 409), (InvalidInput, 422))
DONE: dict[str, str] = {
    "delisted": N_("The entry was delisted."),
    "filed": N_("The appeal was filed; the agency that listed the entry decides it."),
    "upheld": N_("The appeal was upheld and the entry delisted."),
    "rejected": N_("The appeal was rejected; the entry stays."),
}


def _status(exc: Exception) -> int:
    return next(status for kind, status in STATUS_OF if isinstance(exc, kind))


def _notice(request: Request, user: ConsoleUser, done: str) -> str | None:
    return translate(request, user, DONE[done]) if done in DONE else None


def _choice(raw: str, known: list[str], *, field: str) -> str | None:
    """A filter's value: one of ``known``, or None for "any" (empty)."""
    if not raw:
        return None
    if raw not in known:
        raise InvalidInput(f"unknown {field} {raw!r}; known: {', '.join(known)}", field=field)
    return raw


@router.get("/blocklist", response_class=HTMLResponse, name="blocklist")
def blocklist_page(request: Request, user: Analyst, kind: str = "",
                   status: str = EntryStatus.ACTIVE.value, offset: int = 0) -> Response:
    kinds = [k.value for k in IdentifierKind]
    statuses = [s.value for s in EntryStatus]
    chosen_kind = _choice(kind, kinds, field="kind")
    chosen_status = _choice(status, statuses, field="status")
    offset = max(0, min(offset, MAX_ID))
    store = get_store(request)
    found = blocklist.entries(
        store, status=EntryStatus(chosen_status) if chosen_status else None,
        kind=IdentifierKind(chosen_kind) if chosen_kind else None, limit=PAGE + 1,
        offset=offset, viewer=user.viewer, via=console_access(request, user))
    rows = [{"entry": e, "href": f"/console/blocklist/{e.id}",
             "value_href": identifier_href(e.kind.value, e.value),
             "changeable": can_change(user.viewer, owner=e.agency)} for e in found[:PAGE]]
    query = f"kind={chosen_kind or ''}&status={chosen_status or ''}"
    return render(request, user, "blocklist.html", {
        "rows": rows, "labels": LABELS, "kind": chosen_kind or "",
        "status": chosen_status or "", "kinds": kinds, "statuses": statuses,
        "version": blocklist.version(store), "offset": offset,
        "previous": f"/console/blocklist?{query}&offset={max(0, offset - PAGE)}"
                    if offset else None,
        "next": f"/console/blocklist?{query}&offset={offset + PAGE}"
                if len(found) > PAGE else None})


@router.get("/blocklist/{entry_id}", response_class=HTMLResponse, name="blocklist_entry")
def entry_page(request: Request, user: Analyst, entry_id: int, done: str = "") -> Response:
    return _entry(request, user, entry_id, notice=_notice(request, user, done))


@router.post("/blocklist/{entry_id}/delist", response_class=HTMLResponse)
def delist(request: Request, user: Analyst, entry_id: int,
           reason: Annotated[str, Form()] = "") -> Response:
    try:
        blocklist.delist(get_store(request), entry_id,
                         actor=f"{user.agency}:{user.role.value}",
                         reason=forms.required_text(reason, field="reason",
                                                    limit=forms.MAX_REASON),
                         viewer=user.viewer, via=console_access(request, user))
    except (InvalidInput, Conflict, PermissionDenied) as e:
        errors = form_errors(e) if isinstance(e, InvalidInput) and e.field == "reason" \
            else {"form": str(e)}
        return _entry(request, user, entry_id, errors=errors, reason=reason,
                      status_code=_status(e))
    return redirect(f"/console/blocklist/{entry_id}?done=delisted")


def _entry(request: Request, user: ConsoleUser, entry_id: int, *,
           notice: str | None = None, errors: dict[str, str] | None = None,
           reason: str = "", status_code: int = 200) -> HTMLResponse:
    if not 1 <= entry_id <= MAX_ID:
        raise NotFound(f"no blocklist entry {entry_id}")
    entry, changes = blocklist.entry(get_store(request), entry_id, viewer=user.viewer,
                                     via=console_access(request, user))
    return render(request, user, "blocklist_entry.html", {
        "item": entry_view(entry, changes, user), "labels": LABELS, "notice": notice,
        "errors": errors or {}, "reason": reason,
        "value_href": identifier_href(entry.kind.value, entry.value)},
        status_code=status_code)


# --- appeals -------------------------------------------------------------------------


@router.get("/appeals", response_class=HTMLResponse, name="appeals")
def appeals_page(request: Request, user: CurrentUser, status: str = "open",
                 done: str = "") -> Response:
    return _appeals(request, user, status=status, notice=_notice(request, user, done))


@router.post("/appeals", response_class=HTMLResponse)
def file_appeal(request: Request, user: CurrentUser, *,
                kind: Annotated[str, Form()] = IdentifierKind.PHONE.value,
                value: Annotated[str, Form()] = "",
                contact: Annotated[str, Form()] = "",
                statement: Annotated[str, Form()] = "") -> Response:
    """Any role, as ``POST /v1/appeals`` with a kind and a value."""
    store = get_store(request)
    try:
        target = blocklist.parse_target(
            kind, forms.required_text(value, field="value", limit=forms.MAX_VALUE),
            MatchType.EXACT.value, region=forms.agency_country(store, user))
        blocklist.appeal(
            store, contact=forms.required_text(contact, field="contact",
                                               limit=forms.MAX_CONTACT),
            statement=forms.required_text(statement, field="statement",
                                          limit=forms.MAX_STATEMENT),
            target=target, viewer=user.viewer, via=console_access(request, user))
    except (InvalidInput, NotFound, Conflict) as e:
        field = e.field if isinstance(e, InvalidInput) else None
        errors = ({field: str(e)} if field in {"value", "contact", "statement", "kind"}
                  else {"value": str(e)} if isinstance(e, InvalidInput) else {"form": str(e)})
        return _appeals(request, user, status="open", filing_errors=errors,
                        filing={"kind": kind, "value": value, "contact": contact,
                                "statement": statement}, status_code=_status(e))
    return redirect("/console/appeals?done=filed")


@router.post("/appeals/{appeal_id}/decision", response_class=HTMLResponse)
def decide(request: Request, user: Analyst, appeal_id: int,
           decision: Annotated[str, Form()] = "",
           reason: Annotated[str, Form()] = "") -> Response:
    try:
        if decision not in ("uphold", "reject"):
            raise InvalidInput("choose to uphold or to reject the appeal", field="decision")
        if not 1 <= appeal_id <= MAX_ID:
            raise NotFound(f"no appeal {appeal_id}")
        decided = blocklist.decide_appeal(
            get_store(request), appeal_id, uphold=decision == "uphold",
            actor=f"{user.agency}:{user.role.value}",
            reason=forms.required_text(reason, field="reason", limit=forms.MAX_REASON),
            viewer=user.viewer, via=console_access(request, user))
    except (InvalidInput, NotFound, Conflict, PermissionDenied) as e:
        errors = (form_errors(e) if isinstance(e, InvalidInput)
                  and e.field in ("decision", "reason") else {"form": str(e)})
        return _appeals(request, user, status="open", decision_errors={appeal_id: errors},
                        decision_form={appeal_id: {"decision": decision, "reason": reason}},
                        status_code=_status(e))
    return redirect(f"/console/appeals?done={decided.status}")


def _appeals(request: Request, user: ConsoleUser, *, status: str,
             notice: str | None = None, filing: dict[str, str] | None = None,
             filing_errors: dict[str, str] | None = None,
             decision_form: dict[int, dict[str, str]] | None = None,
             decision_errors: dict[int, dict[str, str]] | None = None,
             status_code: int = 200) -> HTMLResponse:
    """The filing form for everyone; the queue for those who may read appeals."""
    chosen = _choice(status, list(APPEAL_STATUSES), field="status")
    queue: list[dict[str, Any]] = []
    if is_reader(user):
        store = get_store(request)
        via = console_access(request, user)
        found = blocklist.appeals(store, status=chosen, viewer=user.viewer, via=via)
        entries = {}
        for entry_id in sorted({a.entry_id for a in found}):
            try:
                entries[entry_id] = blocklist.entry(store, entry_id, viewer=user.viewer,
                                                    via=via)[0]
            except NotFound:
                continue
        queue = [{"appeal": a, "entry": entries.get(a.entry_id),
                  "entry_href": f"/console/blocklist/{a.entry_id}",
                  "value_href": identifier_href(entries[a.entry_id].kind.value,
                                                entries[a.entry_id].value)
                  if a.entry_id in entries else None,
                  "decidable": a.status == "open" and a.entry_id in entries
                  and can_change(user.viewer, owner=entries[a.entry_id].agency),
                  "form": (decision_form or {}).get(a.id, {}),
                  "errors": (decision_errors or {}).get(a.id, {})} for a in found]
    shown = {item["appeal"].id for item in queue}
    unshown = [message for appeal_id, errors in (decision_errors or {}).items()
               if appeal_id not in shown for message in errors.values()]
    return render(request, user, "appeals.html", {
        "reader": is_reader(user), "queue": queue, "unshown_errors": unshown,
        "status": chosen or "",
        "statuses": APPEAL_STATUSES, "labels": LABELS, "notice": notice,
        "filing": filing or {"kind": IdentifierKind.PHONE.value, "value": "", "contact": "",
                             "statement": ""},
        "filing_errors": filing_errors or {},
        "kinds": sorted(k.value for k in blocklist.BLOCKABLE)}, status_code=status_code)
