"""A bank's freeze-queue poll over HTTP under many concurrent institutions: requests a
second, p50, p99 and the server's CPU time per request; the goal is p99 under 20 ms.

Builds a world in a fresh database: one police agency, ``--banks`` banks (agencies of
kind ``bank``), ``--cases`` cases each with ``--requests`` freeze requests spread over
the banks (two accounts each, one in five of each bank's already answered, so each
queue holds open and answered requests of several cases). Starts a real uvicorn (``counterfraud
serve``) on 127.0.0.1 over it and drives ``GET /v1/freeze/queue`` with one keep-alive
connection per bank, each with its bank's own key (an operator key: a bank's batch
job), each sending its next poll when the last one is answered, or with ``--interval``
that many seconds after the last one started (how banks poll: every few seconds).
Side by side, on the same server and client: ``GET /health``, which does no database
work, so it is the ceiling this client and server reach on this machine (the peer).

Every poll that returns requests appends an audit read entry; after the run the script
checks that the trail holds one per poll answered with requests, and verifies.

    python benchmarks/freeze_queue.py [--seconds 10] [--banks 20] [--workers 1]
        [--cases 50] [--requests 10] [--interval 0]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

With ``--database-url`` a throw-away database is created on that server (PostgreSQL,
the target of this benchmark) and dropped at the end; without it, a SQLite file.
The helpers that start the server and read its CPU time are ``lookups.py``'s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lookups import Figures, _response_head, cpu_seconds, database, free_port, server

from counterfraud.domain import AgencyKind, ApiRole, Viewer
from counterfraud.identifiers import normalize
from counterfraud.services import access, audit, cases, freeze
from counterfraud.services.freeze import Ask
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

POLICE = "CN-MPS"
PATH = "/v1/freeze/queue"


def bank_code(n: int) -> str:
    return f"CN-BANK{n:02d}"


def build(store: Store, *, banks: int, cases_count: int, per_case: int) -> dict[str, str]:
    """The world; returns each bank's key."""
    access.add_agency(store, code=POLICE, country="CN", name="Ministry of Public Security")
    keys: dict[str, str] = {}
    for n in range(banks):
        code = bank_code(n)
        access.add_agency(store, code=code, country="CN", name=f"Bank {n}",
                          kind=AgencyKind.BANK)
        keys[code] = access.create_key(store, agency=code, role=ApiRole.OPERATOR).secret
    police = Viewer(agency=POLICE, role=ApiRole.ANALYST)
    made = 0
    for c in range(cases_count):
        case_id = cases.open_case(store, agency=POLICE, scam_type="investment",
                                  title=f"Trading app {c}").case.id
        for r in range(per_case):
            accounts = tuple(normalize("bank_account", f"62220{c:05d}{r:03d}{k}")
                             for k in range(2))
            bank = bank_code(made % banks)
            view = freeze.request_freeze(store, police, case_id=case_id,
                                         ask=Ask(accounts, institution=bank))
            if (made // banks) % 5 == 4:  # each bank's every fifth request
                freeze.answer(store, Viewer(agency=bank), view.request.id, "not_found")
            made += 1
    return keys


async def poll(base: str, keys: list[str], *, path: str, seconds: float, name: str,
               interval: float = 0.0) -> Figures:
    """One keep-alive connection per key, each sending its next request when the last
    is answered (and ``interval`` seconds after it started, when given), for
    ``seconds``."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    host, port = base.removeprefix("http://").split(":")
    stop = time.perf_counter() + seconds

    async def one(n: int, key: str) -> None:
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nX-API-Key: {key}\r\n\r\n"
                   .encode())
        reader, writer = await asyncio.open_connection(host, int(port))
        await asyncio.sleep(interval * n / len(keys))  # banks' batches do not start together
        while time.perf_counter() < stop:
            started = time.perf_counter()
            writer.write(request)
            status, length = _response_head(await reader.readuntil(b"\r\n\r\n"))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            if interval:
                await asyncio.sleep(max(0.0, started + interval - time.perf_counter()))
        writer.close()
        await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(one(n, k) for n, k in enumerate(keys)))
    return Figures(name, latencies, time.perf_counter() - started, statuses)


def queue_reads(store: Store) -> int:
    return sum(1 for e in audit.entries(store)
               if e.action == "read" and e.path == f"api GET {PATH}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--banks", type=int, default=20,
                        help="concurrent institutions, one connection each")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10, help="freeze requests a case")
    parser.add_argument("--interval", type=float, default=0.0,
                        help="seconds from one poll of a bank to its next (0: back to "
                             "back, the server's limit; a bank's batch polls every few "
                             "seconds)")
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL server, e.g. postgresql+psycopg://postgres@"
                             "127.0.0.1:5432/test (a throw-away database is made on it)")
    args = parser.parse_args()
    backend = (args.database_url or "sqlite").split(":", 1)[0].split("+", 1)[0]
    with tempfile.TemporaryDirectory() as tmp, database(args.database_url, Path(tmp)) as url:
        folder = Path(tmp)
        store = open_store(Settings(data_dir=folder, database_url=url))
        started = time.perf_counter()
        keys = build(store, banks=args.banks, cases_count=args.cases,
                     per_case=args.requests)
        total = args.cases * args.requests
        print(f"world ({backend}) built in {time.perf_counter() - started:.1f} s: "
              f"{args.banks} banks, {total:,} freeze requests ({total - total // 5:,} open, "
              f"~{(total - total // 5) // args.banks} in each queue); {args.banks} "
              f"connections, {args.seconds:.0f} s each, {args.workers} worker(s), "
              + (f"a poll every {args.interval:g} s" if args.interval else "back to back"))
        results = []
        with server(folder, url, free_port(), args.workers) as (base, pid):
            warm = asyncio.run(poll(base, list(keys.values()), path=PATH, seconds=2,
                                    name="warm-up"))
            assert warm.statuses.keys() == {200}, warm.statuses
            before = queue_reads(store)
            for name, path in (("peer: GET /health", "/health"),
                               (f"queue: GET {PATH}", PATH)):
                cpu = cpu_seconds(pid)
                figures = asyncio.run(poll(base, list(keys.values()), path=path,
                                           seconds=args.seconds, name=name,
                                           interval=args.interval))
                figures.server_cpu = cpu_seconds(pid) - cpu
                results.append(figures)
        for figures in results:
            print(f"{backend}: {figures.line()}")
        polls = results[-1].statuses.get(200, 0)
        entries = queue_reads(store) - before
        report = audit.verify(store)
        print(f"audit trail: {entries:,} queue reads for {polls:,} polls answered; "
              f"{'intact' if report.intact else report.problem}, {report.entries:,} entries")
        store.close()
        if entries != polls or not report.intact:
            raise SystemExit("the audit trail does not match the polls answered")


if __name__ == "__main__":
    main()
