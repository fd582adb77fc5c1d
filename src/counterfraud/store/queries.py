"""Reads, each filtered by the sharing policy: lookups, statistics, report listing."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, distinct, func, or_, select
from sqlalchemy.orm import Session, aliased

from counterfraud.domain import (
    Identifier,
    IdentifierKind,
    IdentifierLookup,
    LinkedIdentifier,
    LinkType,
    RecordType,
    Report,
    ScamType,
    Statistics,
    Viewer,
)
from counterfraud.errors import NotFound
from counterfraud.store.reports import load_report
from counterfraud.store.tables import (
    AgencyRow,
    IdentifierRow,
    LinkEvidenceRow,
    LinkRow,
    ReportIdentifierRow,
    ReportRow,
)
from counterfraud.store.visibility import visible

LINKED_LIMIT = 50


def lookup_identifier(session: Session, identifier: Identifier, viewer: Viewer) -> IdentifierLookup:
    row = session.scalar(select(IdentifierRow).where(
        IdentifierRow.kind == identifier.kind.value, IdentifierRow.value == identifier.value))
    if row is None:
        return IdentifierLookup(identifier=identifier, known=False)
    sightings = session.execute(
        select(ReportRow.id, AgencyRow.code, ReportRow.reported_at, ReportRow.scam_type,
               ReportIdentifierRow.role)
        .join(ReportIdentifierRow, ReportIdentifierRow.report_id == ReportRow.id)
        .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
        .where(ReportIdentifierRow.identifier_id == row.id,
               visible(viewer, RecordType.SIGHTING))).all()
    stored = Identifier(IdentifierKind(row.kind), row.value, row.valid, dict(row.details))
    if not sightings:
        return IdentifierLookup(identifier=stored, known=False)
    report_ids = {s[0] for s in sightings}
    by_report = {s[0]: s for s in sightings}
    times = [s[2] for s in by_report.values() if s[2] is not None]
    return IdentifierLookup(
        identifier=stored, known=True, reports=len(report_ids),
        agencies=tuple(sorted({s[1] for s in sightings})),
        first_seen=min(times, default=None), last_seen=max(times, default=None),
        scam_types=dict(Counter(s[3] for s in by_report.values()).most_common()),
        roles=dict(Counter(s[4] for s in sightings).most_common()),
        linked=_linked(session, row.id, viewer))


def _linked(session: Session, identifier_id: int, viewer: Viewer) -> tuple[LinkedIdentifier, ...]:
    """Identifiers in the same visible reports, and explicit links with visible evidence."""
    mine = aliased(ReportIdentifierRow)
    other = aliased(ReportIdentifierRow)
    co_reported = session.execute(
        select(other.identifier_id, func.count(distinct(other.report_id)).label("n"))
        .join(mine, and_(mine.report_id == other.report_id,
                         mine.identifier_id == identifier_id))
        .join(ReportRow, ReportRow.id == other.report_id)
        .where(other.identifier_id != identifier_id, visible(viewer, RecordType.SIGHTING))
        .group_by(other.identifier_id)
        .order_by(func.count(distinct(other.report_id)).desc(), other.identifier_id)
        .limit(LINKED_LIMIT)).all()
    counts = {ident: (n, [LinkType.CO_REPORTED.value]) for ident, n in co_reported}
    for ident, link_type in _explicit_links(session, identifier_id, viewer):
        _, types = counts.setdefault(ident, (0, []))
        if link_type not in types:
            types.append(link_type)
    rows = {r.id: r for r in session.scalars(
        select(IdentifierRow).where(IdentifierRow.id.in_(list(counts))))}
    linked = [LinkedIdentifier(
        Identifier(IdentifierKind(rows[i].kind), rows[i].value, rows[i].valid,
                   dict(rows[i].details)), n, tuple(types))
        for i, (n, types) in counts.items()]
    return tuple(sorted(linked, key=lambda li: (-li.reports, li.identifier.kind,
                                                li.identifier.value)))


def _explicit_links(session: Session, identifier_id: int,
                    viewer: Viewer) -> list[tuple[int, str]]:
    evidence_visible = (
        select(LinkEvidenceRow.link_id)
        .join(ReportRow, ReportRow.id == LinkEvidenceRow.report_id)
        .where(LinkEvidenceRow.link_id == LinkRow.id, visible(viewer, RecordType.LINK))
        .exists())
    rows = session.execute(
        select(LinkRow.source_id, LinkRow.target_id, LinkRow.link_type)
        .where(or_(LinkRow.source_id == identifier_id, LinkRow.target_id == identifier_id),
               evidence_visible)).all()
    return [(t if s == identifier_id else s, kind) for s, t, kind in rows]


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
