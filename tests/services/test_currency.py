"""A common-currency view of losses from the shipped, dated table of reference rates."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from counterfraud.errors import InvalidInput
from counterfraud.services.currency import common_total, reference_rates


def test_the_shipped_table_is_dated_and_says_it_is_approximate() -> None:
    raw = json.loads(resources.files("counterfraud.data").joinpath("reference_rates.json")
                     .read_text("utf-8"))
    assert "approximate" in raw["title"].lower()
    assert "approximations" in raw["note"] and "official" in raw["note"]
    rates = reference_rates()
    assert rates.as_of == date.fromisoformat(raw["as_of"]) and rates.base == "USD"
    assert rates.per_base["USD"] == 1
    assert {"CNY", "THB", "LAK", "MMK", "KHR", "VND", "PHP", "MYR", "SGD"} <= set(
        rates.per_base)  # every currency a report row can default to
    assert all(rate > 0 for rate in rates.per_base.values())


def test_losses_are_totalled_at_the_table_rates() -> None:
    rates = reference_rates()
    cny, thb = rates.per_base["CNY"], rates.per_base["THB"]
    total = common_total({"CNY": str(cny * 100), "USD": "1.50", "THB": str(thb)}, "usd")
    assert total.currency == "USD" and total.rates_as_of == rates.as_of
    assert total.converted == {"CNY": Decimal("100.00"), "THB": Decimal("1.00"),
                               "USD": Decimal("1.50")}
    assert total.amount == Decimal("102.50") and total.not_converted == {}
    assert total.as_dict()["approximate"] is True


def test_a_currency_without_a_rate_is_left_out_and_named() -> None:
    total = common_total({"USD": "10.00", "XAU": "3"}, "USD")
    assert total.amount == Decimal("10.00")
    assert total.not_converted == {"XAU": Decimal("3")}


def test_an_unknown_target_currency_names_the_known_ones() -> None:
    with pytest.raises(InvalidInput) as caught:
        common_total({"USD": "1"}, "XYZ")
    assert caught.value.field == "currency"
    assert "XYZ" in str(caught.value) and "THB" in str(caught.value)
