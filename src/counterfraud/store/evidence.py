"""What an evidence package reads: reports with their provenance, the identifiers they
name and the explicit links between those identifiers — each through the sharing policy
for the record type it is (report, sighting, link)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from counterfraud.domain import Identifier, IdentifierKind, RecordType, Report, Viewer
from counterfraud.errors import NotFound
from counterfraud.store.bulk import chunked
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


@dataclass(frozen=True, slots=True)
class PackedReport:
    row_id: int
    report: Report
    owner_home: bool  # False: received from a partner instance
    ingested_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PackedSighting:
    report: str  # AGENCY/report_id
    identifier: Identifier
    role: str
    source: str  # "column" or "narrative"


@dataclass(frozen=True, slots=True)
class PackedLink:
    source: Identifier
    target: Identifier
    link_type: str
    first_seen: datetime | None
    last_seen: datetime | None
    evidence: tuple[str, ...]  # AGENCY/report_id of the packed reports that show it


def report_by_key(session: Session, viewer: Viewer, agency: str, report_id: str) -> int:
    """The row id of one report the viewer may see (NotFound otherwise)."""
    row_id = session.scalar(
        select(ReportRow.id).join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
        .where(AgencyRow.code == agency, ReportRow.external_id == report_id,
               visible(viewer, RecordType.REPORT)))
    if row_id is None:
        raise NotFound(f"no report {report_id} of {agency} visible to you")
    return int(row_id)


def reports_naming(session: Session, viewer: Viewer,
                   identifiers: Iterable[Identifier]) -> list[int]:
    """Row ids of the reports the viewer may see that name any of ``identifiers``."""
    found: set[int] = set()
    for part in chunked(list(identifiers), 500):
        keys = [and_(IdentifierRow.kind == i.kind.value, IdentifierRow.value == i.value)
                for i in part]
        found.update(session.scalars(
            select(ReportRow.id).distinct()
            .join(ReportIdentifierRow, ReportIdentifierRow.report_id == ReportRow.id)
            .join(IdentifierRow, IdentifierRow.id == ReportIdentifierRow.identifier_id)
            .where(or_(*keys), visible(viewer, RecordType.REPORT))))
    return sorted(found)


def packed_reports(session: Session, row_ids: Sequence[int]) -> list[PackedReport]:
    out = []
    for part in chunked(list(row_ids), 500):
        rows = session.execute(
            select(ReportRow, AgencyRow.code, AgencyRow.home)
            .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
            .where(ReportRow.id.in_(part)).order_by(ReportRow.id)).all()
        out += [PackedReport(row.id, load_report(session, row, code), bool(home),
                             row.created_at, row.updated_at) for row, code, home in rows]
    return out


def sightings(session: Session, viewer: Viewer, row_ids: Sequence[int]) -> list[PackedSighting]:
    """Who named what in the given reports, as far as the viewer may see sightings."""
    out = []
    for part in chunked(list(row_ids), 500):
        rows = session.execute(
            select(AgencyRow.code, ReportRow.external_id, IdentifierRow.kind,
                   IdentifierRow.value, IdentifierRow.valid, ReportIdentifierRow.role,
                   ReportIdentifierRow.source)
            .join(ReportRow, ReportRow.id == ReportIdentifierRow.report_id)
            .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
            .join(IdentifierRow, IdentifierRow.id == ReportIdentifierRow.identifier_id)
            .where(ReportIdentifierRow.report_id.in_(part),
                   visible(viewer, RecordType.SIGHTING))
            .order_by(ReportRow.id, IdentifierRow.kind, IdentifierRow.value))
        out += [PackedSighting(f"{code}/{external}", Identifier(IdentifierKind(kind), value,
                                                                 valid), role, source)
                for code, external, kind, value, valid, role, source in rows]
    return out


def links_among(session: Session, viewer: Viewer, row_ids: Sequence[int]) -> list[PackedLink]:
    """Explicit links shown by the given reports (as far as the viewer may see links)."""
    source, target = aliased(IdentifierRow), aliased(IdentifierRow)
    found: dict[int, tuple[PackedLink, list[str]]] = {}
    evidence: dict[int, list[str]] = defaultdict(list)
    for part in chunked(list(row_ids), 500):
        rows = session.execute(
            select(LinkRow, source.kind, source.value, target.kind, target.value,
                   AgencyRow.code, ReportRow.external_id)
            .join(LinkEvidenceRow, LinkEvidenceRow.link_id == LinkRow.id)
            .join(ReportRow, ReportRow.id == LinkEvidenceRow.report_id)
            .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
            .join(source, source.id == LinkRow.source_id)
            .join(target, target.id == LinkRow.target_id)
            .where(LinkEvidenceRow.report_id.in_(part), visible(viewer, RecordType.LINK)))
        for link, s_kind, s_value, t_kind, t_value, code, external in rows:
            evidence[link.id].append(f"{code}/{external}")
            found.setdefault(link.id, (PackedLink(
                Identifier(IdentifierKind(s_kind), s_value),
                Identifier(IdentifierKind(t_kind), t_value), link.link_type,
                link.first_seen, link.last_seen, ()), evidence[link.id]))
    links = [PackedLink(link.source, link.target, link.link_type, link.first_seen,
                        link.last_seen, tuple(sorted(refs))) for link, refs in found.values()]
    return sorted(links, key=lambda li: (li.source.kind, li.source.value, li.target.kind,
                                         li.target.value, li.link_type))
