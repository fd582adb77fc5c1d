"""Ingest rate: reports per minute through ``counterfraud ingest`` on SQLite (or any URL).

Side by side, in the same run and on the same rows, the peer a user would otherwise
write: Python's csv module plus sqlite3 ``executemany`` into one table, with no
normalisation, validation, identifier extraction or de-duplication (a floor for the
cost of reading the file and writing rows).

    python benchmarks/ingest.py [--reports 50000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import tempfile
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path

from counterfraud.domain import Agency
from counterfraud.report_rows import KNOWN_COLUMNS
from counterfraud.services.access import ensure_agency
from counterfraud.services.ingest import ingest_file
from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from counterfraud.simulate import build_world

COLUMNS = sorted(KNOWN_COLUMNS)


def write_files(reports: int, seed: int, folder: Path) -> tuple[list[Agency], dict[str, Path]]:
    """The first ``reports`` rows of a demo world, one CSV per agency."""
    world = build_world(seed=seed, size="medium" if reports <= 50_000 else "large")
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for code, row in islice(world.reports(), reports):
        rows[code].append(row)
    paths = {}
    for code, agency_rows in rows.items():
        path = folder / f"{code}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(agency_rows)
        paths[code] = path
    return world.agencies, paths


def run_counterfraud(agencies: list[Agency], paths: dict[str, Path], folder: Path,
                     url: str | None) -> tuple[int, float]:
    settings = Settings(data_dir=folder, database_url=url or f"sqlite:///{folder}/cf.db")
    store = open_store(settings)
    for agency in agencies:
        ensure_agency(store, agency)
    started = time.perf_counter()
    accepted = sum(ingest_file(store, path, agency=code).accepted for code, path in paths.items())
    elapsed = time.perf_counter() - started
    store.close()
    return accepted, elapsed


def run_peer(paths: dict[str, Path], folder: Path) -> tuple[int, float]:
    connection = sqlite3.connect(folder / "peer.db")
    connection.execute("PRAGMA journal_mode=WAL")
    columns = ", ".join(f'"{c}" TEXT' for c in COLUMNS)
    connection.execute(f"CREATE TABLE reports (agency TEXT, {columns})")
    placeholders = ", ".join("?" for _ in range(len(COLUMNS) + 1))
    started = time.perf_counter()
    count = 0
    for code, path in paths.items():
        with path.open(encoding="utf-8", newline="") as f:
            rows = [(code, *(r.get(c, "") for c in COLUMNS)) for r in csv.DictReader(f)]
        connection.executemany(f"INSERT INTO reports VALUES ({placeholders})", rows)
        connection.commit()
        count += len(rows)
    elapsed = time.perf_counter() - started
    connection.close()
    return count, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None,
                        help="measure another backend, e.g. postgresql+psycopg://...")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        agencies, paths = write_files(args.reports, args.seed, folder)
        size_mb = sum(p.stat().st_size for p in paths.values()) / 1e6
        print(f"{args.reports:,} demo reports in {len(paths)} CSV files, {size_mb:.1f} MB")
        accepted, elapsed = run_counterfraud(agencies, paths, folder, args.database_url)
        backend = (args.database_url or "sqlite").split(":", 1)[0]
        print(f"counterfraud ingest ({backend}): {accepted:,} reports in {elapsed:.1f} s = "
              f"{accepted / elapsed * 60:,.0f} reports/minute")
        count, peer_elapsed = run_peer(paths, folder)
        print(f"peer csv + sqlite3.executemany (no validation): {count:,} rows in "
              f"{peer_elapsed:.1f} s = {count / peer_elapsed * 60:,.0f} rows/minute")


if __name__ == "__main__":
    main()
