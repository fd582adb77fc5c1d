"""Interceptions counted by the screening engine: per UTC day, channel and decision, in
memory, added to the store in the background and at close, on SQLite and PostgreSQL.
Nothing counted is lost at a clean close, however many threads screen, however many
stores (processes) add to the same rows, and a write the database refuses is kept for
the next one."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from counterfraud.domain import OPERATOR, Channel, Decision
from counterfraud.screening import CallItem, MessageItem, ScreeningEngine, UrlItem
from counterfraud.services import blocklist, kpi
from counterfraud.services.batch_screening import screen_file
from counterfraud.services.interceptions import InterceptionCounter, counter_of, write_counts
from counterfraud.services.screening import build_index
from counterfraud.services.store import Store, open_store
from counterfraud.store.case_tables import InterceptionCountRow

SCAM_DOMAIN = "sf-express-refund.top"
SCAM_PHONE = "+8613800138000"
HOUR = 3600.0


def stored(store: Store) -> dict[tuple[str, str, str], int]:
    with store.transaction() as session:
        found = session.execute(select(InterceptionCountRow.day, InterceptionCountRow.channel,
                                       InterceptionCountRow.decision,
                                       InterceptionCountRow.count))
        return {(d, c, k): n for d, c, k, n in found}


def engine_for(store: Store, counter: InterceptionCounter) -> ScreeningEngine:
    """A list-only engine (no text model) that blocks the scam domain and phone."""
    for kind, value in (("domain", SCAM_DOMAIN), ("phone", SCAM_PHONE)):
        blocklist.add_entry(store, blocklist.parse_target(kind, value), actor="analyst",
                            reason="reported by victims")
    return ScreeningEngine(build_index(store), None, counter=counter)


def messages(count: int, first: int = 0) -> list[MessageItem]:
    """Every third message names the blocked domain."""
    return [MessageItem(f"m{i}", f"Parcel held, pay at https://{SCAM_DOMAIN}/p{i}"
                        if i % 3 == 0 else f"Dinner at {i % 24}:00?") for i in
            range(first, first + count)]


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def test_counts_survive_close_and_reach_the_figures(store: Store,
                                                    backend_settings: object) -> None:
    engine = engine_for(store, counter_of(store, interval=HOUR))  # only close writes
    engine.screen_messages(messages(9))
    engine.screen_call(CallItem("c1", caller=SCAM_PHONE, callee="+66812345678"))
    engine.screen_call(CallItem("c2", caller="+66899999999", callee="+66812345678"))
    engine.screen_url(UrlItem("u1", f"https://{SCAM_DOMAIN}/login"))
    assert stored(store) == {}
    settings = store.settings
    store.close()
    reopened = open_store(settings)
    try:
        day = today()
        assert stored(reopened) == {(day, "message", "block"): 3, (day, "message", "allow"): 6,
                                    (day, "call", "block"): 1, (day, "call", "allow"): 1,
                                    (day, "url", "block"): 1}
        period = kpi.parse_period(day, day)
        found = kpi.kpi(reopened, OPERATOR, period=period).as_dict()
        assert found["intercepted"] == {"messages": 3, "calls": 1, "urls": 1}
        th = kpi.kpi(reopened, kpi.viewer_for(reopened, "TH-CCIB"), period=period,
                     by="month").as_dict()
        assert th["intercepted"] == found["intercepted"]  # the instance's, seen by all
        assert th["groups"][-1]["intercepted"] == found["intercepted"]
    finally:
        reopened.close()


def test_concurrent_screening_threads_lose_nothing(store: Store) -> None:
    counter = counter_of(store, interval=0.005)  # writes race with the counting
    engine = engine_for(store, counter)
    threads, per_thread, batch = 8, 600, 20
    start = threading.Barrier(threads)

    def screen(number: int) -> None:
        start.wait()
        for first in range(0, per_thread, batch):
            engine.screen_messages(messages(batch, number * per_thread + first))
            engine.screen_url(UrlItem("u", f"{SCAM_DOMAIN}"))

    workers = [threading.Thread(target=screen, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    counter.close()
    counts = stored(store)
    day = today()
    total = threads * per_thread
    assert counts[(day, "message", "block")] == total // 3
    assert counts[(day, "message", "allow")] == total - total // 3
    assert counts[(day, "url", "block")] == threads * (per_thread // batch)


def test_several_stores_add_to_the_same_rows(store: Store) -> None:
    """Each API worker or batch process has its own store: the upsert adds, never
    overwrites."""
    other = open_store(store.settings)
    try:
        first = InterceptionCounter(lambda c: _write(store, c), interval=HOUR)
        second = InterceptionCounter(lambda c: _write(other, c), interval=HOUR)
        engine_a = engine_for(store, first)
        engine_b = ScreeningEngine(engine_a.index, None, counter=second)
        for engine, count in ((engine_a, 2), (engine_b, 5), (engine_a, 1)):
            for i in range(count):
                engine.screen_url(UrlItem(f"u{i}", SCAM_DOMAIN))
            (first if engine is engine_a else second).flush()
        assert stored(store) == {(today(), "url", "block"): 8}
    finally:
        other.close()


def _write(store: Store, counts: dict[tuple[str, str, str], int]) -> None:
    from counterfraud.store import kpi as rows

    with store.transaction() as session:
        rows.add_interceptions(session, counts)


def test_a_refused_write_keeps_its_counts_for_the_next(store: Store) -> None:
    counter = counter_of(store, interval=HOUR)
    engine = engine_for(store, counter)
    engine.screen_url(UrlItem("u1", SCAM_DOMAIN))
    with store.engine.begin() as conn:  # the table gone: a real failure of the database
        conn.execute(text("ALTER TABLE interception_counts RENAME TO interception_counts_x"))
    with pytest.raises(Exception):  # noqa: B017 - the backend's own error class
        counter.flush()
    engine.screen_url(UrlItem("u2", SCAM_DOMAIN))
    assert counter.pending() == {(today(), "url", "block"): 2}
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE interception_counts_x RENAME TO interception_counts"))
    write_counts(store)
    assert counter.pending() == {}
    assert stored(store) == {(today(), "url", "block"): 2}


def test_verdicts_count_on_the_utc_day_they_were_given(store: Store) -> None:
    clock = [datetime(2025, 3, 31, 23, 59, 59, 900_000, tzinfo=UTC).timestamp()]
    counter = InterceptionCounter(lambda c: _write(store, c), interval=HOUR,
                                  clock=lambda: clock[0])
    engine = engine_for(store, counter)
    engine.screen_url(UrlItem("u1", SCAM_DOMAIN))
    clock[0] += 0.2  # 2025-04-01 00:00:00.1 UTC
    engine.screen_url(UrlItem("u2", SCAM_DOMAIN))
    engine.screen_url(UrlItem("u3", "https://example.org/"))
    counter.close()
    assert stored(store) == {("2025-03-31", "url", "block"): 1,
                             ("2025-04-01", "url", "block"): 1,
                             ("2025-04-01", "url", "allow"): 1}
    by_month = kpi.kpi(store, OPERATOR, period=kpi.Period(date(2025, 3, 1), date(2025, 4, 30)),
                       by="month").as_dict()
    assert [g["intercepted"]["urls"] for g in by_month["groups"]] == [1, 1]
    march = kpi.kpi(store, OPERATOR, period=kpi.parse_period("2025-03", "2025-03")).as_dict()
    assert march["intercepted"]["urls"] == 1


def test_warnings_are_counted_but_not_intercepted(store: Store) -> None:
    counter = InterceptionCounter(lambda c: _write(store, c), interval=HOUR)
    counter.counted(Channel.MESSAGE, [_verdict(Decision.WARN), _verdict(Decision.WARN),
                                      _verdict(Decision.BLOCK)])
    counter.close()
    day = today()
    assert stored(store) == {(day, "message", "warn"): 2, (day, "message", "block"): 1}
    found = kpi.kpi(store, OPERATOR, period=kpi.parse_period(day, day)).as_dict()
    assert found["intercepted"]["messages"] == 1


def _verdict(decision: Decision) -> object:
    from counterfraud.screening import Verdict

    return Verdict("x", Channel.MESSAGE, decision, 0.5, [], 1)


def test_a_file_screened_on_workers_is_counted(store: Store, tmp_path: Path) -> None:
    engine_for(store, counter_of(store, interval=HOUR))  # the blocklist
    path = tmp_path / "messages.jsonl"
    path.write_text("".join(json.dumps({"id": m.id, "text": m.text}) + "\n"
                            for m in messages(30)), encoding="utf-8")
    with (tmp_path / "out.jsonl").open("w", encoding="utf-8") as out:
        result = screen_file(store.settings, path, Channel.MESSAGE, out=out, workers=1)
    assert result.screened == 30
    counts = stored(store)
    assert sum(n for (_, channel, _), n in counts.items() if channel == "message") == 30
    assert counts[(today(), "message", "block")] == result.decisions["block"] >= 10


def test_a_days_count_may_pass_two_to_the_31st(store: Store) -> None:
    """A country's allowed messages of one day: billions, added twice."""
    key = (today(), "message", "allow")
    for _ in range(2):
        _write(store, {key: 3_000_000_000})
    assert stored(store) == {key: 6_000_000_000}
