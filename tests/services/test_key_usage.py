"""When API keys were last used: noted without waiting, written at most once a minute."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from counterfraud.domain import Agency, ApiRole
from counterfraud.services import access
from counterfraud.services.key_usage import INTERVAL, KeyUsage
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.store import agencies


@pytest.mark.parametrize(("later", "batches"), [
    pytest.param(1.0, 1, id="a second-later"),
    pytest.param(INTERVAL - 0.1, 1, id="just-within-the-interval"),
    pytest.param(INTERVAL, 2, id="once-the-interval-has-passed"),
])
def test_each_key_is_written_once_an_interval(later: float, batches: int) -> None:
    now = [1000.0]
    entered, release = threading.Event(), threading.Event()
    writes: list[dict[str, datetime]] = []

    def write(used: dict[str, datetime]) -> None:
        writes.append(used)
        entered.set()
        release.wait()  # the first batch is taken before the key is used again

    usage = KeyUsage(write, clock=lambda: now[0])
    usage.seen("hash-a")
    assert entered.wait(120)
    now[0] += later
    for _ in range(20):
        usage.seen("hash-a")
    release.set()
    usage.close()
    assert [sorted(batch) for batch in writes] == [["hash-a"]] * batches


def test_keys_are_counted_apart() -> None:
    writes: list[dict[str, datetime]] = []
    usage = KeyUsage(writes.append)
    for key in ("hash-a", "hash-b", "hash-a", "hash-b"):
        usage.seen(key)
    usage.close()
    assert sorted(k for batch in writes for k in batch) == ["hash-a", "hash-b"]


def test_noting_a_use_never_waits_for_the_database() -> None:
    entered, release = threading.Event(), threading.Event()

    def slow_write(used: dict[str, datetime]) -> None:
        entered.set()
        release.wait(120)  # bounded, so that a seen() writing itself fails, not hangs

    usage = KeyUsage(slow_write)
    usage.seen("hash-a")
    assert entered.wait(120)  # the writer is now stuck in the database
    noted = threading.Thread(target=lambda: [usage.seen(f"hash-{i}") for i in range(100)])
    noted.start()
    noted.join(120)  # a bound only a blocked caller reaches
    assert not noted.is_alive(), "seen() waited for the writer"
    release.set()
    usage.close()


def test_a_failing_write_is_dropped_and_the_next_still_runs() -> None:
    entered = threading.Event()
    writes: list[list[str]] = []

    def flaky(used: dict[str, datetime]) -> None:
        writes.append(sorted(used))
        if len(writes) == 1:
            entered.set()
            raise RuntimeError("database is locked")

    usage = KeyUsage(flaky)
    usage.seen("hash-a")
    assert entered.wait(120)  # the first batch is taken, and fails
    usage.seen("hash-b")
    usage.close()
    assert writes == [["hash-a"], ["hash-b"]]


def test_authenticating_records_last_use_on_close(backend_settings: Settings) -> None:
    store = open_store(backend_settings)
    access.ensure_agency(store, Agency("TH-CCIB", "TH", "CCIB"))
    key = access.create_key(store, agency="TH-CCIB", role=ApiRole.ANALYST)
    [listed] = access.list_keys(store)
    assert (listed.prefix, listed.last_used_at) == (key.prefix, None)
    before = datetime.now(UTC)
    for _ in range(3):
        access.authenticate(store, key.secret)
    store.close()  # writes what is queued
    reopened = open_store(backend_settings)
    try:
        [listed] = access.list_keys(reopened)
        assert listed.last_used_at is not None
        assert before - timedelta(seconds=1) <= listed.last_used_at <= datetime.now(UTC)
    finally:
        reopened.close()


def test_another_writer_within_the_minute_is_not_overwritten(store: Store) -> None:
    key = access.create_key(store, agency="TH-CCIB", role=ApiRole.ANALYST)
    key_hash = access._hash(store, key.secret)
    first = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    interval = timedelta(seconds=INTERVAL)
    for at in (first, first + interval / 2, first + interval * 2):
        with store.transaction() as session:
            agencies.touch_api_keys(session, {key_hash: at}, interval=interval)
    [listed] = access.list_keys(store)
    assert listed.last_used_at == first + interval * 2
    with store.transaction() as session:
        agencies.touch_api_keys(session, {key_hash: first + interval * 2.5},
                                interval=interval)
    assert access.list_keys(store)[0].last_used_at == first + interval * 2
