"""``/console/agreements`` (what the agency shares with whom, and receives; admins grant
and revoke) and ``/console/partners`` (admins: the agencies this instance knows, what
flows between them and the agency, and the partner instances it pulls from).

The same services and rules as ``/v1/agreements``: analysts read their agency's
agreements, admins add and revoke them; an agreement always grants the admin's own
agency's records, and only the granting agency revokes one. Every change goes on the
audit trail as the console's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from counterfraud.domain import Agreement, ApiRole, LegalBasis, Marking, RecordType
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.services import access, agreements, federation
from counterfraud.web.nav import N_
from counterfraud.web.pages import record_forms as forms
from counterfraud.web.pages.vocabulary import LABELS
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import redirect, render, translate

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]
Admin = Annotated[ConsoleUser, Depends(require_role(ApiRole.ADMIN))]

MAX_PURPOSE = 2000
MAX_REFERENCE = 256
MAX_ID = 2**63 - 1
# the service's field names, as the form names them
FIELDS = {"agency": "grantee", "marking": "markings"}
FORM_FIELDS = frozenset({"grantee", "markings", "record_types", "purpose", "legal_basis",
                         "reference", "valid_from", "valid_to"})
STATES = {"in_force": N_("In force"), "scheduled": N_("Not yet in force"),
          "ended": N_("Ended"), "revoked": N_("Revoked")}
DONE = {"added": N_("The agreement was added."), "revoked": N_("The agreement was revoked.")}


def own_agency(user: ConsoleUser) -> str:
    """The agency an admin grants for (the API's ``own_agency``)."""
    if user.agency is None:
        raise PermissionDenied("writing through the API needs an agency's key")
    return user.agency


def state(agreement: Agreement, at: datetime) -> str:
    if agreement.revoked_at is not None and agreement.revoked_at <= at:
        return "revoked"
    if at < agreement.valid_from:
        return "scheduled"
    return "in_force" if agreements.in_force(agreement, at) else "ended"


@router.get("/agreements", response_class=HTMLResponse, name="agreements")
def agreements_page(request: Request, user: Analyst, done: str = "") -> Response:
    notice = translate(request, user, DONE[done]) if done in DONE else None
    return _agreements(request, user, notice=notice)


@router.post("/agreements", response_class=HTMLResponse)
async def add_agreement(request: Request, user: Admin) -> Response:
    grantor = own_agency(user)
    submitted = await request.form()
    form = {name: str(submitted.get(name) or "") for name in
            ("grantee", "purpose", "legal_basis", "reference", "valid_from", "valid_to")}
    chosen = {"markings": [str(v) for v in submitted.getlist("markings")],
              "record_types": [str(v) for v in submitted.getlist("record_types")]}
    try:
        valid_from = forms.optional_day(form["valid_from"], field="valid_from")
        valid_to = forms.optional_day(form["valid_to"], field="valid_to", end=True)
        purpose = forms.required_text(form["purpose"], field="purpose", limit=MAX_PURPOSE)
        reference = forms.checked_length(form["reference"].strip(), field="reference",
                                         limit=MAX_REFERENCE)
        if not form["grantee"].strip():
            raise InvalidInput("choose the agency that will see your records", field="grantee")
        if not chosen["record_types"]:
            raise InvalidInput("choose at least one kind of record", field="record_types")
        await run_in_threadpool(partial(
            agreements.add_agreement, get_store(request), grantor=grantor,
            grantee=form["grantee"], markings=chosen["markings"],
            record_types=chosen["record_types"], purpose=purpose,
            legal_basis=form["legal_basis"], reference=reference, valid_from=valid_from,
            valid_to=valid_to, created_by=f"{grantor}:{user.role.value}",
            via=console_access(request, user)))
    except (InvalidInput, NotFound, Conflict) as e:
        return _agreements(request, user, form={**form, **chosen}, errors=_errors(e),
                           status_code=422 if isinstance(e, InvalidInput)
                           else 404 if isinstance(e, NotFound) else 409)
    return redirect("/console/agreements?done=added")


@router.post("/agreements/{agreement_id}/revoke", response_class=HTMLResponse)
def revoke_agreement(request: Request, user: Admin, agreement_id: int) -> Response:
    if not 1 <= agreement_id <= MAX_ID:
        raise NotFound(f"no agreement {agreement_id}")
    agreements.revoke_agreement(get_store(request), agreement_id, grantor=own_agency(user),
                                via=console_access(request, user))
    return redirect("/console/agreements?done=revoked")


def _errors(exc: Exception) -> dict[str, str]:
    if isinstance(exc, InvalidInput):
        field = FIELDS.get(exc.field or "", exc.field or "")
        return {field if field in FORM_FIELDS else "form": str(exc)}
    if isinstance(exc, NotFound):
        return {"grantee": str(exc)}
    return {"form": str(exc)}


def _agreements(request: Request, user: ConsoleUser, *, notice: str | None = None,
                form: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                status_code: int = 200) -> HTMLResponse:
    store = get_store(request)
    now = datetime.now(UTC)
    found = agreements.list_agreements(store, agency=user.agency)
    rows = [{"agreement": a, "state": state(a, now),
             "direction": "grants" if a.grantor == user.agency else "receives",
             "revocable": user.role is ApiRole.ADMIN and a.grantor == user.agency
             and a.revoked_at is None and (a.valid_to is None or now < a.valid_to)}
            for a in found]
    others = [a for a in access.list_agencies(store) if a.code != user.agency]
    return render(request, user, "agreements.html", {
        "rows": rows, "labels": LABELS, "states": STATES, "notice": notice,
        "admin": user.role is ApiRole.ADMIN and user.agency is not None,
        "errors": errors or {},
        "form": form or {"grantee": "", "purpose": "", "legal_basis": "bilateral_mou",
                         "reference": "", "valid_from": "", "valid_to": "",
                         "markings": [Marking.GREEN.value], "record_types": []},
        "grantees": [(a.code, f"{a.code} — {a.name}") for a in others],
        "markings": [m.value for m in Marking if m is not Marking.RED],
        "record_types": [r.value for r in RecordType],
        "legal_bases": [b.value for b in LegalBasis]}, status_code=status_code)


@router.get("/partners", response_class=HTMLResponse, name="partners")
def partners_page(request: Request, user: Admin) -> Response:
    store = get_store(request)
    now = datetime.now(UTC)
    found = agreements.list_agreements(store, agency=user.agency)
    flows: dict[str, dict[str, int]] = {}
    for a in found:
        if not agreements.in_force(a, now):
            continue
        if a.grantor == user.agency:
            flows.setdefault(a.grantee, {"grants": 0, "receives": 0})["grants"] += 1
        elif a.grantee == user.agency:
            flows.setdefault(a.grantor, {"grants": 0, "receives": 0})["receives"] += 1
    instances = [p for p in federation.list_partners(store)
                 if user.agency is None or p.subscriber == user.agency]
    return render(request, user, "partners.html", {
        "agencies": [{"agency": a, "flows": flows.get(a.code, {"grants": 0, "receives": 0}),
                      "own": a.code == user.agency} for a in access.list_agencies(store)],
        "instances": instances, "labels": LABELS})
