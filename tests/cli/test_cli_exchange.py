"""``counterfraud export stix`` and ``import stix``: files, stdout, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent.parent / "sharing" / "data"
Run = Callable[..., Any]


@pytest.fixture
def with_reports(run: Run, tmp_path: Path) -> Run:
    run("agency", "add", "CN-MPS", "--country", "CN", "--name", "MPS")
    run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB")
    path = tmp_path / "r.csv"
    path.write_text("report_id,phones,urls,marking\n"
                    "A,13800138000,https://a.top/x,TLP:GREEN\n"
                    "B,13900139000,https://b.top/y,TLP:RED\n", encoding="utf-8")
    assert run("ingest", str(path), "--agency", "CN-MPS").exit_code == 0
    return run


def test_export_to_a_file_and_to_stdout(with_reports: Run, tmp_path: Path) -> None:
    out = tmp_path / "cn.json"
    written = with_reports("export", "stix", str(out))
    assert written.exit_code == 0, written.output
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert len([o for o in bundle["objects"] if o["type"] == "report"]) == 2
    printed = with_reports("export", "stix", "-")
    assert json.loads(printed.stdout) == bundle


def test_export_for_an_agency_and_since(with_reports: Run) -> None:
    partner = json.loads(with_reports("export", "stix", "-", "--for", "TH-CCIB").stdout)
    assert [o for o in partner["objects"] if o["type"] == "report"] == []  # no agreement
    later = json.loads(with_reports("export", "stix", "-", "--since", "2999-01-01").stdout)
    assert [o for o in later["objects"] if o["type"] == "report"] == []


def test_export_in_misp_dialect(with_reports: Run) -> None:
    bundle = json.loads(with_reports("export", "stix", "-", "--dialect", "misp").stdout)
    assert {"x-misp-attribute"} <= {o["type"] for o in bundle["objects"]}


def test_bad_since_exits_2(with_reports: Run) -> None:
    refused = with_reports("export", "stix", "-", "--since", "yesterday")
    assert refused.exit_code == 2 and "since" in refused.stderr


def test_import_round_trip_into_another_instance(with_reports: Run, run: Run,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "cn.json"
    with_reports("export", "stix", str(out))
    other = ["--data-dir", str(tmp_path / "other")]
    first = run(*other, "import", "stix", str(out), "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["created"]["report"] == 2
    again = run(*other, "import", "stix", str(out))
    assert again.exit_code == 0 and "unchanged: link 2, report 2" in again.stdout


def test_import_with_skipped_objects_exits_1(run: Run) -> None:
    run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB")
    result = run("import", "stix", str(DATA / "opencti_bundle.json"), "--agency", "TH-CCIB")
    assert result.exit_code == 1
    assert "created: blocklist_entry 5, identifier 5" in result.stdout
    assert "type malware is not imported" in result.stderr


@pytest.mark.parametrize(("content", "reason"), [
    ("{not json", "not JSON"), ('{"type": "report"}', "not a STIX bundle"),
    ("[1, 2]", "not a STIX bundle")], ids=["garbage", "not-bundle", "list"])
def test_import_of_a_non_bundle_exits_2(run: Run, tmp_path: Path, content: str,
                                        reason: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    result = run("import", "stix", str(path))
    assert result.exit_code == 2
    assert reason in result.stderr and "x.json" in result.stderr


def test_import_of_a_missing_file_exits_2(run: Run, tmp_path: Path) -> None:
    result = run("import", "stix", str(tmp_path / "none.json"))
    assert result.exit_code == 2 and "none.json" in result.stderr
