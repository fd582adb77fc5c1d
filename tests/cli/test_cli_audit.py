from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from counterfraud.services.instance_key import public_key
from counterfraud.settings import Settings

Run = Callable[..., Any]


@pytest.fixture
def populated(run: Run, tmp_path: Path) -> Path:
    """A data folder whose trail holds an agency, a key, an ingest and a lookup."""
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0
    assert run("key", "create", "--agency", "TH-CCIB", "--role", "analyst").exit_code == 0
    path = tmp_path / "r.csv"
    path.write_text("report_id,phones,urls,marking\nA,081 234 5678,https://x-pay.top/a,"
                    "TLP:AMBER\nB,081 234 5678,,TLP:RED\n", encoding="utf-8")
    assert run("ingest", str(path), "--agency", "TH-CCIB").exit_code == 0
    assert run("lookup", "phone", "+66812345678").exit_code == 0
    return tmp_path / "data"


def test_verify_an_intact_trail(run: Run, populated: Path) -> None:
    result = run("audit", "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("audit trail intact: 4 entries")
    report = json.loads(run("audit", "verify", "--json").stdout)
    assert report["intact"] and report["head"]["last_id"] == 4


def test_list_shows_who_what_and_how(run: Run, populated: Path) -> None:
    entries = json.loads(run("audit", "list", "--json").stdout)
    assert [(e["action"], e["path"]) for e in entries] == [
        ("write", "cli agency add"), ("write", "cli key create"), ("write", "cli ingest"),
        ("read", "cli lookup")]
    assert entries[2]["records"] == ["TH-CCIB/A", "TH-CCIB/B"]
    assert {e["actor"] for e in entries} == {"operator"}
    later = run("audit", "list", "--since", "2999-01-01", "--json")
    assert json.loads(later.stdout) == []
    text = run("audit", "list", "--actor", "operator")
    assert text.exit_code == 0 and "TH-CCIB/A, TH-CCIB/B" in text.stdout


@pytest.mark.parametrize(("statement", "message"), [
    ("UPDATE audit_log SET actor = 'someone' WHERE id = 2", "entry 2: edited"),
    ("DELETE FROM audit_log WHERE id = 2", "entry 3: removed"),
    ("DELETE FROM audit_log WHERE id = 4", "entry 4: removed tail"),
], ids=["edit", "delete", "truncate"])
def test_verify_names_the_entry_at_fault(run: Run, populated: Path, statement: str,
                                         message: str) -> None:
    with sqlite3.connect(populated / "counterfraud.db") as db:
        db.execute(statement)
    result = run("audit", "verify")
    assert result.exit_code == 1
    assert result.stderr.startswith(message)


def test_evidence_export_and_verify(run: Run, populated: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.zip"
    result = run("evidence", "export", "TH-CCIB/A", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["reports"] == 1
    key = public_key(Settings(data_dir=populated))
    (tmp_path / "key.txt").write_text(key + "\n")
    checked = run("evidence", "verify", str(out), "--public-key-file", str(tmp_path / "key.txt"))
    assert checked.exit_code == 0, checked.output
    assert "trusted as the given key" in checked.stdout
    own = run("evidence", "verify", str(out))  # no key: this instance's own is trusted
    assert own.exit_code == 0 and "trusted as this instance" in own.stdout
    assert json.loads(run("audit", "list", "--json").stdout)[-1]["action"] == "export"


def test_evidence_verify_fails_for_a_signer_not_trusted(run: Run, populated: Path,
                                                       tmp_path: Path) -> None:
    """A package signed by another instance: exit 1 without its key, 0 with it."""
    out = tmp_path / "a.zip"
    assert run("evidence", "export", "TH-CCIB/A", str(out)).exit_code == 0
    key = public_key(Settings(data_dir=populated))
    elsewhere = run("--data-dir", str(tmp_path / "elsewhere"), "evidence", "verify", str(out))
    assert elsewhere.exit_code == 1
    assert "not trusted" in elsewhere.stderr and "--public-key" in elsewhere.stderr
    as_json = run("--data-dir", str(tmp_path / "elsewhere"), "evidence", "verify", str(out),
                  "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["signer_verified"] is False
    given = run("--data-dir", str(tmp_path / "elsewhere"), "evidence", "verify", str(out),
                "--public-key", key)
    assert given.exit_code == 0 and "trusted as the given key" in given.stdout
    assert not (tmp_path / "elsewhere").exists()


def test_evidence_verify_names_a_tampered_file(run: Run, populated: Path,
                                               tmp_path: Path) -> None:
    out = tmp_path / "a.zip"
    assert run("evidence", "export", "TH-CCIB/A", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    files["reports/TH-CCIB/A.json"] = files["reports/TH-CCIB/A.json"].replace(b"AMBER", b"CLEAR")
    with zipfile.ZipFile(tmp_path / "t.zip", "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    result = run("evidence", "verify", str(tmp_path / "t.zip"), "--public-key",
                 public_key(Settings(data_dir=populated)))
    assert result.exit_code == 1
    assert "reports/TH-CCIB/A.json: its content does not match" in result.stderr


@pytest.mark.parametrize(("args", "code", "message"), [
    (["evidence", "export", "TH-CCIB/NOPE", "x.zip"], 2, "no report NOPE"),
    (["evidence", "export", "N-999999", "x.zip"], 2, "no network N-999999"),
    (["evidence", "verify", "missing.zip"], 2, "missing.zip: no such file"),
    (["evidence", "verify", "x.zip", "--public-key", "a", "--public-key-file", "k"], 2,
     "not both"),
], ids=["unknown-report", "unknown-network", "missing-zip", "two-keys"])
def test_clear_errors(run: Run, populated: Path, args: list[str], code: int,
                      message: str) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert message in result.stderr
