"""A real ``counterfraud ingest`` process killed mid-file: whatever it stored is whole,
and running the same file again completes it without duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 12_000


def _write_csv(path: Path) -> None:
    lines = ["report_id,scam_type,phones,urls,loss_amount"]
    lines += [f"R{i},investment,+86138{i:08d};+66812{i % 100000:05d}1,"
              f"https://site{i}.com/pay,{i}" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _counts(db: Path) -> tuple[int, set[int]]:
    with sqlite3.connect(db) as conn:
        reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        per_report = {n for (n,) in conn.execute(
            "SELECT count(ri.identifier_id) FROM reports r LEFT JOIN report_identifiers ri "
            "ON ri.report_id = r.id GROUP BY r.id")}
    return reports, per_report


def _run(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "counterfraud", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_killed_ingest_leaves_whole_reports_and_resumes(tmp_path: Path) -> None:
    db = tmp_path / "counterfraud.db"
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(tmp_path),
           "COUNTERFRAUD_DATABASE_URL": f"sqlite:///{db}"}
    csv_path = tmp_path / "big.csv"
    _write_csv(csv_path)
    add = ["agency", "add", "CN-MPS", "--country", "CN", "--name", "MPS"]
    assert _run(add, env).wait(120) == 0
    ingest = _run(["ingest", str(csv_path), "--agency", "CN-MPS"], env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and ingest.poll() is None:
        if _counts(db)[0] > 0:
            break
        time.sleep(0.05)
    ingest.send_signal(signal.SIGKILL)
    ingest.wait(30)
    stored, per_report = _counts(db)
    assert 0 < stored < ROWS, "the kill should land mid-file"
    assert per_report == {4}  # two phones, the URL and its domain: never a partial report
    finish = ["ingest", str(csv_path), "--agency", "CN-MPS", "--on-conflict", "skip"]
    assert _run(finish, env).wait(300) == 0
    assert _counts(db) == (ROWS, {4})
