"""Group commit of audit entries: concurrent reads each leave exactly one entry on an
intact chain, a failed batch fails every waiter and leaves nothing, closing commits what
is queued, and the batch's commit waits for the disk. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise

import pytest
from sqlalchemy import Connection, event

from counterfraud.domain import ApiRole, Viewer
from counterfraud.errors import StoreUnavailable
from counterfraud.services import audit, ingest, reports
from counterfraud.services.audit import Action
from counterfraud.services.group_commit import GroupCommit
from counterfraud.services.store import Store
from counterfraud.sharing.audit import AuditEntry, EntryBody
from counterfraud.store import audit as rows

TH = Viewer(agency="TH-CCIB", role=ApiRole.ANALYST)
PHONES = [f"+861380013{i:04d}" for i in range(8)]
THREADS = 16
EACH = 25


def _threads(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run ``work(i)`` in ``count`` threads started together; the errors they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(i: int) -> None:
        start.wait()
        try:
            work(i)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def _record(store: Store, n: int) -> None:
    audit.record(store, actor="operator", action=Action.READ, path="test",
                 record_type="report", records=[f"CN-MPS/{n}"])


def _body(n: int) -> EntryBody:
    return EntryBody.of(actor="operator", action=Action.READ, path="test",
                        record_type="report", records=[f"CN-MPS/{n}"])


def _append(writer: GroupCommit, n: int) -> None:
    writer.append(_body(n))


def test_concurrent_lookups_leave_exactly_one_entry_each(store: Store) -> None:
    ingest.ingest_records(store, [(i, {"report_id": f"CN-{i}", "scam_type": "investment",
                                       "phones": phone, "marking": "TLP:CLEAR"})
                                  for i, phone in enumerate(PHONES)], agency="CN-MPS")
    before = len(audit.entries(store))
    asked: Counter[str] = Counter()
    counting = threading.Lock()

    def lookups(worker: int) -> None:
        for n in range(EACH):
            phone = PHONES[(worker + n) % len(PHONES)]
            assert reports.lookup(store, "phone", phone, TH).known
            assert not reports.lookup(store, "phone", f"+6689000{worker:02d}{n:02d}",
                                      TH).known  # finds nothing, writes nothing
            with counting:
                asked[f"phone:{phone}"] += 1

    assert _threads(THREADS, lookups) == []
    entries = audit.entries(store)[before:]
    assert len(entries) == THREADS * EACH
    assert all((e.action, e.path, e.record_type) == ("read", "cli lookup", "sighting")
               for e in entries)
    assert Counter(json.loads(e.records)[0] for e in entries) == asked
    assert [e.id for e in entries] == list(range(before + 1, before + 1 + len(entries)))
    assert all(a.at <= b.at for a, b in pairwise(entries))
    report = audit.verify(store)
    assert report.intact, report.problem
    assert report.entries == before + THREADS * EACH


def test_reads_on_their_own_and_writes_in_their_transaction_share_one_chain(
        store: Store) -> None:
    def work(i: int) -> None:
        for n in range(10):
            if i % 2:
                audit.record(store, actor=f"reader-{i}", action=Action.READ, path="test",
                             record_type="report", records=[f"CN-MPS/{n}"])
            else:
                with store.transaction() as session:
                    audit.record(session, actor=f"writer-{i}", action=Action.WRITE,
                                 path="test", record_type="report", records=[f"CN-MPS/{n}"])

    assert _threads(8, work) == []
    entries = audit.entries(store)
    assert Counter(e.actor for e in entries) == {
        f"{'reader' if i % 2 else 'writer'}-{i}": 10 for i in range(8)}
    assert audit.verify(store).intact


def test_a_batch_that_fails_fails_every_waiter_and_leaves_nothing(store: Store) -> None:
    _record(store, 0)
    stored: list[int] = []

    def append_then_fail(connection: Connection,
                         bodies: Sequence[EntryBody]) -> list[AuditEntry]:
        with connection.begin():
            stored.extend(e.id for e in rows.append(connection, bodies))
            raise RuntimeError("the disk is full")

    writer = GroupCommit(store.engine.connect, append_then_fail)
    try:
        errors = _threads(THREADS, lambda n: _append(writer, n))
    finally:
        writer.close()
    assert len(errors) == THREADS
    assert all(isinstance(e, StoreUnavailable) and "RuntimeError" in str(e) for e in errors)
    assert stored, "the failing commit never ran"
    assert [e.id for e in audit.entries(store)] == [1]  # the batches were rolled back
    _record(store, 1)
    report = audit.verify(store)
    assert report.intact and report.entries == 2, report.problem


def test_an_entry_the_database_refuses_fails_only_its_own_request(store: Store) -> None:
    first = threading.Event()
    release = threading.Event()

    def refusing(connection: Connection, bodies: Sequence[EntryBody]) -> list[AuditEntry]:
        if not first.is_set():  # hold the first batch while the next one gathers
            first.set()
            release.wait(120)
        with connection.begin():
            entries = rows.append(connection, bodies)
            if any("poison" in b.records for b in bodies):
                raise ValueError("value too long for type character varying(24)")
            return entries

    writer = GroupCommit(store.engine.connect, refusing)
    outcomes: dict[int, str] = {}

    def append(n: int) -> None:
        body = _body(n) if n != 3 else EntryBody.of(
            actor="operator", action=Action.READ, path="test", record_type="report",
            records=["poison"])
        try:
            outcomes[n] = writer.append(body).hash
        except StoreUnavailable:
            outcomes[n] = "failed"

    try:
        holder = threading.Thread(target=append, args=(0,))
        holder.start()
        assert first.wait(120)
        others = [threading.Thread(target=append, args=(n,)) for n in range(1, 6)]
        for t in others:
            t.start()
        _until(lambda: writer.waiting == 6)  # all five queued behind the held batch
        release.set()
        for t in [holder, *others]:
            t.join(120)
    finally:
        writer.close()
    assert [n for n, o in sorted(outcomes.items()) if o == "failed"] == [3]
    assert len(audit.entries(store)) == 5
    assert audit.verify(store).intact


def test_close_commits_what_is_queued_then_refuses(store: Store) -> None:
    release = threading.Event()

    def slow_commit(connection: Connection, bodies: Sequence[EntryBody]) -> list[AuditEntry]:
        release.wait(120)  # the first batch holds the writer while the others queue
        with connection.begin():
            return rows.append(connection, bodies)

    writer = GroupCommit(store.engine.connect, slow_commit)
    results: list[AuditEntry] = []
    appenders = [threading.Thread(target=lambda n=n: results.append(writer.append(_body(n))))
                 for n in range(5)]
    for t in appenders:
        t.start()
    _until(lambda: writer.waiting == 5)  # every append is in before close() is called
    closing = threading.Thread(target=writer.close)
    closing.start()
    release.set()
    closing.join(120)
    for t in appenders:
        t.join(120)
    assert sorted(e.id for e in results) == [1, 2, 3, 4, 5]
    assert [e.id for e in audit.entries(store)] == [1, 2, 3, 4, 5]
    with pytest.raises(StoreUnavailable, match="closed"):
        writer.append(_body(6))


@pytest.mark.parametrize("entries", [1, 20])
def test_entries_recorded_on_their_own_commit_durably(store: Store, entries: int) -> None:
    """What the database says at each commit: SQLite ``synchronous`` FULL (2), not the
    engine's NORMAL (1); PostgreSQL ``synchronous_commit`` on, not the relaxed off."""
    sqlite = store.engine.dialect.name == "sqlite"
    levels: list[str] = []

    def at_commit(connection: Connection) -> None:
        driver = connection.connection.driver_connection
        assert driver is not None
        query = "PRAGMA synchronous" if sqlite else "SHOW synchronous_commit"
        levels.append(str(driver.execute(query).fetchone()[0]))

    event.listen(store.engine, "commit", at_commit)
    try:
        assert _threads(entries, lambda n: _record(store, n)) == []
    finally:
        event.remove(store.engine, "commit", at_commit)
    assert levels and set(levels) == {"2" if sqlite else "on"}
    assert len(audit.entries(store)) == entries
    if sqlite:  # the pooled connection is back at the engine's level
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1


