"""Federation sync rate: records per second pulled between two instances on 127.0.0.1.

Instance A holds N reports (the first N rows of the demo world, owned by A's own
agencies, marked GREEN or AMBER) and agreements sharing them with MY-PDRM, the agency
of instance B. Both run as real uvicorn servers; B pulls everything from A with the
real protocol (HTTP, Ed25519-signed envelopes, verification, import, agreement mirror,
cursor stored after every page). Beside it, in the same run and on the same data: the
plain in-process path, ``export_page`` on A's store straight into ``import_bundle`` on
a third store, with no HTTP, no signing and no verification.

    python benchmarks/sync.py [--records 100000] [--page-size 1000]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import httpx

from counterfraud.domain import Agency, ApiRole, Viewer
from counterfraud.services import access, agreements, federation, ingest, reports, stix
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.simulate import build_world

SUBSCRIBER = Agency("MY-PDRM", "MY", "Royal Malaysia Police")


def settings_in(folder: Path) -> Settings:
    return Settings(data_dir=folder, database_url=f"sqlite:///{folder}/counterfraud.db")


def fill_partner(store: Store, records: int) -> str:
    """A's agencies, N reports and agreements to the subscriber; returns its API key."""
    world = build_world(seed=7, size="medium" if records <= 50_000 else "large")
    for agency in world.agencies:
        access.ensure_agency(store, agency)
    access.add_agency(store, code=SUBSCRIBER.code, country=SUBSCRIBER.country,
                      name=SUBSCRIBER.name)
    for agency in world.agencies:
        agreements.add_agreement(store, grantor=agency.code, grantee=SUBSCRIBER.code,
                                 markings=["TLP:GREEN", "TLP:AMBER"], record_types=["all"],
                                 purpose="benchmark", legal_basis="bilateral_mou")
    by_agency: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for n, (code, row) in enumerate(islice(world.reports(), records)):
        marked = {**row, "marking": "TLP:GREEN" if n % 2 else "TLP:AMBER"}
        by_agency.setdefault(code, []).append((n + 1, marked))
    started = time.perf_counter()
    stored = sum(ingest.ingest_records(store, rows, agency=code).accepted
                 for code, rows in by_agency.items())
    print(f"A: {stored:,} reports ingested in {time.perf_counter() - started:.1f} s")
    return access.create_key(store, agency=SUBSCRIBER.code, role=ApiRole.ANALYST).secret


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``counterfraud serve`` on a free port of 127.0.0.1, until the block ends."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(folder),
           "COUNTERFRAUD_DATABASE_URL": settings_in(folder).effective_database_url}
    process = subprocess.Popen([sys.executable, "-m", "counterfraud", "serve", "--port",
                                str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(30)


def held(store: Store) -> int:
    return reports.list_reports(store, Viewer(None), limit=1)[0]


def plain(source: Store, target: Store, page_size: int) -> tuple[float, float, int]:
    """Export from ``source`` and import into ``target`` in-process: (export seconds,
    import seconds, pages)."""
    cursor, pages, exporting, importing = "", 0, 0.0, 0.0
    while True:
        started = time.perf_counter()
        page = stix.export_page(source, for_agency=SUBSCRIBER.code, cursor=cursor,
                                limit=page_size)
        exporting += time.perf_counter() - started
        started = time.perf_counter()
        stix.import_bundle(target, page.bundle, source="benchmark")
        importing += time.perf_counter() - started
        pages, cursor = pages + 1, page.cursor
        if not page.has_more:
            return exporting, importing, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cf-sync-") as tmp:
        a_dir, b_dir, c_dir = (Path(tmp) / n for n in ("a", "b", "c"))
        a = open_store(settings_in(a_dir))
        key = fill_partner(a, args.records)
        b = open_store(settings_in(b_dir))
        access.add_agency(b, code=SUBSCRIBER.code, country=SUBSCRIBER.country,
                          name=SUBSCRIBER.name)
        with serving(a_dir) as a_url, serving(b_dir):
            identity = httpx.get(a_url + "/v1/federation/public-key", timeout=10).json()
            federation.add_partner(b, name="A", url=a_url, api_key=key,
                                   public_key=identity["public_key"], agency=SUBSCRIBER.code)
            result = federation.sync_partner(b, "A", page_size=args.page_size)
        synced = held(b)
        c = open_store(settings_in(c_dir))
        access.add_agency(c, code=SUBSCRIBER.code, country=SUBSCRIBER.country,
                          name=SUBSCRIBER.name)
        exporting, importing, pages = plain(a, c, args.page_size)
        copied = held(c)
        plain_seconds = exporting + importing
        print(f"page size {args.page_size}; {result.objects:,} STIX objects in "
              f"{result.pages} pages")
        print(f"{'path':<44}{'reports':>10}{'seconds':>10}{'reports/s':>12}")
        print(f"{'sync over HTTP (signed, verified, cursor)':<44}{synced:>10,}"
              f"{result.seconds:>10.1f}{synced / result.seconds:>12,.0f}")
        print(f"{'plain export + import, in-process':<44}{copied:>10,}"
              f"{plain_seconds:>10.1f}{copied / plain_seconds:>12,.0f}")
        print(f"  of which export {exporting:.1f} s, import {importing:.1f} s, {pages} pages")
        for store in (a, b, c):
            store.close()


if __name__ == "__main__":
    main()
