"""Backend-neutral bulk helpers: insert-or-ignore and chunked (kind, value) look-ups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Table, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from counterfraud.identifiers import Identifier
from counterfraud.store.tables import IdentifierRow

CHUNK = 500
T = TypeVar("T")


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert_ignore(session: Session, table: Table, rows: list[dict[str, Any]],
                  conflict_columns: list[str]) -> None:
    """Insert ``rows``, skipping those that collide on ``conflict_columns``.

    Safe against a concurrent writer inserting the same keys (no IntegrityError)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table).on_conflict_do_nothing(
            index_elements=conflict_columns)
    elif dialect == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing(
            index_elements=conflict_columns)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported backends
        raise NotImplementedError(f"insert_ignore has no {dialect} form")
    for part in chunked(rows):
        session.execute(statement, list(part))


def identifier_ids(session: Session, identifiers: Iterable[Identifier]) -> dict[Identifier, int]:
    """Ids for ``identifiers``, creating the missing ones."""
    wanted = {(i.kind.value, i.value): i for i in identifiers}
    known = _select_ids(session, list(wanted))
    missing = [wanted[key] for key in wanted if key not in known]
    insert_ignore(session, IdentifierRow.__table__,  # type: ignore[arg-type]
                  [{"kind": i.kind.value, "value": i.value, "valid": i.valid,
                    "details": i.details} for i in missing], ["kind", "value"])
    if missing:
        known.update(_select_ids(session, [(i.kind.value, i.value) for i in missing]))
    return {identifier: known[key] for key, identifier in wanted.items()}


def _select_ids(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for part in chunked(keys):
        rows = session.execute(
            IdentifierRow.__table__.select()
            .with_only_columns(IdentifierRow.kind, IdentifierRow.value, IdentifierRow.id)
            .where(tuple_(IdentifierRow.kind, IdentifierRow.value).in_(list(part))))
        found.update({(kind, value): id_ for kind, value, id_ in rows})
    return found
