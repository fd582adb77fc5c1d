"""The ministry's figures: each counting rule at the edges of the period, the JSON shape,
the split by agency, country and month, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_kpi_world import AFTER, CN, FIRST, INSIDE, LA, TH, TICK, World

from counterfraud.domain import OPERATOR
from counterfraud.errors import InvalidInput, NotFound
from counterfraud.services import audit, kpi
from counterfraud.services.store import Store
from counterfraud.store import kpi as rows

MARCH = kpi.Period(date(2025, 3, 1), date(2025, 3, 31))
# the edges: just before the period, its first moment, its last, the first after it
EDGES = (FIRST - TICK, FIRST, AFTER - TICK, AFTER)


@pytest.fixture
def world(store: Store) -> World:
    return World(store)


def figures(store: Store, period: kpi.Period = MARCH, **options: Any) -> dict[str, Any]:
    return kpi.kpi(store, OPERATOR, period=period, **options).as_dict()


def at(path: str, found: dict[str, Any]) -> Any:
    for part in path.split("."):
        found = found[part]
    return found


def _cases(w: World, when: datetime) -> None:
    w.case(opened_at=when)


def _solved(w: World, when: datetime) -> None:
    w.case(opened_at=FIRST - timedelta(days=90), status="closed_solved", closed_at=when)
    w.case(opened_at=FIRST - timedelta(days=90), status="closed_unsolved", closed_at=when)


def _arrests(w: World, when: datetime) -> None:
    w.suspect(w.case(opened_at=FIRST - timedelta(days=9)), arrested_at=when)


def _handovers(w: World, when: datetime) -> None:
    w.suspect(w.case(opened_at=FIRST - timedelta(days=9)),
              arrested_at=FIRST - timedelta(days=5), handed_over_at=when)


def _freezes(w: World, when: datetime) -> None:
    w.freeze(w.case(opened_at=FIRST - timedelta(days=9)), requested_at=when)


def _frozen(w: World, when: datetime) -> None:
    case = w.case(opened_at=FIRST - timedelta(days=9))
    for status in ("frozen", "refused", "not_found"):
        w.freeze(case, requested_at=FIRST - timedelta(days=3), status=status, answered_at=when)


def _partly(w: World, when: datetime) -> None:
    w.freeze(w.case(opened_at=FIRST - timedelta(days=9)), requested_at=FIRST - timedelta(
        days=3), status="partly_frozen", answered_at=when)


def _takedowns(w: World, when: datetime) -> None:
    w.takedown(w.case(opened_at=FIRST - timedelta(days=9)), sent_at=when)


def _taken_down(w: World, when: datetime) -> None:
    case = w.case(opened_at=FIRST - timedelta(days=9))
    w.takedown(case, sent_at=FIRST - timedelta(days=2), status="taken_down", answered_at=when)
    w.takedown(case, sent_at=FIRST - timedelta(days=2), status="refused", answered_at=when)


def _victims(step: str) -> Callable[[World, datetime], None]:
    def add(w: World, when: datetime) -> None:
        w.victim(w.case(opened_at=FIRST - timedelta(days=9)), **{f"{step}_at": when})
    return add


def _blocked(kind: str, match: str = "exact") -> Callable[[World, datetime], None]:
    def add(w: World, when: datetime) -> None:
        w.blocked(kind, created_at=when, match=match)
        w.blocked(kind, created_at=when, status="expired")
        w.blocked(kind, created_at=when, status="delisted")  # withdrawn: never counted
        w.blocked(kind, created_at=when, confidence="predicted")  # only warns
    return add


def _losses(w: World, when: datetime) -> None:
    w.report(reported_at=when, loss="1000.25", currency="CNY")
    w.report(reported_at=when, loss=None, currency=None)


# figure -> (what to add at one time, what that adds to the figure)
RULES: dict[str, tuple[Callable[[World, datetime], None], Any]] = {
    "cases.opened": (_cases, 1),
    "cases.solved": (_solved, 1),
    "arrests": (_arrests, 1),
    "handovers": (_handovers, 1),
    "freezes.requested": (_freezes, 1),
    "freezes.frozen": (_frozen, 1),
    "freezes.amount_frozen": (_partly, None),
    "takedowns.requested": (_takedowns, 1),
    "takedowns.taken_down": (_taken_down, 1),
    "victims.located": (_victims("located"), 1),
    "victims.rescued": (_victims("rescued"), 1),
    "victims.repatriated": (_victims("repatriated"), 1),
    "blocked.domains": (_blocked("domain", "domain_tree"), 2),
    "blocked.urls": (_blocked("url"), 2),
    "blocked.ips": (_blocked("cidr", "network"), 2),
    "blocked.phones": (_blocked("phone", "phone_prefix"), 2),
    "blocked.accounts": (_blocked("crypto_wallet"), 2),
    "losses.CNY": (_losses, 1000.25),
}


@pytest.mark.parametrize("figure", list(RULES))
def test_each_figure_counts_its_events_inside_the_period_only(world: World,
                                                              figure: str) -> None:
    add, each = RULES[figure]
    for when in EDGES:
        add(world, when)
    found = figures(world.store)
    if figure == "freezes.amount_frozen":  # partly frozen, no amount: counted, no sum
        assert (at("freezes.frozen", found), found["freezes"]["amount_frozen"]) == (2, {})
        return
    assert at(figure, found) == 2 * each  # the first and the last moment, not the others
    others = {f for f in RULES if f != figure and not f.startswith("freezes.amount")
              and f.split(".")[0] != figure.split(".", maxsplit=1)[0]}
    assert all(at(f, found) in (0, None) for f in others if not f.startswith("losses"))


def test_amounts_frozen_and_losses_add_up_per_currency(world: World) -> None:
    case = world.case()
    answered = INSIDE + timedelta(hours=4)
    world.freeze(case, status="frozen", answered_at=answered, amount_frozen="2500.50",
                 currency="THB")
    world.freeze(case, status="partly_frozen", answered_at=answered, amount_frozen="100.25",
                 currency="THB")
    world.freeze(case, status="frozen", answered_at=answered, amount_frozen="7",
                 currency="USD")
    world.freeze(case, status="refused", answered_at=answered, amount_frozen="999",
                 currency="USD")
    world.report(loss="10.10", currency="USD")
    world.report(loss="20.20", currency="USD")
    world.report(loss="5", currency="THB")
    found = figures(world.store)
    assert found["freezes"]["amount_frozen"] == {"THB": 2600.75, "USD": 7.0}
    assert found["losses"] == {"THB": 5.0, "USD": 30.3}


def test_medians_are_hours_from_request_to_answer_of_what_was_done(world: World) -> None:
    case = world.case()
    for hours in (1, 2, 10):
        world.freeze(case, requested_at=INSIDE, status="frozen",
                     answered_at=INSIDE + timedelta(hours=hours))
    world.freeze(case, requested_at=INSIDE, status="refused",
                 answered_at=INSIDE + timedelta(hours=500))
    for hours in (24, 48):
        world.takedown(case, sent_at=INSIDE, status="taken_down",
                       answered_at=INSIDE + timedelta(hours=hours))
    found = figures(world.store)
    assert found["freezes"]["median_hours_to_freeze"] == pytest.approx(2.0)
    assert found["takedowns"]["median_hours_to_takedown"] == pytest.approx(36.0)


def test_json_shape_is_exactly_the_published_one(world: World) -> None:
    world.case()
    found = figures(world.store)
    assert found == {
        "period": {"from": "2025-03-01", "to": "2025-03-31"},
        "intercepted": {"messages": 0, "calls": 0, "urls": 0},
        "blocked": {"domains": 0, "urls": 0, "ips": 0, "phones": 0, "accounts": 0},
        "cases": {"opened": 1, "solved": 0},
        "arrests": 0,
        "handovers": 0,
        "freezes": {"requested": 0, "frozen": 0, "amount_frozen": {},
                    "median_hours_to_freeze": None},
        "takedowns": {"requested": 0, "taken_down": 0, "median_hours_to_takedown": None},
        "victims": {"located": 0, "rescued": 0, "repatriated": 0},
        "losses": {},
    }


def _busy(world: World) -> None:
    """Records of CN (two cases), TH and LA in March and April 2025, and an operator's
    blocklist entry (no agency)."""
    for owner in (CN, CN, TH, LA):
        case = world.case(owner)
        world.suspect(case, owner, arrested_at=INSIDE)
        world.freeze(case, owner, status="frozen", answered_at=INSIDE + timedelta(hours=3),
                     amount_frozen="10", currency="CNY")
        world.report(owner, loss="5", currency="CNY")
    world.case(TH, opened_at=AFTER + timedelta(days=3))
    world.blocked("phone", owner=None)


@pytest.mark.parametrize("by", ["agency", "country", "month"])
def test_groups_add_up_to_the_totals(world: World, by: str) -> None:
    _busy(world)
    period = kpi.Period(date(2025, 2, 1), date(2025, 4, 30))
    found = figures(world.store, period, by=by)
    groups = found["groups"]
    assert all(set(g) == {by, *set(found) - {"period", "groups"}} for g in groups)
    for path in ("cases.opened", "arrests", "freezes.frozen", "blocked.phones"):
        assert sum(at(path, g) for g in groups) == at(path, found), path
    assert sum(g["losses"].get("CNY", 0) for g in groups) == found["losses"]["CNY"] == 20
    keys = [g[by] for g in groups]
    expected = {"agency": [CN, LA, TH, None], "country": ["CN", "LA", "TH", None],
                "month": ["2025-02", "2025-03", "2025-04"]}[by]
    assert keys == expected
    if by == "agency":
        cn = groups[0]
        assert (cn["cases"]["opened"], cn["arrests"], cn["intercepted"]) == (2, 2, None)
    if by == "month":
        assert [g["cases"]["opened"] for g in groups] == [0, 4, 1]


def test_grouping_is_one_of_three(store: Store) -> None:
    assert kpi.parse_grouping(" Month ") == "month"
    with pytest.raises(InvalidInput) as e:
        kpi.parse_grouping("scam_type")
    assert e.value.field == "by"
    with pytest.raises(InvalidInput):
        kpi.kpi(store, OPERATOR, period=MARCH, by="year")


def test_reading_the_figures_is_on_the_audit_trail(world: World) -> None:
    kpi.kpi(world.store, kpi.viewer_for(world.store, TH), period=MARCH, by="month")
    entry = audit.entries(world.store)[-1]
    assert (entry.actor, entry.action, entry.record_type) == (TH, "read", "kpi")
    assert json.loads(entry.detail) == {"from": "2025-03-01", "to": "2025-03-31", "by": "month",
                            "viewer": TH}


def test_viewer_must_be_a_registered_agency(store: Store) -> None:
    with pytest.raises(NotFound):
        kpi.viewer_for(store, "VN-MPS")
    with pytest.raises(InvalidInput) as e:
        kpi.viewer_for(store, "not an agency")
    assert e.value.field == "agency"
    assert kpi.viewer_for(store, None) == OPERATOR


# --- the period --------------------------------------------------------------------------

TODAY = date(2025, 6, 18)


@pytest.mark.parametrize(("first", "last", "expected"), [
    (None, None, ("2024-07-01", "2025-06-18")),
    ("2025-03", "2025-03", ("2025-03-01", "2025-03-31")),
    ("2024-02", "2024-02", ("2024-02-01", "2024-02-29")),
    ("2024-12", "2025-12", ("2024-12-01", "2025-12-31")),
    ("2025-01-15", None, ("2025-01-15", "2025-06-18")),
    (None, "2025-02-10", ("2024-03-01", "2025-02-10")),
    (" 2025-03-01 ", "2025-03-01", ("2025-03-01", "2025-03-01")),
], ids=["default", "a-month", "leap-february", "across-years", "from-only", "to-only",
        "one-day"])
def test_period_reads_days_and_months(first: str | None, last: str | None,
                                      expected: tuple[str, str]) -> None:
    period = kpi.parse_period(first, last, today=TODAY)
    assert (period.first.isoformat(), period.last.isoformat()) == expected


@pytest.mark.parametrize(("first", "last", "field"), [
    ("2025-13-01", None, "from"), ("March", None, "from"), (None, "2025-02-30", "to"),
    ("2025-04-01", "2025-03-31", "from"), ("1989-12-31", None, "from"),
    (None, "2101-01-01", "to"), ("", None, "from"),
], ids=["month-13", "a-word", "february-30", "reversed", "too-early", "too-late", "empty"])
def test_bad_period_names_the_field(first: str | None, last: str | None, field: str) -> None:
    with pytest.raises(InvalidInput) as e:
        kpi.parse_period(first, last, today=TODAY)
    assert e.value.field == field


@given(st.one_of(st.none(), st.text(max_size=12)), st.one_of(st.none(), st.text(max_size=12)))
def test_any_period_text_is_read_or_refused_by_name(first: str | None,
                                                    last: str | None) -> None:
    try:
        period = kpi.parse_period(first, last, today=TODAY)
    except InvalidInput as e:
        assert e.field in ("from", "to")
        return
    assert kpi.EARLIEST <= period.first <= period.last <= kpi.LATEST
    assert period.start < period.end
    assert period.months()[0] <= period.months()[-1]


def test_period_times_are_utc_days() -> None:
    assert MARCH.start == datetime(2025, 3, 1, tzinfo=UTC)
    assert MARCH.end == datetime(2025, 4, 1, tzinfo=UTC)
    assert kpi.Period(date(2024, 11, 30), date(2025, 2, 1)).months() == [
        "2024-11", "2024-12", "2025-01", "2025-02"]


def test_the_figures_the_store_adds_are_the_published_ones() -> None:
    assert {m.figure for m in rows.measures()} == {
        "losses", "blocked", "cases_opened", "cases_solved", "arrests", "handovers",
        "freezes_requested", "freezes_frozen", "amount_frozen", "takedowns_requested",
        "taken_down", "victims_located", "victims_rescued", "victims_repatriated"}
