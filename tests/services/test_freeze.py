"""Freeze requests as a service: raised under the cross-border rule, a bank's queue
(oldest first, with the accounts), its answers (the first is final, the time to freeze
kept), the feed banks pull, and every write and read on the audit trail."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from tests.services.freeze_world import (
    ACCOUNT,
    ACCOUNT_2,
    CN,
    CN_BANK,
    LA,
    LA_BANK,
    TH,
    TH_BANK,
    WALLET,
    add_banks,
    add_victim,
    analyst,
    grant,
    open_case,
)

from counterfraud.cases.victims import Money
from counterfraud.domain import OPERATOR, ApiRole, Marking, Viewer
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.services import audit, blocklist, freeze
from counterfraud.services.feeds import FeedFormat
from counterfraud.services.freeze import Ask
from counterfraud.services.store import Store

ASKED = Money(Decimal("50000"), "CNY")


@pytest.fixture
def banked(store: Store) -> Store:
    add_banks(store)
    return store


def _request(store: Store, case_id: str, *, viewer: Viewer | None = None,
             institution: str | None = CN_BANK, **ask: Any) -> freeze.FreezeView:
    values: dict[str, Any] = {"accounts": (ACCOUNT,), "institution": institution,
                              "amount": ASKED}
    values.update(ask)
    return freeze.request_freeze(store, viewer or analyst(CN), case_id=case_id,
                                 ask=Ask(**values))


def test_a_domestic_request_is_queued_answered_and_timed(banked: Store) -> None:
    case_id = open_case(banked, CN)
    first = _request(banked, case_id, deadline=datetime.now(UTC) + timedelta(hours=2))
    second = _request(banked, case_id, accounts=(ACCOUNT_2, WALLET))
    assert first.institution == CN_BANK and first.marking.value == "TLP:AMBER+STRICT"
    bank = Viewer(agency=CN_BANK, role=ApiRole.OPERATOR)  # any key of the bank
    queued = freeze.queue(banked, bank)
    assert [q.request.id for q in queued] == [first.request.id, second.request.id]
    assert queued[1].request.accounts == (ACCOUNT_2, WALLET)
    answered = freeze.answer(banked, bank, first.request.id, "frozen")
    assert answered.request.amount_frozen == ASKED  # frozen: all that was asked
    hours = answered.as_dict()["hours_to_answer"]
    assert hours is not None and 0 <= hours < 1
    assert [q.request.id for q in freeze.queue(banked, bank)] == [second.request.id]
    part = freeze.answer(banked, bank, second.request.id, "partly_frozen", amount="1200.5")
    assert part.request.amount_frozen == Money(Decimal("1200.50"), "CNY")
    assert freeze.queue(banked, bank) == []
    shown = freeze.get_request(banked, analyst(CN), first.request.id).as_dict()
    assert shown["status"] == "frozen" and shown["amount_frozen"]["amount"] == "50000.00"
    trail = [(e.action, e.path) for e in audit.entries(banked)
             if f"freeze/{first.request.id}" in e.records]
    assert trail == [("write", "cli freeze request"), ("read", "cli freeze queue"),
                     ("write", "cli freeze answer"), ("read", "cli freeze show")]


@pytest.mark.parametrize(("reply", "extra", "field"), [
    pytest.param("thawed", {}, "answer", id="unknown-answer"),
    pytest.param("requested", {}, "answer", id="requested-is-no-answer"),
    pytest.param("partly_frozen", {}, "amount_frozen", id="part-without-amount"),
    pytest.param("partly_frozen", {"amount": "50000"}, "amount_frozen", id="part-is-all"),
    pytest.param("partly_frozen", {"amount": "-3"}, "amount", id="negative"),
    pytest.param("partly_frozen", {"amount": "3", "currency": "yuan"}, "currency",
                 id="currency"),
    pytest.param("refused", {}, "refusal_reason", id="refused-without-reason"),
    pytest.param("not_found", {"amount": "3"}, "amount_frozen", id="amount-not-frozen"),
    pytest.param("frozen", {"currency": "CNY"}, "amount", id="currency-alone"),
])
def test_bad_answers_name_the_field_and_change_nothing(banked: Store, reply: str,
                                                      extra: dict[str, Any],
                                                      field: str) -> None:
    case_id = open_case(banked, CN)
    made = _request(banked, case_id)
    with pytest.raises(InvalidInput) as raised:
        freeze.answer(banked, Viewer(agency=CN_BANK), made.request.id, reply, **extra)
    assert raised.value.field == field
    assert freeze.get_request(banked, OPERATOR, made.request.id).version == 1


def test_the_first_answer_is_final(banked: Store) -> None:
    case_id = open_case(banked, CN)
    made = _request(banked, case_id)
    bank = Viewer(agency=CN_BANK)
    freeze.answer(banked, bank, made.request.id, "refused", reason="no court order")
    with pytest.raises(Conflict, match=f"freeze request {made.request.id} was already "
                                       "answered \\(refused\\)"):
        freeze.answer(banked, bank, made.request.id, "frozen")
    shown = freeze.get_request(banked, bank, made.request.id)
    assert shown.request.refusal_reason == "no court order" and shown.version == 2


def test_answers_come_from_the_addressee_only(banked: Store) -> None:
    case_id = open_case(banked, CN)
    made = _request(banked, case_id)
    with pytest.raises(PermissionDenied, match=f"only {CN_BANK} answers"):
        freeze.answer(banked, analyst(CN), made.request.id, "frozen")
    with pytest.raises(NotFound):
        freeze.answer(banked, Viewer(agency=TH_BANK), made.request.id, "frozen")
    letter = _request(banked, case_id, institution=None, addressee="Bank of Nowhere")
    assert letter.institution is None
    with pytest.raises(PermissionDenied):  # an operator key of the owner records nothing
        freeze.answer(banked, Viewer(agency=CN, role=ApiRole.OPERATOR), letter.request.id,
                      "not_found")
    recorded = freeze.answer(banked, analyst(CN), letter.request.id, "not_found")
    assert recorded.request.status.value == "not_found"


def test_cross_border_needs_the_victims_police_and_an_agreement(banked: Store) -> None:
    case_id = open_case(banked, CN)
    with pytest.raises(PermissionDenied, match="the case records no victim"):
        _request(banked, case_id, institution=LA_BANK)
    add_victim(banked, case_id, "V-4001", nationality="CN")
    with pytest.raises(PermissionDenied, match="no agreement"):
        _request(banked, case_id, institution=LA_BANK)
    grant(banked, CN, LA_BANK, ["TLP:GREEN"], ["freeze_request"])  # not AMBER+STRICT
    with pytest.raises(PermissionDenied, match="no agreement"):
        _request(banked, case_id, institution=LA_BANK)
    grant(banked, CN, LA_BANK, ["TLP:AMBER+STRICT"], ["freeze_request"])
    made = _request(banked, case_id, institution=LA_BANK)
    assert made.request.requesting_agency == CN and made.institution == LA_BANK
    green = _request(banked, case_id, institution=LA_BANK, accounts=(WALLET,))
    assert green.marking.value == "TLP:AMBER+STRICT"


def test_only_the_police_of_a_victims_country_asks_across_a_border(banked: Store) -> None:
    case_id = open_case(banked, TH)
    add_victim(banked, case_id, "V-4002", nationality="CN")
    grant(banked, TH, LA_BANK, ["TLP:AMBER+STRICT"], ["freeze_request"])
    with pytest.raises(PermissionDenied, match="victim's country \\(CN\\), not TH"):
        _request(banked, case_id, viewer=analyst(TH), institution=LA_BANK)
    assert _request(banked, case_id, viewer=analyst(TH), institution=TH_BANK).institution \
        == TH_BANK  # domestic: always


@pytest.mark.parametrize(("ask", "marking", "field"), [
    pytest.param({"institution": TH}, None, "institution", id="not-a-bank"),
    pytest.param({"institution": None}, None, "institution", id="nobody"),
    pytest.param({"accounts": ()}, None, "accounts", id="no-account"),
    pytest.param({"deadline": datetime.now(UTC) - timedelta(hours=1)}, None, "deadline",
                 id="deadline-past"),
    pytest.param({}, "TLP:RED", "marking", id="red-cannot-be-read-by-the-bank"),
    pytest.param({}, "TLP:BLUE", "marking", id="unknown-marking"),
])
def test_bad_requests_name_the_field_and_write_nothing(banked: Store, ask: dict[str, Any],
                                                      marking: str | None,
                                                      field: str) -> None:
    case_id = open_case(banked, CN)
    values: dict[str, Any] = {"accounts": (ACCOUNT,), "institution": CN_BANK, **ask}
    with pytest.raises(InvalidInput) as raised:
        freeze.request_freeze(banked, analyst(CN), case_id=case_id, ask=Ask(**values),
                              marking=marking)
    assert raised.value.field == field
    assert freeze.list_requests(banked, OPERATOR) == []


def test_the_queue_is_a_banks(banked: Store) -> None:
    with pytest.raises(PermissionDenied, match="registered as an agency"):
        freeze.queue(banked, analyst(CN))
    with pytest.raises(PermissionDenied, match="its own queue"):
        freeze.queue(banked, Viewer(agency=CN_BANK), institution=LA_BANK)
    with pytest.raises(InvalidInput) as raised:
        freeze.queue(banked, OPERATOR)
    assert raised.value.field == "institution"
    assert freeze.queue(banked, OPERATOR, institution=LA_BANK) == []


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_feed_holds_open_requests_and_visible_blocklist_accounts(banked: Store) -> None:
    case_id = open_case(banked, CN)
    made = _request(banked, case_id, accounts=(ACCOUNT, WALLET))
    answered = _request(banked, case_id, accounts=(ACCOUNT_2,))
    freeze.answer(banked, Viewer(agency=CN_BANK), answered.request.id, "not_found")
    mark = datetime.now(UTC)
    target = blocklist.parse_target("crypto_wallet", WALLET.value)
    entry = blocklist.add_entry(banked, target, actor="t", reason="mule wallet",
                                marking=Marking.GREEN)
    hidden = blocklist.parse_target("bank_account", "9988776655")
    blocklist.add_entry(banked, hidden, actor="t", reason="TH only", agency=TH,
                        marking=Marking.AMBER)
    rows = _rows(freeze.feed(banked, Viewer(agency=CN_BANK), FeedFormat.CSV))
    by_value = {r["value"]: r for r in rows}
    assert set(by_value) == {ACCOUNT.value, WALLET.value}  # not the answered, not TH's
    assert by_value[WALLET.value]["sources"] == "freeze_request;blocklist"
    assert by_value[WALLET.value]["references"] == (f"freeze/{made.request.id};"
                                                    f"blocklist/{entry.id}")
    since = json.loads(freeze.feed(banked, OPERATOR, FeedFormat.JSON, institution=CN_BANK,
                                   since=mark))
    assert since["institution"] == CN_BANK
    assert [(a["value"], a["sources"]) for a in since["accounts"]] == [
        (WALLET.value, ["blocklist"])]
    reads = [e for e in audit.entries(banked) if e.path == "cli freeze feed"]
    assert f"freeze/{made.request.id}" in reads[0].records
    assert f"blocklist/{entry.id}" in reads[0].records
    with pytest.raises(InvalidInput) as raised:
        freeze.feed(banked, OPERATOR, FeedFormat.RPZ, institution=CN_BANK)
    assert raised.value.field == "format"


def test_a_request_of_another_agency_is_not_listed(banked: Store) -> None:
    case_id = open_case(banked, CN)
    _request(banked, case_id)
    assert freeze.list_requests(banked, analyst(LA)) == []
    assert len(freeze.list_requests(banked, Viewer(agency=CN_BANK))) == 1
    assert freeze.list_requests(banked, Viewer(agency=TH_BANK)) == []
