"""Each agency's figures count only what it may read: held equal to the one rule,
``sharing.policy.can_see``, over every record type the figures read × every marking ×
no agreement, a partial one, and a joint-case one, on SQLite and PostgreSQL.

Each marking's records fall in their own month (CLEAR in January 2025 ... RED in May),
so the split by month tells, for every record, whether the viewer's figures counted it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from test_kpi_world import CN, LA, TH, World

from counterfraud.domain import OPERATOR, Agreement, LegalBasis, Marking, RecordType, Viewer
from counterfraud.services import kpi
from counterfraud.services.store import Store
from counterfraud.sharing.policy import can_see

MARKINGS = list(Marking)  # CLEAR, GREEN, AMBER, AMBER+STRICT, RED: January to May
PERIOD = kpi.Period(date(2025, 1, 1), date(2025, 5, 31))
JOINT_CASE_OPENED = datetime(2024, 6, 1, tzinfo=UTC)  # before the period: not counted
# record kind -> (its record type, the figure that counts it)
KINDS = {
    "case": (RecordType.CASE, ("cases", "opened")),
    "victim": (RecordType.VICTIM, ("victims", "located")),
    "freeze": (RecordType.FREEZE_REQUEST, ("freezes", "frozen")),
    "takedown": (RecordType.TAKEDOWN_REQUEST, ("takedowns", "requested")),
    "suspect": (RecordType.SUSPECT, ("arrests",)),
    "report": (RecordType.REPORT, ("losses", "CNY")),
    "blocked": (RecordType.BLOCKLIST_ENTRY, ("blocked", "domains")),
    "operator entry": (RecordType.BLOCKLIST_ENTRY, ("blocked", "urls")),
}
MODES = ["no agreement", "partial agreement", "joint case"]


def month_of(marking: Marking) -> datetime:
    return datetime(2025, MARKINGS.index(marking) + 1, 10, 9, tzinfo=UTC)


def build(world: World, mode: str) -> tuple[str, list[Agreement]]:
    """CN's records of every kind and marking (the operator's blocklist entries too),
    the agreements of ``mode`` to TH; the joint case's id and the agreements."""
    joint = world.case(CN, marking="TLP:RED", opened_at=JOINT_CASE_OPENED)
    for marking in MARKINGS:
        when, tlp = month_of(marking), marking.value
        hours = MARKINGS.index(marking) + 1
        world.case(CN, marking=tlp, opened_at=when)
        world.victim(joint, CN, marking=tlp, located_at=when)
        world.freeze(joint, CN, marking=tlp, requested_at=when, status="frozen",
                     answered_at=when + timedelta(hours=hours))
        world.takedown(joint, CN, marking=tlp, sent_at=when)
        world.suspect(joint, CN, marking=tlp, arrested_at=when)
        world.report(CN, marking=tlp, reported_at=when, loss="1", currency="CNY")
        world.blocked("domain", CN, marking=tlp, created_at=when)
        world.blocked("url", None, marking=tlp, created_at=when)
    agreements: list[Agreement] = []
    if mode == "partial agreement":
        types = [RecordType.CASE, RecordType.FREEZE_REQUEST, RecordType.REPORT,
                 RecordType.BLOCKLIST_ENTRY]
        # RED written straight into the grants (no agreement may carry it): never counted
        markings = [Marking.GREEN, Marking.AMBER, Marking.RED]
        agreements.append(_agreement(types, markings))
    if mode == "joint case":
        types = [RecordType.CASE, RecordType.VICTIM, RecordType.FREEZE_REQUEST,
                 RecordType.TAKEDOWN_REQUEST, RecordType.SUSPECT]
        markings = [Marking.AMBER, Marking.AMBER_STRICT]
        agreements.append(_agreement(types, markings, case_id=joint))
    for a in agreements:
        world.agreement(a.grantor, a.grantee, record_types=[t.value for t in a.record_types],
                        markings=[m.value for m in a.markings], case_id=a.case_id)
    return joint, agreements


def _agreement(types: list[RecordType], markings: list[Marking],
               case_id: str | None = None) -> Agreement:
    return Agreement(grantor=CN, grantee=TH, markings=frozenset(markings),
                     record_types=frozenset(types), purpose="joint investigation",
                     legal_basis=LegalBasis.BILATERAL_MOU,
                     valid_from=datetime(2024, 3, 1, tzinfo=UTC), case_id=case_id)


def counted(group: dict[str, object], path: tuple[str, ...]) -> int:
    found: object = group
    for part in path:
        assert isinstance(found, dict)
        found = found.get(part, 0)
    assert isinstance(found, int | float)
    return int(found)


