"""Takedown requests in the store (``takedown_requests``), and what their abuse reports
are made of: the reports naming a target and its blocklist entries.

A request belongs to its case: the row's owner is the case's owner and its marking the
case's, whoever of the case's participants sent it (``requesting_agency`` in the
document), so the one visibility rule (``case_records.case_visible``, record type
``takedown_request``) lets the owner see every request of its case and a participant
only those its joint-case agreement names. Writes go through :func:`insert_request` and
:func:`save_request` only: the document and the query columns always say the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from counterfraud.cases.abuse_report import BlocklistFact, Evidence
from counterfraud.cases.model import Pap
from counterfraud.cases.requests import TakedownRequest
from counterfraud.domain import IdentifierRole, Marking, RecordType, ScamType, Viewer
from counterfraud.identifiers.types import Identifier
from counterfraud.store.case_records import (
    case_visible,
    from_document,
    is_visible,
    save_version,
    to_document,
    visible_page,
    visible_row,
)
from counterfraud.store.case_tables import CaseIdentifierRow, CaseRow, TakedownRequestRow
from counterfraud.store.tables import (
    AgencyRow,
    BlocklistEntryRow,
    IdentifierRow,
    ReportIdentifierRow,
    ReportRow,
)
from counterfraud.store.visibility import visible, visible_to

RECORD = RecordType.TAKEDOWN_REQUEST
_TABLE = TakedownRequestRow


def load_request(row: TakedownRequestRow) -> TakedownRequest:
    """The pure request a row holds, validated whole."""
    request: TakedownRequest = from_document(TakedownRequest, row.document,
                                             where=f"takedown request {row.id}")
    return request


def _values(request: TakedownRequest) -> dict[str, Any]:
    return {"addressee": request.addressee, "status": request.status.value,
            "answered_at": request.answered_at, "document": to_document(request)}


def insert_request(session: Session, request: TakedownRequest, *, case_row: CaseRow) -> None:
    """Store a new request of ``case_row``'s case, owned and marked as the case is."""
    session.add(TakedownRequestRow(
        id=request.id, case_id=case_row.id, agency_id=case_row.agency_id,
        target_kind=request.target.kind.value, target_value=request.target.value,
        marking=case_row.marking, sent_at=request.sent_at, version=1, **_values(request)))
    session.flush()


def save_request(session: Session, row: TakedownRequestRow, request: TakedownRequest) -> int:
    """Write ``request`` over ``row`` if it still holds the version read (Conflict if not)."""
    return save_version(session, _TABLE, row.id, read_version=row.version,
                        values=_values(request), what=f"takedown request {row.id}")


def request_row(session: Session, viewer: Viewer, request_id: str) -> TakedownRequestRow:
    """The row ``viewer`` may read, or NotFound alike for one that does not exist."""
    row: TakedownRequestRow = visible_row(session, viewer, _TABLE, RECORD, request_id,
                                          what="takedown request")
    return row


def readable(session: Session, viewer: Viewer, request_id: str) -> bool:
    """Whether ``viewer`` may read the request (a writer must read what it writes)."""
    return is_visible(session, viewer, _TABLE, RECORD, request_id)


def list_requests(session: Session, viewer: Viewer, *, case_id: str | None = None,
                  status: Sequence[str] = (), limit: int = 100,
                  offset: int = 0) -> tuple[int, list[TakedownRequestRow]]:
    """(how many, one page) of the requests ``viewer`` may read, newest sent first."""
    return visible_page(session, viewer, _TABLE, RECORD, newest_first=_TABLE.sent_at,
                        case_id=case_id, status=status, limit=limit, offset=offset)


def open_duplicate(session: Session, case_id: str, target: Identifier,
                   addressee: str) -> str | None:
    """The id of a request of the case still open for ``target`` to ``addressee``."""
    return session.scalar(select(_TABLE.id).where(
        _TABLE.case_id == case_id, _TABLE.target_kind == target.kind.value,
        _TABLE.target_value == target.value, _TABLE.answered_at.is_(None),
        func.lower(_TABLE.addressee) == addressee.lower()).limit(1))


