"""Writers racing on the same report ids and identifiers: every batch succeeds, each
report is stored once (and counted new once), nothing is lost, the trail is whole.

Threads share one store as the API's worker threads do; a barrier starts each round
together so the writes overlap. The first two rounds write new reports, the next two
rewrite them (with other identifiers). The assertions hold whatever the interleaving.
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from counterfraud.services import audit, ingest
from counterfraud.services.ingest import IngestResult
from counterfraud.services.store import Store
from counterfraud.store.tables import IdentifierRow, ReportIdentifierRow, ReportRow

THREADS = 6
ROUNDS = 4
PER_ROUND = 40
IDS = 2  # sets of report ids: round r writes set r % IDS


def _rows(thread: int, round_: int) -> list[tuple[int, dict[str, object]]]:
    """The same rows for every thread in a round, in an order that differs by thread."""
    order = list(range(PER_ROUND))
    if thread % 2:
        order.reverse()
    return [(n, {"report_id": f"R{round_ % IDS}-{i}", "scam_type": "investment",
                 "phones": f"+86138{round_:03d}{i:05d}",
                 "urls": f"https://pay.scam{round_}-{i}.top/login",
                 "narrative": f"written by thread {thread}"})
            for n, i in enumerate(order, 1)]


def _write(store: Store, thread: int, barrier: threading.Barrier,
           results: list[IngestResult], failures: list[BaseException]) -> None:
    try:
        for round_ in range(ROUNDS):
            barrier.wait(timeout=120)
            results.append(ingest.ingest_records(store, _rows(thread, round_),
                                                 agency="CN-MPS"))
    except BaseException as e:  # reported by the test, not lost in the thread
        failures.append(e)
        barrier.abort()


def _count(store: Store, table: type) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_threads_writing_the_same_new_reports(store: Store) -> None:
    barrier = threading.Barrier(THREADS)
    results: list[IngestResult] = []
    failures: list[BaseException] = []
    threads = [threading.Thread(target=_write, args=(store, t, barrier, results, failures))
               for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, [f"{type(e).__name__}: {e}"[:300] for e in failures]
    reports = IDS * PER_ROUND
    assert [r.accepted for r in results] == [PER_ROUND] * THREADS * ROUNDS
    assert sum(r.new for r in results) == reports
    assert _count(store, ReportRow) == reports
    # a phone, a URL and its domain per report and round, each identifier stored once;
    # each report keeps the three of the last round that wrote it
    assert _count(store, IdentifierRow) == 3 * ROUNDS * PER_ROUND
    assert _count(store, ReportIdentifierRow) == 3 * reports
    assert audit.verify(store).intact