@pytest.mark.parametrize("mode", MODES)
def test_an_agency_counts_exactly_what_the_rule_lets_it_read(store: Store, mode: str) -> None:
    world = World(store)
    joint, agreements = build(world, mode)
    viewer = Viewer(agency=TH)
    months = kpi.kpi(store, viewer, period=PERIOD, by="month").groups
    now = datetime.now(UTC)
    expected, found = {}, {}
    for kind, (record_type, path) in KINDS.items():
        owner = None if kind == "operator entry" else CN
        for marking, (_, figures) in zip(MARKINGS, months, strict=True):
            case_id = None if record_type in (RecordType.REPORT, RecordType.BLOCKLIST_ENTRY) \
                else joint if kind != "case" else "not the joint case"
            expected[kind, marking.value] = int(can_see(
                viewer, owner=owner, marking=marking, record_type=record_type,
                agreements=agreements, at=now, case_id=case_id))
            found[kind, marking.value] = counted(figures.as_dict(), path)
    assert found == expected
    assert all(found[kind, Marking.RED.value] == 0 for kind in KINDS)  # RED never leaves CN
    if mode != "no agreement":  # the agreement let something through beyond CLEAR
        assert sum(found.values()) > sum(v for (k, m), v in found.items()
                                         if m == Marking.CLEAR.value)


@pytest.mark.parametrize("mode", MODES)
def test_the_medians_count_only_what_the_viewer_reads(store: Store, mode: str) -> None:
    world = World(store)
    joint, agreements = build(world, mode)
    viewer = Viewer(agency=TH)
    months = kpi.kpi(store, viewer, period=PERIOD, by="month").as_dict()["groups"]
    hours = [g["freezes"]["median_hours_to_freeze"] for g in months]
    visible = [can_see(viewer, owner=CN, marking=m, record_type=RecordType.FREEZE_REQUEST,
                       agreements=agreements, at=datetime.now(UTC), case_id=joint)
               for m in MARKINGS]
    assert hours == [float(i + 1) if seen else None for i, seen in enumerate(visible)]


def test_operator_counts_everything_and_agencies_see_different_totals(store: Store) -> None:
    world = World(store)
    build(world, "partial agreement")
    world.case(TH, marking="TLP:RED", opened_at=month_of(Marking.RED))  # TH's own
    totals = {who: kpi.kpi(store, viewer, period=PERIOD).as_dict() for who, viewer in
              (("operator", OPERATOR), (TH, Viewer(agency=TH)), (LA, Viewer(agency=LA)))}
    assert totals["operator"]["cases"]["opened"] == 6
    assert totals[TH]["cases"]["opened"] == 4  # CLEAR, GREEN, AMBER of CN's; its own RED
    assert totals[LA]["cases"]["opened"] == 1  # CN's CLEAR only
    assert totals["operator"]["losses"] == {"CNY": 5.0}
    assert totals[TH]["losses"] == {"CNY": 3.0}
    assert totals[LA]["losses"] == {"CNY": 1.0}
    assert totals["operator"]["blocked"]["urls"] == 5  # the operator's entries
    assert totals[LA]["blocked"]["urls"] == 2  # ... which agencies read when CLEAR or GREEN


def test_split_by_agency_never_names_what_the_viewer_may_not_read(store: Store) -> None:
    world = World(store)
    world.case(CN, marking="TLP:RED")
    world.case(LA, marking="TLP:AMBER")
    world.case(TH, marking="TLP:GREEN")
    groups = kpi.kpi(store, Viewer(agency=TH), period=kpi.Period(date(2025, 3, 1),
                                                                 date(2025, 3, 31)),
                     by="agency").as_dict()["groups"]
    assert [(g["agency"], g["cases"]["opened"]) for g in groups] == [(TH, 1)]


def test_a_bank_counts_the_freeze_requests_addressed_to_it(store: Store) -> None:
    """The one rule lets the bank a request is addressed to read it unless RED, and
    nothing else of its sender's: its figures count exactly those."""
    world = World(store)
    world.bank("TH-KBANK", "TH")
    case = world.case(CN, marking="TLP:AMBER", opened_at=JOINT_CASE_OPENED)
    for marking in MARKINGS:
        when = month_of(marking)
        world.freeze(case, CN, marking=marking.value, requested_at=when, status="frozen",
                     answered_at=when + timedelta(hours=2), institution="TH-KBANK",
                     amount_frozen="100", currency="THB")
        world.freeze(case, CN, marking="TLP:AMBER", requested_at=when)  # to another bank
    bank = Viewer(agency="TH-KBANK")
    months = kpi.kpi(store, bank, period=PERIOD, by="month").as_dict()["groups"]
    expected = [int(can_see(bank, owner=CN, marking=m, record_type=RecordType.FREEZE_REQUEST,
                            agreements=[], at=datetime.now(UTC), case_id=case,
                            addressee="TH-KBANK")) for m in MARKINGS]
    assert expected == [1, 1, 1, 1, 0]
    assert [g["freezes"]["requested"] for g in months] == expected
    assert [g["freezes"]["frozen"] for g in months] == expected
    assert [g["freezes"]["amount_frozen"].get("THB", 0) for g in months] == [
        100 * e for e in expected]
    assert [g["freezes"]["median_hours_to_freeze"] for g in months] == [
        2.0 if e else None for e in expected]
    assert all(g["cases"]["opened"] == 0 for g in months)  # the case is not the bank's
