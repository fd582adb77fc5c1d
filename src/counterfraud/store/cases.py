"""Cases in the store: each row keeps the whole pure :class:`~counterfraud.cases.model.Case`
as JSON (``document``) beside the columns reads filter on (owner, marking, PAP, status,
when opened and last closed); ``case_identifiers`` holds the identifiers a case names, by
their row in ``identifiers``, and ``case_networks`` the networks it links: how linked
cases are found, by index.

Writes go through :func:`insert_case` and :func:`save_case` only: the document and the
query columns always say the same, and :func:`save_case` is the optimistic lock
(``case_records.save_version``): the loser of two racing writers gets Conflict.
Visibility is ``case_records.case_visible`` (the one rule, joint-case agreements
included); nothing here decides who may see what.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased

from counterfraud.cases.model import Case
from counterfraud.cases.states import CaseStatus
from counterfraud.domain import RecordType, Viewer
from counterfraud.errors import NotFound
from counterfraud.identifiers.types import Identifier, IdentifierKind
from counterfraud.store.agencies import get_agency
from counterfraud.store.bulk import chunked, identifier_ids, insert_rows
from counterfraud.store.case_records import case_visible, from_document, save_version, to_document
from counterfraud.store.case_tables import CaseIdentifierRow, CaseNetworkRow, CaseRow
from counterfraud.store.tables import (
    AgencyRow,
    CounterRow,
    IdentifierRow,
    NetworkMemberRow,
    NetworkRow,
    NetworkViewMemberRow,
    NetworkViewNetworkRow,
    ReportRow,
)
from counterfraud.store.visibility import visible

CLOSED = frozenset({CaseStatus.CLOSED_SOLVED.value, CaseStatus.CLOSED_UNSOLVED.value})
_COUNTER = "case_ids:"  # + agency code: the last case number an agency was given


def next_case_id(session: Session, agency: str) -> str:
    """The next case id of ``agency`` (``CN-MPS-000042``): a per-agency counter whose row
    lock makes concurrent openings take turns, so no two cases get one id."""
    name = _COUNTER + agency
    insert_rows(session, CounterRow.__table__,  # type: ignore[arg-type]
                [{"name": name, "value": 0}], ignore_conflicts_on=["name"])
    session.execute(update(CounterRow).where(CounterRow.name == name)
                    .values(value=CounterRow.value + 1))
    number = session.scalar(select(CounterRow.value).where(CounterRow.name == name))
    return f"{agency}-{number:06d}"


def load_case(row: CaseRow) -> Case:
    """The pure case a row holds, validated whole (InvalidInput for a row edited by hand
    into an impossible state)."""
    case: Case = from_document(Case, row.document, where=f"case {row.id}")
    return case


def insert_case(session: Session, case: Case) -> None:
    """Store a new case (version 1) and the identifiers it names."""
    agency_id, _ = get_agency(session, case.owner)
    session.add(CaseRow(id=case.id, agency_id=agency_id, opened_at=case.timeline[0].at,
                        version=1, **_values(case)))
    session.flush()
    _add_links(session, case)


def save_case(session: Session, row: CaseRow, case: Case) -> int:
    """Write ``case`` over ``row`` if the row still holds the version it was read at;
    returns the new version, or Conflict when another writer came first. Identifiers
    and networks the case gained are added to ``case_identifiers`` and ``case_networks``
    (a case never loses one)."""
    version = save_version(session, CaseRow, row.id, read_version=row.version,
                           values=_values(case), what=f"case {row.id}")
    _add_links(session, case)
    return version


def fresh(session: Session, row: CaseRow) -> CaseRow:
    """``row`` read again: once ``writable_case`` holds the row lock (PostgreSQL), the
    version another writer committed meanwhile, so writers queue instead of colliding."""
    session.refresh(row)
    return row


def _values(case: Case) -> dict[str, Any]:
    return {"title": case.title, "scam_type": case.scam_type.value, "marking": case.tlp.value,
            "pap": case.pap.value, "status": case.status.value,
            "closed_at": closed_at(case), "document": to_document(case)}


def closed_at(case: Case) -> datetime | None:
    """When the case was last closed; None while it is open (a reopened case included)."""
    if not case.closed:
        return None
    for entry in reversed(case.timeline):
        if entry.action.startswith("status ") and entry.action.endswith(case.status.value):
            return entry.at
    return case.timeline[-1].at  # pragma: no cover - a closed case moved there


def _add_links(session: Session, case: Case) -> None:
    if case.identifiers:
        ids = identifier_ids(session, case.identifiers)
        insert_rows(session, CaseIdentifierRow.__table__,  # type: ignore[arg-type]
                    [{"case_id": case.id, "identifier_id": ids[i]} for i in case.identifiers],
                    ignore_conflicts_on=["case_id", "identifier_id"])
    if case.network_ids:
        insert_rows(session, CaseNetworkRow.__table__,  # type: ignore[arg-type]
                    [{"case_id": case.id, "network_id": n} for n in case.network_ids],
                    ignore_conflicts_on=["case_id", "network_id"])


def list_cases(session: Session, viewer: Viewer, *, agency: str | None = None,
               status: Sequence[str] = (), limit: int = 100,
               offset: int = 0) -> tuple[int, list[CaseRow]]:
    """(how many, one page) of the cases ``viewer`` may see, newest opened first;
    ``agency`` keeps one owner's, ``status`` those in one of the statuses given."""
    where = [case_visible(viewer, CaseRow, RecordType.CASE)]
    if agency is not None:
        where.append(CaseRow.agency_id == get_agency(session, agency)[0])
    if status:
        where.append(CaseRow.status.in_(list(status)))
    total = session.scalar(select(func.count()).select_from(CaseRow).where(*where)) or 0
    rows = session.scalars(select(CaseRow).where(*where)
                           .order_by(CaseRow.opened_at.desc(), CaseRow.id)
                           .offset(offset).limit(limit)).all()
    return total, list(rows)


