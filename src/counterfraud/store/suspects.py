"""Suspects in the store (``suspects``), and the networks' core members they are
proposed from.

A suspect belongs to its case: the row's owner is the case's owner and its marking the
case's, whichever participant recorded it, so the one visibility rule
(``case_records.case_visible``, record type ``suspect``) lets the owner see every
suspect of its case and a participant only those its joint-case agreement names. Writes
go through :func:`insert_suspect` and :func:`save_suspect` only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterfraud.cases.states import SuspectStatus
from counterfraud.cases.suspects import Suspect
from counterfraud.domain import RecordType, Viewer
from counterfraud.identifiers.types import Identifier
from counterfraud.store.bulk import chunked
from counterfraud.store.case_records import (
    case_visible,
    from_document,
    is_visible,
    save_version,
    to_document,
    visible_page,
    visible_row,
)
from counterfraud.store.case_tables import CaseRow, SuspectRow
from counterfraud.store.networks import StoredMember, stored_members
from counterfraud.store.tables import IdentifierRow, NetworkMemberRow, NetworkViewMemberRow

RECORD = RecordType.SUSPECT
_TABLE = SuspectRow


def load_suspect(row: SuspectRow) -> Suspect:
    """The pure suspect a row holds, validated whole."""
    suspect: Suspect = from_document(Suspect, row.document, where=f"suspect {row.id}")
    return suspect


def _values(suspect: Suspect) -> dict[str, Any]:
    return {"status": suspect.status.value,
            "arrested_at": suspect.since(SuspectStatus.ARRESTED),
            "handed_over_at": suspect.since(SuspectStatus.HANDED_OVER),
            "document": to_document(suspect)}


def insert_suspect(session: Session, suspect: Suspect, *, case_row: CaseRow) -> None:
    """Store a new suspect of ``case_row``'s case, owned and marked as the case is."""
    session.add(SuspectRow(id=suspect.id, case_id=case_row.id, agency_id=case_row.agency_id,
                           marking=case_row.marking, identified_at=suspect.history[0].at,
                           version=1, **_values(suspect)))
    session.flush()


def save_suspect(session: Session, row: SuspectRow, suspect: Suspect) -> int:
    """Write ``suspect`` over ``row`` if it still holds the version read (Conflict if not)."""
    return save_version(session, _TABLE, row.id, read_version=row.version,
                        values=_values(suspect), what=f"suspect {row.id}")


def suspect_row(session: Session, viewer: Viewer, suspect_id: str) -> SuspectRow:
    """The row ``viewer`` may read, or NotFound alike for one that does not exist."""
    row: SuspectRow = visible_row(session, viewer, _TABLE, RECORD, suspect_id, what="suspect")
    return row


def readable(session: Session, viewer: Viewer, suspect_id: str) -> bool:
    """Whether ``viewer`` may read the suspect (a writer must read what it writes)."""
    return is_visible(session, viewer, _TABLE, RECORD, suspect_id)


def list_suspects(session: Session, viewer: Viewer, *, case_id: str | None = None,
                  status: Sequence[str] = (), limit: int = 100,
                  offset: int = 0) -> tuple[int, list[SuspectRow]]:
    """(how many, one page) of the suspects ``viewer`` may read, newest identified first."""
    return visible_page(session, viewer, _TABLE, RECORD, newest_first=_TABLE.identified_at,
                        case_id=case_id, status=status, limit=limit, offset=offset)


def case_suspects(session: Session, viewer: Viewer, case_id: str) -> list[Suspect]:
    """Every suspect of the case ``viewer`` may read."""
    return [load_suspect(r) for r in session.scalars(select(_TABLE).where(
        _TABLE.case_id == case_id, case_visible(viewer, _TABLE, RECORD)).order_by(_TABLE.id))]


def _table(view_id: int | None) -> tuple[type[NetworkMemberRow | NetworkViewMemberRow],
                                         list[Any]]:
    if view_id is None:
        return NetworkMemberRow, []
    return NetworkViewMemberRow, [NetworkViewMemberRow.view_id == view_id]


def networks_holding(session: Session, identifiers: Collection[Identifier], *,
                     view_id: int | None) -> set[str]:
    """The networks with a member among ``identifiers``: in the latest build
    (``view_id`` None: the local operator) or in one agency's view of the networks."""
    table, where = _table(view_id)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for identifier in identifiers:
        by_kind[identifier.kind.value].append(identifier.value)
    found: set[str] = set()
    for kind, values in sorted(by_kind.items()):
        for part in chunked(sorted(values), 1000):
            found.update(session.scalars(
                select(table.network_id).distinct()
                .join(IdentifierRow, IdentifierRow.id == table.identifier_id)
                .where(IdentifierRow.kind == kind, IdentifierRow.value.in_(part), *where)))
    return found


def members_among(session: Session, network_ids: Collection[str],
                  identifiers: Collection[Identifier], *,
                  view_id: int | None) -> dict[str, set[Identifier]]:
    """Which of ``identifiers`` are members of which of ``network_ids``, in the build or
    the view."""
    table, where = _table(view_id)
    wanted = {(i.kind.value, i.value): i for i in identifiers}
    found: dict[str, set[Identifier]] = defaultdict(set)
    if not network_ids or not wanted:
        return found
    for part in chunked(sorted(network_ids), 500):
        for network_id, kind, value in session.execute(
                select(table.network_id, IdentifierRow.kind, IdentifierRow.value)
                .join(IdentifierRow, IdentifierRow.id == table.identifier_id)
                .where(table.network_id.in_(part), *where)):
            identifier = wanted.get((kind, value))
            if identifier is not None:
                found[network_id].add(identifier)
    return found


def core_members(session: Session, network_ids: Collection[str], *, view_id: int | None,
                 top: int) -> dict[str, list[StoredMember]]:
    """The ``top`` core members of each of ``network_ids`` (best rank first) in the build
    or the view; a network the build or view does not hold has none."""
    table, where = _table(view_id)
    members = stored_members(session, table, sorted(network_ids), *where,
                             table.core_rank.is_not(None), table.core_rank <= top)
    return {n: sorted(m, key=lambda x: x.core_rank or 0)[:top] for n, m in members.items()}


def member(session: Session, network_id: str, identifier: Identifier, *,
           view_id: int | None) -> StoredMember | None:
    """``identifier`` as a member of ``network_id`` in the build or the view, if it is."""
    table, where = _table(view_id)
    for found in stored_members(session, table, [network_id], *where,
                                IdentifierRow.kind == identifier.kind.value,
                                IdentifierRow.value == identifier.value).get(network_id, []):
        return found
    return None


__all__ = ["RECORD", "case_suspects", "core_members", "insert_suspect", "list_suspects",
           "load_suspect", "member", "members_among", "networks_holding", "readable",
           "save_suspect", "suspect_row"]
