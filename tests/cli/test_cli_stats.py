"""``stats``: figures with thousands separators, and losses in one currency on request."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from counterfraud.services.currency import reference_rates

Run = Callable[..., Any]


@pytest.fixture
def losses(run: Run, tmp_path: Path) -> Run:
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0
    path = tmp_path / "losses.csv"
    path.write_text("report_id,phones,loss_amount,loss_currency\n"
                    "A,081 234 5678,1234567.89,THB\n"
                    "B,081 234 5679,2500,USD\n"
                    "C,081 234 5670,100,XAU\n", encoding="utf-8")
    assert run("ingest", str(path), "--agency", "TH-CCIB").exit_code == 0
    return run


def test_amounts_and_counts_have_thousands_separators(losses: Run) -> None:
    shown = losses("stats")
    assert shown.exit_code == 0, shown.output
    assert "THB 1,234,567.89" in shown.output and "USD 2,500.00" in shown.output
    assert "loss in" not in shown.output  # only on request


def test_losses_in_one_currency_at_the_dated_reference_rates(losses: Run) -> None:
    rates = reference_rates()
    shown = losses("stats", "--currency", "usd")
    assert shown.exit_code == 0, shown.output
    thb_in_usd = (Decimal("1234567.89") / rates.per_base["THB"]).quantize(Decimal("0.01"))
    expected = thb_in_usd + Decimal("2500.00")
    assert (f"loss in USD, approximate: {expected:,} at reference rates of "
            f"{rates.as_of.isoformat()}") in shown.output
    assert "not converted (no reference rate): XAU 100.00" in shown.output
    figures = json.loads(losses("stats", "--currency", "USD", "--json").stdout)
    common = figures["loss_in_common_currency"]
    assert (common["currency"], common["amount"], common["approximate"]) == (
        "USD", str(expected), True)
    assert common["not_converted"] == {"XAU": "100.00"}


def test_an_unknown_currency_is_refused(losses: Run) -> None:
    shown = losses("stats", "--currency", "ABC")
    assert shown.exit_code == 2 and "no reference rate for 'ABC'" in shown.stderr
