"""``counterfraud cases ...``: a case's life at the command line, acting as the local
operator or, with ``--as``, for one agency; refusals exit 2 (bad or unknown input) or 1
(not allowed, a conflict) with the service's words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]
CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"


@pytest.fixture
def agencies(run: Run) -> Run:
    for code, country in ((CN, "CN"), (TH, "TH"), (LA, "LA")):
        assert run("agency", "add", code, "--country", country, "--name", code).exit_code == 0
    return run


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _open(run: Run, *extra: str) -> dict[str, Any]:
    found: dict[str, Any] = _json(run("cases", "open", "--agency", CN, "--scam-type",
                                      "investment", "--title", "Gold VIP", "--json", *extra))
    return found


def test_a_case_from_opening_to_closing(agencies: Run) -> None:
    case = _open(agencies, "--identifier", "phone:138 0013 8000",
                 "--identifier", "crypto_wallet:0x52908400098527886E0F7030069857D2E4169EE7",
                 "--tlp", "green", "--by", "Officer Wang")
    case_id = case["id"]
    assert (case_id, case["tlp"], case["identifiers"][0]["value"]) == (
        "CN-MPS-000001", "TLP:GREEN", "+8613800138000")
    assert any(t["title"].startswith("Request freeze of crypto wallet") for t in case["tasks"])
    run = agencies
    steps = [
        ("cases", "task", "add", case_id, "Call the exchange", "--assignee", "Officer Li",
         "--due", "2026-06-01"),
        ("cases", "task", "assign", case_id, "1", TH),
        ("cases", "task", "log", case_id, "1", "transfers recorded"),
        ("cases", "task", "done", case_id, "1"),
        ("cases", "note", case_id, "victim interviewed"),
        ("cases", "add-identifier", case_id, "url", "https://gold-vip.top/login"),
        ("cases", "remark", case_id, "--pap", "amber"),
        ("cases", "move", case_id, "investigating", "--reason", "evidence in"),
        ("cases", "move", case_id, "action"),
        ("cases", "move", case_id, "closed_solved", "--reason", "arrests"),
    ]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.output)
        assert result.stdout.startswith(f"{case_id} ["), result.stdout
    shown = _json(run("cases", "show", case_id, "--json"))
    assert (shown["status"], shown["pap"], shown["version"]) == ("closed_solved", "PAP:AMBER",
                                                                 len(steps) + 1)
    assert shown["tasks"][0]["done"] and shown["tasks"][0]["assignee"] == TH
    assert shown["notes"][0]["text"] == "victim interviewed"
    assert shown["timeline"][0]["actor"] == "Officer Wang"
    text = run("cases", "show", case_id)
    assert text.exit_code == 0 and "status action -> closed_solved: arrests" in text.stdout
    listed = _json(run("cases", "list", "--status", "closed_solved", "--json"))
    assert [c["id"] for c in listed["items"]] == [case_id]
    assert "Gold" in run("cases", "list").stdout


@pytest.mark.parametrize(("args", "code", "words"), [
    pytest.param(("move", "{id}", "action"), 2,
                 "case: cannot go from 'open' to 'action'; allowed next: investigating",
                 id="bad-move"),
    pytest.param(("show", "CN-MPS-999999"), 2, "no case 'CN-MPS-999999'", id="unknown"),
    pytest.param(("task", "done", "{id}", "99"), 2, "has no task 99", id="no-task"),
    pytest.param(("add-identifier", "{id}", "phone", "not a phone"), 2, "phone",
                 id="bad-identifier"),
    pytest.param(("link-report", "{id}", "CN-MPS-R1"), 2, "AGENCY/REPORT_ID",
                 id="bad-report-ref"),
    pytest.param(("link-report", "{id}", "CN-MPS/R1"), 2, "no report CN-MPS/R1",
                 id="unknown-report"),
    pytest.param(("note", "{id}", "x", "--as", LA), 2, "no case", id="outsider"),
    pytest.param(("move", "{id}", "investigating", "--as", TH), 2, "no case",
                 id="outsider-move"),
    pytest.param(("invite", "{id}", CN, "--purpose", "p"), 2, "two different agencies",
                 id="invite-self"),
])
def test_refusals_name_their_reason(agencies: Run, args: tuple[str, ...], code: int,
                                    words: str) -> None:
    case_id = _open(agencies)["id"]
    result = agencies("cases", *(a.replace("{id}", case_id) for a in args))
    assert result.exit_code == code, result.output
    assert words in result.output


def test_a_bad_identifier_at_opening_opens_nothing(agencies: Run) -> None:
    result = agencies("cases", "open", "--agency", CN, "--scam-type", "romance", "--title",
                      "t", "--identifier", "phone+8613800138000")
    assert result.exit_code == 2 and "must be KIND:VALUE" in result.output
    assert _json(agencies("cases", "list", "--json"))["total"] == 0


def test_a_joint_case_at_the_command_line(agencies: Run) -> None:
    run = agencies
    case_id = _open(run, "--identifier", "phone:+8613800138000")["id"]
    other = _open(run, "--identifier", "phone:+8613800138000")["id"]
    made = _json(run("cases", "invite", case_id, TH, "--purpose", "joint rescue",
                     "--record-types", "case,victim", "--json"))
    assert (made["grantee"], made["case_id"], made["record_types"]) == (
        TH, case_id, ["case", "victim"])
    assert run("cases", "note", case_id, "found the compound", "--as", TH).exit_code == 0
    refused = run("cases", "move", case_id, "investigating", "--as", TH)
    assert refused.exit_code == 1 and "only the owning agency" in refused.output
    assert run("cases", "show", other, "--as", TH).exit_code == 2
    as_th = _json(run("cases", "list", "--as", TH, "--json"))
    assert [c["id"] for c in as_th["items"]] == [case_id]
    # the operator sees both cases linked; TH only what it may see: nothing else
    [linked] = _json(run("cases", "linked", case_id, "--json"))
    assert linked["case"]["id"] == other
    assert _json(run("cases", "linked", case_id, "--as", TH, "--json")) == []
    shown = _json(run("cases", "show", case_id, "--json"))
    assert shown["timeline"][-1]["actor"].startswith(f"{TH}:")
    assert TH in run("cases", "participants", case_id).stdout
    removed = _json(run("cases", "remove", case_id, TH, "--json"))
    assert removed[0]["revoked_at"]
    assert run("cases", "show", case_id, "--as", TH).exit_code == 2


def test_a_report_the_owner_reads_is_linked(agencies: Run, tmp_path: Path) -> None:
    rows = tmp_path / "reports.csv"
    rows.write_text("report_id,scam_type,marking,phones\nR1,investment,amber,"
                    "+8613800138000\n", encoding="utf-8")
    assert agencies("ingest", str(rows), "--agency", CN).exit_code == 0
    case_id = _open(agencies)["id"]
    linked = _json(agencies("cases", "link-report", case_id, f"{CN}/R1", "--json"))
    assert linked["reports"] == [f"{CN}/R1"]


def test_a_case_recorded_after_the_fact(agencies: Run) -> None:
    run = agencies
    case = _open(run, "--at", "2025-03-03T09:30:00+08:00")
    case_id = case["id"]
    assert case["opened_at"] == "2025-03-03T01:30:00+00:00"
    steps = [("note", case_id, "paper file received", "--at", "2025-03-04T08:00:00Z"),
             ("task", "done", case_id, "1", "--at", "2025-03-04T09:00:00"),  # UTC
             ("invite", case_id, TH, "--purpose", "joint work", "--at", "2025-03-05"),
             ("move", case_id, "investigating", "--at", "2025-03-06T00:00:00+07:00"),
             ("move", case_id, "action", "--at", "2025-03-20"),
             ("move", case_id, "closed_solved", "--at", "2025-04-02T12:00:00Z")]
    for step in steps:
        result = run("cases", *step)
        assert result.exit_code == 0, (step, result.output)
    shown = _json(run("cases", "show", case_id, "--json"))
    assert [e["at"] for e in shown["timeline"]] == [
        "2025-03-03T01:30:00+00:00", "2025-03-04T08:00:00+00:00", "2025-03-04T09:00:00+00:00",
        "2025-03-05T00:00:00+00:00", "2025-03-05T17:00:00+00:00", "2025-03-20T00:00:00+00:00",
        "2025-04-02T12:00:00+00:00"]
    assert shown["closed_at"] == "2025-04-02T12:00:00+00:00"
    figures = _json(run("kpi", "--from", "2025-03", "--to", "2025-04", "--by", "month",
                        "--json"))
    assert [(g["month"], g["cases"]) for g in figures["groups"]] == [
        ("2025-03", {"opened": 1, "solved": 0}), ("2025-04", {"opened": 0, "solved": 1})]


@pytest.mark.parametrize(("at", "words"), [
    pytest.param("yesterday", "at 'yesterday' is not an ISO 8601", id="not-a-time"),
    pytest.param("2999-01-01", "at is too far in the future", id="future"),
    pytest.param("1989-12-31", "at is before 1990", id="before-1990"),
])
def test_an_impossible_at_is_refused_naming_it(agencies: Run, at: str, words: str) -> None:
    refused = agencies("cases", "open", "--agency", CN, "--scam-type", "investment",
                       "--title", "t", "--at", at)
    assert refused.exit_code == 2 and words in refused.output, refused.output
    assert _json(agencies("cases", "list", "--json"))["total"] == 0
    case_id = _open(agencies, "--at", "2025-03-03")["id"]
    moved = agencies("cases", "move", case_id, "investigating", "--at", at)
    assert moved.exit_code == 2 and words in moved.output, moved.output


def test_a_move_dated_before_the_last_change_is_refused(agencies: Run) -> None:
    case_id = _open(agencies, "--at", "2025-03-03")["id"]
    refused = agencies("cases", "move", case_id, "investigating", "--at", "2025-03-02")
    assert refused.exit_code == 2 and "at 2025-03-02T00:00:00+00:00 is earlier than the " \
        "last change" in refused.output, refused.output
    assert _json(agencies("cases", "show", case_id, "--json"))["version"] == 1
