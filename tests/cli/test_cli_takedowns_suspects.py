"""``counterfraud takedown ...`` and ``counterfraud suspects ...``: requests and their
abuse reports, suspects from proposal to handover, as the local operator or ``--as`` one
agency; refusals exit 2 (bad or unknown input) or 1 (not allowed, a conflict) with the
service's words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from case_requests_world import JOINT, OWNER, PARTNER, SECRET, SITE, STRANGER, build
from counterfraud.domain import Agency
from counterfraud.services import ingest, networks
from counterfraud.services.access import ensure_agency
from counterfraud.services.store import open_store
from counterfraud.settings import Settings

Run = Callable[..., Any]
BOSS = "zhao lei|n:CN"


@pytest.fixture
def world(run: Run, tmp_path: Path) -> tuple[Run, str]:
    """The shared case world in the data folder the commands use, with a network."""
    store = open_store(Settings(data_dir=tmp_path / "data"))
    try:
        for code in ("CN-MPS", "TH-CCIB", "LA-MPS"):
            ensure_agency(store, Agency(code, code[:2], code))
        built = build(store)
        ingest.ingest_records(store, enumerate([
            {"report_id": f"NET-{n}", "reported_at": "2025-02-10T09:00:00Z",
             "scam_type": "investment", "marking": "TLP:GREEN", "urls": SITE,
             "phones": "+66812340301", "persons": BOSS} for n in (1, 2)], 1), agency=OWNER)
        networks.build(store)
    finally:
        store.close()
    return run, built.case_id


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_takedown_at_the_command_line(world: tuple[Run, str]) -> None:
    run, case_id = world
    sent = _json(run("takedown", "request", case_id, "url", SITE, "--to", "Registrar",
                     "--by", "Officer Somchai", "--json"))
    assert (sent["requesting_agency"], sent["status"]) == (OWNER, "sent")
    assert sent["timeline"][0]["actor"] == "Officer Somchai"
    text = run("takedown", "report", sent["id"])
    assert text.exit_code == 0 and f"Please reply quoting {sent['id']}." in text.stdout
    assert SECRET not in text.stdout
    document = _json(run("takedown", "report", sent["id"], "--format", "json"))
    assert document["target"]["value"] == SITE
    moved = run("takedown", "move", sent["id"], "taken_down", "--reason", "ticket 9")
    assert moved.exit_code == 0 and "taken down in" in moved.stdout
    listed = _json(run("takedown", "list", "--case", case_id, "--status", "taken_down",
                       "--json"))
    assert [r["id"] for r in listed["items"]] == [sent["id"]]
    shown = run("takedown", "show", sent["id"])
    assert shown.exit_code == 0 and "ticket 9" in shown.stdout
    again = run("takedown", "move", sent["id"], "refused")
    assert again.exit_code == 2 and "allowed next: none" in again.output


@pytest.mark.parametrize(("args", "code", "words"), [
    pytest.param(("request", "{case}", "bank_account", "TH:0123", "--to", "Bank"), 2,
                 "a takedown targets one of", id="kind"),
    pytest.param(("request", "{case}", "url", SITE, "--to", "R", "--as", PARTNER), 1,
                 "is not a participant", id="partner-writes-nothing"),
    pytest.param(("request", "{case}", "url", SITE, "--to", "R", "--as", STRANGER), 2,
                 "no case", id="stranger"),
    pytest.param(("request", "NO-SUCH", "url", SITE, "--to", "R"), 2, "no case",
                 id="unknown-case"),
    pytest.param(("report", "TD-NONE"), 2, "no takedown request", id="unknown-request"),
    pytest.param(("report", "TD-NONE", "--format", "pdf"), 2, "unknown format",
                 id="format"),
    pytest.param(("list", "--status", "gone"), 2, "unknown takedown status", id="status"),
])
def test_takedown_refusals(world: tuple[Run, str], args: tuple[str, ...], code: int,
                           words: str) -> None:
    run, case_id = world
    result = run("takedown", *(a.format(case=case_id) for a in args))
    assert result.exit_code == code, result.output
    assert words in result.output


def test_pap_red_at_the_command_line(world: tuple[Run, str]) -> None:
    run, case_id = world
    assert run("cases", "remark", case_id, "--pap", "red").exit_code == 0
    refused = run("takedown", "request", case_id, "url", SITE, "--to", "R")
    assert refused.exit_code == 2 and "PAP:RED" in refused.output
    joint = run("takedown", "request", case_id, "url", SITE, "--to", "R",
                "--despite-pap", "raid", "--as", JOINT)
    assert joint.exit_code == 1 and "only the case's owner" in joint.output
    sent = _json(run("takedown", "request", case_id, "url", SITE, "--to", "R",
                     "--despite-pap", "arrests at dawn", "--json"))
    assert sent["pap_override"] == "arrests at dawn"


def test_suspects_at_the_command_line(world: tuple[Run, str]) -> None:
    run, case_id = world
    proposals = _json(run("suspects", "propose", case_id, "--as", OWNER, "--json"))
    boss = next(p for p in proposals if p["member"]["kind"] == "person")
    table = run("suspects", "propose", case_id)
    assert table.exit_code == 0 and boss["network"] in table.stdout
    made = _json(run("suspects", "confirm", case_id, "--from-network", boss["network"],
                     "--member", f"person:{BOSS}", "--json"))
    assert (made["name"], made["nationality"]) == ("zhao lei", "CN")
    hand = _json(run("suspects", "add", case_id, "--name", "Aide Wang", "--nationality",
                     "cn", "--identifier", "handle:telegram:@aide_wang", "--as", JOINT,
                     "--json"))
    for step in (("wanted", "--reference", "red notice A-1"),
                 ("arrested", "--agency", "MM-POLICE"),
                 ("handed_over", "--handover-from", "MM", "--handover-to", "TH", "--basis",
                  "mlat", "--reference", "MLAT TH-MM 2025/4")):
        result = run("suspects", "move", made["id"], *step)
        assert result.exit_code == 0, result.output
    shown = run("suspects", "show", made["id"])
    assert shown.exit_code == 0 and "handed over MM -> TH under mlat" in shown.stdout
    listed = _json(run("suspects", "list", "--case", case_id, "--json"))
    assert {s["id"] for s in listed["items"]} == {made["id"], hand["id"]}
    missing = run("suspects", "move", hand["id"], "wanted", "--basis", "mlat")
    assert missing.exit_code == 2 and "handed_over only" in missing.output
    twice = run("suspects", "confirm", case_id, "--from-network", boss["network"],
                "--member", f"person:{BOSS}")
    assert twice.exit_code == 1 and made["id"] in twice.output


def test_takedowns_and_suspects_recorded_after_the_fact(world: tuple[Run, str]) -> None:
    run = world[0]
    case_id = _json(run("cases", "open", "--agency", OWNER, "--scam-type", "investment",
                        "--title", "Paper file of March", "--at", "2025-03-03",
                        "--json"))["id"]
    sent = _json(run("takedown", "request", case_id, "url", SITE, "--to", "Registrar",
                     "--at", "2025-03-03T10:00:00+07:00", "--json"))
    assert sent["sent_at"] == "2025-03-03T03:00:00+00:00"
    run("takedown", "move", sent["id"], "acknowledged", "--at", "2025-03-03T06:00:00Z")
    down = _json(run("takedown", "move", sent["id"], "taken_down", "--at",
                     "2025-03-04T09:30:00Z", "--json"))
    assert (down["answered_at"], down["hours_to_takedown"]) == (
        "2025-03-04T09:30:00+00:00", 30.5)
    early = run("takedown", "request", case_id, "url", SITE, "--to", "Host", "--at",
                "2025-03-02")
    assert early.exit_code == 2 and "before it was opened" in early.output, early.output
    made = _json(run("suspects", "add", case_id, "--name", "Aide Wang", "--at",
                     "2025-03-05", "--json"))
    for step in (("wanted", "--at", "2025-03-06"),
                 ("arrested", "--agency", "MM-POLICE", "--at", "2025-03-20T05:00:00Z"),
                 ("handed_over", "--handover-from", "MM", "--handover-to", "TH", "--basis",
                  "deportation", "--reference", "MM-DEP-9", "--at", "2025-04-01")):
        result = run("suspects", "move", made["id"], *step)
        assert result.exit_code == 0, result.output
    shown = _json(run("suspects", "show", made["id"], "--json"))
    assert [h["at"] for h in shown["history"]] == [
        "2025-03-05T00:00:00+00:00", "2025-03-06T00:00:00+00:00",
        "2025-03-20T05:00:00+00:00", "2025-04-01T00:00:00+00:00"]
    assert shown["handover"]["at"] == "2025-04-01T00:00:00+00:00"
    late = run("suspects", "move", made["id"], "charged", "--at", "2999-01-01")
    assert late.exit_code == 2 and "at is too far in the future" in late.output
    figures = _json(run("kpi", "--from", "2025-03", "--to", "2025-04", "--by", "month",
                        "--json"))
    assert [(g["month"], g["arrests"], g["handovers"], g["takedowns"]["taken_down"],
             g["takedowns"]["median_hours_to_takedown"]) for g in figures["groups"]] == [
        ("2025-03", 1, 0, 1, 30.5), ("2025-04", 0, 1, 0, None)]
