"""Unexpected failures of a real ``counterfraud`` process: one line naming the error's
class and how to see more, never the records being written; the traceback only when
asked for (``--debug`` or ``COUNTERFRAUD_DEBUG``), and even then without the statement's
parameters."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

CANARY = "CANARY-7c2d41-narrative"
PHONE = "+8613712345678"
REFUSE = ("CREATE TRIGGER refuse_canary BEFORE INSERT ON reports "
          "WHEN NEW.narrative LIKE '%CANARY-%' BEGIN SELECT RAISE(ABORT, 'refused'); END")


@pytest.fixture
def refusing_env(tmp_path: Path) -> dict[str, str]:
    """A data folder whose database fails any insert of a report holding the canary."""
    db = tmp_path / "counterfraud.db"
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(tmp_path),
           "COUNTERFRAUD_DATABASE_URL": f"sqlite:///{db}"}
    env.pop("COUNTERFRAUD_DEBUG", None)
    subprocess.run([sys.executable, "-m", "counterfraud", "agency", "add", "CN-MPS",
                    "--country", "CN", "--name", "MPS"], env=env, check=True,
                   capture_output=True, timeout=120)
    with sqlite3.connect(db) as conn:
        conn.execute(REFUSE)
    (tmp_path / "reports.csv").write_text(
        f"report_id,narrative,phones\nR1,{CANARY} call {PHONE},{PHONE}\n", encoding="utf-8")
    return env


@pytest.mark.parametrize(("flags", "debug_env", "traceback"), [
    pytest.param([], None, False, id="plain"),
    pytest.param(["--debug"], None, True, id="debug-option"),
    pytest.param([], "1", True, id="debug-environment"),
])
def test_database_error_never_prints_the_record(refusing_env: dict[str, str], tmp_path: Path,
                                                flags: list[str], debug_env: str | None,
                                                traceback: bool) -> None:
    env = dict(refusing_env)
    if debug_env is not None:
        env["COUNTERFRAUD_DEBUG"] = debug_env
    done = subprocess.run([sys.executable, "-m", "counterfraud", *flags, "ingest",
                           str(tmp_path / "reports.csv"), "--agency", "CN-MPS"],
                          check=False, env=env, capture_output=True, timeout=120)
    stdout, stderr = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 1, stderr
    assert "IntegrityError" in stderr
    for secret in (CANARY, "12345678"):
        assert secret not in stderr and secret not in stdout, stderr
    if traceback:
        assert "Traceback" in stderr
    else:
        assert stderr.strip().count("\n") == 0, stderr
        assert stderr.startswith("error:") and "--debug" in stderr
