"""Suspects through the service: proposed from the networks' core members as the caller
sees them, confirmed or added by hand, moved to conviction with arrests and handovers
(also recorded after the fact), listed and shown on the audit trail; errors name the
field."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from case_requests_world import (
    JOINT,
    OWNER,
    PARTNER,
    CaseWorld,
    build,
    open_case,
    viewer,
)
from counterfraud.domain import OPERATOR
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.services import audit, cases, ingest, kpi, networks, suspects
from counterfraud.services.store import Store
from counterfraud.store.case_tables import SuspectRow

P1, P2, P3 = "+66812340101", "+66812340102", "+66812340103"
HANDLE = "telegram:@gold_mentor_th"
BOSS = "zhao lei|n:CN"
HIDDEN_BOSS = "qian hidden|n:CN"


def _ring(report_id: str, marking: str, **identifiers: Any) -> dict[str, Any]:
    return {"report_id": report_id, "reported_at": "2025-02-10T09:00:00Z",
            "scam_type": "investment", "marking": marking, "victim_country": "TH",
            "loss_amount": "100", **identifiers}


@pytest.fixture
def world(store: Store) -> CaseWorld:
    built = build(store, reports=False)
    ingest.ingest_records(store, enumerate([
        _ring("N1", "TLP:GREEN", phones=P1, handles=HANDLE, persons=BOSS),
        _ring("N2", "TLP:GREEN", phones=P2, handles=HANDLE, persons=BOSS),
        _ring("N3", "TLP:GREEN", phones=P3, persons=BOSS),
        _ring("N4", "TLP:GREEN", phones=f"{P1};{P3}"),
    ], 1), agency=OWNER)
    ingest.ingest_records(store, enumerate([  # CN's RED report: never in TH's view
        _ring("R1", "TLP:RED", phones=f"{P1};{P2}", persons=HIDDEN_BOSS),
        _ring("R2", "TLP:RED", phones=P3, persons=HIDDEN_BOSS),
    ], 1), agency=PARTNER)
    networks.build(store)
    cases.add_identifier(store, OPERATOR, built.case_id, "phone", P1)
    return built


def _members(found: list[suspects.Proposal]) -> list[str]:
    return [p.member.identifier.value for p in found]


def test_proposals_are_core_members_as_the_caller_sees_them(world: CaseWorld) -> None:
    mine = suspects.proposals(world.store, viewer(OWNER), world.case_id)
    assert BOSS in _members(mine) and HIDDEN_BOSS not in _members(mine)
    boss = next(p for p in mine if p.member.identifier.value == BOSS)
    assert boss.member.core_rank is not None and boss.member.why
    assert [i.value for i in boss.through] == [P1] and not boss.linked
    assert [p.member.core_rank for p in mine] == sorted(p.member.core_rank or 0 for p in mine)
    everything = suspects.proposals(world.store, OPERATOR, world.case_id)
    assert HIDDEN_BOSS in _members(everything)
    entry = audit.entries(world.store)[-1]
    assert entry.record_type == "network" and json.loads(entry.detail)["case"] == world.case_id


def test_proposals_need_the_case(world: CaseWorld) -> None:
    with pytest.raises(NotFound):
        suspects.proposals(world.store, viewer("MM-CCPD"), world.case_id)
    with pytest.raises(InvalidInput) as raised:
        suspects.proposals(world.store, viewer(OWNER), world.case_id, top=0)
    assert raised.value.field == "top"


def test_a_confirmed_member_becomes_a_suspect_once(world: CaseWorld) -> None:
    [network] = {p.network_id for p in suspects.proposals(world.store, viewer(OWNER),
                                                            world.case_id)}
    made = suspects.confirm(world.store, viewer(OWNER), world.case_id, network,
                            f"person:{BOSS}")
    assert (made.name, made.nationality, made.status.value) == ("zhao lei", "CN",
                                                               "identified")
    assert made.source.startswith(f"network {network}: core member ")
    again = suspects.proposals(world.store, viewer(OWNER), world.case_id)
    assert next(p for p in again if p.member.identifier.value == BOSS).suspect == made.id
    with pytest.raises(Conflict, match=made.id):
        suspects.confirm(world.store, viewer(OWNER), world.case_id, network, f"person:{BOSS}")
    with pytest.raises(NotFound):  # LA reads none of the reports: its view has no network
        suspects.confirm(world.store, viewer(JOINT), world.case_id, network, f"person:{BOSS}")
    with pytest.raises(NotFound):  # TH's view of the network never holds CN's RED member
        suspects.confirm(world.store, viewer(OWNER), world.case_id, network,
                         f"person:{HIDDEN_BOSS}")
    with pytest.raises(InvalidInput) as raised:
        suspects.confirm(world.store, viewer(OWNER), world.case_id, network, "boss")
    assert raised.value.field == "member"


def test_from_identified_to_convicted_with_a_handover(world: CaseWorld) -> None:
    added = suspects.add_suspect(world.store, viewer(OWNER), world.case_id, name="Zhao Lei",
                                 nationality="cn", identifiers=[f"handle:{HANDLE}"])
    moves: list[tuple[str, dict[str, Any]]] = [
        ("wanted", {"agency": OWNER, "reference": "Interpol red notice A-1/2025"}),
        ("arrested", {"agency": "MM-POLICE"}),
        ("handed_over", {"handover_from": "mm", "handover_to": "TH", "basis": "deportation",
                         "reference": "MM-DEP-2025-118"}),
        ("charged", {"agency": OWNER, "reference": "Bangkok court 1234/2025"}),
        ("convicted", {}),
    ]
    for status, options in moves:
        moved = suspects.move(world.store, viewer(JOINT), added.id, status, **options)
    shown = suspects.as_dict(suspects.get_suspect(world.store, viewer(OWNER), added.id))
    assert shown["status"] == "convicted" and moved.status.value == "convicted"
    assert [h["status"] for h in shown["history"]] == [
        "identified", "wanted", "arrested", "handed_over", "charged", "convicted"]
    assert shown["handover"]["from_country"] == "MM" and shown["handover"]["basis"] == (
        "deportation")
    assert shown["history"][2]["agency"] == "MM-POLICE"
    assert shown["identifiers"][0]["value"] == "telegram:gold_mentor_th"
    total, listed = suspects.list_suspects(world.store, viewer(OWNER), status=["convicted"])
    assert total == 1 and listed[0].id == added.id
    trail = [e for e in audit.entries(world.store) if e.record_type == "suspect"]
    assert [e.action for e in trail] == ["write"] * 6 + ["read", "read"]


@pytest.mark.parametrize(("status", "options", "field"), [
    pytest.param("handed_over", {"handover_to": "TH", "basis": "mlat", "reference": "r"},
                 "handover.from_country", id="no-origin"),
    pytest.param("handed_over", {"handover_from": "MM", "handover_to": "TH",
                                 "basis": "mlat"}, "handover.reference", id="no-reference"),
    pytest.param("handed_over", {"handover_from": "MM", "handover_to": "TH",
                                 "basis": "hand-shake", "reference": "r"}, "handover.basis",
                 id="unknown-basis"),
    pytest.param("handed_over", {"handover_from": "MM", "handover_to": "MM",
                                 "basis": "mlat", "reference": "r"}, "handover.to_country",
                 id="same-country"),
    pytest.param("charged", {"handover_from": "MM"}, "handover.from_country",
                 id="handover-without-handed-over"),
    pytest.param("convicted", {}, "status", id="not-yet"),
    pytest.param("released", {}, "status", id="unknown-status"),
])
def test_bad_moves_name_the_field(world: CaseWorld, status: str, options: dict[str, Any],
                                  field: str) -> None:
    added = suspects.add_suspect(world.store, OPERATOR, world.case_id, name="A")
    for step in ("wanted", "arrested"):
        suspects.move(world.store, OPERATOR, added.id, step)
    with pytest.raises(InvalidInput) as raised:
        suspects.move(world.store, OPERATOR, added.id, status, **options)
    assert raised.value.field == field
    assert suspects.get_suspect(world.store, OPERATOR, added.id).status.value == "arrested"


@pytest.mark.parametrize(("options", "field"), [
    pytest.param({"name": " "}, "name", id="blank-name"),
    pytest.param({"name": "A", "nationality": "China"}, "nationality", id="nationality"),
    pytest.param({"name": "A", "identifiers": ["phone"]}, "identifiers", id="no-kind"),
    pytest.param({"name": "A", "identifiers": ["phone:12"]}, "identifiers", id="bad-phone"),
])
def test_bad_suspects_name_the_field(world: CaseWorld, options: dict[str, Any],
                                     field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        suspects.add_suspect(world.store, OPERATOR, world.case_id, **options)
    assert raised.value.field == field
    assert suspects.list_suspects(world.store, OPERATOR) == (0, [])


def test_a_closed_case_takes_no_new_suspect_but_moves_its_own(world: CaseWorld) -> None:
    added = suspects.add_suspect(world.store, OPERATOR, world.case_id, name="A")
    for status in ("investigating", "action", "closed_solved"):
        cases.move_case(world.store, OPERATOR, world.case_id, status)
    with pytest.raises(Conflict):
        suspects.add_suspect(world.store, OPERATOR, world.case_id, name="B")
    assert suspects.move(world.store, OPERATOR, added.id, "wanted").status.value == "wanted"


def test_suspects_of_other_cases_stay_apart(world: CaseWorld) -> None:
    other = open_case(world.store, owner=PARTNER, tlp="TLP:RED")
    theirs = suspects.add_suspect(world.store, OPERATOR, other, name="Theirs")
    assert suspects.list_suspects(world.store, viewer(OWNER)) == (0, [])
    with pytest.raises(NotFound):
        suspects.move(world.store, viewer(OWNER), theirs.id, "wanted")



OPENED = datetime(2025, 3, 3, 1, 30, tzinfo=UTC)  # a case opened from a paper file
LATE = {"two-days-ahead": lambda: datetime.now(UTC) + timedelta(days=2),
        "before-1990": lambda: datetime(1989, 12, 31, tzinfo=UTC),
        "no-zone": lambda: datetime(2025, 3, 5, 9, 0)}


def _case_of_march(world: CaseWorld) -> str:
    return cases.open_case(world.store, agency=OWNER, scam_type="investment",
                           title="Paper file of March", at=OPENED).case.id


def _columns(world: CaseWorld, suspect_id: str) -> tuple[datetime | None, ...]:
    with world.store.transaction() as session:
        row = session.get(SuspectRow, suspect_id)
        assert row is not None
        return row.identified_at, row.arrested_at, row.handed_over_at


def _day(n: float) -> datetime:
    return OPENED + timedelta(days=n)


def test_an_arrest_recorded_after_the_fact_keeps_its_date(world: CaseWorld) -> None:
    case_id = _case_of_march(world)
    added = suspects.add_suspect(world.store, viewer(OWNER), case_id, name="Zhao Lei",
                                 at=_day(1).astimezone(timezone(timedelta(hours=8))))
    steps: list[tuple[str, datetime, dict[str, Any]]] = [
        ("wanted", _day(2), {"reference": "Interpol red notice A-1/2025"}),
        ("arrested", _day(10), {"agency": "MM-POLICE"}),  # in a compound with no network
        ("handed_over", _day(20), {"handover_from": "MM", "handover_to": "TH",
                                   "basis": "deportation", "reference": "MM-DEP-118"})]
    for status, at, options in steps:
        moved = suspects.move(world.store, viewer(OWNER), added.id, status, at=at, **options)
    assert moved.handover is not None and moved.handover.at == _day(20)
    stored = suspects.get_suspect(world.store, viewer(OWNER), added.id)
    assert [s.at for s in stored.history] == [_day(1), _day(2), _day(10), _day(20)]
    assert [e.at for e in stored.timeline] == [s.at for s in stored.history]
    assert _columns(world, added.id) == (_day(1), _day(10), _day(20))
    figures = kpi.kpi(world.store, OPERATOR, period=kpi.parse_period("2025-03", "2025-04"),
                      by="month")
    assert [(g[0], g[1].count("arrests"), g[1].count("handovers"))
            for g in figures.groups] == [("2025-03", 1, 1), ("2025-04", 0, 0)]


def test_a_member_confirmed_after_the_fact_is_identified_then(world: CaseWorld) -> None:
    case_id = _case_of_march(world)
    [network] = {p.network_id for p in suspects.proposals(world.store, viewer(OWNER),
                                                            world.case_id)}
    made = suspects.confirm(world.store, viewer(OWNER), case_id, network, f"person:{BOSS}",
                            at=_day(3))
    assert made.history[0].at == _day(3) and _columns(world, made.id)[0] == _day(3)
    with pytest.raises(InvalidInput) as refused:
        suspects.confirm(world.store, viewer(OWNER), case_id, network, f"phone:{P1}",
                         at=_day(-1))
    assert refused.value.field == "at"


@pytest.mark.parametrize("moment", [
    pytest.param(lambda: OPENED - timedelta(minutes=1), id="before-the-case-opened"),
    *(pytest.param(late, id=name) for name, late in LATE.items())])
def test_a_suspect_added_at_an_impossible_time_is_refused_naming_at(
        world: CaseWorld, moment: Callable[[], datetime]) -> None:
    with pytest.raises(InvalidInput) as refused:
        suspects.add_suspect(world.store, OPERATOR, _case_of_march(world), name="A",
                             at=moment())
    assert refused.value.field == "at"
    assert suspects.list_suspects(world.store, OPERATOR) == (0, [])


@pytest.mark.parametrize("status", ["arrested", "handed_over"])
@pytest.mark.parametrize("moment", [
    pytest.param(lambda: _day(1), id="before-the-last-move"),
    *(pytest.param(late, id=name) for name, late in LATE.items())])
def test_a_move_at_an_impossible_time_is_refused_naming_at(
        world: CaseWorld, moment: Callable[[], datetime], status: str) -> None:
    added = suspects.add_suspect(world.store, OPERATOR, _case_of_march(world), name="A",
                                 at=_day(1))
    for step, day in (("wanted", 2), ("arrested", 3))[:1 + (status == "handed_over")]:
        suspects.move(world.store, OPERATOR, added.id, step, at=_day(day))
    before = suspects.get_suspect(world.store, OPERATOR, added.id)
    handover = {"handover_from": "MM", "handover_to": "TH", "basis": "mlat",
                "reference": "MLAT-7"} if status == "handed_over" else {}
    with pytest.raises(InvalidInput) as refused:
        suspects.move(world.store, OPERATOR, added.id, status, at=moment(), **handover)
    assert refused.value.field == "at"
    assert suspects.get_suspect(world.store, OPERATOR, added.id) == before
