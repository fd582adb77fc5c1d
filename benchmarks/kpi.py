"""The ministry's figures (``counterfraud kpi``) on a PostgreSQL database of a country's
size: 1,000,000 reports and 100,000 cases by default, with proportional victims (30%),
freeze requests (80%), takedown requests (70%), suspects (60%), blocklist entries
(200,000) and two years of interception counts, among six agencies with agreements
(one of them a joint case), every marking present; each report has a narrative of a
short real one's length (which the figures must never need to read).

    python benchmarks/kpi.py [--reports 1000000] [--cases 100000] [--runs 5]
        [--server postgresql+psycopg://postgres@127.0.0.1:5432/test] [--rebuild]

The database (``counterfraud_bench_kpi_<reports>_<cases>`` on that server) is built
once with COPY and kept: a later run of the same size reuses it (``--rebuild`` drops
it). Timed, each several runs (best and median): the figures of the two years, and of
one year split by month, for the local operator and for one agency (TH-CCIB, which
reads its own records, CLEAR ones and what its partners' agreements share), through
``services.kpi.kpi`` (its audit entry included). The peer on the same database is a
plain ``SELECT count(*) FROM reports``: the cheapest question one can ask of the largest
table the figures read. Goal: each figure set under 2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from counterfraud.domain import OPERATOR, Agency
from counterfraud.services import kpi
from counterfraud.services.access import ensure_agency
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

AGENCIES = [Agency("CN-MPS", "CN", "Ministry of Public Security"),
            Agency("TH-CCIB", "TH", "Cyber Crime Investigation Bureau"),
            Agency("LA-MPS", "LA", "Ministry of Public Security"),
            Agency("MM-MPF", "MM", "Myanmar Police Force"),
            Agency("KH-NP", "KH", "National Police"),
            Agency("VN-MPS", "VN", "Ministry of Public Security")]
VIEWER = "TH-CCIB"
MARKINGS = (["TLP:CLEAR"] * 5 + ["TLP:GREEN"] * 30 + ["TLP:AMBER"] * 45
            + ["TLP:AMBER+STRICT"] * 10 + ["TLP:RED"] * 10)
START = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 731
CURRENCIES = ["CNY", "THB", "USD", "LAK", "MMK"]
SCAM_TYPES = ["investment", "romance", "impersonation", "task_job", "job_lure",
              "kidnapping_ransom", "gambling", "other"]
# a victim's account as long as a short real one: the figures must not read it
NARRATIVE = ("Contacted on a messaging app by a 'mentor' who showed gains on a trading "
             "platform; paid three times to a bank account and a wallet, then was asked "
             "for a withdrawal fee and the site stopped answering.")
DONE = "kpi_benchmark_complete"  # a counters row written when the load finished


def database(server: str, reports: int, cases: int, *, rebuild: bool) -> str:
    """The benchmark database's URL, built when missing, incomplete or ``rebuild``."""
    name = f"counterfraud_bench_kpi_{reports}_{cases}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists and not rebuild and _complete(url):
            print(f"reusing database {name}")
            admin.dispose()
            return url
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    began = time.perf_counter()
    _build(url, reports, cases)
    print(f"built database {name} in {time.perf_counter() - began:,.0f} s")
    return url


def _complete(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.scalar(text("SELECT value FROM counters WHERE name = :n"),
                                    {"n": DONE}))
    except Exception:
        return False
    finally:
        engine.dispose()


def _build(url: str, reports: int, cases: int) -> None:
    store = open_store(Settings(database_url=url))
    try:
        for agency in AGENCIES:
            ensure_agency(store, agency)
        with store.transaction() as session:
            ids = {code: number for code, number in
                   session.execute(text("SELECT code, id FROM agencies"))}
    finally:
        store.close()
    rng = random.Random(7)
    import psycopg

    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False)) as conn:
        agency_ids = [ids[a.code] for a in AGENCIES]
        _copy(conn, "reports", ["agency_id", "external_id", "reported_at", "scam_type",
                                "narrative", "loss_amount", "loss_currency", "victim_country",
                                "marking", "rejected_values", "created_at", "updated_at"],
              _reports(rng, reports, agency_ids), reports)
        owners = [rng.choice(agency_ids) for _ in range(cases)]
        _copy(conn, "cases", ["id", "agency_id", "title", "scam_type", "marking", "pap",
                              "status", "opened_at", "closed_at", "updated_at", "version",
                              "document"], _cases(rng, owners), cases)
        for table, share, rows in (
                ("victims", 0.3, _victims), ("freeze_requests", 0.8, _freezes),
                ("takedown_requests", 0.7, _takedowns), ("suspects", 0.6, _suspects)):
            count = int(cases * share)
            made = rows(rng, owners, count)
            columns = next(made)
            _copy(conn, table, columns, made, count)
        _copy(conn, "blocklist_entries", ["kind", "value", "match", "source", "confidence",
                                          "status", "agency_id", "reason", "added_by",
                                          "marking", "version", "created_at", "updated_at"],
              _entries(rng, 200_000, agency_ids), 200_000)
        _copy(conn, "interception_counts", ["day", "channel", "decision", "count"],
              _interceptions(rng), DAYS * 9)
        _agreements(conn, ids)
        conn.execute("INSERT INTO counters (name, value) VALUES (%s, 1)", (DONE,))
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")


