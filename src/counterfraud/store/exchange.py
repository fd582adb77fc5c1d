"""Reads of the records a STIX export carries, each through the sharing policy, and the
writes of imported records.

Reads are keyset-paged in a stable order (reports by (updated_at, id), blocklist entries
by (version, id)), so an export streams a store of any size in bounded memory and a
federation cursor never skips or repeats a record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, or_, select, tuple_, update
from sqlalchemy.orm import Session, aliased

from counterfraud.domain import (
    Agency,
    BlocklistEntry,
    Confidence,
    EntrySource,
    EntryStatus,
    Identifier,
    IdentifierKind,
    IdentifierRole,
    LinkType,
    Marking,
    MatchType,
    RecordType,
    Report,
    ReportIdentifier,
    ScamType,
    Viewer,
)
from counterfraud.sharing.stix_out import IndicatorRecord, LinkRecord, ReportRecord
from counterfraud.store.agencies import ensure_agency
from counterfraud.store.bulk import chunked, identifier_ids, insert_rows
from counterfraud.store.reports import save_reports
from counterfraud.store.tables import (
    AgencyRow,
    BlocklistEntryRow,
    IdentifierRow,
    LinkEvidenceRow,
    LinkRow,
    ReportIdentifierRow,
    ReportRow,
)
from counterfraud.store.visibility import visible, visible_to

_KINDS = {k.value: k for k in IdentifierKind}  # enum look-ups by value, once
_ROLES = {r.value: r for r in IdentifierRole}


@dataclass(frozen=True, slots=True)
class ReportPage:
    records: list[ReportRecord]
    report_ids: list[int]  # row ids of the reports whose links may be exported
    last: tuple[datetime, int] | None  # keyset position of the last row read
    rows: int  # rows read (a page shorter than its limit is the last one)


def report_page(session: Session, viewer: Viewer, *, after: tuple[datetime, int] | None,
                limit: int, since: datetime | None = None,
                home_only: bool = False) -> ReportPage:
    """Up to ``limit`` reports ``viewer`` may see as a report or through its sightings,
    after the keyset position ``after``, oldest change first."""
    full = visible(viewer, RecordType.REPORT).label("full")
    sightings = visible(viewer, RecordType.SIGHTING).label("sightings")
    links = visible(viewer, RecordType.LINK).label("links")
    query = (select(ReportRow, AgencyRow.code, full, sightings, links)
             .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
             .where(or_(visible(viewer, RecordType.REPORT),
                        visible(viewer, RecordType.SIGHTING),
                        visible(viewer, RecordType.LINK)))
             .order_by(ReportRow.updated_at, ReportRow.id).limit(limit))
    if since is not None:
        query = query.where(ReportRow.updated_at > since)
    if home_only:
        query = query.where(AgencyRow.home.is_(True))
    if after is not None:
        query = query.where(ReportRow.updated_at >= after[0],
                            tuple_(ReportRow.updated_at, ReportRow.id) > tuple_(*after))
    rows = session.execute(query).all()
    named = _identifiers_of(session, [row.id for row, _, _, seen, _ in rows if seen])
    records = [ReportRecord(
        report=_report(row, code, named.get(row.id, []) if seen else []),
        created=row.created_at, modified=row.updated_at, full=bool(whole), sightings=bool(seen))
        for row, code, whole, seen, _ in rows if whole or seen]
    last = (rows[-1][0].updated_at, rows[-1][0].id) if rows else None
    return ReportPage(records, [row.id for row, _, _, _, linked in rows if linked], last,
                      len(rows))


def _report(row: ReportRow, code: str, named: list[ReportIdentifier]) -> Report:
    return Report(agency=code, report_id=row.external_id, reported_at=row.reported_at,
                  occurred_at=row.occurred_at, scam_type=ScamType(row.scam_type),
                  narrative=row.narrative, loss_amount=row.loss_amount,
                  loss_currency=row.loss_currency, victim_country=row.victim_country,
                  marking=Marking(row.marking), identifiers=named)


def _identifiers_of(session: Session, report_ids: list[int]) -> dict[int, list[ReportIdentifier]]:
    found: dict[int, list[ReportIdentifier]] = defaultdict(list)
    for part in chunked(report_ids):
        rows = session.execute(
            select(ReportIdentifierRow.report_id, ReportIdentifierRow.role, IdentifierRow.kind,
                   IdentifierRow.value, IdentifierRow.valid)
            .join(IdentifierRow, IdentifierRow.id == ReportIdentifierRow.identifier_id)
            .where(ReportIdentifierRow.report_id.in_(part))
            .order_by(ReportIdentifierRow.report_id, IdentifierRow.kind, IdentifierRow.value,
                      ReportIdentifierRow.role))
        for report_id, role, kind, value, valid in rows:
            found[report_id].append(ReportIdentifier(
                Identifier(_KINDS[kind], value, valid), _ROLES[role]))
    return found


def link_records(session: Session, report_ids: Sequence[int]) -> list[LinkRecord]:
    """Links whose evidence includes these reports (already checked visible as LINK),
    one record per link and owning agency."""
    source, target = aliased(IdentifierRow), aliased(IdentifierRow)
    grouped: dict[tuple[int, str], list[tuple[str, Marking, datetime | None]]] = defaultdict(list)
    meta: dict[int, tuple[Identifier, Identifier, LinkType]] = {}
    for part in chunked(list(report_ids)):
        rows = session.execute(
            select(LinkRow.id, LinkRow.link_type, source.kind, source.value, target.kind,
                   target.value, AgencyRow.code, ReportRow.external_id, ReportRow.marking,
                   ReportRow.reported_at)
            .join(LinkEvidenceRow, LinkEvidenceRow.link_id == LinkRow.id)
            .join(ReportRow, ReportRow.id == LinkEvidenceRow.report_id)
            .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
            .join(source, source.id == LinkRow.source_id)
            .join(target, target.id == LinkRow.target_id)
            .where(LinkEvidenceRow.report_id.in_(part)))
        for link_id, link_type, s_kind, s_value, t_kind, t_value, code, ext, mark, at in rows:
            meta[link_id] = (Identifier(IdentifierKind(s_kind), s_value),
                             Identifier(IdentifierKind(t_kind), t_value), LinkType(link_type))
            grouped[(link_id, code)].append((ext, Marking(mark), at))
    records = []
    for (link_id, code), evidence in sorted(grouped.items()):
        src, tgt, link_type = meta[link_id]
        times = [at for _, _, at in evidence if at is not None]
        records.append(LinkRecord(
            owner=code, source=src, target=tgt, link_type=link_type,
            marking=min((m for _, m, _ in evidence), key=lambda m: m.rank),  # few per link
            evidence=tuple(sorted({ext for ext, _, _ in evidence})),
            first_seen=min(times, default=None), last_seen=max(times, default=None)))
    return records


@dataclass(frozen=True, slots=True)
class IndicatorPage:
    records: list[IndicatorRecord]
    last: tuple[int, int] | None  # (version, id) of the last row read


def indicator_page(session: Session, viewer: Viewer, *, after: tuple[int, int] | None,
                   limit: int, since: datetime | None = None,
                   home_only: bool = False) -> IndicatorPage:
    """Blocklist entries ``viewer`` may see, in (version, id) order after ``after``."""
    query = (select(BlocklistEntryRow, AgencyRow.code)
             .outerjoin(AgencyRow, AgencyRow.id == BlocklistEntryRow.agency_id)
             .where(visible_to(viewer, RecordType.BLOCKLIST_ENTRY,
                               owner_id=BlocklistEntryRow.agency_id,
                               marking=BlocklistEntryRow.marking))
             .order_by(BlocklistEntryRow.version, BlocklistEntryRow.id).limit(limit))
    if since is not None:
        query = query.where(BlocklistEntryRow.updated_at > since)
    if home_only:
        query = query.where(AgencyRow.home.is_(True))
    if after is not None:
        query = query.where(BlocklistEntryRow.version >= after[0],
                            tuple_(BlocklistEntryRow.version, BlocklistEntryRow.id) > tuple_(
                                *after))
    rows = session.execute(query).all()
    records = [IndicatorRecord(entry=BlocklistEntry(
        id=row.id, kind=IdentifierKind(row.kind), value=row.value, match=MatchType(row.match),
        source=EntrySource(row.source), confidence=Confidence(row.confidence),
        status=EntryStatus(row.status), agency=code, reason=row.reason, added_by=row.added_by,
        network_id=row.network_id, created_at=row.created_at, expires_at=row.expires_at),
        marking=Marking(row.marking), modified=row.updated_at) for row, code in rows]
    last = (rows[-1][0].version, rows[-1][0].id) if rows else None
    return IndicatorPage(records, last)


def agencies_with_times(session: Session, codes: set[str]) -> list[tuple[Agency, datetime]]:
    rows = session.scalars(select(AgencyRow).where(AgencyRow.code.in_(sorted(codes))))
    return [(Agency(r.code, r.country, r.name), r.created_at) for r in rows]


def agency_ids(session: Session, codes: Sequence[str]) -> dict[str, int]:
    rows = session.execute(select(AgencyRow.code, AgencyRow.id)
                           .where(AgencyRow.code.in_(sorted(set(codes)))))
    return {code: id_ for code, id_ in rows}


def home_codes(session: Session) -> set[str]:
    return set(session.scalars(select(AgencyRow.code).where(AgencyRow.home.is_(True))))


def ensure_partner_agencies(session: Session, agencies: Sequence[Agency]) -> dict[str, int]:
    """Ids of the agencies, creating those this instance does not know yet as partners'
    agencies (``home=False``)."""
    return {a.code: ensure_agency(session, a, home=False) for a in agencies}


@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def upsert_reports(session: Session, agency_id: int,
                   items: Sequence[tuple[Report, datetime, datetime]]) -> UpsertCounts:
    """Write (report, created, modified) for one agency, keeping the owner's newest
    version: a report whose stored ``updated_at`` is the same or newer is left alone."""
    counts = UpsertCounts()
    latest: dict[str, tuple[Report, datetime, datetime]] = {}
    for item in items:
        known = latest.get(item[0].report_id)
        if known is None or item[2] > known[2]:
            latest[item[0].report_id] = item
    stored = _stored_versions(session, agency_id, list(latest))
    writes = []
    for external, item in latest.items():
        if external in stored and stored[external] >= item[2]:
            counts.unchanged += 1
            continue
        writes.append(item)
        if external in stored:
            counts.updated += 1
        else:
            counts.created += 1
    if writes:
        save_reports(session, agency_id, [r for r, _, _ in writes])
        table = ReportRow.__table__
        session.execute(
            update(table)  # type: ignore[arg-type]
            .where(table.c.agency_id == agency_id, table.c.external_id == bindparam("external"))
            .values(created_at=bindparam("created"), updated_at=bindparam("modified")),
            [{"external": r.report_id, "created": created, "modified": modified}
             for r, created, modified in writes])
    return counts


def _stored_versions(session: Session, agency_id: int, external_ids: list[str]) -> dict[
        str, datetime]:
    found: dict[str, datetime] = {}
    for part in chunked(external_ids):
        rows = session.execute(select(ReportRow.external_id, ReportRow.updated_at).where(
            ReportRow.agency_id == agency_id, ReportRow.external_id.in_(part)))
        found.update({external: at for external, at in rows})
    return found


def save_identifiers(session: Session, identifiers: Sequence[Identifier]) -> int:
    """Store identifiers (no report names them yet); returns how many were new."""
    if not identifiers:
        return 0
    before = _count_known(session, identifiers)
    identifier_ids(session, identifiers)
    return len(set(identifiers)) - before


def _count_known(session: Session, identifiers: Sequence[Identifier]) -> int:
    known = 0
    by_kind: dict[str, list[str]] = defaultdict(list)
    for i in set(identifiers):
        by_kind[i.kind.value].append(i.value)
    for kind, values in by_kind.items():
        for part in chunked(values):
            known += len(session.scalars(select(IdentifierRow.id).where(
                IdentifierRow.kind == kind, IdentifierRow.value.in_(part))).all())
    return known


def add_links(session: Session, agency_id: int,
              links: Sequence[tuple[Identifier, Identifier, LinkType, tuple[str, ...]]]) -> int:
    """Links of one owner with their evidence (the owner's reports by external id, those
    this store holds); returns how many links were new."""
    if not links:
        return 0
    ids = identifier_ids(session, [i for s, t, _, _ in links for i in (s, t)])
    keys = {(ids[s], ids[t], kind.value) for s, t, kind, _ in links}
    existing = _link_ids(session, keys)
    insert_rows(session, LinkRow.__table__,  # type: ignore[arg-type]
                [{"source_id": s, "target_id": t, "link_type": k} for s, t, k in sorted(keys)
                 if (s, t, k) not in existing], ignore_conflicts_on=["source_id", "target_id",
                                                                      "link_type"])
    link_ids = _link_ids(session, keys)
    externals = sorted({e for _, _, _, evidence in links for e in evidence})
    reports = _report_ids(session, agency_id, externals)
    evidence = {(link_ids[(ids[s], ids[t], kind.value)], reports[e])
                for s, t, kind, found in links for e in found if e in reports}
    insert_rows(session, LinkEvidenceRow.__table__,  # type: ignore[arg-type]
                [{"link_id": link, "report_id": report} for link, report in sorted(evidence)],
                ignore_conflicts_on=["link_id", "report_id"])
    return len(keys) - len(existing)


def _link_ids(session: Session, keys: set[tuple[int, int, str]]) -> dict[tuple[int, int, str], int]:
    found: dict[tuple[int, int, str], int] = {}
    for part in chunked(sorted({s for s, _, _ in keys})):
        for s, t, k, id_ in session.execute(select(
                LinkRow.source_id, LinkRow.target_id, LinkRow.link_type, LinkRow.id)
                .where(LinkRow.source_id.in_(part))):
            if (s, t, k) in keys:
                found[(s, t, k)] = id_
    return found


def _report_ids(session: Session, agency_id: int, externals: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in chunked(externals):
        rows = session.execute(select(ReportRow.external_id, ReportRow.id).where(
            ReportRow.agency_id == agency_id, ReportRow.external_id.in_(part)))
        found.update({external: id_ for external, id_ in rows})
    return found


def set_entry_marking(session: Session, entry_ids: Sequence[int], marking: Marking) -> None:
    """Mark entries an import just created with the marking their source gave them."""
    for part in chunked(list(entry_ids)):
        session.execute(update(BlocklistEntryRow).where(BlocklistEntryRow.id.in_(part))
                        .values(marking=marking.value))
