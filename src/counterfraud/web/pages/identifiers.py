"""``/console/identifiers``: one identifier's page, and the form that finds it by kind.

``GET /console/identifiers/{kind}/{value}`` shows what the viewer may see of one
identifier, as the API would show the same key: the lookup (any role, as ``GET
/v1/identifiers/{kind}/{value}``), and for analysts and admins the reports naming it,
the blocklist entries covering it with their history, and the networks it belongs to
(services.identifier_records, under the API's rules for reports, entries and networks).
A value not in canonical form is redirected to its canonical page.

``POST`` the same URL with ``action=block`` (analysts and admins, as ``POST
/v1/blocklist``; a reason is required) or ``action=appeal`` (any role, as ``POST
/v1/appeals``). A refused form comes back with the error next to its field and the
API's status code; an accepted one goes back to the page (303) with a notice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.domain import (
    ApiRole,
    BlocklistEntry,
    Confidence,
    EntryStatus,
    IdentifierKind,
    Marking,
    MatchType,
)
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.identifiers import Identifier, normalize
from counterfraud.services import access, blocklist, identifier_records, reports
from counterfraud.services.store import Store
from counterfraud.sharing.policy import can_change
from counterfraud.web.nav import N_
from counterfraud.web.pages import record_forms as forms
from counterfraud.web.pages.vocabulary import (
    LABELS,
    identifier_href,
    identifier_link,
    report_href,
)
from counterfraud.web.session import ConsoleUser, CurrentUser, console_access, get_store
from counterfraud.web.templating import form_errors, redirect, render, translate

router = APIRouter()

READERS = (ApiRole.ADMIN, ApiRole.ANALYST)  # who reads reports, entries and networks
MAX_ENTRY_ID = 2**63 - 1
DONE: dict[str, str] = {
    "blocked": N_("The identifier is on the blocklist."),
    "appealed": N_("The appeal was filed; the agency that listed the entry decides it."),
}
STATUS_OF: tuple[tuple[type[Exception], int], ...] = (
    (PermissionDenied, 403), (NotFound, 404), (Conflict, 409), (InvalidInput, 422))


def is_reader(user: ConsoleUser) -> bool:
    return user.role in READERS


@router.get("/identifiers", response_class=HTMLResponse, name="identifier_form")
def identifier_form(request: Request, user: CurrentUser, kind: str = "",
                    value: str = "") -> Response:
    """A kind and a value; a readable pair goes to its page, else the form says why."""
    errors: dict[str, str] = {}
    if value.strip():
        try:
            found = parse(kind, forms.checked_length(value, field="value",
                                                     limit=forms.MAX_VALUE),
                          region=forms.agency_country(get_store(request), user))
            return redirect(identifier_href(found.kind.value, found.value))
        except InvalidInput as e:
            errors = {"kind" if e.field == "kind" else "value": str(e)}
    return render(request, user, "identifier_form.html",
                  {"errors": errors, "kind": kind, "value": value, "labels": LABELS,
                   "kinds": [k.value for k in IdentifierKind]},
                  status_code=422 if errors else 200)


def parse(kind: str, value: str, *, region: str | None) -> Identifier:
    """The canonical identifier; InvalidInput naming ``kind`` or ``value``."""
    try:
        known = IdentifierKind.parse(kind)
    except InvalidInput as e:
        raise InvalidInput(str(e), field="kind") from e
    try:
        return normalize(known, value, region=region)
    except InvalidInput as e:
        raise InvalidInput(str(e), field="value") from e


@router.get("/identifiers/{kind}/{value:path}", response_class=HTMLResponse,
            name="identifier")
def identifier_page(request: Request, user: CurrentUser, kind: str, value: str,
                    done: str = "") -> Response:
    store = get_store(request)
    region = forms.agency_country(store, user)
    identifier = _known(kind, value, region)
    if identifier.value != value:
        return redirect(identifier_href(identifier.kind.value, identifier.value))
    notice = translate(request, user, DONE[done]) if done in DONE else None
    return _page(request, user, store, identifier, region, notice=notice)


@router.post("/identifiers/{kind}/{value:path}", response_class=HTMLResponse)
def identifier_action(
    request: Request, user: CurrentUser, *, kind: str, value: str,
    action: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    match: Annotated[str, Form()] = MatchType.EXACT.value,
    marking: Annotated[str, Form()] = Marking.GREEN.value,
    days: Annotated[str, Form()] = "",
    predicted: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
    statement: Annotated[str, Form()] = "",
    entry_id: Annotated[str, Form()] = "",
) -> Response:
    store = get_store(request)
    region = forms.agency_country(store, user)
    identifier = _known(kind, value, region)
    href = identifier_href(identifier.kind.value, identifier.value)
    via = console_access(request, user)
    form = {"reason": reason, "match": match, "marking": marking, "days": days,
            "predicted": bool(predicted), "contact": contact, "statement": statement,
            "entry_id": entry_id}
    if action == "block":
        blocklist_access(user)
        try:
            target = blocklist.parse_target(identifier.kind.value, identifier.value,
                                            match, region=region)
            blocklist.add_entry(
                store, target, actor=f"{user.agency}:{user.role.value}",
                reason=forms.required_text(reason, field="reason", limit=forms.MAX_REASON),
                agency=user.agency,
                confidence=Confidence.PREDICTED if predicted else Confidence.CONFIRMED,
                expires_at=_expiry(days), marking=Marking.parse(marking),
                viewer=user.viewer, via=via)
        except (InvalidInput, Conflict, PermissionDenied) as e:
            return _page(request, user, store, identifier, region, form=form,
                         block_errors=_errors(e), status_code=_status(e))
        return redirect(f"{href}?done=blocked")
    if action == "appeal":
        try:
            chosen = forms.optional_int(entry_id, field="entry_id", low=1, high=MAX_ENTRY_ID)
            blocklist.appeal(
                store,
                contact=forms.required_text(contact, field="contact",
                                            limit=forms.MAX_CONTACT),
                statement=forms.required_text(statement, field="statement",
                                              limit=forms.MAX_STATEMENT),
                entry_id=chosen,
                target=None if chosen else blocklist.parse_target(
                    identifier.kind.value, identifier.value, MatchType.EXACT.value),
                viewer=user.viewer, via=via)
        except (InvalidInput, NotFound, Conflict) as e:
            return _page(request, user, store, identifier, region, form=form,
                         appeal_errors=_errors(e), status_code=_status(e))
        return redirect(f"{href}?done=appealed")
    raise InvalidInput("unknown action: block or appeal", field="action")


def blocklist_access(user: ConsoleUser) -> None:
    """The API's rule for changing the blocklist: analysts and admins (PermissionDenied,
    a 403 page, with the API's words)."""
    access.require_role(user.viewer, ApiRole.ANALYST)


