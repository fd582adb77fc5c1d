"""The audit log's rows: appending under the head's lock, reading in id order.

Every append first takes the write lock on the one head row — ``SELECT ... FOR UPDATE``
on PostgreSQL, SQLite's database write lock through a write to that row — and only then
reads the last hash, so appends from any number of processes queue up behind each other
and the chain never forks. The lock is held until the caller's transaction ends: append
last in a transaction, just before it commits. :func:`append` chains many entries under
one lock (a group commit: see services.group_commit); :func:`durable` makes its commit wait
for the disk on SQLite too.

A transaction that only reads may commit its entry without waiting for the disk on
PostgreSQL (``relaxed``): after a crash of the server the last fraction of a second of
read entries can be missing, all together with the head that pointed at them, so the
chain stays whole. This is the durability SQLite in WAL mode with ``synchronous=NORMAL``
gives every commit, and it keeps a report read cheap; writes are never relaxed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import Connection, Table, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from counterfraud.sharing.audit import GENESIS, AuditEntry, EntryBody, Head, chained
from counterfraud.store.tables import AuditEntryRow, AuditHeadRow

HEAD_ID = 1
PAGE = 5000

# Built once: an append is on every read's path, so it runs as few, cached statements.
_LOG = cast(Table, AuditEntryRow.__table__)
_HEAD = cast(Table, AuditHeadRow.__table__)
_COLUMNS = [_LOG.c[name] for name in ("id", "at", "actor", "action", "path", "record_type",
                                       "records", "detail", "prev_hash", "hash")]
_READ_HEAD = select(_HEAD.c.last_id, _HEAD.c.last_hash).where(_HEAD.c.id == HEAD_ID)
_INSERT_ENTRY = _LOG.insert()
_MOVE_HEAD = (_HEAD.update().where(_HEAD.c.id == HEAD_ID)
              .values(last_id=bindparam("new_id"), last_hash=bindparam("new_hash")))
_GENESIS = {"id": HEAD_ID, "last_id": 0, "last_hash": GENESIS}
_RELAXED = text("SET LOCAL synchronous_commit TO OFF")
_SQLITE_SYNCHRONOUS = "PRAGMA synchronous"


def lock_head(session: Session, *, relaxed: bool = False) -> Head:
    """The chain's head, locked for this transaction (created at genesis if missing);
    ``relaxed`` only for a transaction that writes nothing but its audit entry."""
    return _lock_head(session.connection(), relaxed=relaxed)


def save(session: Session, entry: AuditEntry) -> None:
    """Store ``entry`` and move the head to it; the head must be locked by this session."""
    connection = session.connection()
    connection.execute(_INSERT_ENTRY, _row(entry))
    connection.execute(_MOVE_HEAD, {"new_id": entry.id, "new_hash": entry.hash})


def append(connection: Connection, bodies: Sequence[EntryBody]) -> list[AuditEntry]:
    """Lock the head, chain ``bodies`` after it in their order, store them and move the
    head once, in ``connection``'s transaction (which the caller commits). The entries'
    time is read under the lock, so times never go backwards along the chain.

    This is every answered read's path, so on SQLite and PostgreSQL its few statements
    go to the driver as SQL written for it (:class:`_Driver`): through SQLAlchemy's
    execution they cost several times the database's own work."""
    driver = _Driver.of(connection)
    try:
        head = driver.lock_head() if driver else _lock_head(connection, relaxed=False)
        at = datetime.now(UTC)
        entries: list[AuditEntry] = []
        for body in bodies:
            entry = chained(head, body, at=at)
            entries.append(entry)
            head = Head(entry.id, entry.hash)
        if not entries:
            return entries
        if driver:
            driver.store(entries, head)
        else:
            connection.execute(_INSERT_ENTRY, [_row(e) for e in entries])
            connection.execute(_MOVE_HEAD, {"new_id": head.last_id,
                                            "new_hash": head.last_hash})
        return entries
    finally:
        if driver:
            driver.close()


