"""Real ``counterfraud ingest`` processes writing overlapping files into one SQLite
file at once: every one finishes cleanly and each report is stored once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROWS = 10_000
PROCESSES = 3


def _write_csv(path: Path, ids: list[int]) -> None:
    lines = ["report_id,scam_type"] + [f"R{i},investment" for i in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_overlapping_ingests_all_succeed(tmp_path: Path) -> None:
    db = tmp_path / "counterfraud.db"
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(tmp_path),
           "COUNTERFRAUD_DATABASE_URL": f"sqlite:///{db}"}
    command = [sys.executable, "-m", "counterfraud"]
    subprocess.run([*command, "agency", "add", "CN-MPS", "--country", "CN", "--name", "MPS"],
                   env=env, check=True, capture_output=True, timeout=120)
    files = []
    for n in range(PROCESSES):
        ids = list(range(ROWS))
        if n % 2:
            ids.reverse()
        files.append(tmp_path / f"part{n}.csv")
        _write_csv(files[-1], ids)
    processes = [subprocess.Popen([*command, "ingest", str(path), "--agency", "CN-MPS",
                                   "--on-conflict", "update", "--json"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for path in files]
    outcomes = [(p.wait(600), p.stderr.read().decode() if p.stderr else "")
                for p in processes]
    for process in processes:
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
    assert [code for code, _ in outcomes] == [0] * PROCESSES, outcomes
    with sqlite3.connect(db) as conn:
        reports = conn.execute("SELECT count(*), count(DISTINCT external_id) FROM reports")
        assert reports.fetchone() == (ROWS, ROWS)
