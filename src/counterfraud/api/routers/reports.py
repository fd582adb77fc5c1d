"""Victim reports: submit one or a batch, list, read one."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Body, Query, Request, Response, status

from counterfraud.api.deps import AccessDep, Analyst, StoreDep, own_agency
from counterfraud.api.params import Offset, UtcDateTime
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import (
    BatchError,
    BatchResult,
    RejectedItem,
    ReportBatchIn,
    ReportIn,
    ReportOut,
    ReportPage,
    ReportPayload,
)
from counterfraud.domain import ScamType, parse_agency_code
from counterfraud.report_rows import FieldError, RowRejected
from counterfraud.services import ingest, reports
from counterfraud.services.audit import Access
from counterfraud.services.store import Store

router = APIRouter(prefix="/reports", tags=["reports"],
                   responses=error_responses(401, 403, 503))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=None,
    responses={
        201: {"model": ReportOut,
              "description": "A new report was stored; the body is the report as stored."},
        200: {"model": BatchResult | ReportOut,
              "description": "A batch was processed (each report accepted or rejected "
                             "on its own), or one report replaced the one of the same id."},
    },
)
def submit_reports(
    *,
    payload: Annotated[ReportPayload, Body(description="One report, or "
                                                       "`{\"reports\": [...]}` (up to 1,000).")],
    viewer: Analyst,
    store: StoreDep,
    via: AccessDep,
    request: Request,
    response: Response,
) -> ReportOut | BatchResult:
    """Store reports as the caller's agency; a report with an existing id replaces it.

    An identifier value that cannot be read does not reject its report: the report is
    stored with the value in `rejected_values` (and, in a batch, listed in `warnings`)."""
    agency = own_agency(viewer)
    if isinstance(payload, ReportBatchIn):
        response.status_code = status.HTTP_200_OK
        return _submit_batch(store, payload, agency=agency, via=via)
    result = ingest.ingest_records(store, [(1, payload.as_row())], agency=agency, via=via)
    if result.errors:
        raise RowRejected([FieldError(e.field, e.message) for e in result.errors])
    stored = reports.get_report(store, agency, payload.report_id.strip(), viewer, via=via)
    if result.new:
        response.headers["Location"] = str(request.url_for(
            "get_report", agency=stored.agency, report_id=quote(stored.report_id, safe="")))
    else:
        response.status_code = status.HTTP_200_OK
    return ReportOut.from_domain(stored)


def _submit_batch(store: Store, batch: ReportBatchIn, *, agency: str,
                  via: Access) -> BatchResult:
    rows = [(index, item.as_row()) for index, item in enumerate(batch.reports, 1)
            if isinstance(item, ReportIn)]
    errors = [BatchError(index=index, field=item.field, message=item.message)
              for index, item in enumerate(batch.reports, 1)
              if isinstance(item, RejectedItem)]
    refused = len(errors)
    result = ingest.ingest_records(store, rows, agency=agency, via=via, unit="report")
    errors += [BatchError(index=e.line, field=e.field, message=e.message)
               for e in result.errors]
    errors.sort(key=lambda e: e.index)
    return BatchResult(accepted=result.accepted, new=result.new, updated=result.updated,
                       rejected=refused + result.rejected, errors=errors,
                       warnings=[BatchError(index=w.line, field=w.field, message=w.message)
                                 for w in result.warnings])


@router.get("", response_model=ReportPage)
def list_reports(
    *,
    viewer: Analyst,
    store: StoreDep,
    via: AccessDep,
    agency: Annotated[str | None, Query(description="Only this agency's reports.")] = None,
    scam_type: ScamType | None = None,
    since: Annotated[UtcDateTime | None, Query(description="Reported at or after (ISO 8601; "
                                                           "UTC when no zone).")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> ReportPage:
    """The reports the caller may see, newest first."""
    total, page = reports.list_reports(
        store, viewer, agency=parse_agency_code(agency) if agency else None,
        scam_type=scam_type, since=since, limit=limit, offset=offset, via=via)
    return ReportPage(total=total, items=[ReportOut.from_domain(r) for r in page])


@router.get("/{agency}/{report_id:path}", response_model=ReportOut,
            responses=error_responses(404))
def get_report(*, agency: str, report_id: str, viewer: Analyst, store: StoreDep,
               via: AccessDep) -> ReportOut:
    """One report, if the caller may see it (404 otherwise: its existence is not told)."""
    return ReportOut.from_domain(
        reports.get_report(store, parse_agency_code(agency), report_id, viewer, via=via))