def _copy(conn: Any, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]],
          count: int) -> None:
    began = time.perf_counter()
    with conn.cursor() as cur, cur.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    conn.commit()
    print(f"  {table}: {count:,} rows in {time.perf_counter() - began:.1f} s", flush=True)


def _when(rng: random.Random) -> datetime:
    return START + timedelta(seconds=rng.randrange(DAYS * 86_400))


def _reports(rng: random.Random, count: int, agencies: list[int]) -> Iterator[tuple[Any, ...]]:
    for i in range(count):
        at = _when(rng)
        loss = rng.randrange(10_000, 5_000_000) / 100 if rng.random() < 0.8 else None
        yield (rng.choice(agencies), f"R{i}", at, rng.choice(SCAM_TYPES), NARRATIVE, loss,
               rng.choice(CURRENCIES) if loss else None, "CN", rng.choice(MARKINGS), "[]",
               at, at)


def _cases(rng: random.Random, owners: list[int]) -> Iterator[tuple[Any, ...]]:
    for i, owner in enumerate(owners):
        at = _when(rng)
        status = rng.choice(["open", "investigating", "action", "closed_solved",
                             "closed_unsolved"])
        closed = at + timedelta(days=rng.randrange(5, 120)) if status.startswith(
            "closed") else None
        yield (f"C-{i}", owner, "Case", rng.choice(SCAM_TYPES), rng.choice(MARKINGS),
               "PAP:GREEN", status, at, closed, at, 1, "{}")


def _of_case(rng: random.Random, owners: list[int]) -> tuple[str, int, str, datetime]:
    case = rng.randrange(len(owners))
    return f"C-{case}", owners[case], rng.choice(MARKINGS), _when(rng)


def _victims(rng: random.Random, owners: list[int], count: int) -> Iterator[Any]:
    yield ["id", "case_id", "agency_id", "marking", "kind", "nationality", "status",
           "created_at", "located_at", "rescued_at", "repatriated_at", "updated_at",
           "version", "document"]
    for i in range(count):
        case, owner, marking, at = _of_case(rng, owners)
        rescued = at + timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.6 else None
        back = rescued + timedelta(days=rng.randrange(5, 60)) if rescued and rng.random(
        ) < 0.7 else None
        yield (f"V-{i}", case, owner, marking, "lured_abroad", "CN", "located", at, at,
               rescued, back, at, 1, "{}")


def _freezes(rng: random.Random, owners: list[int], count: int) -> Iterator[Any]:
    yield ["id", "case_id", "agency_id", "addressee", "marking", "amount", "currency",
           "status", "requested_at", "answered_at", "amount_frozen", "frozen_currency",
           "updated_at",
           "version", "document"]
    for i in range(count):
        case, owner, marking, at = _of_case(rng, owners)
        status = rng.choice(["requested", "frozen", "partly_frozen", "refused", "not_found"])
        answered = at + timedelta(hours=rng.randrange(1, 96)) if status != "requested" \
            else None
        amount = rng.randrange(1_000, 1_000_000)
        frozen = amount if status in ("frozen", "partly_frozen") else None
        currency = rng.choice(CURRENCIES)
        yield (f"F-{i}", case, owner, "Bank", marking, amount, currency,
               status, at, answered, frozen, currency if frozen else None, at, 1, "{}")


def _takedowns(rng: random.Random, owners: list[int], count: int) -> Iterator[Any]:
    yield ["id", "case_id", "agency_id", "addressee", "target_kind", "target_value",
           "marking", "status", "sent_at", "answered_at", "updated_at", "version", "document"]
    for i in range(count):
        case, owner, marking, at = _of_case(rng, owners)
        status = rng.choice(["sent", "acknowledged", "taken_down", "refused"])
        answered = at + timedelta(hours=rng.randrange(2, 300)) if status in (
            "taken_down", "refused") else None
        yield (f"T-{i}", case, owner, "Registrar", "domain", f"site-{i}.example", marking,
               status, at, answered, at, 1, "{}")