# Linked cases: what a case shares with the other cases one viewer may see.


def shared_identifiers(session: Session, viewer: Viewer,
                       case_id: str) -> dict[str, list[Identifier]]:
    """For every other case ``viewer`` may see that names an identifier ``case_id``
    names: those identifiers (the viewer sees both cases, so both hold them for it)."""
    mine, theirs = aliased(CaseIdentifierRow), aliased(CaseIdentifierRow)
    found: dict[str, list[Identifier]] = defaultdict(list)
    for other, kind, value in session.execute(
            select(theirs.case_id, IdentifierRow.kind, IdentifierRow.value)
            .join(mine, mine.identifier_id == theirs.identifier_id)
            .join(IdentifierRow, IdentifierRow.id == theirs.identifier_id)
            .join(CaseRow, CaseRow.id == theirs.case_id)
            .where(mine.case_id == case_id, theirs.case_id != case_id,
                   case_visible(viewer, CaseRow, RecordType.CASE))
            .order_by(theirs.case_id, IdentifierRow.kind, IdentifierRow.value)):
        found[other].append(Identifier(IdentifierKind(kind), value))
    return found


def networks_holding(session: Session, case_id: str, *,
                     view_id: int | None) -> dict[str, set[Identifier]]:
    """The networks holding identifiers of ``case_id`` as members, with those identifiers:
    in the latest build (``view_id`` None: the local operator) or in one agency's view of
    the networks (analysed from only the reports it may read)."""
    table: type[NetworkMemberRow | NetworkViewMemberRow] = (
        NetworkMemberRow if view_id is None else NetworkViewMemberRow)
    where: list[Any] = [] if view_id is None else [NetworkViewMemberRow.view_id == view_id]
    found: dict[str, set[Identifier]] = defaultdict(set)
    for network_id, kind, value in session.execute(
            select(table.network_id, IdentifierRow.kind, IdentifierRow.value)
            .join(CaseIdentifierRow, CaseIdentifierRow.identifier_id == table.identifier_id)
            .join(IdentifierRow, IdentifierRow.id == table.identifier_id)
            .where(CaseIdentifierRow.case_id == case_id, *where)):
        found[network_id].add(Identifier(IdentifierKind(kind), value))
    return found


def cases_linking(session: Session, viewer: Viewer, case_id: str,
                  network_ids: Collection[str]) -> dict[str, list[str]]:
    """For every other case ``viewer`` may see that links one of ``network_ids``: which."""
    found: dict[str, list[str]] = defaultdict(list)
    for part in chunked(sorted(network_ids), 500):
        for other, network_id in session.execute(
                select(CaseNetworkRow.case_id, CaseNetworkRow.network_id)
                .join(CaseRow, CaseRow.id == CaseNetworkRow.case_id)
                .where(CaseNetworkRow.network_id.in_(part), CaseNetworkRow.case_id != case_id,
                       case_visible(viewer, CaseRow, RecordType.CASE))
                .order_by(CaseNetworkRow.case_id, CaseNetworkRow.network_id)):
            found[other].append(network_id)
    return found


