"""Reading and writing the case records (``store.case_tables``): each row keeps the whole
pure record as JSON and the columns reads filter on.

- :func:`to_document` / :func:`from_document` turn a pure record of
  ``counterfraud.cases`` into plain JSON and back; reading validates the record again,
  so a row edited by hand into an impossible state is refused, never served.
- :func:`save_version` writes a row only if it still holds the version the writer read:
  of two racing writers one wins and the other gets :class:`Conflict` naming the record,
  so nothing is double-counted.
- :func:`case_visible` is the one visibility rule (``sharing.policy``) for a case
  record's table, joint-case agreements included.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session

from counterfraud.domain import RecordType, Viewer
from counterfraud.errors import Conflict, InvalidInput
from counterfraud.store.case_tables import CaseRow
from counterfraud.store.tables import utcnow
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
