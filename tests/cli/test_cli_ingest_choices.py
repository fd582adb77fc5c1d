"""``counterfraud ingest`` meeting reports already stored (--on-conflict), identifier
values that cannot be read (warnings, the report kept), and columns that look like known
ones misspelled (refused, nothing stored, unless --ignore-unknown-columns)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CSV = "report_id,phones,marking\nR1,081 234 5678,TLP:GREEN\nR2,081 234 5679,TLP:GREEN\n"


@pytest.fixture
def th(run: Any) -> Any:
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0
    return run


def _reports(run: Any) -> int:
    return int(json.loads(run("stats", "--json").stdout)["reports"])


def test_a_file_sent_again_is_refused_unless_told_what_to_do(th: Any,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(CSV, encoding="utf-8")
    first = th("ingest", str(path), "--agency", "TH-CCIB")
    assert first.exit_code == 0, first.output
    assert f"{path}: 2 accepted (2 new, 0 updated), 0 skipped, 0 rejected" in first.stdout
    again = th("ingest", str(path), "--agency", "TH-CCIB")
    assert again.exit_code == 1
    assert "0 accepted (0 new, 0 updated), 0 skipped, 2 rejected" in again.stdout
    assert f"{path}:2: report_id: 'R1' is already stored and was kept; --on-conflict " \
           "update replaces it" in again.stderr
    skipped = th("ingest", str(path), "--agency", "TH-CCIB", "--on-conflict", "skip")
    assert skipped.exit_code == 0 and "2 skipped" in skipped.stdout
    updated = th("ingest", str(path), "--agency", "TH-CCIB", "--on-conflict", "update",
                 "--json")
    assert updated.exit_code == 0
    assert {k: v for k, v in json.loads(updated.stdout).items()
            if k in ("accepted", "new", "updated", "skipped", "rejected")} == {
        "accepted": 2, "new": 0, "updated": 2, "skipped": 0, "rejected": 0}
    assert _reports(th) == 2


def test_a_bad_identifier_value_is_a_warning_and_the_report_is_stored(
        th: Any, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("report_id,loss_amount,phones,handles\n"
                    "R1,5000,081 234 5678,line:@ab\n", encoding="utf-8")
    result = th("ingest", str(path), "--agency", "TH-CCIB")
    assert result.exit_code == 0, result.output
    assert "1 accepted (1 new, 0 updated), 0 skipped, 0 rejected, 1 warning" in result.stdout
    assert f"{path}:2: handles: warning: invalid handle: 'line:@ab'" in result.stderr
    assert "the report is stored with the value flagged" in result.stderr
    stats = json.loads(th("stats", "--json").stdout)
    assert stats["loss_by_currency"] == {"THB": "5000.00"}
    found = json.loads(th("lookup", "phone", "+66812345678", "--json").stdout)
    assert found["reports"] == 1


def test_misspelled_columns_store_nothing(th: Any, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("report_id,phone,url,officer\nR1,081 234 5678,https://a.top/x,Lek\n",
                    encoding="utf-8")
    refused = th("ingest", str(path), "--agency", "TH-CCIB")
    assert refused.exit_code == 1
    assert f"{path}:1: unknown columns that look like known ones: phone (did you mean " \
           "phones?), url (did you mean urls?); nothing was stored" in refused.stderr
    assert "Traceback" not in refused.output and _reports(th) == 0
    kept = th("ingest", str(path), "--agency", "TH-CCIB", "--ignore-unknown-columns")
    assert kept.exit_code == 0, kept.output
    assert "ignored unknown columns: officer, phone, url" in kept.stderr
    assert _reports(th) == 1


def test_other_unknown_columns_are_listed_and_ignored(th: Any, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("report_id,phones,officer\nR1,081 234 5678,Lek\n", encoding="utf-8")
    result = th("ingest", str(path), "--agency", "TH-CCIB")
    assert result.exit_code == 0 and "ignored unknown columns: officer" in result.stderr
