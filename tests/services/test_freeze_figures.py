"""The amount frozen is added up in the answer's currency: a request that asked no amount
(one raised from a ransom demand) or another currency still counts what the bank froze."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from tests.services.freeze_world import ACCOUNT, CN, CN_BANK, add_banks, analyst, open_case

from counterfraud.cases.victims import Money
from counterfraud.domain import OPERATOR, Viewer
from counterfraud.services import freeze, kpi
from counterfraud.services.freeze import Ask
from counterfraud.services.store import Store


@pytest.mark.parametrize(("asked", "reply", "frozen", "expected"), [
    pytest.param(None, "partly_frozen", ("182450.00", "THB"), {"THB": Decimal("182450.00")},
                 id="no-amount-asked"),
    pytest.param(Money(Decimal("50000"), "CNY"), "partly_frozen", ("3000", "USD"),
                 {"USD": Decimal("3000")}, id="other-currency"),
    pytest.param(Money(Decimal("50000"), "CNY"), "frozen", (None, None),
                 {"CNY": Decimal("50000")}, id="all-that-was-asked"),
])
def test_amount_frozen_counts_in_the_answers_currency(
        store: Store, asked: Money | None, reply: str, frozen: tuple[str | None, str | None],
        expected: dict[str, Decimal]) -> None:
    add_banks(store)
    case_id = open_case(store, CN)
    made = freeze.request_freeze(store, analyst(CN), case_id=case_id, ask=Ask(
        accounts=(ACCOUNT,), institution=CN_BANK, amount=asked))
    amount, currency = frozen
    freeze.answer(store, Viewer(agency=CN_BANK), made.request.id, reply, amount=amount,
                  currency=currency)
    period = kpi.parse_period(None, None, today=datetime.now(UTC).date())
    for reader in (OPERATOR, analyst(CN)):
        figures = kpi.kpi(store, reader, period=period).totals
        assert figures.amount_frozen == expected
        assert figures.as_dict()["freezes"]["frozen"] == 1
