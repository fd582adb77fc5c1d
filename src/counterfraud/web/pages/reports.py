"""``/console/reports/new``: a victim's report typed in by an analyst, and
``/console/reports/{agency}/{report_id}``: one report as the reader may see it.

The form stores through the same service as ``POST /v1/reports`` (services.ingest,
the caller's agency, analysts and admins), every problem of the report named next to
its field at once. Unlike the API, an id the agency already used is refused rather than
replacing that report: a form for a new report never overwrites one. Identifier values
that cannot be read do not refuse the report; the report page lists them.

The report page reads through ``services.reports.get_report`` (as ``GET
/v1/reports/{agency}/{report_id}``): 404 for a report the reader may not see, as for
none.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from counterfraud.domain import ApiRole, Marking, ScamType, parse_agency_code
from counterfraud.errors import PermissionDenied
from counterfraud.report_rows import IDENTIFIER_COLUMNS
from counterfraud.services import ingest, reports
from counterfraud.services.ingest import OnConflict
from counterfraud.web.nav import N_
from counterfraud.web.pages.vocabulary import LABELS, identifier_link, report_href
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import redirect, render, translate

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]

SCALARS = ("report_id", "reported_at", "occurred_at", "scam_type", "marking",
           "victim_country", "loss_amount", "loss_currency", "narrative")
LISTS: dict[str, str] = {
    "phones": N_("Phone numbers"), "urls": N_("URLs"), "domains": N_("Domains"),
    "ips": N_("IP addresses"), "emails": N_("Email addresses"),
    "bank_accounts": N_("Bank accounts"), "crypto_wallets": N_("Crypto wallets"),
    "handles": N_("Messaging handles"), "persons": N_("Persons"),
}
assert set(LISTS) == set(IDENTIFIER_COLUMNS)
STORED = N_("The report was stored.")
TAKEN = N_("Your agency already has a report with this id; choose another.")


def new_report_id(at: datetime | None = None) -> str:
    """A suggestion for the form: the day and six random letters and digits."""
    day = (at or datetime.now(UTC)).strftime("%Y%m%d")
    return f"WEB-{day}-{secrets.token_hex(3).upper()}"


@router.get("/reports/new", response_class=HTMLResponse, name="report_new")
def report_form(request: Request, user: Analyst) -> Response:
    _own_agency(user)
    values = dict.fromkeys((*SCALARS, *LISTS), "")
    values.update(report_id=new_report_id(), marking=Marking.AMBER.value,
                  scam_type=ScamType.OTHER.value,
                  reported_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M"))
    return _form(request, user, values=values, errors={})


@router.post("/reports/new", response_class=HTMLResponse)
async def submit_report(request: Request, user: Analyst) -> Response:
    agency = _own_agency(user)
    submitted = await request.form()
    values = {name: str(submitted.get(name) or "") for name in (*SCALARS, *LISTS)}
    row: dict[str, object] = {name: values[name] for name in SCALARS if values[name].strip()}
    for name in LISTS:
        items = [line.strip() for line in values[name].splitlines() if line.strip()]
        if items:
            row[name] = items
    result = await run_in_threadpool(
        partial(ingest.ingest_records, get_store(request), [(1, row)], agency=agency,
                via=console_access(request, user), on_conflict=OnConflict.ERROR))
    if result.errors:
        errors: dict[str, str] = {}
        for error in result.errors:
            message = error.message
            if error.field == "report_id" and "is already stored" in message:
                message = translate(request, user, TAKEN)  # not the command line's advice
            errors.setdefault(error.field if error.field in values else "form", message)
        return _form(request, user, values=values, errors=errors, status_code=422)
    report_id = values["report_id"].strip()
    return redirect(f"{report_href(agency, report_id)}?stored=1")


@router.get("/reports/{agency}/{report_id:path}", response_class=HTMLResponse,
            name="report")
def report_page(request: Request, user: Analyst, agency: str, report_id: str,
                stored: str = "") -> Response:
    found = reports.get_report(get_store(request), parse_agency_code(agency), report_id,
                               user.viewer, via=console_access(request, user))
    return render(request, user, "report.html", {
        "report": found, "labels": LABELS,
        "identifiers": [{**identifier_link(ri.identifier), "role": ri.role.value}
                        for ri in found.identifiers],
        "notice": translate(request, user, STORED) if stored else None})


def _own_agency(user: ConsoleUser) -> str:
    """The agency a report is stored for (the API's ``own_agency``)."""
    if user.agency is None:
        raise PermissionDenied("writing through the API needs an agency's key")
    return user.agency


def _form(request: Request, user: ConsoleUser, *, values: dict[str, str],
          errors: dict[str, str], status_code: int = 200) -> HTMLResponse:
    context: dict[str, Any] = {
        "values": values, "errors": errors, "labels": LABELS, "lists": LISTS,
        "scam_types": [s.value for s in ScamType],
        "marking_options": [(m.value, m.value) for m in Marking],
    }
    return render(request, user, "report_new.html", context, status_code=status_code)
