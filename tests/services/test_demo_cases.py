"""The demo's fourth capability, checked like the README's tour: `counterfraud demo`
builds the world once, then what its ground truth says of cases, victims, freeze and
takedown requests and suspects, and when each thing happened, is what the store holds,
read back through the services, and the figures it prints are the ministry's figures of
that world, month by month, medians included."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from counterfraud.cli import app
from counterfraud.domain import OPERATOR, AgencyKind
from counterfraud.services import access, case_links, cases, freeze, kpi, suspects, takedowns
from counterfraud.services import victims as victim_service
from counterfraud.services.demo_cases import WORLD_START, write_case_world
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.simulate import build_world

SEED = 7


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The folder of a demo built by the command, and what the command printed."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    done = CliRunner().invoke(app, ["--data-dir", str(folder), "demo", "--no-serve",
                                    "--seed", str(SEED)],
                              env={"COUNTERFRAUD_DATABASE_URL": ""})
    assert done.exit_code == 0, done.output
    return folder, done.output


@pytest.fixture(scope="module")
def truth(demo: tuple[Path, str]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((demo[0] / "ground_truth.json").read_text("utf-8"))
    return loaded


@pytest.fixture(scope="module")
def store(demo: tuple[Path, str]) -> Iterator[Store]:
    opened = open_store(Settings(data_dir=demo[0], database_url=None))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="module")
def case_ids(store: Store) -> dict[str, str]:
    """Stored case id by the world's case key (titles start with the key)."""
    _, found = cases.list_cases(store, OPERATOR, limit=1000)
    return {c.title.split(":", 1)[0]: c.id for c in found}


def _ref(identifier: Any) -> tuple[str, str]:
    return identifier.kind.value, identifier.value