def _counting(store: Store) -> tuple[Callable[[], Connection], list[Connection]]:
    opened: list[Connection] = []

    def connect() -> Connection:
        opened.append(store.engine.connect())
        return opened[-1]

    return connect, opened


def _plain_commit(connection: Connection, bodies: Sequence[EntryBody]) -> list[AuditEntry]:
    with connection.begin():
        return rows.append(connection, bodies)


def test_coroutines_await_their_entries_on_one_chain_and_one_connection(
        store: Store) -> None:
    connect, opened = _counting(store)
    writer = GroupCommit(connect, _plain_commit)

    async def appends() -> list[AuditEntry]:
        return list(await asyncio.gather(*(writer.append_async(_body(n))
                                           for n in range(THREADS * 4))))

    try:
        entries = asyncio.run(appends())
    finally:
        writer.close()
    assert sorted(e.id for e in entries) == list(range(1, THREADS * 4 + 1))
    assert sorted(json.loads(e.records)[0] for e in entries) == sorted(
        f"CN-MPS/{n}" for n in range(THREADS * 4))
    assert len(opened) == 1  # kept from one batch to the next
    assert writer.waiting == 0
    assert audit.verify(store).intact


def test_a_failed_batch_fails_its_coroutine_and_the_next_batch_reconnects(
        store: Store) -> None:
    connect, opened = _counting(store)
    failures = [RuntimeError("the disk is full")]

    def fail_once(connection: Connection, bodies: Sequence[EntryBody]) -> list[AuditEntry]:
        with connection.begin():
            entries = rows.append(connection, bodies)
            if failures:
                raise failures.pop()
            return entries

    writer = GroupCommit(connect, fail_once)
    try:
        with pytest.raises(StoreUnavailable, match="RuntimeError"):
            asyncio.run(writer.append_async(_body(0)))
        assert asyncio.run(writer.append_async(_body(1))).id == 1
    finally:
        writer.close()
    assert len(opened) == 2  # the failed batch's connection was not used again
    assert [json.loads(e.records) for e in audit.entries(store)] == [["CN-MPS/1"]]


def test_a_coroutine_cancelled_while_waiting_leaves_its_entry_committed(
        store: Store) -> None:
    """Its records may already be on their way: the entry stays, and the writer goes on."""
    holding = threading.Event()
    release = threading.Event()

    def held(connection: Connection, bodies: Sequence[EntryBody]) -> list[AuditEntry]:
        holding.set()
        release.wait(120)
        return _plain_commit(connection, bodies)

    writer = GroupCommit(store.engine.connect, held)

    async def cancel_one() -> None:
        task = asyncio.ensure_future(writer.append_async(_body(0)))
        await asyncio.to_thread(holding.wait, 120)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    try:
        asyncio.run(cancel_one())
        release.set()
        assert writer.append(_body(1)).id == 2
    finally:
        release.set()
        writer.close()
    assert [e.id for e in audit.entries(store)] == [1, 2]
    assert writer.waiting == 0
