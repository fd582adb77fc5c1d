"""Identifier lookups over HTTP: requests/second, p50, p99 and the server's CPU time per
request, under concurrent clients.

Builds the demo world (``counterfraud demo --no-serve``, small by default) in a fresh
database, starts a real uvicorn (``counterfraud serve``) on 127.0.0.1 over it, and
drives ``GET /v1/identifiers/{kind}/{value}`` with ``--connections`` concurrent
keep-alive connections, each sending its next request when the last one is answered:

- known identifiers: each lookup returns marked records and appends an audit entry;
  their answers are kept by the server between lookups until a write changes them
  (services.lookup_cache), so after the first round this measures kept answers;
- known identifiers while reports are written (``--writes`` a second, each a new report
  ingested by this process through the store): each write makes the server read every
  answer again, so this measures lookups that read the records;
- unknown identifiers: the same route, which finds nothing and writes nothing;
- the peer, side by side on the same server and client: ``GET /health``, which does no
  database work, so it is the ceiling this client and server reach on this machine.

The clients run on the same machine as the server. The default client writes
pre-encoded HTTP/1.1 requests on asyncio streams and reads each response by its
Content-Length (~0.15 ms of CPU a request); ``--client httpx`` uses one
``httpx.AsyncClient`` per connection instead, which costs ~2 ms of CPU a request on 2
cores and so measures itself more than the server beyond a few hundred requests/s.

After the run it checks that the audit trail holds exactly one read entry per
known lookup answered, and that it verifies.

    python benchmarks/lookups.py [--seconds 10] [--connections 16] [--workers 1]
        [--size small] [--client raw|httpx] [--writes 10]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

The server's CPU time (its processes' user + system time, from /proc) says what a
request costs whatever else shares the machine; requests/s and latencies depend on it.

With ``--database-url`` a throw-away database is created on that server and dropped at
the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from counterfraud.domain import ApiRole
from counterfraud.services import audit
from counterfraud.services.access import create_key
from counterfraud.services.demo import run_demo
from counterfraud.services.ingest import ingest_records
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.store.tables import AgencyRow, IdentifierRow, ReportIdentifierRow, ReportRow

AGENCY = "TH-CCIB"
KINDS = ("phone", "domain", "bank_account", "crypto_wallet", "email")
SAMPLE = 500


@dataclass
class Figures:
    name: str
    latencies: list[float]
    seconds: float
    statuses: dict[int, int]
    server_cpu: float = 0.0  # CPU seconds the server's processes used meanwhile

    def line(self) -> str:
        ordered = sorted(self.latencies)
        count = len(ordered)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(count - 1, int(count * 0.99))] * 1000
        bad = {s: n for s, n in self.statuses.items() if s != 200}
        return (f"{self.name:<24} {count / self.seconds:>7,.0f} req/s  p50 {p50:6.1f} ms  "
                f"p99 {p99:6.1f} ms  server CPU {self.server_cpu / count * 1000:5.2f} ms/req"
                f"  ({count:,} requests{f', non-200 {bad}' if bad else ''})")


@contextmanager
def database(url: str | None, folder: Path) -> Iterator[str]:
    """A SQLite file in ``folder``, or a fresh database on the server ``url`` names."""
    if url is None:
        yield f"sqlite:///{folder}/bench.db"
        return
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    name = f"counterfraud_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def identifiers(store: Store, limit: int) -> list[tuple[str, str]]:
    """Identifiers in the agency's own reports, which it always may see."""
    query = (select(IdentifierRow.kind, IdentifierRow.value).distinct()
             .join(ReportIdentifierRow, ReportIdentifierRow.identifier_id == IdentifierRow.id)
             .join(ReportRow, ReportRow.id == ReportIdentifierRow.report_id)
             .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
             .where(AgencyRow.code == AGENCY, IdentifierRow.kind.in_(KINDS))
             .order_by(IdentifierRow.kind, IdentifierRow.value).limit(limit))
    with store.transaction() as session:
        return [(k, v) for k, v in session.execute(query)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its child processes (the workers), from /proc:
    how much server work a request costs, whatever else shares the machine."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


@contextmanager
def server(folder: Path, url: str, port: int, workers: int) -> Iterator[tuple[str, int]]:
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(folder),
           "COUNTERFRAUD_DATABASE_URL": url}
    log = (folder / "server.log").open("wb")  # its own log: one line a request
    process = subprocess.Popen(
        [sys.executable, "-m", "counterfraud", "serve", "--port", str(port),
         "--workers", str(workers)], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise SystemExit("the server did not start:\n"
                                 + (folder / "server.log").read_text()[-3000:])
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


async def drive(base: str, paths: list[str], *, key: str, connections: int,
                seconds: float, name: str, client: str) -> Figures:
    """``connections`` clients, each sending one request after another for ``seconds``
    on its own keep-alive connection; ``client`` is ``raw`` or ``httpx``."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    host, port = base.removeprefix("http://").split(":")
    stop = time.perf_counter() + seconds

    async def with_httpx(seed: int) -> None:
        rng = random.Random(seed)
        async with httpx.AsyncClient(base_url=base, headers={"X-API-Key": key}, timeout=60,
                                     limits=httpx.Limits(max_connections=1)) as session:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                response = await session.get(rng.choice(paths))
                latencies.append(time.perf_counter() - started)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    requests = [f"GET {p} HTTP/1.1\r\nHost: {host}\r\nX-API-Key: {key}\r\n\r\n".encode()
                for p in paths]

    async def with_raw(seed: int) -> None:
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection(host, int(port))
        while time.perf_counter() < stop:
            started = time.perf_counter()
            writer.write(rng.choice(requests))
            status, length = _response_head(await reader.readuntil(b"\r\n\r\n"))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
        writer.close()
        await writer.wait_closed()

    one_client = with_raw if client == "raw" else with_httpx
    started = time.perf_counter()
    await asyncio.gather(*(one_client(i) for i in range(connections)))
    return Figures(name, latencies, time.perf_counter() - started, statuses)


def _response_head(head: bytes) -> tuple[int, int]:
    """(status, Content-Length) of an HTTP/1.1 response head (uvicorn always sends the
    length for these JSON responses)."""
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return int(head.split(b" ", 2)[1]), length


@contextmanager
def writing(store: Store, per_second: float) -> Iterator[list[int]]:
    """Ingest one new report ``per_second`` times a second while the block runs, as
    another process (this one) writing to the server's database; yields the count."""
    done: list[int] = [0]
    stop = threading.Event()

    def write() -> None:
        while not stop.wait(1 / per_second):
            n = done[0] + 1
            ingest_records(store, [(n, {"report_id": f"BENCH-WRITE-{n}",
                                        "scam_type": "investment", "marking": "TLP:GREEN",
                                        "phones": f"+6688{n:07d}"})], agency=AGENCY)
            done[0] = n

    writer = threading.Thread(target=write, daemon=True)
    if per_second > 0:
        writer.start()
    try:
        yield done
    finally:
        stop.set()
        if per_second > 0:
            writer.join()


def read_entries(store: Store) -> int:
    return sum(1 for e in audit.entries(store) if e.action == "read"
               and e.path == "api GET /v1/identifiers/{kind}/{value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--size", default="small", choices=["small", "medium"])
    parser.add_argument("--client", default="raw", choices=["raw", "httpx"],
                        help="raw: pre-encoded HTTP/1.1 requests on asyncio streams (the "
                             "default: cheap enough not to be what is measured); httpx: "
                             "one httpx.AsyncClient per connection")
    parser.add_argument("--writes", type=float, default=10.0,
                        help="reports written a second during the last run (0: no run)")
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL server, e.g. postgresql+psycopg://postgres@"
                             "127.0.0.1:5432/test (a throw-away database is made on it)")
    args = parser.parse_args()
    backend = (args.database_url or "sqlite").split(":", 1)[0].split("+", 1)[0]
    with tempfile.TemporaryDirectory() as tmp, database(args.database_url, Path(tmp)) as url:
        folder = Path(tmp)
        settings = Settings(data_dir=folder, database_url=url)
        store = open_store(settings)
        started = time.perf_counter()
        run_demo(store, seed=7, size=args.size, out_dir=folder / "demo")
        key = create_key(store, agency=AGENCY, role=ApiRole.ANALYST).secret
        known = [f"/v1/identifiers/{k}/{quote(v, safe='')}"
                 for k, v in identifiers(store, SAMPLE)]
        rng = random.Random(1)
        unknown = [f"/v1/identifiers/phone/%2B6689{rng.randrange(10**7):07d}"
                   for _ in range(SAMPLE)]
        print(f"demo world ({args.size}, {backend}) built in "
              f"{time.perf_counter() - started:.1f} s; {len(known)} known identifiers of "
              f"{AGENCY}; {args.connections} {args.client} connections, {args.seconds:.0f} s "
              f"each, {args.workers} worker(s)")
        results = []
        with server(folder, url, free_port(), args.workers) as (base, pid):
            warm = asyncio.run(drive(base, ["/health", *known[:50]], key=key, connections=2,
                                     seconds=2, name="warm-up", client="raw"))
            assert warm.statuses.keys() == {200}, warm.statuses
            before = read_entries(store)  # the warm-up's entries are committed: answered
            runs = [("peer: GET /health", ["/health"], 0.0),
                    ("unknown identifiers", unknown, 0.0),
                    ("known identifiers", known, 0.0)]
            if args.writes > 0:
                runs.append((f"known, {args.writes:g} writes/s", known, args.writes))
            for name, paths, writes in runs:
                cpu = cpu_seconds(pid)
                with writing(store, writes) as written:
                    figures = asyncio.run(drive(base, paths, key=key, seconds=args.seconds,
                                                connections=args.connections, name=name,
                                                client=args.client))
                figures.server_cpu = cpu_seconds(pid) - cpu
                results.append(figures)
                if writes:
                    print(f"({written[0]} reports written during the {name!r} run)")
        for figures in results:
            print(f"{backend}: {figures.line()}")
        answered = sum(f.statuses.get(200, 0) for f in results if f.name.startswith("known"))
        entries = read_entries(store) - before
        report = audit.verify(store)
        print(f"audit trail: {entries:,} lookup entries for {answered:,} known lookups "
              f"answered; {'intact' if report.intact else report.problem}, "
              f"{report.entries:,} entries")
        store.close()
        if entries != answered or not report.intact:
            raise SystemExit("the audit trail does not match the lookups answered")


if __name__ == "__main__":
    main()