def _refs(items: list[dict[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset((i["kind"], i["value"]) for i in items)


def test_the_ground_truth_is_the_seeds_whatever_the_run(truth: dict[str, Any]) -> None:
    again = json.loads(json.dumps(build_world(seed=SEED, size="small").ground_truth()))
    assert truth == again
    assert truth["cases"] and truth["case_figures"]["cases_opened"] == len(truth["cases"])


def test_the_banks_are_registered_as_banks(store: Store, truth: dict[str, Any]) -> None:
    kinds = {a.code: a.kind for a in access.list_agencies(store)}
    assert {b["code"]: kinds.get(b["code"]) for b in truth["banks"]} == {
        b["code"]: AgencyKind.BANK for b in truth["banks"]}
    assert kinds["CN-MPS"] is AgencyKind.AGENCY


def test_every_case_is_stored_as_the_ground_truth_says(
        store: Store, truth: dict[str, Any], case_ids: dict[str, str]) -> None:
    assert sorted(case_ids) == [c["key"] for c in truth["cases"]]
    for expected in truth["cases"]:
        view = cases.get_case(store, OPERATOR, case_ids[expected["key"]])
        case = view.case
        assert (case.owner, case.title, case.scam_type.value, case.pap.value,
                case.status.value) == (expected["owner"], expected["title"],
                                       expected["scam_type"], expected["pap"],
                                       expected["status"])
        assert {_ref(i) for i in case.identifiers} == _refs(expected["identifiers"])
        assert sorted(view.reports.values()) == sorted(expected["reports"])
        assert bool(case.network_ids) == expected["network_linked"]
        joined = case_links.participants(store, OPERATOR, case.id)
        assert sorted(a.grantee for a in joined) == sorted(expected["participants"])
        # when: opened on its report's day (or the drawn one), each move at its time
        shown = view.as_dict()
        assert (shown["opened_at"], shown["closed_at"]) == (expected["opened_at"],
                                                            expected["closed_at"])
        assert [(e.action.rpartition(" ")[2], e.at.isoformat()) for e in case.timeline
                if e.action.startswith("status ")] == [
            (m["status"], m["at"]) for m in expected["moves"]], expected["key"]
        assert {e.at.isoformat() for e in case.timeline if e.action == "agency invited"} \
            == ({expected["participants_invited_at"]} if expected["participants"] else set())
        assert {e.at.isoformat() for e in case.timeline if e.action == "network linked"} \
            == ({expected["network_linked_at"]} if case.network_ids else set())


def test_victims_are_stored_with_their_moves_and_ransom_demands(
        store: Store, truth: dict[str, Any]) -> None:
    expected = [v for c in truth["cases"] for v in c["victims"]]
    assert {v["kind"] for v in expected} == {"defrauded", "lured_abroad", "held_for_ransom",
                                            "trafficked_into_scam_work"}
    for victim in expected:
        stored = victim_service.get_victim(store, OPERATOR, victim["id"]).as_dict()
        assert (stored["kind"], stored["nationality"], stored["status"]) == (
            victim["kind"], victim["nationality"], victim["status"])
        assert [(h["status"], h["at"], h["agencies"]) for h in stored["history"]] == [
            (h["status"], h["at"], h["agencies"]) for h in victim["history"]]
        ransom = victim["ransom"]
        assert len(stored["ransom_demands"]) == (ransom is not None)
        if ransom is not None:
            demand = stored["ransom_demands"][0]
            assert (Decimal(demand["amount"]), demand["currency"]) == (
                Decimal(ransom["amount"]), ransom["currency"])
            assert _refs(demand["payment_identifiers"]) == _refs(ransom["payments"])


def _freezes(store: Store, case_id: str) -> Counter[tuple[Any, ...]]:
    return Counter((_accounts(v.request.accounts), v.institution, v.request.status.value,
                    _hours(v.as_dict()["hours_to_answer"]),
                    _amount(v.as_dict()["amount_frozen"]))
                   for v in freeze.list_requests(store, OPERATOR, case_id=case_id))


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _amount(money: dict[str, str] | None) -> tuple[Decimal, str] | None:
    return None if money is None else (Decimal(money["amount"]), money["currency"])


def _accounts(accounts: Any) -> frozenset[tuple[str, str]]:
    return frozenset(_ref(a) for a in accounts)


def test_freeze_requests_and_the_banks_answers_are_stored(
        store: Store, truth: dict[str, Any], case_ids: dict[str, str]) -> None:
    waiting = 0
    for expected in truth["cases"]:
        want = Counter((_refs(f["accounts"]), f["institution"], f["answer"],
                        f["hours_to_answer"], _amount(f["amount_frozen"]))
                       for f in expected["freeze_requests"])
        assert _freezes(store, case_ids[expected["key"]]) == want, expected["key"]
        waiting += sum(f["institution"] is not None and f["answer"] == "requested"
                       for f in expected["freeze_requests"])
    queued = sum(len(freeze.queue(store, OPERATOR, institution=b["code"]))
                 for b in truth["banks"])
    assert queued == waiting  # what no bank answered yet still waits in its queue


def test_takedowns_and_suspects_are_stored(store: Store, truth: dict[str, Any],
                                           case_ids: dict[str, str]) -> None:
    for expected in truth["cases"]:
        case_id = case_ids[expected["key"]]
        _, sent = takedowns.list_takedowns(store, OPERATOR, case_id=case_id)
        assert Counter((_ref(t.target), t.addressee, t.status.value, t.pap_override or None,
                        t.sent_at.isoformat(), _iso(t.answered_at),
                        takedowns.as_dict(t)["hours_to_takedown"]) for t in sent) == Counter(
            ((t["target"]["kind"], t["target"]["value"]), t["addressee"], t["status"],
             t["pap_override"], t["sent_at"], t["answered_at"], t["hours_to_takedown"])
            for t in expected["takedown_requests"]), expected["key"]
        _, found = suspects.list_suspects(store, OPERATOR, case_id=case_id)
        assert Counter((_ref(s.identifiers[0]), s.status.value,
                        s.handover.basis.value if s.handover else None,
                        s.handover.reference if s.handover else None,
                        tuple((h.status.value, h.at.isoformat()) for h in s.history))
                       for s in found) == \
            Counter(((s["identifier"]["kind"], s["identifier"]["value"]), s["status"],
                     s["handover"] and s["handover"]["basis"],
                     s["handover"] and s["handover"]["reference"],
                     (("identified", s["identified_at"]),
                      *((step["status"], step["at"]) for step in s["steps"])))
                    for s in expected["suspects"]), expected["key"]


FIGURES = [("cases", "opened", "cases_opened"), ("cases", "solved", "cases_solved"),
           ("arrests", None, "arrests"), ("handovers", None, "handovers"),
           ("freezes", "requested", "freezes_requested"),
           ("freezes", "frozen", "freezes_frozen"),
           ("takedowns", "requested", "takedowns_requested"),
           ("takedowns", "taken_down", "taken_down"),
           ("victims", "located", "victims_located"),
           ("victims", "rescued", "victims_rescued"),
           ("victims", "repatriated", "victims_repatriated")]


def test_the_figures_are_the_ground_truths(store: Store, truth: dict[str, Any]) -> None:
    found = kpi.kpi(store, OPERATOR, period=kpi.parse_period(
        WORLD_START.date().isoformat(), None)).totals.as_dict()
    for part, key, name in FIGURES:
        value = found[part] if key is None else found[part][key]
        assert value == truth["case_figures"][name], name


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def _month(iso: str | None) -> str | None:
    return None if iso is None else iso[:7]


def _by_month(truth: dict[str, Any]) -> dict[str, Counter[str]]:
    """What each month of the ground truth holds of the figures dated by cases, suspects
    and takedowns (the months that hold nothing left out)."""
    months: dict[str, Counter[str]] = {}

    def count(iso: str | None, figure: str) -> None:
        if iso is not None:
            months.setdefault(iso[:7], Counter())[figure] += 1

    for case in truth["cases"]:
        count(case["opened_at"], "opened")
        count(case["closed_at"] if case["status"] == "closed_solved" else None, "solved")
        for suspect in case["suspects"]:
            steps = {step["status"]: step["at"] for step in suspect["steps"]}
            count(steps.get("arrested"), "arrests")
            count(steps.get("handed_over"), "handovers")
        for request in case["takedown_requests"]:
            count(request["sent_at"], "takedowns")
            count(request["answered_at"] if request["status"] == "taken_down" else None,
                  "taken_down")
    return months


def _hours_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 3600


def test_each_month_counts_what_happened_in_it(store: Store, truth: dict[str, Any]) -> None:
    found = kpi.kpi(store, OPERATOR, period=kpi.parse_period(
        WORLD_START.date().isoformat(), None), by="month").as_dict()
    stored = {}
    for group in found["groups"]:
        counts = Counter({"opened": group["cases"]["opened"],
                          "solved": group["cases"]["solved"], "arrests": group["arrests"],
                          "handovers": group["handovers"],
                          "takedowns": group["takedowns"]["requested"],
                          "taken_down": group["takedowns"]["taken_down"]})
        if +counts:
            stored[group["month"]] = +counts
    expected = _by_month(truth)
    assert stored == expected
    # spread over the world's years, not all on the day the demo ran
    assert len({m for m, c in expected.items() if c["opened"]}) >= 6
    assert len({m[:4] for m, c in expected.items() if c["taken_down"]}) >= 2
    assert sum(c["arrests"] for c in expected.values()) == truth["case_figures"]["arrests"]


def test_the_medians_are_the_ground_truths(store: Store, truth: dict[str, Any]) -> None:
    found = kpi.kpi(store, OPERATOR, period=kpi.parse_period(
        WORLD_START.date().isoformat(), None), by="month").as_dict()
    requests = [t for c in truth["cases"] for t in c["takedown_requests"]
                if t["status"] == "taken_down"]
    hours = [t["hours_to_takedown"] for t in requests]
    assert all(h == pytest.approx(_hours_between(t["sent_at"], t["answered_at"]))
               for h, t in zip(hours, requests, strict=True))
    median = found["takedowns"]["median_hours_to_takedown"]
    assert median > 1.0  # hours drawn, not the minutes of a demo's run
    assert median == pytest.approx(statistics.median(hours), abs=0.01)
    freezes = [_hours_between(f["requested_at"], f["answered_at"]) for c in truth["cases"]
               for f in c["freeze_requests"] if f["answer"] in ("frozen", "partly_frozen")]
    assert found["freezes"]["median_hours_to_freeze"] == pytest.approx(
        statistics.median(freezes), abs=0.01)
    for group in found["groups"]:  # each month's median, of that month's takedowns
        month = [t["hours_to_takedown"] for t in requests
                 if _month(t["answered_at"]) == group["month"]]
        assert group["takedowns"]["median_hours_to_takedown"] == (
            pytest.approx(statistics.median(month), abs=0.01) if month else None)


def test_the_demo_prints_the_figures_of_its_world(demo: tuple[Path, str],
                                                  truth: dict[str, Any]) -> None:
    output, figures = demo[1], truth["case_figures"]
    assert re.search(r"^figures from 2023-01-01 to \d{4}-\d\d-\d\d \(`counterfraud "
                     r"--data-dir .* kpi --from 2023-01-01` tells them all\):$", output, re.M)
    assert (f"  cases: {figures['cases_opened']} opened, {figures['cases_solved']} solved; "
            f"arrests {figures['arrests']}, handovers {figures['handovers']}\n") in output
    assert (f"  freeze requests: {figures['freezes_requested']}, "
            f"{figures['freezes_frozen']} frozen in full or in part, median ") in output
    assert (f"  takedown requests: {figures['takedowns_requested']}, "
            f"{figures['taken_down']} taken down\n") in output
    assert (f"  victims: {figures['victims_located']} located, "
            f"{figures['victims_rescued']} rescued, {figures['victims_repatriated']} "
            "repatriated\n") in output
    assert output.index("figures from") < output.index("next steps:")


def test_writing_the_cases_again_adds_nothing(store: Store, truth: dict[str, Any]) -> None:
    """What a resumed demo does: the cases are found by title, the queues are empty."""
    world = build_world(seed=SEED, size="small")
    period = kpi.parse_period(WORLD_START.date().isoformat(), None)
    before = kpi.kpi(store, OPERATOR, period=period).totals.as_dict()
    again = write_case_world(store, world.cases(), world.agencies)
    assert (again.written, again.answered) == (0, 0)
    assert sorted(again.case_ids) == [c["key"] for c in truth["cases"]]
    assert kpi.kpi(store, OPERATOR, period=period).totals.as_dict() == before
