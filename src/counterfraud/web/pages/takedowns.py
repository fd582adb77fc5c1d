"""Takedown requests: ``/console/takedowns`` (the requests the user's agency may read,
newest first, filtered by status, each with the answers it may still take),
``/console/takedowns/{id}`` (its timeline and the abuse report to send, as text to copy
or download, or JSON), the request form of the case page and the status moves.

The same service calls as ``/v1/takedowns`` with the user's Viewer (analysts and
admins): what the abuse report says, and never says, is ``cases.abuse_report``'s rule,
and reading it goes on the audit trail as an export.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from counterfraud.cases.states import TAKEDOWN, TakedownStatus
from counterfraud.domain import ApiRole
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.services import takedowns
from counterfraud.services.takedowns import ReportFormat
from counterfraud.web.pages import case_forms as forms
from counterfraud.web.pages.case_page import act, case_url
from counterfraud.web.pages.case_words import context
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import PAGE_HEADERS, redirect, render

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]
PAGE_SIZE = 100


@router.post("/cases/{case_id}/takedowns", name="console_takedown_request")
def send(request: Request, user: Analyst, case_id: str, *,
         kind: Annotated[str, Form(alias="takedown-kind")] = "",
         value: Annotated[str, Form(alias="takedown-value")] = "",
         addressee: Annotated[str, Form(alias="takedown-addressee")] = "",
         region: Annotated[str, Form(alias="takedown-region")] = "",
         override: Annotated[str, Form(alias="takedown-pap_override")] = "") -> Response:
    return act(request, user, case_id, lambda: takedowns.request_takedown(
        get_store(request), user.viewer, case_id,
        forms.text(kind, "kind", limit=forms.CODE, required=True),
        forms.text(value, "value", limit=2048, required=True),
        addressee=forms.text(addressee, "addressee", required=True),
        region=(forms.optional(region, "region", limit=2) or "").upper() or None,
        pap_override=forms.text(override, "pap_override", limit=1000),
        via=console_access(request, user)),
        prefix="takedown-", fields=("kind", "value", "addressee", "region", "pap_override"),
        values={"kind": kind, "value": value, "addressee": addressee, "region": region,
                "pap_override": override}, anchor="sec-takedowns")


def render_list(request: Request, user: ConsoleUser, *, status: str = "",
                offset: int = 0, errors: Mapping[str, str] | None = None,
                values: Mapping[str, Any] | None = None,
                status_code: int = 200) -> HTMLResponse:
    total, found = takedowns.list_takedowns(
        get_store(request), user.viewer, status=[status] if status else [],
        limit=PAGE_SIZE, offset=offset, via=console_access(request, user))
    return render(request, user, "takedowns/list.html", context(
        requests_shown=found, total=total, offset=offset, page_size=PAGE_SIZE,
        status=status, statuses=[s.value for s in TakedownStatus], back_case=None,
        moves={r.id: [s.value for s in TAKEDOWN.allowed(r.status)] for r in found},
        errors=dict(errors or {}), values=dict(values or {})), status_code=status_code)


@router.get("/takedowns", response_class=HTMLResponse, name="console_takedowns")
def list_page(request: Request, user: Analyst,
              status: Annotated[str, Query(max_length=32)] = "",
              offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    try:
        return render_list(request, user, status=status, offset=offset)
    except InvalidInput as e:
        return render_list(request, user, errors=forms.errors_of(e, "", ("status",)),
                           status_code=422)


@router.get("/takedowns/{request_id}", response_class=HTMLResponse, name="console_takedown")
def show(request: Request, user: Analyst, request_id: str) -> HTMLResponse:
    store, via = get_store(request), console_access(request, user)
    found = takedowns.get_takedown(store, user.viewer, request_id, via=via)
    report = takedowns.abuse_report(store, user.viewer, request_id, via=via)
    return render(request, user, "takedowns/show.html", context(
        r=found, report=report.body, back_case=None,
        moves={found.id: [s.value for s in TAKEDOWN.allowed(found.status)]},
        requests_shown=[found], errors={}, values={}))


@router.get("/takedowns/{request_id}/abuse-report", name="console_takedown_report")
def abuse_report(request: Request, user: Analyst, request_id: str,
                 fmt: Annotated[ReportFormat, Query(alias="format")] = ReportFormat.TEXT
                 ) -> Response:
    """The abuse report to save: text or JSON, as ``/v1/takedowns/{id}/abuse-report``."""
    rendered = takedowns.abuse_report(get_store(request), user.viewer, request_id, fmt=fmt,
                                      via=console_access(request, user))
    body = rendered.body
    answer: Response = (PlainTextResponse(body) if isinstance(body, str)
                        else JSONResponse(body))
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request_id)[:64]
    answer.headers.update(PAGE_HEADERS)
    answer.headers["Content-Disposition"] = (
        f'attachment; filename="abuse-report-{name}.{"txt" if isinstance(body, str) else "json"}"')
    return answer


@router.post("/takedowns/{request_id}/status", name="console_takedown_move")
def move(request: Request, user: Analyst, request_id: str, *,
         status: Annotated[str, Form()] = "",
         reason: Annotated[str, Form()] = "",
         case_id: Annotated[str, Form()] = "") -> Response:
    """Record the addressee's answer; back to the page the form was on (the case's when
    ``case_id`` says so)."""
    prefix = f"td-{request_id[:64]}-"
    fields = ("status", "reason")
    values = {"reason": reason}

    def run() -> Any:
        return takedowns.move_takedown(
            get_store(request), user.viewer, request_id[:64],
            forms.text(status, "status", limit=forms.CODE, required=True),
            reason=forms.text(reason, "reason", limit=forms.TEXT),
            via=console_access(request, user))

    if case_id:
        return act(request, user, case_id[:64], run, prefix=prefix, fields=fields,
                   values=values, anchor="sec-takedowns",
                   done=lambda moved: redirect(f"{case_url(moved.case_id)}#sec-takedowns"))
    try:
        run()
    except (InvalidInput, Conflict, NotFound) as e:
        code = 422 if isinstance(e, InvalidInput) else 409 if isinstance(e, Conflict) \
            else 404
        return render_list(request, user, errors=forms.errors_of(e, prefix, fields),
                           values={f"{prefix}reason": reason}, status_code=code)
    return redirect(f"/console/takedowns/{request_id[:64]}")
