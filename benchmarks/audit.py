"""Audit trail: append rate (one caller appending one entry at a time, and 16 callers at
once, whose entries the group commit gathers into shared transactions), the cost it
adds to reading one report, and verification rate (entries/second) of
``counterfraud audit verify`` over a long chain.

Side by side, in the same run: the same report read without its audit entry (the read
path as it was before the trail), and the floor a verifier cannot beat — hashlib SHA-256 over
the very bytes each entry hashes, chained, with no database — and reading the same rows
from the database without hashing them.

    python benchmarks/audit.py [--entries 200000] [--appends 2000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text, update

from counterfraud.domain import Agency, ApiRole, Viewer
from counterfraud.services import audit, ingest, reports
from counterfraud.services.access import ensure_agency
from counterfraud.services.audit import Action
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.audit import GENESIS, AuditEntry, Head, canonical_time, new_entry
from counterfraud.sharing.signing import canonical_json
from counterfraud.store import audit as audit_rows
from counterfraud.store import queries
from counterfraud.store.tables import AuditEntryRow, AuditHeadRow

BATCH = 10_000
THREADS = 16


def fresh_store(folder: Path, url: str | None) -> Store:
    settings = Settings(data_dir=folder, database_url=url or f"sqlite:///{folder}/audit.db")
    store = open_store(settings)
    with store.engine.begin() as conn:  # a benchmark database, emptied for each run
        conn.execute(text("DELETE FROM audit_log"))
        conn.execute(text("DELETE FROM audit_head"))
    return store


def measure_appends(store: Store, count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        audit.record(store, actor="TH-CCIB:cf_bench000", action=Action.READ,
                     path="api GET /v1/reports/{agency}/{report_id}", record_type="report",
                     records=[f"CN-MPS/R{i}"])
    return time.perf_counter() - started


def measure_concurrent_appends(store: Store, count: int, threads: int) -> float:
    """Seconds for ``threads`` callers to append ``count`` entries in all, each waiting
    for its entry to be durable, as concurrent API requests do."""
    def append(worker: int) -> None:
        for i in range(count // threads):
            audit.record(store, actor=f"TH-CCIB:cf_bench{worker:03d}", action=Action.READ,
                         path="api GET /v1/reports/{agency}/{report_id}",
                         record_type="report", records=[f"CN-MPS/R{i}"])

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(append, range(threads)))
    return time.perf_counter() - started


def measure_report_reads(store: Store, count: int) -> tuple[float, float]:
    """Seconds for ``count`` report reads through the service (read + audit entry, one
    transaction) and for the same reads without the entry."""
    ensure_agency(store, Agency("CN-MPS", "CN", "Ministry of Public Security"))
    rows = [(i, {"report_id": f"R{i}", "phones": f"+86138{i:08d}", "marking": "TLP:AMBER",
                 "scam_type": "investment", "narrative": "benchmark"}) for i in range(200)]
    ingest.ingest_records(store, rows, agency="CN-MPS")
    viewer = Viewer(agency="CN-MPS", role=ApiRole.ANALYST)
    started = time.perf_counter()
    for i in range(count):
        reports.get_report(store, "CN-MPS", f"R{i % 200}", viewer)
    audited = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(count):
        with store.transaction() as session:
            queries.get_report(session, "CN-MPS", f"R{i % 200}", viewer)
    return audited, time.perf_counter() - started


def chain(count: int, start: Head) -> list[AuditEntry]:
    """``count`` entries after ``start``, like those reads and ingest batches write."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    entries, head = [], start
    for i in range(count):
        entry = new_entry(head, at=at + timedelta(milliseconds=i), actor="TH-CCIB:cf_bench000",
                          action=Action.READ, path="api GET /v1/reports/{agency}/{report_id}",
                          record_type="report", records=[f"CN-MPS/R{i}", f"CN-MPS/R{i + 1}"],
                          detail={"total": i})
        entries.append(entry)
        head = Head(entry.id, entry.hash)
    return entries


def store_chain(store: Store, entries: list[AuditEntry]) -> None:
    with store.transaction() as session:
        audit_rows.lock_head(session)
        for start in range(0, len(entries), BATCH):
            session.execute(insert(AuditEntryRow), [
                {"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "path": e.path,
                 "record_type": e.record_type, "records": e.records, "detail": e.detail,
                 "prev_hash": e.prev_hash, "hash": e.hash}
                for e in entries[start:start + BATCH]])
        last = entries[-1]
        session.execute(update(AuditHeadRow).where(AuditHeadRow.id == audit_rows.HEAD_ID)
                        .values(last_id=last.id, last_hash=last.hash))


def peer_hashlib(entries: list[AuditEntry]) -> float:
    """The same chained SHA-256 over the same bytes, from memory: no database, no parsing."""
    bodies = [canonical_json({"at": canonical_time(e.at), "actor": e.actor, "action": e.action,
                              "path": e.path, "record_type": e.record_type,
                              "records": e.records, "detail": e.detail}) for e in entries]
    started = time.perf_counter()
    prev = entries[0].prev_hash
    for body in bodies:
        prev = hashlib.sha256(prev.encode() + body).hexdigest()
    elapsed = time.perf_counter() - started
    assert prev == entries[-1].hash
    return elapsed


def read_only(store: Store) -> float:
    started = time.perf_counter()
    with store.transaction() as session:
        count = sum(1 for _ in audit_rows.entries(session))
    assert count
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--appends", type=int, default=2_000)
    parser.add_argument("--database-url", default=None,
                        help="measure another backend, e.g. postgresql+psycopg://...")
    args = parser.parse_args()
    backend = (args.database_url or "sqlite").split(":", 1)[0]
    with tempfile.TemporaryDirectory() as tmp:
        store = fresh_store(Path(tmp), args.database_url)
        elapsed = measure_appends(store, args.appends)
        print(f"append ({backend}, one caller, one durable commit each): {args.appends:,} "
              f"entries in {elapsed:.2f} s = {args.appends / elapsed:,.0f} entries/s")
        elapsed = measure_concurrent_appends(store, args.appends, THREADS)
        print(f"append ({backend}, {THREADS} callers at once, group commit): {args.appends:,} "
              f"entries in {elapsed:.2f} s = {args.appends / elapsed:,.0f} entries/s")
        audited, plain = measure_report_reads(store, args.appends)
        print(f"report read ({backend}): {audited / args.appends * 1000:.2f} ms with its "
              f"audit entry, {plain / args.appends * 1000:.2f} ms without")
        with store.transaction() as session:
            head = audit_rows.head(session) or Head(0, GENESIS)
        entries = chain(args.entries, head)
        store_chain(store, entries)
        total = head.last_id + len(entries)
        started = time.perf_counter()
        report = audit.verify(store)
        elapsed = time.perf_counter() - started
        assert report.intact and report.entries == total, report
        print(f"counterfraud audit verify ({backend}): {total:,} entries in {elapsed:.2f} s = "
              f"{total / elapsed:,.0f} entries/s")
        reading = read_only(store)
        print(f"reading the same rows without hashing ({backend}): {total / reading:,.0f} "
              f"entries/s")
        peer = peer_hashlib(entries)
        print(f"peer hashlib SHA-256 chain over the same bytes, in memory: "
              f"{len(entries) / peer:,.0f} entries/s")
        store.close()


if __name__ == "__main__":
    main()
