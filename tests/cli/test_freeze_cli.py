"""``counterfraud freeze ...``: request, list, show, the bank's queue and answer, and the
feed a bank pulls (CSV and JSON), as the local operator or ``--as`` one agency; bad
input exits 2 naming the field, refusals exit 1 with the service's words."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.cli.test_victims_cli import as_json, ok

Run = Callable[..., Any]
WALLET = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"


@pytest.fixture
def case_id(run: Run) -> str:
    """CN's investment case (TLP:AMBER, PAP:GREEN), a Chinese and a Lao bank."""
    for code, country, kind in (("CN-MPS", "CN", "agency"), ("TH-CCIB", "TH", "agency"),
                                ("CN-ICBC", "CN", "bank"), ("LA-BCEL", "LA", "bank")):
        ok(run("agency", "add", code, "--country", country, "--name", code, "--kind", kind))
    opened = as_json(run("cases", "open", "--agency", "CN-MPS", "--scam-type", "investment",
                         "--title", "Trading app", "--json"))
    return str(opened["id"])


def _request(run: Run, case_id: str, *args: str) -> Any:
    return run("freeze", "request", case_id, "--account", "bank_account:0101 2345 6789",
               "--account", f"crypto_wallet:{WALLET}", *args)


def test_request_queue_answer_and_feed(run: Run, case_id: str, tmp_path: Path) -> None:
    made = as_json(_request(run, case_id, "--institution", "CN-ICBC", "--amount", "50000",
                            "--currency", "CNY", "--json"))
    assert made["requesting_agency"] == "CN-MPS" and made["marking"] == "TLP:AMBER"
    queued = ok(run("freeze", "queue", "--for", "CN-ICBC")).stdout
    assert made["id"] in queued and "50000.00 CNY" in queued
    assert ok(run("freeze", "queue", "--for", "LA-BCEL")).stdout == ""
    ok(run("freeze", "feed", "--for", "CN-ICBC", "--out", str(tmp_path / "feed.csv")))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "feed.csv").read_text("utf-8"))))
    assert {r["value"] for r in rows} == {"010123456789", WALLET}
    assert all(r["references"] == f"freeze/{made['id']}" for r in rows)
    feed = json.loads(ok(run("freeze", "feed", "--for", "CN-ICBC", "--format", "json",
                             "--since", "2000-01-01")).stdout)
    assert len(feed["accounts"]) == 2
    refused = run("freeze", "answer", made["id"], "frozen", "--as", "CN-MPS")
    assert refused.exit_code == 1 and "only CN-ICBC answers" in refused.output
    answered = ok(run("freeze", "answer", made["id"], "partly_frozen", "--amount", "1200",
                      "--as", "CN-ICBC", "--by", "desk-3"))
    assert "[partly_frozen in 0.0 h]" in answered.stdout
    again = run("freeze", "answer", made["id"], "frozen", "--as", "CN-ICBC")
    assert again.exit_code == 1 and "already answered" in again.output
    listed = as_json(run("freeze", "list", "--case", case_id, "--json"))
    assert [(r["status"], r["amount_frozen"]) for r in listed] == [
        ("partly_frozen", {"amount": "1200.00", "currency": "CNY"})]
    shown = ok(run("freeze", "show", made["id"])).stdout
    assert "answered partly_frozen by CN-ICBC:desk-3: 1200.00 CNY" in shown


def test_cross_border_and_unregistered_addressees(run: Run, case_id: str) -> None:
    refused = _request(run, case_id, "--institution", "LA-BCEL")
    assert refused.exit_code == 1 and "the case records no victim" in refused.output
    letter = as_json(_request(run, case_id, "--addressee", "Bank of the Mekong", "--json"))
    assert letter["institution"] is None and letter["addressee"] == "Bank of the Mekong"
    recorded = ok(run("freeze", "answer", letter["id"], "not_found"))
    assert "[not_found" in recorded.stdout


@pytest.mark.parametrize(("args", "words"), [
    pytest.param(["--institution", "TH-CCIB"], "TH-CCIB is not a bank", id="not-a-bank"),
    pytest.param(["--institution", "CN-ICBC", "--amount", "5"], "give the amount and its "
                 "currency", id="amount-alone"),
    pytest.param(["--institution", "CN-ICBC", "--deadline", "tomorrow"], "deadline "
                 "'tomorrow'", id="deadline"),
    pytest.param(["--institution", "CN-ICBC", "--marking", "red"], "TLP:RED request never "
                 "leaves", id="red"),
    pytest.param([], "name the institution", id="nobody"),
])
def test_bad_requests_exit_2(run: Run, case_id: str, args: list[str], words: str) -> None:
    result = _request(run, case_id, *args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert as_json(run("freeze", "list", "--json")) == []


def test_bad_values_of_the_other_commands_exit_2(run: Run, case_id: str) -> None:
    account = run("freeze", "request", case_id, "--account", "0101", "--institution",
                  "CN-ICBC")
    assert account.exit_code == 2 and "must be KIND:VALUE" in account.output
    feed = run("freeze", "feed", "--for", "CN-ICBC", "--format", "rpz")
    assert feed.exit_code == 2 and "the freeze feed is csv or json" in feed.output
    queue = run("freeze", "queue", "--for", "TH-CCIB")
    assert queue.exit_code == 2 and "not a bank" in queue.output
    answer = run("freeze", "answer", "FRZ-NONE", "thawed")
    assert answer.exit_code == 2 and "unknown answer 'thawed'" in answer.output