def cases_holding(session: Session, viewer: Viewer, target: Identifier, *,
                  paps: Sequence[Pap]) -> list[tuple[str, str, Pap]]:
    """(case id, owner, PAP) of the cases ``viewer`` may see that hold ``target`` with
    one of ``paps``."""
    return [(case_id, owner, Pap(pap)) for case_id, owner, pap in session.execute(
        select(CaseRow.id, AgencyRow.code, CaseRow.pap)
        .join(CaseIdentifierRow, CaseIdentifierRow.case_id == CaseRow.id)
        .join(IdentifierRow, IdentifierRow.id == CaseIdentifierRow.identifier_id)
        .join(AgencyRow, AgencyRow.id == CaseRow.agency_id)
        .where(IdentifierRow.kind == target.kind.value, IdentifierRow.value == target.value,
               CaseRow.pap.in_([p.value for p in paps]),
               case_visible(viewer, CaseRow, RecordType.CASE))
        .order_by(CaseRow.id))]


def case_of(session: Session, viewer: Viewer, case_id: str) -> CaseRow | None:
    """The case row ``viewer`` may read, or None."""
    return session.scalar(select(CaseRow).where(
        CaseRow.id == case_id, case_visible(viewer, CaseRow, RecordType.CASE)))


def agency_name(session: Session, code: str) -> str:
    return session.scalar(select(AgencyRow.name).where(AgencyRow.code == code)) or ""


def evidence(session: Session, target: Identifier, *,
             readers: Sequence[Viewer]) -> list[Evidence]:
    """The reports naming ``target`` that every one of ``readers`` may read as sightings
    (counts, dates, roles), without their narratives, oldest first."""
    both = and_(*(visible(r, RecordType.SIGHTING) for r in readers))
    found: dict[int, dict[str, Any]] = {}
    roles: dict[int, set[IdentifierRole]] = defaultdict(set)
    for row_id, code, external, marking, scam, reported, role in session.execute(
            select(ReportRow.id, AgencyRow.code, ReportRow.external_id, ReportRow.marking,
                   ReportRow.scam_type, ReportRow.reported_at, ReportIdentifierRow.role)
            .join(ReportIdentifierRow, ReportIdentifierRow.report_id == ReportRow.id)
            .join(IdentifierRow, IdentifierRow.id == ReportIdentifierRow.identifier_id)
            .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
            .where(IdentifierRow.kind == target.kind.value,
                   IdentifierRow.value == target.value, both)
            .order_by(ReportRow.id)):
        found[row_id] = {"reference": f"{code}/{external}", "owner": code,
                         "marking": Marking(marking), "scam_type": ScamType(scam),
                         "reported_at": reported}
        roles[row_id].add(IdentifierRole(role))
    return [Evidence(**values, roles=frozenset(roles[row_id]))
            for row_id, values in found.items()]


def narratives(session: Session, references: Sequence[str], *,
               readers: Sequence[Viewer]) -> dict[str, str]:
    """The narratives of the reports ``references`` (``AGENCY/REPORT_ID``) that every one
    of ``readers`` may read as reports (a sighting is not a narrative)."""
    wanted = [tuple(r.split("/", 1)) for r in references if "/" in r]
    if not wanted:
        return {}
    both = and_(*(visible(r, RecordType.REPORT) for r in readers))
    found: dict[str, str] = {}
    for code, external in wanted:
        narrative = session.scalar(
            select(case((both, ReportRow.narrative), else_="")).select_from(ReportRow)
            .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
            .where(AgencyRow.code == code, ReportRow.external_id == external))
        if narrative:
            found[f"{code}/{external}"] = narrative
    return found


def blocklist_facts(session: Session, target: Identifier, *,
                    readers: Sequence[Viewer]) -> list[BlocklistFact]:
    """The blocklist entries for ``target`` (any match type) every one of ``readers``
    may see."""
    entry = BlocklistEntryRow
    both = and_(*(visible_to(r, RecordType.BLOCKLIST_ENTRY, owner_id=entry.agency_id,
                             marking=entry.marking) for r in readers))
    return [BlocklistFact(status=status, since=created, match=match, owner=code,
                          marking=Marking(marking))
            for status, created, match, code, marking in session.execute(
                select(entry.status, entry.created_at, entry.match, AgencyRow.code,
                       entry.marking)
                .outerjoin(AgencyRow, AgencyRow.id == entry.agency_id)
                .where(entry.kind == target.kind.value, entry.value == target.value, both)
                .order_by(entry.id))]


__all__ = ["RECORD", "agency_name", "blocklist_facts", "case_of", "cases_holding", "evidence",
           "insert_request", "list_requests", "load_request", "narratives", "open_duplicate",
           "readable", "request_row", "save_request"]
