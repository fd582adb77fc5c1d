"""Lookup answers kept between requests are never served across a write: whatever
changes what a viewer may see — a marking, an agreement revoked or added, a report, a
co-reported identifier — is seen by the next lookup, whether this store wrote it,
another store on the same database (another worker), or another process; and an
agreement that ends or starts with time is seen without any write. SQLite and
PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from counterfraud.domain import ApiRole, IdentifierLookup, Viewer
from counterfraud.errors import StoreUnavailable
from counterfraud.services import agreements, ingest, reports
from counterfraud.services.lookup_cache import LookupCache, _SharedReads
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

CN, TH = "CN-MPS", "TH-CCIB"
ANALYST = Viewer(agency=TH, role=ApiRole.ANALYST)
PHONE = "+8613800138000"
OTHER_PHONE = "+8613900139000"


def _report(report_id: str, *, marking: str = "TLP:GREEN",
            phones: str = PHONE) -> dict[str, Any]:
    return {"report_id": report_id, "scam_type": "investment", "phones": phones,
            "marking": marking, "reported_at": "2024-03-01T10:00:00Z"}


def _ingest(store: Store, *rows: dict[str, Any]) -> None:
    result = ingest.ingest_records(store, enumerate(rows, 1), agency=CN)
    assert result.rejected == 0, result.errors


def _share(store: Store, **when: datetime) -> int:
    made = agreements.add_agreement(store, grantor=CN, grantee=TH, markings=["TLP:GREEN"],
                                    record_types=["all"], purpose="fraud investigations",
                                    legal_basis="bilateral_mou", **when)  # type: ignore[arg-type]
    assert made.id is not None
    return made.id


@dataclass
class World:
    store: Store
    settings: Settings
    agreement: int


@pytest.fixture
def world(store: Store, backend_settings: Settings) -> World:
    """CN's GREEN report on PHONE, shared with TH by an agreement."""
    _ingest(store, _report("CN-1"))
    return World(store, backend_settings, _share(store))


def _lookup(store: Store, phone: str = PHONE) -> IdentifierLookup:
    return reports.lookup(store, "phone", phone, ANALYST)


def test_a_second_lookup_is_the_kept_answer(world: World) -> None:
    """What the tests below rely on: without a write, the answer is not read again."""
    first = _lookup(world.store)
    assert first.known
    assert _lookup(world.store) is first


WRITES: dict[str, Callable[[Store, World], None]] = {
    "marking-raised-to-amber": lambda s, w: _ingest(s, _report("CN-1", marking="TLP:AMBER")),
    "agreement-revoked": lambda s, w: agreements.revoke_agreement(s, w.agreement),
    "another-report": lambda s, w: _ingest(s, _report("CN-2")),
    "a-co-reported-identifier": lambda s, w: _ingest(
        s, _report("CN-2", phones=f"{PHONE};{OTHER_PHONE}")),
}


def _seen(found: IdentifierLookup) -> tuple[bool, int, frozenset[str]]:
    return (found.known, found.reports,
            frozenset(li.identifier.value for li in found.linked))


EXPECTED = {
    "marking-raised-to-amber": (False, 0, frozenset()),
    "agreement-revoked": (False, 0, frozenset()),
    "another-report": (True, 2, frozenset()),
    "a-co-reported-identifier": (True, 2, frozenset({OTHER_PHONE})),
}


@pytest.mark.parametrize("writer", ["this-store", "another-store"])
@pytest.mark.parametrize("write", list(WRITES))
def test_the_next_lookup_sees_a_write(world: World, write: str, writer: str) -> None:
    assert _seen(_lookup(world.store)) == (True, 1, frozenset())
    if writer == "this-store":
        WRITES[write](world.store, world)
    else:  # another API worker, or the command line, on the same database
        other = open_store(world.settings)
        try:
            WRITES[write](other, world)
        finally:
            other.close()
    assert _seen(_lookup(world.store)) == EXPECTED[write]


