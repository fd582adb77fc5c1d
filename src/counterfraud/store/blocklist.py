"""Blocklist entries, their evidence and history, appeals and the allowlist.

Every change takes the next ``blocklist_version`` and appends a change row, so feeds can
hand out deltas ("everything since version N") and a person can see who did what, when
and why. Rows are never deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, distinct, func, insert, select, update
from sqlalchemy.orm import Session

from counterfraud.domain import (
    OPERATOR,
    AllowlistEntry,
    BlocklistEntry,
    Confidence,
    EntrySource,
    EntryStatus,
    Identifier,
    IdentifierKind,
    Marking,
    MatchType,
    RecordType,
    Viewer,
)
from counterfraud.errors import NotFound
from counterfraud.store.bulk import chunked, insert_rows
from counterfraud.store.tables import (
    AgencyRow,
    AllowlistEntryRow,
    AppealRow,
    BlocklistChangeRow,
    BlocklistEntryRow,
    BlocklistEvidenceRow,
    CounterRow,
    IdentifierRow,
    ReportIdentifierRow,
    ReportRow,
    utcnow,
)
from counterfraud.store.visibility import changeable_by, visible, visible_to

VERSION = "blocklist_version"


@dataclass(frozen=True, slots=True)
class Change:
    entry_id: int
    version: int
    action: str
    actor: str
    reason: str
    at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id, "version": self.version, "action": self.action,
                "actor": self.actor, "reason": self.reason, "at": self.at.isoformat()}


@dataclass(frozen=True, slots=True)
class Appeal:
    id: int
    entry_id: int
    contact: str
    statement: str
    status: str
    created_at: datetime
    decided_by: str | None = None
    decision_reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "entry_id": self.entry_id, "contact": self.contact,
                "statement": self.statement, "status": self.status,
                "created_at": self.created_at.isoformat(), "decided_by": self.decided_by,
                "decision_reason": self.decision_reason}


def current_version(session: Session) -> int:
    return session.scalar(select(CounterRow.value).where(CounterRow.name == VERSION)) or 0


def next_version(session: Session) -> int:
    """Take the next blocklist version; the row lock serialises concurrent writers."""
    insert_rows(session, CounterRow.__table__,  # type: ignore[arg-type]
                [{"name": VERSION, "value": 0}], ignore_conflicts_on=["name"])
    session.execute(update(CounterRow).where(CounterRow.name == VERSION)
                    .values(value=CounterRow.value + 1))
    return current_version(session)


def find_entry_id(session: Session, kind: IdentifierKind, value: str,
                  match: MatchType) -> int | None:
    return session.scalar(select(BlocklistEntryRow.id).where(
        BlocklistEntryRow.kind == kind.value, BlocklistEntryRow.value == value,
        BlocklistEntryRow.match == match.value))


def add_entries(session: Session, entries: Sequence[BlocklistEntry], *, agency_id: int | None,
                evidence: dict[int, list[int]] | None = None, action: str = "added") -> list[int]:
    """Insert new entries (``entry.id`` is ignored) in one version; returns their ids.

    ``evidence`` maps an entry's position in ``entries`` to report row ids."""
    if not entries:
        return []
    version = next_version(session)
    now = utcnow()
    rows = session.execute(
        insert(BlocklistEntryRow).returning(BlocklistEntryRow.id,
                                            sort_by_parameter_order=True),
        [_entry_values(e, agency_id=agency_id, version=version, now=now) for e in entries])
    ids = [row[0] for row in rows]
    insert_rows(session, BlocklistEvidenceRow.__table__,  # type: ignore[arg-type]
                [{"entry_id": ids[i], "report_id": r}
                 for i, reports in (evidence or {}).items() for r in reports])
    log_change(session, [(i, e.added_by, e.reason) for i, e in zip(ids, entries, strict=True)],
         version=version, action=action, now=now)
    return ids


def _entry_values(entry: BlocklistEntry, *, agency_id: int | None, version: int,
                  now: datetime) -> dict[str, Any]:
    return {"kind": entry.kind.value, "value": entry.value, "match": entry.match.value,
            "source": entry.source.value, "confidence": entry.confidence.value,
            "status": EntryStatus.ACTIVE.value, "agency_id": agency_id,
            "reason": entry.reason, "added_by": entry.added_by,
            "network_id": entry.network_id, "marking": entry.marking.value,
            "version": version, "created_at": now,
            "updated_at": now, "expires_at": entry.expires_at}


def add_evidence(session: Session, evidence: dict[int, list[int]]) -> None:
    insert_rows(session, BlocklistEvidenceRow.__table__,  # type: ignore[arg-type]
                [{"entry_id": e, "report_id": r} for e, reports in evidence.items()
                 for r in reports], ignore_conflicts_on=["entry_id", "report_id"])


