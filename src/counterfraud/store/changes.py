"""The records version: a number in the database that every committed write to the
records a lookup reads moves, in the same transaction as the write.

A process that keeps answers derived from those records (services.lookup_cache) reads
the version before it reads the records, tags what it read with it, and serves a kept
answer only while the version it reads again is the same: a write committed by any
process (another API worker, the command line, federation sync) is seen by the next
read that starts after that commit.

The version is the ``records_version`` row of ``counters``. :func:`track_changes` hooks
an engine so that a transaction that ran an INSERT, UPDATE or DELETE on a table of
:data:`WATCHED` increments that row just before it commits: the write and the new
version become visible together, and the row's lock is held only for the commit
(taken earlier, it could order against the locks of other writers and deadlock).
A write that is rolled back moves nothing. Writes made without the hook — by hand in
``psql`` or ``sqlite3``, or in AUTOCOMMIT mode, which no store engine uses — are not
counted: such a change is seen once a counted write follows, or after a restart.
"""

from __future__ import annotations

import contextlib
import re
import threading
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.exc import DBAPIError

from counterfraud.errors import StoreUnavailable

RECORDS_VERSION = "records_version"
# What an identifier lookup reads (store.lookups.TABLES_READ is held within it by a test).
WATCHED = frozenset({"agencies", "agreements", "agreement_grants", "identifiers", "links",
                     "link_evidence", "reports", "report_identifiers"})

_CHANGED = "counterfraud_records_changed"  # key in Connection.info: a watched write ran
_BUMP = (f"INSERT INTO counters (name, value) VALUES ('{RECORDS_VERSION}', 1) "
         f"ON CONFLICT (name) DO UPDATE SET value = counters.value + 1")
_READ = f"SELECT value FROM counters WHERE name = '{RECORDS_VERSION}'"
# the table a statement given as text writes to (a compiled one names its table itself)
_WRITTEN = re.compile(r"^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from|replace"
                      r"\s+into)\s+\"?(\w+)\"?", re.IGNORECASE)


def track_changes(engine: Engine) -> None:
    """Count ``engine``'s committed writes to :data:`WATCHED` tables in the version."""
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _bump_if_changed)
    event.listen(engine, "rollback", _forget)


def _note_write(conn: Connection, _cursor: Any, statement: str, _parameters: Any,
                context: DefaultExecutionContext | None, _executemany: bool) -> None:
    if _CHANGED not in conn.info and _writes_watched(statement, context):
        conn.info[_CHANGED] = True


def _writes_watched(statement: str, context: DefaultExecutionContext | None) -> bool:
    """Whether ``statement`` writes a watched table: a compiled INSERT, UPDATE or DELETE
    names its table; one given as text is read from its first words."""
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        table = getattr(getattr(context.compiled, "statement", None), "table", None)
        name = getattr(table, "name", None)
        if isinstance(name, str):
            return name in WATCHED
    found = _WRITTEN.match(statement)
    return found is not None and found.group(1).lower() in WATCHED


def _bump_if_changed(conn: Connection) -> None:
    if conn.info.pop(_CHANGED, None):
        conn.exec_driver_sql(_BUMP)


def _forget(conn: Connection) -> None:
    conn.info.pop(_CHANGED, None)


class VersionReader:
    """Reads the records version on one connection kept for it, outside any transaction,
    so that each read sees every write committed before it began: one short statement,
    with no pool check-out and no transaction to open and end. Thread-safe; a connection
    the server dropped is replaced once before an error is raised."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._connection: Any = None  # a pooled DBAPI connection, in autocommit mode

    def read(self) -> int:
        """The version now (0 before the first counted write). Raises StoreUnavailable."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    return self._read()
                except self._engine.dialect.loaded_dbapi.Error as e:
                    self._drop()
                    if attempt == 2:
                        raise StoreUnavailable(f"database error: {_first_line(e)}") from e
            raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _read(self) -> int:
        if self._connection is None:
            try:
                connection = self._engine.raw_connection()
            except DBAPIError as e:
                raise StoreUnavailable(f"database error: {_first_line(e.orig or e)}") from e
            if self._engine.dialect.name != "sqlite" and connection.driver_connection:
                connection.driver_connection.autocommit = True
            # SQLite's driver opens a transaction only before a write: a SELECT alone is
            # its own read, as every statement is in autocommit mode elsewhere
            self._connection = connection
        cursor = self._connection.cursor()
        try:
            cursor.execute(_READ)
            row = cursor.fetchone()
        finally:
            cursor.close()
        return 0 if row is None else int(row[0])

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        with contextlib.suppress(Exception):  # a broken connection is gone either way
            connection.invalidate()


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