def _known(kind: str, value: str, region: str | None) -> Identifier:
    try:
        known = IdentifierKind.parse(kind)
    except InvalidInput:
        raise NotFound(f"no identifier kind {kind!r}") from None
    return normalize(known, forms.checked_length(value, field="value",
                                                 limit=forms.MAX_VALUE), region=region)


def _expiry(days: str) -> datetime | None:
    count = forms.optional_int(days, field="days", low=1, high=3650)
    return datetime.now(UTC) + timedelta(days=count) if count else None


def _errors(exc: Exception) -> dict[str, str]:
    if isinstance(exc, InvalidInput) and exc.field in FORM_FIELDS:
        return form_errors(exc)
    return {"form": str(exc)}


FORM_FIELDS = frozenset({"reason", "match", "marking", "days", "contact", "statement",
                         "entry_id"})


def _status(exc: Exception) -> int:
    return next(status for kind, status in STATUS_OF if isinstance(exc, kind))


def _page(request: Request, user: ConsoleUser, store: Store, identifier: Identifier,
          region: str | None, *, notice: str | None = None,
          form: dict[str, Any] | None = None, block_errors: dict[str, str] | None = None,
          appeal_errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    via = console_access(request, user)
    viewer = user.viewer
    found = reports.lookup(store, identifier.kind.value, identifier.value, viewer,
                           region=region, via=via)
    context: dict[str, Any] = {
        "identifier": identifier_link(identifier), "lookup": found, "labels": LABELS,
        "linked": [{**identifier_link(li.identifier), "reports": li.reports,
                    "link_types": li.link_types} for li in found.linked],
        "reader": is_reader(user), "notice": notice, "form": form or {},
        "block_errors": block_errors or {}, "appeal_errors": appeal_errors or {},
        "blockable": is_reader(user) and identifier.kind in blocklist.BLOCKABLE,
        "matches": _matches(identifier.kind),
        "marking_options": [(m.value, m.value) for m in Marking],
        "total_reports": 0, "reports": [], "entries": [], "networks": [],
    }
    if is_reader(user):
        total, naming = identifier_records.reports_naming(store, viewer, identifier,
                                                          via=via)
        context["total_reports"] = total
        context["reports"] = [report_row(r, identifier) for r in naming]
        context["entries"] = [entry_view(e, changes, user)
                              for e, changes in identifier_records.blocklist_entries(
                                  store, viewer, identifier, via=via)]
        context["networks"] = [network_row(n) for n in identifier_records.networks_holding(
            store, viewer, identifier, via=via)]
    context["appealable"] = [e for e in context["entries"] if e["active"]]
    context["entry_options"] = [
        (str(e["entry"].id), f"#{e['entry'].id} {e['entry'].kind.value} {e['entry'].value}")
        for e in context["appealable"]]
    return render(request, user, "identifier.html", context, status_code=status_code)


def _matches(kind: IdentifierKind) -> list[str]:
    extra = {IdentifierKind.DOMAIN: [MatchType.DOMAIN_TREE.value],
             IdentifierKind.CIDR: [MatchType.NETWORK.value]}
    return [MatchType.EXACT.value, *extra.get(kind, [])]


def report_row(report: Any, identifier: Identifier | None = None) -> dict[str, Any]:
    """One report as a line of a table (with the roles ``identifier`` has in it)."""
    roles = sorted({ri.role.value for ri in report.identifiers
                    if identifier is not None and ri.identifier == identifier})
    return {"agency": report.agency, "report_id": report.report_id,
            "href": report_href(report.agency, report.report_id),
            "marking": report.marking.value, "reported_at": report.reported_at,
            "scam_type": report.scam_type.value, "loss_amount": report.loss_amount,
            "loss_currency": report.loss_currency, "roles": roles}


def entry_view(entry: BlocklistEntry, changes: list[Any],
               user: ConsoleUser) -> dict[str, Any]:
    """One blocklist entry with its history, and whether ``user`` may change it."""
    return {"entry": entry, "href": f"/console/blocklist/{entry.id}",
            "active": entry.status is EntryStatus.ACTIVE,
            "changeable": is_reader(user) and can_change(user.viewer, owner=entry.agency),
            "history": changes,
            "reports": [{"ref": ref, "href": report_href(*ref.split("/", 1))}
                        for ref in entry.report_ids if "/" in ref]}


def network_row(found: Any) -> dict[str, Any]:
    """One network as a line: its figures as the viewer's view has them."""
    summary = found.summary or {}
    core = sorted((m for m in found.members if m.core_rank is not None),
                  key=lambda m: m.core_rank or 0)[:3]
    return {"id": found.id, "href": f"/console/networks/{found.id}", "size": found.size,
            "reports": found.reports, "groups": found.groups,
            "losses": sorted((summary.get("loss_by_currency") or {}).items()),
            "agencies": sorted(summary.get("agencies") or {}),
            "first_seen": summary.get("first_seen"), "last_seen": summary.get("last_seen"),
            "core": [identifier_link(m.identifier) for m in core]}