def set_status(session: Session, entry_ids: Sequence[int], status: EntryStatus, *,
               actor: str, reason: str, action: str) -> int:
    """Change the status of entries (delist, expire, relist) in one new version."""
    if not entry_ids:
        return current_version(session)
    version = next_version(session)
    now = utcnow()
    for part in chunked(list(entry_ids)):
        session.execute(update(BlocklistEntryRow).where(BlocklistEntryRow.id.in_(part))
                        .values(status=status.value, version=version, updated_at=now))
    log_change(session, [(i, actor, reason) for i in entry_ids], version=version, action=action,
         now=now)
    return version


def log_change(session: Session, changes: Iterable[tuple[int, str, str]], *, version: int,
         action: str, now: datetime) -> None:
    insert_rows(session, BlocklistChangeRow.__table__,  # type: ignore[arg-type]
                [{"entry_id": i, "version": version, "action": action, "actor": actor,
                  "reason": reason, "at": now} for i, actor, reason in changes])


def get_entry(session: Session, entry_id: int, viewer: Viewer = OPERATOR) -> BlocklistEntry:
    entries = load_entries(session, ids=[entry_id], viewer=viewer)
    if not entries:
        raise NotFound(f"no blocklist entry {entry_id}")
    return entries[0]


def load_entries(session: Session, *, ids: Sequence[int] | None = None,
                 status: EntryStatus | None = None, since_version: int | None = None,
                 kind: IdentifierKind | None = None, limit: int | None = None,
                 offset: int = 0, viewer: Viewer = OPERATOR) -> list[BlocklistEntry]:
    """Entries ``viewer`` may see, with the provenance it may see (report ids as
    ``AGENCY/report_id``), by id."""
    query = (select(BlocklistEntryRow, AgencyRow.code)
             .outerjoin(AgencyRow, AgencyRow.id == BlocklistEntryRow.agency_id)
             .where(visible_entries(viewer))
             .order_by(BlocklistEntryRow.id))
    if ids is not None:
        query = query.where(BlocklistEntryRow.id.in_(list(ids)))
    if status is not None:
        query = query.where(BlocklistEntryRow.status == status.value)
    if since_version is not None:
        query = query.where(BlocklistEntryRow.version > since_version)
    if kind is not None:
        query = query.where(BlocklistEntryRow.kind == kind.value)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = session.execute(query).all()
    evidence = _evidence(session, [row.id for row, _ in rows], viewer)
    return [BlocklistEntry(
        id=row.id, kind=IdentifierKind(row.kind), value=row.value, match=MatchType(row.match),
        source=EntrySource(row.source), confidence=Confidence(row.confidence),
        status=EntryStatus(row.status), agency=code, reason=row.reason,
        added_by=row.added_by, report_ids=tuple(evidence.get(row.id, ())),
        network_id=row.network_id, created_at=row.created_at, expires_at=row.expires_at,
        marking=Marking(row.marking))
        for row, code in rows]


def visible_entries(viewer: Viewer) -> ColumnElement[bool]:
    return visible_to(viewer, RecordType.BLOCKLIST_ENTRY, owner_id=BlocklistEntryRow.agency_id,
                      marking=BlocklistEntryRow.marking)


def _evidence(session: Session, entry_ids: list[int], viewer: Viewer) -> dict[int, list[str]]:
    """The reports behind each entry that ``viewer`` may read: an entry it may see never
    names a report it may not."""
    found: dict[int, list[str]] = defaultdict(list)
    if len(entry_ids) > 50_000:  # everything: one pass instead of a huge IN list
        query = _evidence_query(viewer)
        for entry_id, code, external in session.execute(query):
            found[entry_id].append(f"{code}/{external}")
        return found
    for part in chunked(entry_ids, 2000):
        for entry_id, code, external in session.execute(
                _evidence_query(viewer).where(BlocklistEvidenceRow.entry_id.in_(part))):
            found[entry_id].append(f"{code}/{external}")
    return found


def _evidence_query(viewer: Viewer) -> Any:
    return (select(BlocklistEvidenceRow.entry_id, AgencyRow.code, ReportRow.external_id)
            .join(ReportRow, ReportRow.id == BlocklistEvidenceRow.report_id)
            .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
            .where(visible(viewer, RecordType.REPORT))
            .order_by(BlocklistEvidenceRow.entry_id, AgencyRow.code, ReportRow.external_id))


def due_for_expiry(session: Session, now: datetime) -> list[int]:
    return list(session.scalars(select(BlocklistEntryRow.id).where(
        BlocklistEntryRow.status == EntryStatus.ACTIVE.value,
        BlocklistEntryRow.expires_at.is_not(None), BlocklistEntryRow.expires_at <= now)))


