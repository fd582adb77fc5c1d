"""The records version: every committed write to a table lookups read moves it, in the
writer's own transaction; reads, rolled-back writes and writes to other tables do not.
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from counterfraud.services import audit, ingest
from counterfraud.services.audit import Action
from counterfraud.services.store import Store
from counterfraud.store.changes import WATCHED, VersionReader
from counterfraud.store.lookups import TABLES_READ
from counterfraud.store.tables import ApiKeyRow, ReportRow


@pytest.fixture
def reader(store: Store) -> Iterator[VersionReader]:
    ingest.ingest_records(store, [(1, {"report_id": "CN-1", "scam_type": "investment",
                                       "phones": "+8613800138000", "marking": "TLP:GREEN"})],
                          agency="CN-MPS")
    opened = VersionReader(store.engine)
    yield opened
    opened.close()


def _orm_update(session: Session) -> None:
    session.execute(update(ReportRow).values(marking="TLP:AMBER"))


WRITES: dict[str, Callable[[Session], None]] = {
    "core-update-of-reports": _orm_update,
    "text-update-of-reports": lambda s: s.execute(text(
        "UPDATE reports SET scam_type = 'romance'")),
    "text-delete-from-link-evidence": lambda s: s.execute(text("DELETE FROM link_evidence")),
    "text-insert-into-identifiers": lambda s: s.execute(text(
        "INSERT INTO identifiers (kind, value, valid, details) "
        "VALUES ('phone', '+66811111111', true, '{}') ON CONFLICT (kind, value) DO NOTHING")),
    "driver-sql-update-of-agreements": lambda s: s.connection().exec_driver_sql(
        "UPDATE agreements SET purpose = purpose"),
    "an-update-of-no-row-counts-too": lambda s: s.execute(text(
        "UPDATE agencies SET name = name WHERE code = 'none'")),
}

NOT_WRITES: dict[str, Callable[[Session], None]] = {
    "select-of-reports": lambda s: s.execute(text("SELECT count(*) FROM reports")).one(),
    "update-of-api-keys": lambda s: s.execute(update(ApiKeyRow).values(role="analyst")),
    "insert-into-blocklist-changes-by-text": lambda s: s.execute(text(
        "DELETE FROM blocklist_changes")),
    "audit-entry-in-the-transaction": lambda s: audit.record(
        s, actor="operator", action=Action.WRITE, path="test", record_type="report",
        records=["CN-MPS/CN-1"]),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=list(WRITES))
def test_a_committed_write_moves_the_version(store: Store, reader: VersionReader,
                                             write: Callable[[Session], None]) -> None:
    before = reader.read()
    with store.transaction() as session:
        write(session)
        write(session)  # once per transaction, however many statements
    assert reader.read() == before + 1


@pytest.mark.parametrize("write", WRITES.values(), ids=list(WRITES))
def test_a_rolled_back_write_moves_nothing(store: Store, reader: VersionReader,
                                           write: Callable[[Session], None]) -> None:
    before = reader.read()
    with pytest.raises(RuntimeError), store.transaction() as session:
        write(session)
        raise RuntimeError("abandoned")
    assert reader.read() == before
    with store.transaction() as session:  # and the connection's next transaction reads
        session.execute(text("SELECT 1"))
    assert reader.read() == before


@pytest.mark.parametrize("work", NOT_WRITES.values(), ids=list(NOT_WRITES))
def test_reads_and_other_tables_move_nothing(store: Store, reader: VersionReader,
                                             work: Callable[[Session], None]) -> None:
    before = reader.read()
    with store.transaction() as session:
        work(session)
    assert reader.read() == before


def test_the_version_moves_with_the_write_not_before_its_commit(
        store: Store, reader: VersionReader) -> None:
    before = reader.read()
    with store.transaction() as session:
        _orm_update(session)
        session.flush()
        assert reader.read() == before  # another connection sees neither yet
    assert reader.read() == before + 1


def test_ingest_through_the_service_moves_the_version(store: Store,
                                                      reader: VersionReader) -> None:
    before = reader.read()
    ingest.ingest_records(store, [(1, {"report_id": "CN-1", "scam_type": "investment",
                                       "phones": "+8613800138000", "marking": "TLP:RED"})],
                          agency="CN-MPS")
    assert reader.read() > before


def test_what_lookups_read_is_watched() -> None:
    assert TABLES_READ <= WATCHED
    assert {"reports", "agreements", "agreement_grants"} <= TABLES_READ


def test_a_reader_whose_connection_was_lost_reconnects(store: Store,
                                                       reader: VersionReader) -> None:
    before = reader.read()
    reader._connection.driver_connection.close()  # as when the server drops it
    assert reader.read() == before
