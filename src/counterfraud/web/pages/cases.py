"""Cases: ``/console/cases`` (the cases the user's agency may see, with status, marking
and PAP, filtered by status and owner), ``/console/cases/new`` (open one of the user's
agency from its scam type's template) and ``/console/cases/{id}`` with every change an
officer makes from it: status (the lifecycle's next states as buttons), markings,
tasks, notes, identifiers, linked reports and networks, and invitations.

Each page and form calls the service the matching ``/v1/cases`` route calls, with the
user's Viewer: the same refusals (operator keys get the 403 page; a case the user may
not see is the 404 page, alike for one that does not exist), the same audit entries.
The victims', freeze requests', takedowns' and suspects' forms of the case page live in
their own modules (``victims``, ``freeze``, ``takedowns``, ``suspects``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.cases.states import CaseStatus
from counterfraud.domain import ApiRole, ScamType
from counterfraud.errors import InvalidInput
from counterfraud.services import case_links, cases
from counterfraud.web.pages import case_forms as forms
from counterfraud.web.pages.case_page import act, case_url, render_case
from counterfraud.web.pages.case_words import context
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import form_errors, redirect, render

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]
PAGE_SIZE = 50


@router.get("/cases", response_class=HTMLResponse, name="console_cases")
def list_page(request: Request, user: Analyst,
              status: Annotated[list[str] | None, Query(max_length=8)] = None,
              agency: Annotated[str, Query(max_length=32)] = "",
              offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    chosen = [s for s in status or [] if s]
    errors: dict[str, str] = {}
    try:
        total, found = cases.list_cases(get_store(request), user.viewer,
                                        agency=agency.strip() or None, status=chosen,
                                        limit=PAGE_SIZE, offset=offset,
                                        via=console_access(request, user))
    except InvalidInput as e:
        total, found, errors = 0, [], form_errors(e)
    return render(request, user, "cases/list.html", context(
        cases=found, total=total, offset=offset, page_size=PAGE_SIZE, chosen=chosen,
        agency=agency, statuses=[s.value for s in CaseStatus], errors=errors,
        query=[("status", s) for s in chosen] + ([("agency", agency)] if agency else [])),
        status_code=422 if errors else 200)


NEW_FIELDS = ("scam_type", "title", "tlp", "pap", "identifiers", "assignee")


def _new_form(request: Request, user: ConsoleUser, *, values: dict[str, str],
              errors: dict[str, str], status_code: int = 200) -> HTMLResponse:
    return render(request, user, "cases/new.html", context(
        values=values, errors=errors, scam_types=[s.value for s in ScamType]),
        status_code=status_code)


@router.get("/cases/new", response_class=HTMLResponse, name="console_case_new")
def new_page(request: Request, user: Analyst) -> HTMLResponse:
    return _new_form(request, user, values={"tlp": "", "pap": ""}, errors={})


@router.post("/cases/new", name="console_case_open")
def open_case(request: Request, user: Analyst, *,
              scam_type: Annotated[str, Form()] = "",
              title: Annotated[str, Form()] = "",
              tlp: Annotated[str, Form()] = "",
              pap: Annotated[str, Form()] = "",
              identifiers: Annotated[str, Form()] = "",
              assignee: Annotated[str, Form()] = "") -> Response:
    values = {"scam_type": scam_type, "title": title, "tlp": tlp, "pap": pap,
              "identifiers": identifiers, "assignee": assignee}
    try:
        if not user.agency:
            raise InvalidInput("the local operator opens cases at the command line",
                               field="form")
        view = cases.open_case(
            get_store(request), agency=user.agency,
            scam_type=forms.text(scam_type, "scam_type", limit=64, required=True,
                                 label="scam type"),
            title=forms.text(title, "title", required=True),
            tlp=forms.optional(tlp, "tlp", limit=forms.CODE),
            pap=forms.optional(pap, "pap", limit=forms.CODE),
            identifiers=forms.lines(identifiers, "identifiers"),
            assignee=forms.optional(assignee, "assignee"),
            viewer=user.viewer, via=console_access(request, user))
    except InvalidInput as e:
        field = {"marking": "tlp"}.get(e.field or "", e.field or "form")
        errors = {field if field in NEW_FIELDS else "form": str(e)}
        return _new_form(request, user, values=values, errors=errors, status_code=422)
    return redirect(case_url(view.case.id))


@router.get("/cases/{case_id}", response_class=HTMLResponse, name="console_case")
def case_page(request: Request, user: Analyst, case_id: str) -> HTMLResponse:
    return render_case(request, user, case_id)


@router.post("/cases/{case_id}/status", name="console_case_move")
def move(request: Request, user: Analyst, case_id: str,
         status: Annotated[str, Form(alias="move-status")] = "",
         reason: Annotated[str, Form(alias="move-reason")] = "") -> Response:
    return act(request, user, case_id, lambda: cases.move_case(
        get_store(request), user.viewer, case_id, forms.text(status, "status", limit=forms.CODE),
        reason=forms.text(reason, "reason", limit=forms.TEXT),
        via=console_access(request, user)),
        prefix="move-", fields=("status", "reason"),
        values={"status": status, "reason": reason}, anchor="case-header")


@router.post("/cases/{case_id}/markings", name="console_case_remark")
def remark(request: Request, user: Analyst, case_id: str,
           tlp: Annotated[str, Form(alias="mark-tlp")] = "",
           pap: Annotated[str, Form(alias="mark-pap")] = "") -> Response:
    def run() -> object:
        return cases.remark(get_store(request), user.viewer, case_id,
                            tlp=forms.optional(tlp, "tlp", limit=forms.CODE),
                            pap=forms.optional(pap, "pap", limit=forms.CODE),
                            via=console_access(request, user))

    return act(request, user, case_id, run, prefix="mark-", fields=("tlp", "pap"),
               values={"tlp": tlp, "pap": pap}, anchor="case-header")


@router.post("/cases/{case_id}/tasks", name="console_case_task")
def add_task(request: Request, user: Analyst, case_id: str, *,
             title: Annotated[str, Form(alias="task-title")] = "",
             assignee: Annotated[str, Form(alias="task-assignee")] = "",
             due: Annotated[str, Form(alias="task-due")] = "") -> Response:
    return act(request, user, case_id, lambda: cases.add_task(
        get_store(request), user.viewer, case_id,
        title=forms.text(title, "title", required=True),
        assignee=forms.optional(assignee, "assignee"), due=forms.day(due, "due"),
        via=console_access(request, user)),
        prefix="task-", fields=("title", "assignee", "due"),
        values={"title": title, "assignee": assignee, "due": due}, anchor="sec-tasks",
        renames={"task.title": "title", "task.assignee": "assignee", "task.due": "due"})


@router.post("/cases/{case_id}/tasks/{number}/assign", name="console_case_task_assign")
def assign_task(request: Request, user: Analyst, case_id: str, number: int,
                assignee: Annotated[str, Form()] = "") -> Response:
    prefix = f"task{number}-"
    return act(request, user, case_id, lambda: cases.assign_task(
        get_store(request), user.viewer, case_id, number,
        forms.text(assignee, "assignee", required=True), via=console_access(request, user)),
        prefix=prefix, fields=("assignee",), values={"assignee": assignee},
        anchor="sec-tasks")


@router.post("/cases/{case_id}/tasks/{number}/log", name="console_case_task_log")
def log_task(request: Request, user: Analyst, case_id: str, number: int,
             text: Annotated[str, Form()] = "") -> Response:
    return act(request, user, case_id, lambda: cases.log_task(
        get_store(request), user.viewer, case_id, number,
        forms.text(text, "text", limit=forms.TEXT, required=True),
        via=console_access(request, user)),
        prefix=f"task{number}-", fields=("text",), values={"text": text},
        anchor="sec-tasks")


@router.post("/cases/{case_id}/tasks/{number}/done", name="console_case_task_done")
def finish_task(request: Request, user: Analyst, case_id: str, number: int) -> Response:
    return act(request, user, case_id, lambda: cases.finish_task(
        get_store(request), user.viewer, case_id, number, via=console_access(request, user)),
        prefix=f"task{number}-", fields=(), values={}, anchor="sec-tasks")


@router.post("/cases/{case_id}/notes", name="console_case_note")
def add_note(request: Request, user: Analyst, case_id: str,
             text: Annotated[str, Form(alias="note-text")] = "") -> Response:
    return act(request, user, case_id, lambda: cases.add_note(
        get_store(request), user.viewer, case_id,
        forms.text(text, "text", limit=forms.TEXT, required=True),
        via=console_access(request, user)),
        prefix="note-", fields=("text",), values={"text": text}, anchor="sec-notes",
        renames={"note": "text"})


@router.post("/cases/{case_id}/identifiers", name="console_case_identifier")
def add_identifier(request: Request, user: Analyst, case_id: str, *,
                   kind: Annotated[str, Form(alias="ident-kind")] = "",
                   value: Annotated[str, Form(alias="ident-value")] = "",
                   region: Annotated[str, Form(alias="ident-region")] = "") -> Response:
    return act(request, user, case_id, lambda: cases.add_identifier(
        get_store(request), user.viewer, case_id,
        forms.text(kind, "kind", limit=forms.CODE, required=True),
        forms.text(value, "value", limit=2048, required=True),
        region=(forms.optional(region, "region", limit=2) or "").upper() or None,
        via=console_access(request, user)),
        prefix="ident-", fields=("kind", "value", "region"),
        values={"kind": kind, "value": value, "region": region}, anchor="sec-identifiers")


@router.post("/cases/{case_id}/reports", name="console_case_report")
def link_report(request: Request, user: Analyst, case_id: str,
                agency: Annotated[str, Form(alias="report-agency")] = "",
                report_id: Annotated[str, Form(alias="report-report_id")] = "") -> Response:
    return act(request, user, case_id, lambda: cases.link_report(
        get_store(request), user.viewer, case_id,
        forms.text(agency, "agency", limit=forms.CODE, required=True),
        forms.text(report_id, "report_id", limit=128, required=True, label="report id"),
        via=console_access(request, user)),
        prefix="report-", fields=("agency", "report_id"),
        values={"agency": agency, "report_id": report_id}, anchor="sec-links")


@router.post("/cases/{case_id}/networks", name="console_case_network")
def link_network(request: Request, user: Analyst, case_id: str,
                 network_id: Annotated[str, Form(alias="network-network_id")] = ""
                 ) -> Response:
    return act(request, user, case_id, lambda: cases.link_network(
        get_store(request), user.viewer, case_id,
        forms.text(network_id, "network_id", limit=64, required=True, label="network"),
        via=console_access(request, user)),
        prefix="network-", fields=("network_id",), values={"network_id": network_id},
        anchor="sec-links")


@router.post("/cases/{case_id}/participants", name="console_case_invite")
def invite(request: Request, user: Analyst, case_id: str, *,
           agency: Annotated[str, Form(alias="invite-agency")] = "",
           purpose: Annotated[str, Form(alias="invite-purpose")] = "",
           legal_basis: Annotated[str, Form(alias="invite-legal_basis")] = "joint_operation",
           record_types: Annotated[list[str] | None, Form(alias="invite-record_types")
                                   ] = None,
           reference: Annotated[str, Form(alias="invite-reference")] = "",
           valid_to: Annotated[str, Form(alias="invite-valid_to")] = "") -> Response:
    kinds = (record_types or [])[:10]

    def run() -> object:
        return case_links.invite(
            get_store(request), user.viewer, case_id,
            agency=forms.text(agency, "agency", limit=forms.CODE, required=True),
            purpose=forms.text(purpose, "purpose", limit=2000, required=True),
            legal_basis=forms.text(legal_basis, "legal_basis", limit=forms.CODE),
            record_types=[forms.text(r, "record_types", limit=forms.CODE) for r in kinds]
            or ["case"], reference=forms.text(reference, "reference", limit=256),
            valid_to=forms.day(valid_to, "valid_to"), via=console_access(request, user))

    return act(request, user, case_id, run, prefix="invite-",
               fields=("agency", "purpose", "legal_basis", "record_types", "reference",
                       "valid_to"),
               values={"agency": agency, "purpose": purpose, "legal_basis": legal_basis,
                       "record_types": kinds, "reference": reference, "valid_to": valid_to},
               anchor="sec-participants")


@router.post("/cases/{case_id}/participants/{agency}/remove",
             name="console_case_remove_participant")
def remove(request: Request, user: Analyst, case_id: str, agency: str) -> Response:
    return act(request, user, case_id, lambda: case_links.remove(
        get_store(request), user.viewer, case_id, agency[:32],
        via=console_access(request, user)),
        prefix="invite-", fields=(), values={}, anchor="sec-participants")