class _Driver:
    """:func:`append`'s statements on the driver's cursor, inside the transaction the
    Connection began: the same SQL as the SQLAlchemy forms above, the same bound time
    (through the column type's own bind processor), errors raised as SQLAlchemy's.

    A batch is three statements: lock and read the head in one (an UPDATE that returns
    the row: on SQLite, a write is what takes the database's lock), insert every entry
    in one, move the head. Each statement lets the event loop's thread take the
    interpreter back, so fewer statements also wait less for it under load."""

    _PLACEHOLDER: ClassVar[dict[str, str]] = {"sqlite": "?", "postgresql": "%s"}

    def __init__(self, connection: Connection, mark: str) -> None:
        self._connection = connection
        self._dialect = connection.dialect
        self._mark = mark
        head = _HEAD.name
        self._lock = (f"UPDATE {head} SET last_id = last_id WHERE id = {HEAD_ID} "
                      f"RETURNING last_id, last_hash")
        self._genesis = (f"INSERT INTO {head} (id, last_id, last_hash) "
                         f"VALUES ({HEAD_ID}, 0, '{GENESIS}') ON CONFLICT (id) DO NOTHING")
        self._move = (f"UPDATE {head} SET last_id = {mark}, last_hash = {mark} "
                      f"WHERE id = {HEAD_ID}")
        self._at: Callable[[datetime], Any] = (
            _LOG.c.at.type.bind_processor(self._dialect) or _unchanged)
        self._cursor: Any = None

    @classmethod
    def of(cls, connection: Connection) -> _Driver | None:
        mark = cls._PLACEHOLDER.get(connection.dialect.name)
        version = connection.dialect.server_version_info or ()
        if mark is None or (connection.dialect.name == "sqlite" and version < (3, 35)):
            return None  # SQLite before 3.35 has no RETURNING
        return cls(connection, mark)

    def lock_head(self) -> Head:
        """The head, locked until the transaction ends (created at genesis if missing)."""
        row = self._run(self._lock, fetch=True)
        if row is None:
            self._run(self._genesis)
            row = self._run(self._lock, fetch=True)
        return Head(int(row[0]), str(row[1]))

    def store(self, entries: Sequence[AuditEntry], head: Head) -> None:
        values = [value for e in entries
                  for value in (e.id, self._at(e.at), e.actor, e.action, e.path,
                                e.record_type, e.records, e.detail, e.prev_hash, e.hash)]
        self._run(_insert_sql(self._mark, len(entries)), values)
        self._run(self._move, (head.last_id, head.last_hash))

    def _run(self, sql: str, params: Sequence[Any] = (), *, fetch: bool = False) -> Any:
        if self._cursor is None:
            driver = self._connection.connection.driver_connection
            assert driver is not None  # a connection in a transaction always has one
            self._cursor = driver.cursor()
        try:
            self._cursor.execute(sql, params)
            if not fetch:
                return None
            rows = self._cursor.fetchall()
            return rows[0] if rows else None
        except self._dialect.loaded_dbapi.Error as e:
            raise DBAPIError.instance(sql, None, e, self._dialect.loaded_dbapi.Error,
                                      hide_parameters=True, dialect=self._dialect) from e

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None


@functools.lru_cache(maxsize=64)
def _insert_sql(mark: str, rows: int) -> str:
    """One INSERT of ``rows`` entries: one statement however large the batch."""
    one = f"({', '.join([mark] * len(_COLUMNS))})"
    return (f"INSERT INTO {_LOG.name} ({', '.join(c.name for c in _COLUMNS)}) "
            f"VALUES {', '.join([one] * rows)}")


def durable(connection: Connection) -> None:
    """From now on, a commit on ``connection`` returns only once it is on disk.

    PostgreSQL does that already (``synchronous_commit`` on, its default). SQLite in WAL
    mode with ``synchronous=NORMAL`` (store.engine) survives a killed process but may lose
    its last commits to a power cut, so the connection is raised to ``FULL`` for the rest
    of its life: call it outside a transaction (SQLite refuses to change the level inside
    one), and invalidate the connection rather than hand it back to the pool. The pragma
    goes to the driver's connection directly, so it begins no transaction of
    SQLAlchemy's."""
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    assert driver is not None  # a checked-out connection always has one
    driver.execute(f"{_SQLITE_SYNCHRONOUS}=FULL")


def head(session: Session) -> Head | None:
    return _head(session.connection(), lock=False)


def last_entry_id(session: Session) -> int:
    return int(session.scalar(select(func.max(_LOG.c.id))) or 0)


def entries(session: Session, *, after: int = 0, up_to: int | None = None,
            since: datetime | None = None, actor: str | None = None) -> Iterator[AuditEntry]:
    """Entries in id order, read a page at a time (by id, so memory stays flat)."""
    last = after
    while True:
        query = select(*_COLUMNS).where(_LOG.c.id > last)
        if up_to is not None:
            query = query.where(_LOG.c.id <= up_to)
        if since is not None:
            query = query.where(_LOG.c.at >= since)
        if actor is not None:
            query = query.where(_LOG.c.actor == actor)
        rows = session.connection().execute(query.order_by(_LOG.c.id).limit(PAGE)).all()
        for row in rows:
            yield AuditEntry(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                             row[8], row[9])
        if len(rows) < PAGE:
            return
        last = rows[-1][0]


def _lock_head(connection: Connection, *, relaxed: bool) -> Head:
    dialect = connection.dialect.name
    if relaxed and dialect == "postgresql":
        connection.execute(_RELAXED)
    if dialect == "sqlite":  # a write takes the database lock; reads alone would not
        connection.execute(sqlite_insert(_HEAD).on_conflict_do_nothing(), _GENESIS)
        return _head(connection, lock=False) or Head(0, GENESIS)
    found = _head(connection, lock=True)
    if found is not None:
        return found
    if dialect == "postgresql":
        connection.execute(postgresql_insert(_HEAD).on_conflict_do_nothing(), _GENESIS)
    else:
        connection.execute(_HEAD.insert(), _GENESIS)
    return _head(connection, lock=True) or Head(0, GENESIS)


def _head(connection: Connection, *, lock: bool) -> Head | None:
    query = _READ_HEAD.with_for_update() if lock else _READ_HEAD
    row = connection.execute(query).first()
    return None if row is None else Head(int(row[0]), str(row[1]))


def _unchanged(value: Any) -> Any:
    return value


def _row(entry: AuditEntry) -> dict[str, Any]:
    return {"id": entry.id, "at": entry.at, "actor": entry.actor, "action": entry.action,
            "path": entry.path, "record_type": entry.record_type, "records": entry.records,
            "detail": entry.detail, "prev_hash": entry.prev_hash, "hash": entry.hash}
