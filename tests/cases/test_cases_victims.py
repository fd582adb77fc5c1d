"""Victims: pseudonymous ids, losses per currency, locations, ransom demands and a
status history that records who moved the victim on, and when."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from cases_world import ACCOUNT, DOMAIN, OFFICER, T0, WALLET, later

from counterfraud.cases.states import VictimStatus
from counterfraud.cases.victims import (
    Location,
    Money,
    RansomDemand,
    StatusChange,
    Victim,
    VictimKind,
    add_loss,
    create_victim,
    move_victim,
    record_ransom_demand,
    relocate,
)
from counterfraud.errors import InvalidInput


def _victim(**overrides: Any) -> Victim:
    values: dict[str, Any] = {"id": "V-7f3a9c", "case_id": "TH-2025-0001",
                              "kind": VictimKind.HELD_FOR_RANSOM, "nationality": "cn",
                              "actor": OFFICER, "at": T0}
    values.update(overrides)
    return create_victim(**values)


def test_a_victim_moves_from_missing_to_repatriated_with_who_and_when() -> None:
    victim = _victim()
    compound = Location("MM", 16.69, 98.51, place="KK Park")
    victim = move_victim(victim, VictimStatus.LOCATED, actor="MM-police", at=later(30),
                         location=compound)
    victim = move_victim(victim, VictimStatus.RESCUED, actor="MM-police", at=later(50))
    victim = move_victim(victim, VictimStatus.REPATRIATED, actor=OFFICER, at=later(90))
    assert victim.nationality == "CN" and victim.location == compound
    assert victim.history == (
        StatusChange(VictimStatus.MISSING, T0, OFFICER),
        StatusChange(VictimStatus.LOCATED, later(30), "MM-police"),
        StatusChange(VictimStatus.RESCUED, later(50), "MM-police"),
        StatusChange(VictimStatus.REPATRIATED, later(90), OFFICER))


def test_a_victim_may_start_located_but_not_rescued() -> None:
    assert _victim(status=VictimStatus.LOCATED).status is VictimStatus.LOCATED
    with pytest.raises(InvalidInput, match="victim: cannot start in 'rescued'"):
        _victim(status=VictimStatus.RESCUED)


def test_a_refused_move_changes_nothing() -> None:
    victim = _victim()
    with pytest.raises(InvalidInput, match="allowed next: located"):
        move_victim(victim, VictimStatus.RESCUED, actor=OFFICER, at=later(1))
    assert victim.status is VictimStatus.MISSING and len(victim.timeline) == 1


@pytest.mark.parametrize(("overrides", "field"), [
    pytest.param({"id": "Wang Lei"}, "id", id="a-name-not-a-pseudonym"),
    pytest.param({"id": "V1"}, "id", id="short-id"),
    pytest.param({"case_id": " "}, "case_id", id="blank-case"),
    pytest.param({"kind": "kidnapped"}, "kind", id="unknown-kind"),
    pytest.param({"nationality": "CHN"}, "nationality", id="alpha-3"),
    pytest.param({"nationality": "XX"}, "nationality", id="not-a-country"),
])
def test_victim_checks_name_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        _victim(**overrides)
    assert raised.value.field == field and field in str(raised.value)


@pytest.mark.parametrize(("args", "field"), [
    pytest.param(("TH", 91.0, 100.0), "location.latitude", id="latitude-91"),
    pytest.param(("TH", 13.7, -180.5), "location.longitude", id="longitude-beyond"),
    pytest.param(("TH", float("nan"), 100.0), "location.latitude", id="latitude-nan"),
    pytest.param(("TH", 13.7, float("inf")), "location.longitude", id="longitude-inf"),
    pytest.param(("TH", 13.7, None), "location.latitude", id="half-a-point"),
    pytest.param(("TH", True, 100.0), "location.latitude", id="bool"),
    pytest.param(("Thailand", None, None), "location.country", id="country-name"),
])
def test_location_checks_name_the_field(args: tuple[Any, ...], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Location(*args)
    assert raised.value.field == field


@pytest.mark.parametrize(("point", "ok"), [
    pytest.param((90, 180), True, id="corner"), pytest.param((-90, -180), True, id="other"),
    pytest.param((0, 0), True, id="origin"), pytest.param((-90.0001, 0), False, id="below"),
])
def test_coordinate_bounds(point: tuple[float, float], ok: bool) -> None:
    if ok:
        assert Location("LA", *point).latitude == point[0]
    else:
        with pytest.raises(InvalidInput):
            Location("LA", *point)


@pytest.mark.parametrize(("amount", "currency", "field"), [
    pytest.param(Decimal(0), "THB", "amount", id="zero"),
    pytest.param(Decimal("-5"), "THB", "amount", id="negative"),
    pytest.param(Decimal("NaN"), "THB", "amount", id="nan"),
    pytest.param(Decimal("Infinity"), "THB", "amount", id="infinite"),
    pytest.param(Decimal(10) ** 13, "THB", "amount", id="above-cap"),
    pytest.param(Decimal("1.005"), "THB", "amount", id="fraction-of-cent"),
    pytest.param(12.5, "THB", "amount", id="float"),
    pytest.param("lots", "THB", "amount", id="not-a-number"),
    pytest.param(Decimal(100), "baht", "currency", id="currency-word"),
    pytest.param(Decimal(100), "US", "currency", id="currency-short"),
])
def test_money_checks_name_the_field(amount: Any, currency: str, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Money(amount, currency)
    assert raised.value.field == field and field in str(raised.value)


def test_losses_add_up_per_currency_and_keep_the_cap() -> None:
    victim = _victim(kind=VictimKind.DEFRAUDED)
    for hours, (amount, currency) in enumerate([("1500", "thb"), ("200.50", "USD"),
                                                 ("500", "THB")], start=1):
        victim = add_loss(victim, Money(Decimal(amount), currency), actor=OFFICER,
                          at=later(hours))
    assert victim.losses_by_currency() == {"THB": Decimal("2000.00"), "USD": Decimal("200.50")}
    big = Money(Decimal(10) ** 13 - 1, "THB")
    with pytest.raises(InvalidInput) as raised:
        add_loss(victim, big, actor=OFFICER, at=later(5))
    assert raised.value.field == "amount"
    with pytest.raises(InvalidInput) as raised:
        replace(victim, losses=(Money(Decimal(1), "USD"), Money(Decimal(1), "THB")))
    assert raised.value.field == "losses"


def test_ransom_demands_name_where_to_pay() -> None:
    demand = RansomDemand(later(3), Money(Decimal("50000"), "USD"), (WALLET, ACCOUNT))
    victim = record_ransom_demand(_victim(), demand, actor=OFFICER)
    assert victim.ransom_demands == (demand,)
    assert victim.timeline[-1].detail == "50000.00 USD"
    with pytest.raises(InvalidInput) as raised:
        RansomDemand(later(3), Money(Decimal(1), "USD"), (DOMAIN,))
    assert raised.value.field == "payment_identifiers"


def test_relocating_keeps_history_and_appends_to_timeline() -> None:
    victim = relocate(_victim(), Location("KH", place="Sihanoukville"), actor=OFFICER,
                      at=later(4))
    assert victim.location is not None and victim.location.country == "KH"
    assert len(victim.history) == 1 and victim.timeline[-1].action == "location"
