"""The demo's case world: drawn from the world alone, the same for a seed, and within the
rules the case services enforce (so the demo can write it as drawn)."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

from counterfraud.simulate import World, build_world, case_steps
from counterfraud.simulate.case_specs import BANKS, CaseSpec, CaseWorld
from counterfraud.simulate.cases import CASE_COUNTS

Rows = list[tuple[str, dict[str, str]]]
SEEDS = [1, 2, 3, 7, 11]
VICTIM_ORDER = ("missing", "located", "rescued", "repatriated")
SUSPECT_ORDER = ("identified", "wanted", "arrested", "handed_over", "charged", "convicted")
FROZEN = ("frozen", "partly_frozen")


@pytest.fixture(scope="module")
def worlds() -> dict[int, World]:
    return {seed: build_world(seed=seed, size="small") for seed in SEEDS}


def _all_cases(worlds: dict[int, World]) -> list[CaseSpec]:
    return [c for w in worlds.values() for c in w.cases().cases]


def test_the_same_seed_gives_the_same_cases_and_another_seed_others() -> None:
    first = json.dumps(build_world(seed=5, size="small").cases().as_dict())
    assert first == json.dumps(build_world(seed=5, size="small").cases().as_dict())
    assert first != json.dumps(build_world(seed=6, size="small").cases().as_dict())


def test_the_ground_truth_holds_the_case_world(world: World, truth: dict[str, Any]) -> None:
    cases = world.cases()
    assert truth["cases"] == [c.as_dict() for c in cases.cases]
    assert truth["banks"] == [{"code": b.code, "country": b.country, "name": b.name}
                              for b in BANKS]
    assert truth["case_figures"] == cases.figures()
    assert json.loads(json.dumps(truth["cases"])) == truth["cases"]


@pytest.mark.parametrize("size", ["small", "medium"])
def test_each_kind_of_case_comes_in_the_numbers_asked(size: str) -> None:
    cases = build_world(seed=7, size=size).cases().cases
    kinds = Counter("network" if not c.reports else {"kidnapping_ransom": "ransom",
                                                     "job_lure": "lure"}.get(c.scam_type,
                                                                              "fraud")
                    for c in cases)
    assert kinds == Counter(CASE_COUNTS[size])
    assert [c.key for c in cases] == [f"C{n:02d}" for n in range(1, len(cases) + 1)]
    assert all(c.title.startswith(f"{c.key}: ") for c in cases)
    assert len({c.title for c in cases}) == len(cases)


def test_cases_open_from_reports_of_their_owner_and_hold_their_group_identifiers(
        world: World, rows: Rows, truth: dict[str, Any]) -> None:
    by_id = {(code, row["report_id"]): row for code, row in rows}
    groups = {g["id"]: g for g in truth["groups"]}
    for case in world.cases().cases:
        members = {(m["kind"], m["value"]) for m in groups[case.group]["members"]}
        assert set(case.identifiers) <= members, case.key
        assert case.network == groups[case.group]["network"]
        for agency, report_id in case.reports:
            row = by_id[(agency, report_id)]
            assert agency == case.owner
            assert row["scam_type"] == case.scam_type
            assert [v.nationality for v in case.victims] == [row["victim_country"]]


def test_victims_of_every_kind_move_along_their_lifecycle_in_time(
        worlds: dict[int, World]) -> None:
    victims = [v for c in _all_cases(worlds) for v in c.victims]
    assert {v.kind for v in victims} == {"defrauded", "lured_abroad", "held_for_ransom",
                                        "trafficked_into_scam_work"}
    for world in worlds.values():  # pseudonyms are unique within a world
        ids = [v.id for c in world.cases().cases for v in c.victims]
        assert len(set(ids)) == len(ids)
    assert {v.status for v in victims} == set(VICTIM_ORDER)
    for v in victims:
        statuses = [m.status for m in v.moves]
        start = VICTIM_ORDER.index(statuses[0])
        assert statuses[0] in ("missing", "located")
        assert statuses == list(VICTIM_ORDER[start:start + len(statuses)]), v.id
        assert [m.at for m in v.moves] == sorted(m.at for m in v.moves)
        assert v.location is not None or v.kind == "defrauded"


def test_ransom_demands_are_payable_to_the_groups_accounts_and_raise_one_request_per_bank(
        worlds: dict[int, World]) -> None:
    ransoms = 0
    for seed, world in worlds.items():
        pools = {g.gid: {(i.kind, i.value) for i in g.pool} for g in world.groups}
        for case in world.cases().cases:
            for victim in case.victims:
                if victim.ransom is None:
                    continue
                ransoms += 1
                assert victim.kind == "held_for_ransom"
                paid = {(k, v) for k, v, _ in victim.ransom.payments}
                assert paid <= pools[case.group], (seed, case.key)
                assert victim.ransom.blocked == (case.pap == "PAP:GREEN")
                raised = [f for f in case.freezes if f.by_ransom]
                banks = sorted({i for k, _, i in victim.ransom.payments if i})
                others = [(k, v) for k, v, i in victim.ransom.payments
                          if i is None and k in ("bank_account", "crypto_wallet")]
                assert [f.institution for f in raised] == [*banks, *[None] * len(others)]
                assert {a for f in raised for a in f.accounts} == {
                    (k, v) for k, v, _ in victim.ransom.payments
                    if k in ("bank_account", "crypto_wallet")}
    assert ransoms >= len(worlds) * CASE_COUNTS["small"]["ransom"]


def test_freeze_requests_get_realistic_answers(worlds: dict[int, World]) -> None:
    freezes = [f for c in _all_cases(worlds) for f in c.freezes]
    answers = Counter(f.answer for f in freezes)
    assert set(answers) == {*FROZEN, "already_withdrawn", "not_found", "refused", None}
    assert sum(answers[a] for a in FROZEN) > len(freezes) / 2  # mostly frozen or partly
    frozen = [f for f in freezes if f.answer in FROZEN]
    quick = [f for f in frozen if f.answered_at and
             (f.answered_at - f.requested_at).total_seconds() <= 24 * 3600]
    assert len(quick) >= 0.8 * len(frozen)  # mostly within a day
    for f in freezes:
        assert (f.answered_at is None) == (f.answer is None)
        assert f.answered_at is None or f.answered_at > f.requested_at
        assert (f.answer in FROZEN) == (f.amount_frozen is not None)
        assert (f.answer == "refused") == bool(f.refusal_reason)
        if f.answer == "partly_frozen" and f.amount is not None:
            assert float(f.amount_frozen[0]) < float(f.amount[0])  # type: ignore[index]


def test_a_freeze_crosses_a_border_only_from_the_police_of_a_victims_country(
        worlds: dict[int, World]) -> None:
    country = {a.code: a.country for a in build_world(seed=1, size="small").agencies}
    banks = {b.code: b.country for b in BANKS}
    crossing = 0
    for case in _all_cases(worlds):
        for f in case.freezes:
            if f.institution and banks[f.institution] != country[case.owner]:
                crossing += 1
                assert country[case.owner] in {v.nationality for v in case.victims}, case.key
    assert crossing > 0


def test_no_takedown_touches_an_identifier_a_guarded_case_of_another_holds(
        worlds: dict[int, World]) -> None:
    for world in worlds.values():
        cases = world.cases().cases
        for case in cases:
            guarded = case.pap in ("PAP:AMBER", "PAP:RED")
            for t in case.takedowns:
                assert bool(t.pap_override) == guarded, case.key
                assert not any(t.target in other.identifiers for other in cases
                               if other.key != case.key and other.pap != "PAP:GREEN")
            assert len({(t.target, t.addressee) for t in case.takedowns}) == \
                len(case.takedowns)
            if case.scam_type == "kidnapping_ransom" and case.pap == "PAP:RED":
                assert not case.takedowns
    statuses = Counter(t.status for c in _all_cases(worlds) for t in c.takedowns)
    assert set(statuses) == {"sent", "acknowledged", "taken_down", "refused"}


def test_suspects_are_core_members_arrested_and_handed_over_under_a_legal_basis(
        worlds: dict[int, World]) -> None:
    bases: Counter[str] = Counter()
    for world in worlds.values():
        cores = {g.gid: {(i.kind, i.value) for i in g.core} for g in world.groups}
        for case in world.cases().cases:
            assert case.link_network or not case.suspects
            for s in case.suspects:
                assert s.identifier in cores[case.group] and s.identifier[0] == "person"
                path = ["identified", *(step.status for step in s.steps)]
                assert path == [x for x in SUSPECT_ORDER if x in path], path
                assert path[:3] == list(SUSPECT_ORDER[:len(path[:3])])
                assert ("handed_over" in path) == (s.handover is not None)
                if s.handover is not None:
                    origin, destination, basis, reference = s.handover
                    assert origin != destination and reference
                    bases[basis] += 1
                    if origin in ("MM", "KH"):
                        assert basis == "deportation"
    assert set(bases) <= {"deportation", "extradition_treaty", "mlat"}
    assert "deportation" in bases


def test_joint_cases_invite_the_police_where_the_victims_are_held(
        worlds: dict[int, World]) -> None:
    police = {a.code for a in build_world(seed=1, size="small").agencies}
    joint = [c for c in _all_cases(worlds) if c.participants]
    assert joint
    for case in joint:
        assert case.owner not in case.participants
        assert set(case.participants) <= police
        assert case.scam_type not in ("investment", "romance", "shopping")  # frauds alone


def _times(case: CaseSpec) -> list[datetime]:
    times = [case.opened_at, *(m.at for m in case.moves)]
    times += [t for t in (case.invited_at, case.linked_at) if t is not None]
    times += [m.at for v in case.victims for m in v.moves]
    times += [v.ransom.at for v in case.victims if v.ransom]
    times += [t for f in case.freezes for t in (f.requested_at, f.answered_at) if t]
    times += [t.at(h) for t in case.takedowns for _, h in ((None, 0.0), *t.steps)]
    times += [s.identified_at for s in case.suspects]
    times += [step.at for s in case.suspects for step in s.steps]
    return times


def test_every_time_falls_between_the_worlds_first_day_and_six_months_after_its_last(
        worlds: dict[int, World]) -> None:
    """The world's reports end with 2025; everything done about them within six months
    (convictions included), so a demo built any day since writes no time ahead."""
    first, last = datetime(2023, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)
    for case in _all_cases(worlds):
        assert all(first <= t < last for t in _times(case)), case.key


def test_a_cases_times_follow_its_opening_in_the_order_it_is_written(
        worlds: dict[int, World]) -> None:
    """What the services require of times given after the fact: each record's own
    entries in order, none before the case's opening, and the case closed after all
    that was done within it but the convictions."""
    opened_months = set()
    for case in _all_cases(worlds):
        opened_months.add(case.opened_at.strftime("%Y-%m"))
        timeline = [case.opened_at, case.invited_at, case.linked_at,
                    *(m.at for m in case.moves)]
        present = [t for t in timeline if t is not None]
        assert present == sorted(present) and min(_times(case)) == case.opened_at, case.key
        assert (case.invited_at is not None) == bool(case.participants), case.key
        assert (case.linked_at is not None) == case.link_network, case.key
        for t in case.takedowns:
            hours = [h for _, h in t.steps]
            assert hours == sorted(hours) and t.sent_at >= case.opened_at
        for s in case.suspects:
            steps = [s.identified_at, *(step.at for step in s.steps)]
            assert steps == sorted(steps) and s.identified_at == case.linked_at, case.key
            assert (s.since("handed_over") is not None) == (s.handover is not None)
        if case.closed_at is not None:
            done = [t for t in _times(case) if t not in {m.at for m in case.moves}]
            convictions = {step.at for s in case.suspects for step in s.steps
                           if step.status == "convicted"}
            assert all(t < case.closed_at for t in done if t not in convictions), case.key
        if case.reports:  # opened when its report was made
            assert case.opened_at == case.victims[0].moves[0].at, case.key
    assert len(opened_months) >= 12  # spread over the world's years


def test_times_are_drawn_apart_from_what_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The times come from each case's own generator: drawn otherwise, they change, and
    the cases, their records and their figures stay those the world drew."""
    drawn = build_world(seed=7, size="small").cases()
    monkeypatch.setattr(case_steps, "clock",
                        lambda seed, size, key: random.Random(f"other times:{key}"))
    timed_otherwise = build_world(seed=7, size="small").cases()
    assert [_untimed(c.as_dict()) for c in timed_otherwise.cases] == [
        _untimed(c.as_dict()) for c in drawn.cases]
    assert timed_otherwise.figures() == drawn.figures()
    assert [c.moves for c in timed_otherwise.cases] != [c.moves for c in drawn.cases]


def _untimed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items()
                if not (k == "at" or k.endswith("_at"))}
    if isinstance(value, list):
        return [_untimed(v) for v in value]
    return value


def test_the_figures_count_the_world(world: World) -> None:
    cases: CaseWorld = world.cases()
    figures = cases.figures()
    assert figures["cases_opened"] == sum(CASE_COUNTS["small"].values())
    assert figures["freezes_requested"] == sum(len(c.freezes) for c in cases.cases)
    assert figures["victims_located"] >= figures["victims_rescued"] >= \
        figures["victims_repatriated"]
    assert figures["arrests"] >= figures["handovers"]
    assert 0 < figures["taken_down"] <= figures["takedowns_requested"]