def test_a_write_by_another_process_is_seen(world: World, tmp_path: Path) -> None:
    assert _lookup(world.store).known
    reports_file = tmp_path / "amber.csv"
    reports_file.write_text("report_id,scam_type,phones,marking\n"
                            f"CN-1,investment,{PHONE},TLP:AMBER\n")
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(world.settings.data_dir),
           "COUNTERFRAUD_DATABASE_URL": str(world.settings.effective_database_url)}
    done = subprocess.run([sys.executable, "-m", "counterfraud", "ingest", str(reports_file),
                           "--agency", CN, "--on-conflict", "update"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert not _lookup(world.store).known


def test_an_agreement_that_ends_is_seen_when_it_ends(store: Store) -> None:
    _ingest(store, _report("CN-1"))
    ends = datetime.now(UTC) + timedelta(seconds=1.5)
    _share(store, valid_from=datetime.now(UTC) - timedelta(days=1), valid_to=ends)
    assert _lookup(store).known
    assert _lookup(store).known  # kept, and still right
    time.sleep(max(0.0, (ends - datetime.now(UTC)).total_seconds()) + 0.05)
    assert not _lookup(store).known


def test_an_agreement_that_starts_is_seen_when_it_starts(store: Store) -> None:
    _ingest(store, _report("CN-1"))
    starts = datetime.now(UTC) + timedelta(seconds=1.5)
    _share(store, valid_from=starts)
    assert not _lookup(store).known
    time.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.05)
    assert _lookup(store).known


def test_each_agency_has_its_own_answer(world: World) -> None:
    _ingest(world.store, _report("CN-2", marking="TLP:AMBER"))
    assert _lookup(world.store).reports == 1
    assert reports.lookup(world.store, "phone", PHONE, Viewer(agency=CN)).reports == 2
    assert reports.lookup(world.store, "phone", PHONE, Viewer(agency="LA-MPS")).known is False


def test_every_known_lookup_still_leaves_its_entry(world: World) -> None:
    from counterfraud.services import audit

    before = len(audit.entries(world.store))
    for _ in range(3):
        _lookup(world.store)
    assert len(audit.entries(world.store)) == before + 3


@pytest.mark.parametrize(("now", "kept"), [
    pytest.param(0, True, id="when-read"),
    pytest.param(59, True, id="before-the-next-agreement-change"),
    pytest.param(60, False, id="at-the-next-agreement-change"),
    pytest.param(-1, False, id="clock-gone-back"),
])
def test_an_answer_is_kept_only_until_the_next_agreement_change(
        store: Store, now: int, kept: bool) -> None:
    cache = LookupCache(store.engine, size=4)
    try:
        read_at = datetime(2025, 1, 1, tzinfo=UTC)
        answer = _lookup(store)
        cache.put(("TH-CCIB", "phone", PHONE, None), answer, version=3, read_at=read_at,
                  until=read_at + timedelta(seconds=60))
        found = cache.get(("TH-CCIB", "phone", PHONE, None), version=3,
                          now=read_at + timedelta(seconds=now))
        assert (found is answer) is kept
        assert cache.get(("TH-CCIB", "phone", PHONE, None), version=4, now=read_at) is None
    finally:
        cache.close()


def test_the_cache_keeps_at_most_its_size(store: Store) -> None:
    cache = LookupCache(store.engine, size=2)
    try:
        answer = _lookup(store)
        at = datetime.now(UTC)
        for n in range(5):
            cache.put(("TH-CCIB", "phone", str(n), None), answer, version=0, read_at=at,
                      until=None)
        assert len(cache) == 2
        assert cache.get(("TH-CCIB", "phone", "4", None), version=0, now=at) is answer
        assert cache.get(("TH-CCIB", "phone", "0", None), version=0, now=at) is None
    finally:
        cache.close()


def _lookup_async(store: Store, phone: str = PHONE) -> IdentifierLookup:
    return asyncio.run(reports.lookup_async(store, "phone", phone, ANALYST))


@pytest.mark.parametrize("write", ["marking-raised-to-amber", "agreement-revoked"])
def test_the_next_lookup_from_a_coroutine_sees_a_write(world: World, write: str) -> None:
    """The event loop's path (on PostgreSQL the version is read for it by a thread)."""
    first = _lookup_async(world.store)
    assert first.known and _lookup_async(world.store) is first
    WRITES[write](world.store, world)
    assert _seen(_lookup_async(world.store)) == EXPECTED[write]


class _Reads:
    """A version read that counts its calls; the first one waits to be released."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        if self.calls == 1:
            self.started.set()
            assert self.release.wait(60)
        return self.calls


def test_a_shared_read_answers_only_callers_that_asked_before_it_began() -> None:
    """The first caller's read is under way when nineteen more ask: they wait for the
    next read, which all of them share."""
    reads = _Reads()
    shared = _SharedReads(reads)

    async def callers() -> tuple[int, list[int]]:
        first = asyncio.ensure_future(shared.read())
        await asyncio.to_thread(reads.started.wait, 60)  # the first read has begun
        later = [asyncio.ensure_future(shared.read()) for _ in range(19)]
        await asyncio.sleep(0)
        reads.release.set()
        return await first, list(await asyncio.gather(*later))

    try:
        assert asyncio.run(callers()) == (1, [2] * 19)
    finally:
        shared.close()
    assert reads.calls == 2


def test_a_failed_shared_read_fails_every_caller_waiting_for_it() -> None:
    def read() -> int:
        raise StoreUnavailable("database error: the server is gone")

    shared = _SharedReads(read)

    async def callers() -> list[Any]:
        return list(await asyncio.gather(*(shared.read() for _ in range(20)),
                                         return_exceptions=True))

    try:
        failed = asyncio.run(callers())
        assert len(failed) == 20 and all(isinstance(e, StoreUnavailable) for e in failed)
    finally:
        shared.close()
    with pytest.raises(StoreUnavailable, match="closed"):
        asyncio.run(shared.read())
