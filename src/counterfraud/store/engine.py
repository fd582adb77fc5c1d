"""Engines and sessions: built by factories from settings, never at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from counterfraud.errors import StoreUnavailable
from counterfraud.store.files import narrow, private_file

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout, and
    are private: the file is created 0600 before SQLite opens it (its WAL and SHM files
    take the same mode), in folders created 0700; an older, readable file is narrowed.

    Errors never show the statement's parameters (``hide_parameters``): they are the
    records being written, and errors end up in logs and on terminals."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            _private_database(Path(database))
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if engine.dialect.name == "postgresql":
        # Send executemany INSERTs as batched multi-row VALUES, not one statement per row.
        engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


def _private_database(path: Path) -> None:
    private_file(path)
    for suffix in SQLITE_SIDE_FILES:
        narrow(path.with_name(path.name + suffix))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back if it raises.

    The database's own message is kept to its first line: later lines (PostgreSQL's
    DETAIL) may quote the values of a row."""
    try:
        with factory.begin() as session:
            yield session
    except OperationalError as e:
        first_line = str(e.orig).strip().splitlines()[:1] or [type(e.orig).__name__]
        raise StoreUnavailable(f"database error: {first_line[0]}") from e