def any_linked_network(session: Session) -> bool:
    """Whether any case links a network at all (else no case is linked through one)."""
    return session.scalar(select(CaseNetworkRow.case_id).limit(1)) is not None


def holding_members(session: Session, viewer: Viewer, case_id: str,
                    network_ids: Collection[str], *,
                    view_id: int | None) -> dict[str, list[tuple[str, Identifier]]]:
    """For every other case ``viewer`` may see: the (network, identifier) pairs where it
    holds an identifier that is a member of one of ``network_ids`` (in the build, or in
    the view ``view_id``)."""
    found: dict[str, list[tuple[str, Identifier]]] = defaultdict(list)
    if not network_ids:
        return found
    table: type[NetworkMemberRow | NetworkViewMemberRow] = (
        NetworkMemberRow if view_id is None else NetworkViewMemberRow)
    where: list[Any] = [] if view_id is None else [NetworkViewMemberRow.view_id == view_id]
    for part in chunked(sorted(network_ids), 500):
        for other, network_id, kind, value in session.execute(
                select(CaseIdentifierRow.case_id, table.network_id, IdentifierRow.kind,
                       IdentifierRow.value)
                .join(table, table.identifier_id == CaseIdentifierRow.identifier_id)
                .join(IdentifierRow, IdentifierRow.id == CaseIdentifierRow.identifier_id)
                .join(CaseRow, CaseRow.id == CaseIdentifierRow.case_id)
                .where(table.network_id.in_(part), CaseIdentifierRow.case_id != case_id,
                       case_visible(viewer, CaseRow, RecordType.CASE), *where)
                .order_by(CaseIdentifierRow.case_id, table.network_id, IdentifierRow.kind,
                          IdentifierRow.value)):
            found[other].append((network_id, Identifier(IdentifierKind(kind), value)))
    return found


def network_exists(session: Session, network_id: str, *, view_id: int | None) -> bool:
    """Whether the latest build (``view_id`` None) or one agency's view holds the network."""
    if view_id is None:
        return session.get(NetworkRow, network_id) is not None
    return session.get(NetworkViewNetworkRow, (view_id, network_id)) is not None


def visible_cases(session: Session, viewer: Viewer, case_ids: Iterable[str]) -> dict[str, CaseRow]:
    """The rows of those of ``case_ids`` that ``viewer`` may see, by id."""
    found: dict[str, CaseRow] = {}
    for part in chunked(sorted(set(case_ids)), 500):
        found.update((r.id, r) for r in session.scalars(select(CaseRow).where(
            CaseRow.id.in_(part), case_visible(viewer, CaseRow, RecordType.CASE))))
    return found


# Reports a case links: by their row id in the document, shown as AGENCY/REPORT_ID.


def visible_report_id(session: Session, viewer: Viewer, agency: str, report_id: str) -> int:
    """The row id of report ``agency``/``report_id`` if ``viewer`` may read it; NotFound
    alike for one that does not exist and one it may not see."""
    found = session.scalar(
        select(ReportRow.id).join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
        .where(AgencyRow.code == agency, ReportRow.external_id == report_id,
               visible(viewer, RecordType.REPORT)))
    if found is None:
        raise NotFound(f"no report {agency}/{report_id}")
    return int(found)


def report_refs(session: Session, viewer: Viewer, ids: Collection[int]) -> dict[int, str]:
    """``AGENCY/REPORT_ID`` of those of ``ids`` that ``viewer`` may read: a report the
    case links but the reader may not see is not named to it."""
    found: dict[int, str] = {}
    for part in chunked(sorted(ids), 500):
        for row_id, code, external in session.execute(
                select(ReportRow.id, AgencyRow.code, ReportRow.external_id)
                .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
                .where(ReportRow.id.in_(part), visible(viewer, RecordType.REPORT))):
            found[row_id] = f"{code}/{external}"
    return found


def agency_exists(session: Session, code: str) -> bool:
    return session.scalar(select(AgencyRow.id).where(AgencyRow.code == code)) is not None


__all__ = ["CLOSED", "agency_exists", "any_linked_network", "cases_linking", "closed_at",
           "fresh", "holding_members", "insert_case", "list_cases", "load_case",
           "network_exists", "networks_holding", "next_case_id", "report_refs", "save_case",
           "shared_identifiers", "visible_cases", "visible_report_id"]
