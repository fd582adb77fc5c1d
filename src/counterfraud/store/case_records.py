"""Reading and writing the case records (``store.case_tables``): each row keeps the whole
pure record as JSON and the columns reads filter on.

- :func:`to_document` / :func:`from_document` turn a pure record of
  ``counterfraud.cases`` into plain JSON and back; reading validates the record again,
  so a row edited by hand into an impossible state is refused, never served.
- :func:`save_version` writes a row only if it still holds the version the writer read:
  of two racing writers one wins and the other gets :class:`Conflict` naming the record,
  so nothing is double-counted.
- :func:`case_visible` is the one visibility rule (``sharing.policy``) for a case
  record's table, joint-case agreements included; :func:`visible_case` and
  :func:`writable_case` are the case a caller may read, and may write within.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from counterfraud.domain import RecordType, Viewer
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.store.case_tables import CaseRow
from counterfraud.store.tables import AgencyRow, AgreementRow, utcnow
from counterfraud.store.visibility import visible_to

T = TypeVar("T")


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter


def to_document(record: object) -> dict[str, Any]:
    """The record as plain JSON values (times as ISO 8601, amounts as strings)."""
    document: dict[str, Any] = _adapter(type(record)).dump_python(record, mode="json")
    return document


def from_document(kind: type[T], document: Any, *, where: str) -> T:
    """The record of type ``kind`` a document holds, validated whole; ``where`` names
    the row in the error (``case C-1``)."""
    try:
        record: T = _adapter(kind).validate_python(document)
    except (ValidationError, InvalidInput, ValueError, TypeError) as e:
        raise InvalidInput(f"{where}: the stored record is not valid: {e}",
                           field="document") from e
    return record


def save_version(session: Session, table: type[Any], record_id: str, *, read_version: int,
                 values: dict[str, Any], what: str) -> int:
    """Write ``values`` to row ``record_id`` of ``table`` if it still holds
    ``read_version``; the new version, or :class:`Conflict` when another writer came
    first (``what`` names the record in the message)."""
    result = session.execute(
        update(table).where(table.id == record_id, table.version == read_version)
        .values(**values, version=read_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"{what} was changed by someone else meanwhile; read it again")
    return read_version + 1


def case_visible(viewer: Viewer, table: type[Any],
                 record_type: RecordType) -> ColumnElement[bool]:
    """The WHERE clause keeping the rows of ``table`` (a case record table) that
    ``viewer`` may read: owner, marking and agreements, joint-case agreements on the
    record's case included."""
    case_id = table.id if table is CaseRow else table.case_id
    return visible_to(viewer, record_type, owner_id=table.agency_id, marking=table.marking,
                      case_id=case_id)


def visible_case(session: Session, viewer: Viewer, case_id: str) -> CaseRow:
    """The case row ``viewer`` may read, or NotFound, the same for a case that does not
    exist and one the viewer may not see (an id never confirms a hidden case)."""
    row = session.scalar(select(CaseRow).where(
        CaseRow.id == case_id, case_visible(viewer, CaseRow, RecordType.CASE)))
    if row is None:
        raise NotFound(f"no case {case_id!r}")
    return row


def writable_case(session: Session, viewer: Viewer, case_id: str, *,
                  owner_only: bool = False, lock: bool = True) -> CaseRow:
    """The case row ``viewer`` may write within: its owner, the local operator and, unless
    ``owner_only`` (status, markings, invitations), the grantees of an active joint-case
    agreement on it. NotFound if the viewer may not even read it, PermissionDenied if it
    reads but may not write. ``lock`` takes the row for the transaction (PostgreSQL), so
    writes within one case queue behind each other."""
    row = visible_case(session, viewer, case_id)
    if lock:
        row = session.scalar(select(CaseRow).where(CaseRow.id == case_id).with_for_update(
            of=CaseRow)) or row
    if viewer.agency is None or row.agency_id == _agency_id(session, viewer.agency):
        return row
    if owner_only:
        raise PermissionDenied(f"only the owning agency changes this of case {case_id}")
    if not joint_participant(session, viewer.agency, case_id):
        raise PermissionDenied(f"{viewer.agency} reads case {case_id} but is not a "
                               "participant: the owner invites agencies into a joint case")
    return row


def joint_participant(session: Session, agency: str, case_id: str,
                      at: datetime | None = None) -> bool:
    """Whether ``agency`` holds an active joint-case agreement on ``case_id``."""
    when = at or datetime.now(UTC)
    return session.scalar(select(AgreementRow.id).where(
        AgreementRow.case_id == case_id,
        AgreementRow.grantee_id == _agency_id(session, agency),
        AgreementRow.valid_from <= when,
        or_(AgreementRow.valid_to.is_(None), AgreementRow.valid_to > when),
        or_(AgreementRow.revoked_at.is_(None), AgreementRow.revoked_at > when)).limit(1)
    ) is not None


def _agency_id(session: Session, code: str) -> int | None:
    return session.scalar(select(AgencyRow.id).where(AgencyRow.code == code))


def visible_row(session: Session, viewer: Viewer, table: type[Any], record_type: RecordType,
                record_id: str, *, what: str) -> Any:
    """The row of ``table`` ``viewer`` may read, or NotFound alike for one that does not
    exist (``what`` names the record: ``suspect``)."""
    row = session.scalar(select(table).where(table.id == record_id,
                                             case_visible(viewer, table, record_type)))
    if row is None:
        raise NotFound(f"no {what} {record_id!r}")
    return row


def is_visible(session: Session, viewer: Viewer, table: type[Any], record_type: RecordType,
               record_id: str) -> bool:
    """Whether ``viewer`` may read the row (a writer must read what it writes)."""
    return session.scalar(select(table.id).where(
        table.id == record_id, case_visible(viewer, table, record_type))) is not None


def visible_page(session: Session, viewer: Viewer, table: type[Any], record_type: RecordType,
                 *, newest_first: Any, case_id: str | None = None, status: Sequence[str] = (),
                 limit: int = 100, offset: int = 0) -> tuple[int, list[Any]]:
    """(how many, one page) of the rows of ``table`` ``viewer`` may read, of one case
    and statuses if given, ordered by ``newest_first`` (a time column) descending."""
    where = [case_visible(viewer, table, record_type)]
    if case_id is not None:
        where.append(table.case_id == case_id)
    if status:
        where.append(table.status.in_(list(status)))
    total = session.scalar(select(func.count()).select_from(table).where(*where)) or 0
    rows = session.scalars(select(table).where(*where).order_by(newest_first.desc(), table.id)
                           .offset(offset).limit(limit)).all()
    return int(total), list(rows)
