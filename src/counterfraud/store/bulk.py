"""Backend-neutral bulk helpers: multi-row inserts (optionally ignoring conflicts) and
chunked (kind, value) look-ups.

Inserts that may collide with another writer's use ``ON CONFLICT DO NOTHING``, so a row
inserted first by a concurrent transaction is skipped rather than failing this one;
callers pass rows in key order, so that writers inserting overlapping keys queue on the
first key they share instead of deadlocking.

Inserts are one ``executemany`` per call: a compiled statement cached by SQLAlchemy,
which PostgreSQL engines send as batched multi-row VALUES (see ``make_engine``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Insert, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from counterfraud.identifiers import Identifier
from counterfraud.store.tables import IdentifierRow

CHUNK = 500
T = TypeVar("T")


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]], *,
                ignore_conflicts_on: list[str] | None = None) -> None:
    """Insert ``rows`` (all with the same keys).

    With ``ignore_conflicts_on``, rows that collide on those columns are skipped, which
    is also safe against a concurrent writer inserting the same keys."""
    if not rows:
        return
    session.execute(_insert(session, table, ignore_conflicts_on), rows)


def insert_new_rows(session: Session, table: Table, rows: list[dict[str, Any]], *,
                    unique: list[str], returning: list[str]) -> list[tuple[Any, ...]]:
    """Insert the ``rows`` whose ``unique`` columns match no stored row (nor one that a
    concurrent writer stores first); the ``returning`` columns of the rows inserted."""
    if not rows:
        return []
    statement = _insert(session, table, unique).returning(*(table.c[c] for c in returning))
    return [tuple(row) for row in session.execute(statement, rows)]


def _insert(session: Session, table: Table, conflict_columns: list[str] | None) -> Insert:
    if conflict_columns is None:
        return insert(table)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=conflict_columns)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=conflict_columns)
    raise NotImplementedError(f"no insert-or-ignore for {dialect}")  # pragma: no cover


def identifier_ids(session: Session, identifiers: Iterable[Identifier]) -> dict[Identifier, int]:
    """Ids for ``identifiers``, creating the missing ones."""
    wanted = {(i.kind.value, i.value): i for i in identifiers}
    known = _select_ids(session, list(wanted))
    missing = [wanted[key] for key in sorted(wanted) if key not in known]
    insert_rows(session, IdentifierRow.__table__,  # type: ignore[arg-type]
                [{"kind": i.kind.value, "value": i.value, "valid": i.valid,
                  "details": i.details} for i in missing],
                ignore_conflicts_on=["kind", "value"])
    if missing:
        known.update(_select_ids(session, [(i.kind.value, i.value) for i in missing]))
    return {identifier: known[key] for key, identifier in wanted.items()}


def _select_ids(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """One ``kind = ? AND value IN (...)`` query per kind and chunk: index-friendly on
    every backend, unlike a row-value ``IN`` over (kind, value) pairs."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, value in keys:
        by_kind[kind].append(value)
    found: dict[tuple[str, str], int] = {}
    for kind, values in by_kind.items():
        for part in chunked(values, 2000):
            rows = session.execute(select(IdentifierRow.value, IdentifierRow.id).where(
                IdentifierRow.kind == kind, IdentifierRow.value.in_(part)))
            found.update({(kind, value): id_ for value, id_ in rows})
    return found
