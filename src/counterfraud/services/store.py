"""The opened store: an engine and a session factory over a migrated database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from counterfraud.domain import Viewer
from counterfraud.errors import StoreUnavailable
from counterfraud.services.group_commit import GroupCommit
from counterfraud.services.interceptions import InterceptionCounter
from counterfraud.services.key_usage import KeyUsage
from counterfraud.services.lookup_cache import LookupCache
from counterfraud.settings import Settings
from counterfraud.store import migrate
from counterfraud.store.changes import track_changes
from counterfraud.store.engine import make_engine, make_sessionmaker, transaction


@dataclass
class Store:
    """``keys`` caches authenticated API keys (hash -> (viewer, checked at)) so the hot
    path does not query the database on every request; see services.access.
    ``audit_writer`` is the group commit of entries recorded on their own, started on
    first use (services.audit) and stopped, its queue committed, by :meth:`close`;
    ``key_usage`` likewise writes when keys were last used (services.key_usage);
    ``lookups`` keeps identifier lookups' answers until a write (services.lookup_cache);
    ``interceptions`` counts the screening engine's verdicts and adds them to the store
    in the background (services.interceptions), what it holds written by :meth:`close`."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    keys: dict[str, tuple[Viewer, float]] = field(default_factory=dict)
    audit_writer: GroupCommit | None = None
    key_usage: KeyUsage | None = None
    lookups: LookupCache | None = None
    interceptions: InterceptionCounter | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with transaction(self.sessions) as session:
            yield session

    def close(self) -> None:
        if self.interceptions is not None:
            self.interceptions.close()
        if self.key_usage is not None:
            self.key_usage.close()
        if self.audit_writer is not None:
            self.audit_writer.close()
        if self.lookups is not None:
            self.lookups.close()
        self.engine.dispose()


def open_store(settings: Settings, *, migrate_schema: bool = True) -> Store:
    """Connect to the configured database and bring its schema up to date. Every write
    through the store to the records lookups read moves the records version
    (store.changes), which kept lookup answers are checked against."""
    engine = make_engine(settings.effective_database_url)
    try:
        if migrate_schema:
            migrate.upgrade(engine)
    except OperationalError as e:
        engine.dispose()
        raise StoreUnavailable(
            f"cannot open the database {engine.url.render_as_string()}: {e.orig}") from e
    track_changes(engine)
    return Store(settings=settings, engine=engine, sessions=make_sessionmaker(engine))
