"""Reads, each filtered by the sharing policy: statistics, report listing. Identifier
lookups are store.lookups."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from counterfraud.domain import Report, ScamType, Statistics, Viewer
from counterfraud.errors import NotFound
from counterfraud.store.reports import load_report
from counterfraud.store.tables import AgencyRow, IdentifierRow, ReportIdentifierRow, ReportRow
from counterfraud.store.visibility import visible


def statistics(session: Session, viewer: Viewer) -> Statistics:
    where = visible(viewer)

    def grouped(column: Any) -> dict[str, int]:
        rows = session.execute(select(column, func.count()).select_from(ReportRow)
                               .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
                               .where(where).group_by(column).order_by(column))
        return {str(k): int(n) for k, n in rows if k is not None}

    by_type = grouped(ReportRow.scam_type)
    losses = session.execute(
        select(ReportRow.loss_currency, func.sum(ReportRow.loss_amount)).where(
            where, ReportRow.loss_amount.is_not(None)).group_by(ReportRow.loss_currency)
        .order_by(ReportRow.loss_currency))
    kinds = session.execute(
        select(IdentifierRow.kind, func.count(distinct(IdentifierRow.id)))
        .join(ReportIdentifierRow, ReportIdentifierRow.identifier_id == IdentifierRow.id)
        .join(ReportRow, ReportRow.id == ReportIdentifierRow.report_id)
        .where(where).group_by(IdentifierRow.kind).order_by(IdentifierRow.kind))
    return Statistics(
        reports=sum(by_type.values()),
        by_scam_type=by_type,
        by_agency=grouped(AgencyRow.code),
        by_victim_country=grouped(ReportRow.victim_country),
        loss_by_currency={str(c): str(Decimal(s).quantize(Decimal("0.01")))
                          for c, s in losses if c is not None and s is not None},
        identifiers_by_kind={k: int(n) for k, n in kinds},
        kidnapping_ransom_cases=by_type.get(ScamType.KIDNAPPING_RANSOM.value, 0),
        job_lure_cases=by_type.get(ScamType.JOB_LURE.value, 0))


def get_report(session: Session, agency: str, report_id: str, viewer: Viewer) -> Report:
    row = session.scalar(_reports_query(viewer).where(
        AgencyRow.code == agency, ReportRow.external_id == report_id))
    if row is None:
        raise NotFound(f"no report {report_id} of {agency} visible to you")
    return load_report(session, row, agency)


def list_reports(session: Session, viewer: Viewer, *, agency: str | None = None,
                 scam_type: ScamType | None = None, since: datetime | None = None,
                 limit: int = 100, offset: int = 0) -> tuple[int, list[Report]]:
    """(total visible matches, one page of reports, newest first)."""
    query = _reports_query(viewer)
    if agency:
        query = query.where(AgencyRow.code == agency)
    if scam_type:
        query = query.where(ReportRow.scam_type == scam_type.value)
    if since:
        query = query.where(ReportRow.reported_at >= since)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.execute(query.add_columns(AgencyRow.code)
                           .order_by(ReportRow.reported_at.desc().nulls_last(), ReportRow.id.desc())
                           .limit(limit).offset(offset)).all()
    return total, [load_report(session, row, code) for row, code in page]


def _reports_query(viewer: Viewer) -> Select[ReportRow]:
    return (select(ReportRow).join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
            .where(visible(viewer)))
