from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_normalize_json(run) -> None:  # type: ignore[no-untyped-def]
    result = run("normalize", "phone", "081 234 5678", "--region", "TH", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) | {"valid": True} == json.loads(result.stdout)
    assert json.loads(result.stdout)["value"] == "+66812345678"


def test_normalize_rejects_with_reason_on_stderr(run) -> None:  # type: ignore[no-untyped-def]
    result = run("normalize", "crypto_wallet", "0x123", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "crypto_wallet" in result.stderr


def test_normalize_unknown_kind(run) -> None:  # type: ignore[no-untyped-def]
    result = run("normalize", "fax", "123")
    assert result.exit_code == 2 and "unknown identifier kind" in result.stderr


def test_extract_json(run) -> None:  # type: ignore[no-untyped-def]
    text = "加微信 kefu_8888 或访问 hxxps://fake-invest[.]com/app 验证码 123456"
    result = run("extract", text, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {(f["kind"], f["value"]) for f in found} >= {
        ("handle", "wechat:kefu_8888"), ("domain", "fake-invest.com"),
        ("url", "https://fake-invest.com/app")}
    assert all({"kind", "value", "start", "end"} <= f.keys() for f in found)


def test_agency_key_ingest_lookup_stats(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 1
    key = run("key", "create", "--agency", "TH-CCIB", "--role", "analyst")
    assert key.exit_code == 0 and key.stdout.startswith("cf_")
    path = tmp_path / "r.csv"
    path.write_text("report_id,phones,marking,loss_amount\nA,081 234 5678,,900\n"
                    "B,0812345678,TLP:BLUE,\n", encoding="utf-8")
    result = run("ingest", str(path), "--agency", "TH-CCIB", "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert (summary["accepted"], summary["rejected"]) == (1, 1)
    assert summary["errors"] == [{"line": 3, "field": "marking", "message": pytest.approx(
        summary["errors"][0]["message"])}]
    found = json.loads(run("lookup", "phone", "+66 81 234 5678", "--json").stdout)
    assert (found["known"], found["reports"], found["agencies"]) == (True, 1, ["TH-CCIB"])
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["reports"] == 1 and stats["loss_by_currency"] == {"THB": "900.00"}


@pytest.mark.parametrize(("args", "code"), [
    (["ingest", "missing.csv", "--agency", "TH-CCIB"], 2),
    (["ingest", "x.csv", "--agency", "bad code"], 2),
    (["key", "create", "--agency", "XX-NONE", "--role", "admin"], 2),
    (["key", "revoke", "cf_nothing"], 1),
], ids=["missing-file", "bad-agency-code", "unknown-agency", "revoke-unknown"])
def test_failures_have_exit_codes(run, args: list[str], code: int) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == code, result.output
    assert "error" in result.stderr
