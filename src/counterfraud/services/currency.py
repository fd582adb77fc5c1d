"""A common-currency view of losses, from the shipped table of approximate reference
rates (``counterfraud/data/reference_rates.json``, dated; no network fetch).

Losses are stored and reported in the currency the victim lost them in; a total in one
currency is an order of magnitude for comparison, and says which rates (of which date)
made it and which currencies the table could not convert.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from counterfraud.errors import InvalidInput

RATES_FILE = "reference_rates.json"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ReferenceRates:
    """Units of each currency per one unit of ``base``, as of ``as_of``."""

    as_of: date
    base: str
    per_base: Mapping[str, Decimal]
    note: str

    def convert(self, amount: Decimal, source: str, target: str) -> Decimal:
        return amount / self.per_base[source] * self.per_base[target]


@dataclass(frozen=True)
class CommonTotal:
    currency: str
    amount: Decimal
    rates_as_of: date
    converted: dict[str, Decimal] = field(default_factory=dict)  # source -> in currency
    not_converted: dict[str, Decimal] = field(default_factory=dict)  # no rate for these

    def as_dict(self) -> dict[str, Any]:
        return {"currency": self.currency, "amount": str(self.amount),
                "approximate": True, "rates_as_of": self.rates_as_of.isoformat(),
                "rates": f"counterfraud/data/{RATES_FILE}",
                "converted": {k: str(v) for k, v in self.converted.items()},
                "not_converted": {k: str(v) for k, v in self.not_converted.items()}}


@cache
def reference_rates() -> ReferenceRates:
    raw = json.loads(resources.files("counterfraud.data").joinpath(RATES_FILE)
                     .read_text("utf-8"))
    return ReferenceRates(as_of=date.fromisoformat(raw["as_of"]), base=raw["base"],
                          per_base={k: Decimal(v) for k, v in raw["per_usd"].items()},
                          note=raw["note"])


def common_total(losses: Mapping[str, str | Decimal], currency: str) -> CommonTotal:
    """``losses`` (currency -> amount, as statistics give them) totalled in ``currency``;
    amounts in a currency the table lacks are left out and listed."""
    rates = reference_rates()
    target = currency.strip().upper()
    if target not in rates.per_base:
        raise InvalidInput(f"no reference rate for {currency!r}; the shipped table "
                           f"({rates.as_of}) has {', '.join(sorted(rates.per_base))}",
                           field="currency")
    converted: dict[str, Decimal] = {}
    not_converted: dict[str, Decimal] = {}
    for source, raw in sorted(losses.items()):
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise InvalidInput(f"loss {raw!r} in {source} is not a number",
                               field="loss_amount") from None
        if source in rates.per_base:
            converted[source] = rates.convert(amount, source, target).quantize(CENT)
        else:
            not_converted[source] = amount
    return CommonTotal(currency=target, amount=sum(converted.values(), Decimal(0)),
                       rates_as_of=rates.as_of, converted=converted,
                       not_converted=not_converted)
