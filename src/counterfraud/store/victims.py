"""Victims in the store: each row keeps the whole pure
:class:`~counterfraud.cases.victims.Victim` as JSON (``document``) beside the columns reads
filter on and the figures count (case, owner, marking, kind, nationality, status and the
dates the victim was located, rescued and repatriated).

A victim belongs to its case's owning agency and is marked TLP:RED unless that agency
marks it otherwise: personal data never leaves the agency by default, and leaves it only
where an agreement names record type ``victim`` (``sharing.policy``). Visibility is
``case_records.case_visible`` over this table with record type ``victim``, never the
case's: seeing a case does not show its victims.

Writes go through :func:`insert_victim` and :func:`save_victim` only, so the document and
the columns always agree; :func:`save_victim` is the optimistic lock (Conflict for the
loser of a race).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterfraud.cases.states import VictimStatus
from counterfraud.cases.victims import Victim, status_dates
from counterfraud.domain import Marking, RecordType, Viewer
from counterfraud.errors import Conflict, NotFound
from counterfraud.store.case_records import case_visible, from_document, save_version, to_document
from counterfraud.store.case_tables import VictimRow
from counterfraud.store.tables import AgencyRow

DEFAULT_MARKING = Marking.RED  # personal data: never leaves the agency unless re-marked


def load_victim(row: VictimRow) -> Victim:
    """The pure victim a row holds, validated whole."""
    victim: Victim = from_document(Victim, row.document, where=f"victim {row.id}")
    return victim


def insert_victim(session: Session, victim: Victim, *, agency_id: int,
                  marking: Marking) -> VictimRow:
    """Store a new victim (version 1) owned by ``agency_id``; Conflict when the
    pseudonymous id is taken (by any case: ids are unique on the instance)."""
    if session.scalar(select(VictimRow.id).where(VictimRow.id == victim.id)) is not None:
        raise Conflict(f"victim id {victim.id} is taken; choose another pseudonym")
    row = VictimRow(id=victim.id, case_id=victim.case_id, agency_id=agency_id,
                    created_at=victim.timeline[0].at, version=1,
                    **_values(victim, marking))
    session.add(row)
    session.flush()
    return row


def save_victim(session: Session, row: VictimRow, victim: Victim, *,
                marking: Marking | None = None) -> int:
    """Write ``victim`` (and ``marking``, when given) over ``row`` if it still holds the
    version it was read at; the new version, or Conflict naming the victim."""
    values = _values(victim, marking or Marking(row.marking))
    return save_version(session, VictimRow, row.id, read_version=row.version,
                        values=values, what=f"victim {row.id}")


def _values(victim: Victim, marking: Marking) -> dict[str, Any]:
    dates = status_dates(victim)
    return {"marking": marking.value, "kind": victim.kind.value,
            "nationality": victim.nationality, "status": victim.status.value,
            "located_at": dates.get(VictimStatus.LOCATED),
            "rescued_at": dates.get(VictimStatus.RESCUED),
            "repatriated_at": dates.get(VictimStatus.REPATRIATED),
            "document": to_document(victim)}


def visible_victim(session: Session, viewer: Viewer, victim_id: str) -> VictimRow:
    """The victim row ``viewer`` may read, or NotFound, alike for one that does not exist
    and one it may not see."""
    row = session.scalar(select(VictimRow).where(
        VictimRow.id == victim_id, case_visible(viewer, VictimRow, RecordType.VICTIM)))
    if row is None:
        raise NotFound(f"no victim {victim_id!r}")
    return row


def list_victims(session: Session, viewer: Viewer, *, case_id: str | None = None,
                 status: VictimStatus | None = None, limit: int = 100,
                 offset: int = 0) -> list[VictimRow]:
    """The victims ``viewer`` may read, oldest first."""
    query = (select(VictimRow).where(case_visible(viewer, VictimRow, RecordType.VICTIM))
             .order_by(VictimRow.created_at, VictimRow.id).limit(limit).offset(offset))
    if case_id is not None:
        query = query.where(VictimRow.case_id == case_id)
    if status is not None:
        query = query.where(VictimRow.status == status.value)
    return list(session.scalars(query))


def nationalities(session: Session, case_id: str) -> list[str]:
    """The nationalities of every victim of ``case_id``, whoever may see them: the freeze
    rule needs them (who may ask across a border), never to show them."""
    found: Sequence[str] = session.scalars(
        select(VictimRow.nationality).where(VictimRow.case_id == case_id).distinct()).all()
    return sorted(found)


def agency_code(session: Session, agency_id: int) -> str:
    """The code of the agency whose row is ``agency_id`` (a record's owner)."""
    code = session.scalar(select(AgencyRow.code).where(AgencyRow.id == agency_id))
    if code is None:
        raise NotFound(f"no agency {agency_id}")
    return code