def _suspects(rng: random.Random, owners: list[int], count: int) -> Iterator[Any]:
    yield ["id", "case_id", "agency_id", "marking", "status", "identified_at",
           "arrested_at", "handed_over_at", "updated_at", "version", "document"]
    for i in range(count):
        case, owner, marking, at = _of_case(rng, owners)
        arrested = at + timedelta(days=rng.randrange(1, 90)) if rng.random() < 0.5 else None
        handed = arrested + timedelta(days=rng.randrange(5, 60)) if arrested and \
            rng.random() < 0.3 else None
        yield (f"S-{i}", case, owner, marking, "identified", at, arrested, handed, at, 1, "{}")


def _entries(rng: random.Random, count: int, agencies: list[int]) -> Iterator[tuple[Any, ...]]:
    kinds = ["domain", "url", "ip", "phone", "bank_account", "crypto_wallet", "handle"]
    for i in range(count):
        at = _when(rng)
        yield (rng.choice(kinds), f"value-{i}", "exact", "reports",
               "confirmed" if rng.random() < 0.8 else "predicted",
               rng.choice(["active"] * 8 + ["expired", "delisted"]),
               rng.choice([*agencies, None]), "", "", rng.choice(MARKINGS), i + 1, at, at)


def _interceptions(rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for day in range(DAYS):
        name = (START + timedelta(days=day)).date().isoformat()
        for channel, scale in (("message", 3_000_000), ("call", 400_000), ("url", 60_000)):
            for decision, share in (("block", 0.01), ("warn", 0.02), ("allow", 0.97)):
                yield (name, channel, decision, int(scale * share * rng.uniform(0.7, 1.3)))


def _agreements(conn: Any, ids: dict[str, int]) -> None:
    """CN and LA share GREEN and AMBER of every type with TH; MM its reports; CN lets TH
    into one case whatever its marking (but RED)."""
    types = ["report", "blocklist_entry", "case", "victim", "freeze_request",
             "takedown_request", "suspect"]
    grants = [("CN-MPS", types, ["TLP:GREEN", "TLP:AMBER"], None),
              ("LA-MPS", types, ["TLP:GREEN", "TLP:AMBER"], None),
              ("MM-MPF", ["report"], ["TLP:GREEN"], None),
              ("CN-MPS", types[2:], ["TLP:AMBER+STRICT"], "C-1")]
    for grantor, record_types, markings, case_id in grants:
        agreement = conn.execute(
            "INSERT INTO agreements (grantor_id, grantee_id, purpose, legal_basis, reference,"
            " valid_from, created_by, created_at, case_id) VALUES (%s, %s, 'joint work',"
            " 'bilateral_mou', '', %s, 'bench', now(), %s) RETURNING id",
            (ids[grantor], ids[VIEWER], START - timedelta(days=30), case_id)).fetchone()[0]
        for record_type in record_types:
            for marking in markings:
                conn.execute("INSERT INTO agreement_grants VALUES (%s, %s, %s)",
                             (agreement, record_type, marking))


def timed(runs: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(best, median) seconds of ``runs`` runs after one untimed, and the last result."""
    result = work()
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - began)
    return min(seconds), statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    url = database(args.server, args.reports, args.cases, rebuild=args.rebuild)
    store: Store = open_store(Settings(database_url=url))
    try:
        viewers = [("operator", OPERATOR), (VIEWER, kpi.viewer_for(store, VIEWER))]
        two_years = kpi.Period(date(2024, 1, 1), date(2025, 12, 31))
        one_year = kpi.Period(date(2025, 1, 1), date(2025, 12, 31))
        with store.engine.connect() as conn:
            best, median, n = timed(args.runs, lambda: conn.scalar(
                text("SELECT count(*) FROM reports")))
        print(f"\n{args.reports:,} reports, {args.cases:,} cases on PostgreSQL; best and "
              f"median of {args.runs} runs")
        print(f"  peer: SELECT count(*) FROM reports          {best:6.3f} s  "
              f"{median:6.3f} s  ({n:,})")
        shown: dict[str, Any] = {}
        for name, viewer in viewers:
            for label, period, by in (("two years", two_years, None),
                                      ("one year by month", one_year, "month")):
                best, median, found = timed(args.runs, lambda v=viewer, p=period, b=by:
                                            kpi.kpi(store, v, period=p, by=b))
                print(f"  kpi as {name:<8} {label:<18}            {best:6.3f} s  "
                      f"{median:6.3f} s")
                if by is None:
                    shown[name] = found.as_dict()
        for name, figures in shown.items():
            print(f"\nfigures as {name}, two years:")
            for key, value in figures.items():
                print(f"  {key}: {json.dumps(value)}")
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
