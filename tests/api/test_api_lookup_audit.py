"""Lookups through a real uvicorn under concurrent clients: every lookup answered has its
entry on an intact chain, and a server killed mid-load has lost none of them."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.engine import make_url
from test_api_server import running_server, server_env

from counterfraud.services import audit
from counterfraud.services.store import open_store

pytestmark = pytest.mark.server

CLIENTS = 16
EACH = 25
ROUTE = "api GET /v1/identifiers/{kind}/{value}"
SCAM_URL = "https://pay.example-scam.top/app/login?id=7"
KNOWN = {  # what TH-CCIB's analyst may see: CN's GREEN report (shared) and its own RED one
    f"/v1/identifiers/phone/{quote('+8613800138000')}": "phone:+8613800138000",
    f"/v1/identifiers/url/{quote(SCAM_URL, safe='')}": f"url:{SCAM_URL}",
    f"/v1/identifiers/phone/{quote('+66812345678')}": "phone:+66812345678",
}
UNKNOWN = "/v1/identifiers/phone/+66899990000"


def _clients(url: str, key: str, work: Callable[[httpx.Client, int], None]) -> None:
    """``CLIENTS`` threads, each with its own keep-alive connection, started together."""
    start = threading.Barrier(CLIENTS)

    def run(i: int) -> None:
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=30) as http:
            start.wait()
            work(http, i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
        assert not t.is_alive()


def _lookup_entries(world: Any) -> tuple[Counter[str], audit.AuditReport]:
    store = open_store(world.settings)
    try:
        read = Counter(json.loads(e.records)[0] for e in audit.entries(store)
                       if (e.action, e.path) == ("read", ROUTE))
        return read, audit.verify(store)
    finally:
        store.close()


def test_concurrent_lookups_leave_exactly_one_entry_each(world: Any, tmp_path: Path) -> None:
    answered: Counter[str] = Counter()
    unknown: list[int] = []
    counting = threading.Lock()
    paths = sorted(KNOWN)

    def lookups(http: httpx.Client, i: int) -> None:
        for n in range(EACH):
            path = paths[(i + n) % len(paths)]
            response = http.get(path)
            assert response.status_code == 200, response.text
            assert response.json()["known"] is True
            miss = http.get(UNKNOWN)
            assert miss.status_code == 200 and miss.json()["known"] is False
            with counting:
                answered[KNOWN[path]] += 1
                unknown.append(1)

    with running_server(server_env(world.settings), tmp_path / "uvicorn.log",
                        workers=1) as (url, _):
        _clients(url, world.keys["TH-CCIB:analyst"], lookups)
    read, report = _lookup_entries(world)
    assert sum(answered.values()) == len(unknown) == CLIENTS * EACH
    assert read == answered  # each known lookup once; the unknown ones not at all
    assert report.intact, report.problem


def test_a_killed_server_loses_no_entry_of_a_lookup_it_answered(world: Any,
                                                                tmp_path: Path) -> None:
    """Killed while another connection holds the database's write lock, so that every
    entry queued then is still uncommitted: a server that answered before its entry was
    committed would have answered lookups that are not on the trail."""
    answered: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    counting = threading.Lock()
    enough = threading.Event()
    paths = sorted(KNOWN)

    def until_killed(http: httpx.Client, i: int) -> None:
        n = 0
        while True:
            path = paths[(i + n) % len(paths)]
            n += 1
            with counting:
                asked[KNOWN[path]] += 1
            try:
                response = http.get(path)
            except httpx.TransportError:
                return  # the server is gone: this request and any after it unanswered
            assert response.status_code == 200, response.text
            with counting:
                answered[KNOWN[path]] += 1
                if sum(answered.values()) >= CLIENTS * EACH // 2:
                    enough.set()

    with running_server(server_env(world.settings), tmp_path / "uvicorn.log",
                        workers=1) as (url, process):
        def kill() -> None:
            enough.wait(120)
            database = make_url(str(world.settings.database_url)).database
            blocker = sqlite3.connect(str(database), timeout=30, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")  # commits wait; reads go on
            time.sleep(1.0)
            process.kill()  # SIGKILL: no shutdown, no draining of the group commit
            process.wait(10)
            blocker.execute("ROLLBACK")
            blocker.close()

        killer = threading.Thread(target=kill)
        killer.start()
        _clients(url, world.keys["TH-CCIB:analyst"], until_killed)
        killer.join()
        process.wait(10)
    assert enough.is_set(), "the server was not killed under load"
    read, report = _lookup_entries(world)
    assert report.intact, report.problem
    for record, count in answered.items():
        assert read[record] >= count, f"{record}: {count} answered, {read[record]} on the trail"
    for record, count in read.items():
        assert count <= asked[record], f"{record}: {count} entries for {asked[record]} asked"