def history(session: Session, entry_id: int) -> list[Change]:
    rows = session.scalars(select(BlocklistChangeRow).where(
        BlocklistChangeRow.entry_id == entry_id).order_by(BlocklistChangeRow.id))
    return [Change(r.entry_id, r.version, r.action, r.actor, r.reason, r.at) for r in rows]


def add_appeal(session: Session, entry_id: int, *, contact: str, statement: str) -> Appeal:
    row = AppealRow(entry_id=entry_id, contact=contact, statement=statement, status="open")
    session.add(row)
    session.flush()
    return _appeal(row)


def get_appeal(session: Session, appeal_id: int) -> AppealRow:
    """The appeal, whatever its status: who may decide it, and whether it is still open,
    are the caller's questions (in that order, so a refused caller learns nothing)."""
    row = session.get(AppealRow, appeal_id)
    if row is None:
        raise NotFound(f"no appeal {appeal_id}")
    return row


def decide_appeal(session: Session, row: AppealRow, *, status: str, actor: str,
                  reason: str) -> Appeal:
    row.status = status
    row.decided_at = utcnow()
    row.decided_by = actor
    row.decision_reason = reason
    session.flush()
    return _appeal(row)


def list_appeals(session: Session, *, status: str | None = None,
                 viewer: Viewer = OPERATOR) -> list[Appeal]:
    """Appeals against the entries ``viewer`` may change: its own agency's (every one for
    the local operator). Appellants' contacts and statements go to no one else."""
    query = (select(AppealRow)
             .join(BlocklistEntryRow, BlocklistEntryRow.id == AppealRow.entry_id)
             .where(changeable_by(viewer, owner_id=BlocklistEntryRow.agency_id))
             .order_by(AppealRow.id))
    if status:
        query = query.where(AppealRow.status == status)
    return [_appeal(r) for r in session.scalars(query)]


def _appeal(row: AppealRow) -> Appeal:
    return Appeal(row.id, row.entry_id, row.contact, row.statement, row.status,
                  row.created_at, row.decided_by, row.decision_reason)


def add_allowlist(session: Session, entries: Sequence[AllowlistEntry], *, actor: str) -> int:
    """Add allowlist entries, skipping ones already there; returns how many were new."""
    before = session.scalar(select(func.count()).select_from(AllowlistEntryRow)) or 0
    insert_rows(session, AllowlistEntryRow.__table__,  # type: ignore[arg-type]
                [{"kind": e.kind.value, "value": e.value, "match": e.match.value,
                  "reason": e.reason, "added_by": actor, "created_at": utcnow()}
                 for e in entries], ignore_conflicts_on=["kind", "value", "match"])
    after = session.scalar(select(func.count()).select_from(AllowlistEntryRow)) or 0
    return after - before


def load_allowlist(session: Session) -> list[AllowlistEntry]:
    rows = session.scalars(select(AllowlistEntryRow).order_by(AllowlistEntryRow.id))
    return [AllowlistEntry(IdentifierKind(r.kind), r.value, MatchType(r.match), r.reason)
            for r in rows]


def reported_identifiers(session: Session, *, min_reports: int, kinds: Sequence[str],
                         roles: Sequence[str]) -> list[tuple[Identifier, list[int], Marking]]:
    """Valid identifiers of ``kinds`` that at least ``min_reports`` reports name in one
    of ``roles``, each with those reports' row ids and the strictest of their markings."""
    counted = (select(ReportIdentifierRow.identifier_id)
               .where(ReportIdentifierRow.role.in_(list(roles)))
               .group_by(ReportIdentifierRow.identifier_id)
               .having(func.count(distinct(ReportIdentifierRow.report_id)) >= min_reports)
               .subquery())
    found = session.execute(
        select(IdentifierRow.id, IdentifierRow.kind, IdentifierRow.value,
               ReportIdentifierRow.report_id, ReportRow.marking)
        .join(counted, counted.c.identifier_id == IdentifierRow.id)
        .join(ReportIdentifierRow, ReportIdentifierRow.identifier_id == IdentifierRow.id)
        .join(ReportRow, ReportRow.id == ReportIdentifierRow.report_id)
        .where(IdentifierRow.kind.in_(list(kinds)), IdentifierRow.valid.is_(True),
               ReportIdentifierRow.role.in_(list(roles)))
        .order_by(IdentifierRow.id, ReportIdentifierRow.report_id)).all()
    grouped: dict[int, tuple[Identifier, list[int], list[Marking]]] = {}
    for id_, kind, value, report_id, marking in found:
        _, reports, markings = grouped.setdefault(
            id_, (Identifier(IdentifierKind(kind), value), [], []))
        if not reports or reports[-1] != report_id:
            reports.append(report_id)
            markings.append(Marking(marking))
    return [(identifier, reports, max(markings, key=lambda m: m.rank))
            for identifier, reports, markings in grouped.values()]
