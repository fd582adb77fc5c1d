"""Freeze requests with an amount and a deadline, the answer's amount frozen or refusal
reason, the freeze rule for a case with any number of victims, the agreement that lets
a request cross a border, and whom to ask when no institution is named."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from cases_world import ACCOUNT, OFFICER, T0, WALLET, later

from counterfraud.cases.freeze import (
    NO_VICTIM,
    agreement_allows,
    case_freeze_refusal,
    likely_addressee,
    time_to_answer,
)
from counterfraud.cases.requests import FreezeRequest, answer_freeze, create_freeze_request
from counterfraud.cases.states import FreezeStatus
from counterfraud.cases.victims import Money
from counterfraud.domain import Agreement, LegalBasis, Marking, RecordType
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import normalize
from counterfraud.store.case_records import from_document, to_document

ASKED = Money(Decimal("50000"), "THB")


def _request(**overrides: Any) -> FreezeRequest:
    values: dict[str, Any] = {"id": "FRZ-1", "case_id": "TH-2025-0001",
                              "requesting_agency": "TH-CCIB", "addressee": "LA-BCEL",
                              "accounts": (ACCOUNT, WALLET), "actor": OFFICER, "at": T0,
                              "amount": ASKED, "deadline": later(2)}
    values.update(overrides)
    return create_freeze_request(**values)


@pytest.mark.parametrize(("answer", "extra", "hours"), [
    pytest.param(FreezeStatus.FROZEN, {"amount_frozen": ASKED}, 1.5, id="frozen"),
    pytest.param(FreezeStatus.FROZEN, {}, 0.25, id="frozen-whatever-they-hold"),
    pytest.param(FreezeStatus.PARTLY_FROZEN, {"amount_frozen": Money("1200.50", "THB")}, 3,
                 id="partly"),
    pytest.param(FreezeStatus.ALREADY_WITHDRAWN, {}, 4, id="withdrawn"),
    pytest.param(FreezeStatus.NOT_FOUND, {}, 0.5, id="not-found"),
    pytest.param(FreezeStatus.REFUSED, {"refusal_reason": "no court order"}, 6, id="refused"),
])
def test_each_answer_keeps_what_it_says_and_the_time_it_took(
        answer: FreezeStatus, extra: dict[str, Any], hours: float) -> None:
    answered = answer_freeze(_request(), answer, actor="LA-BCEL", at=later(hours), **extra)
    assert answered.status is answer and time_to_answer(answered) == hours
    assert answered.amount_frozen == extra.get("amount_frozen")
    assert answered.refusal_reason == extra.get("refusal_reason", "")
    said = extra.get("refusal_reason") or (
        f"{extra['amount_frozen'].amount} THB" if "amount_frozen" in extra else "")
    assert answered.timeline[-1].detail == said
    assert from_document(FreezeRequest, to_document(answered), where="x") == answered


@pytest.mark.parametrize(("answer", "extra", "field"), [
    pytest.param(FreezeStatus.PARTLY_FROZEN, {}, "amount_frozen", id="part-without-amount"),
    pytest.param(FreezeStatus.PARTLY_FROZEN, {"amount_frozen": ASKED}, "amount_frozen",
                 id="part-as-much-as-asked"),
    pytest.param(FreezeStatus.NOT_FOUND, {"amount_frozen": ASKED}, "amount_frozen",
                 id="amount-without-freeze"),
    pytest.param(FreezeStatus.REFUSED, {}, "refusal_reason", id="refused-without-reason"),
    pytest.param(FreezeStatus.REFUSED, {"refusal_reason": "   "}, "refusal_reason",
                 id="blank-reason"),
    pytest.param(FreezeStatus.FROZEN, {"refusal_reason": "no"}, "refusal_reason",
                 id="reason-without-refusal"),
    pytest.param(FreezeStatus.FROZEN, {"amount_frozen": "100 THB"}, "amount_frozen",
                 id="amount-not-money"),
])
def test_answer_checks_name_the_field(answer: FreezeStatus, extra: dict[str, Any],
                                      field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        answer_freeze(_request(), answer, actor="LA-BCEL", at=later(1), **extra)
    assert raised.value.field == field


def test_a_part_in_another_currency_is_not_compared() -> None:
    answered = answer_freeze(_request(), FreezeStatus.PARTLY_FROZEN, actor="bank",
                             at=later(1), amount_frozen=Money("90000", "LAK"))
    assert answered.amount_frozen == Money(Decimal("90000.00"), "LAK")


@pytest.mark.parametrize(("overrides", "field"), [
    pytest.param({"deadline": T0}, "deadline", id="deadline-at-request"),
    pytest.param({"deadline": T0 - timedelta(hours=1)}, "deadline", id="deadline-before"),
    pytest.param({"deadline": T0.replace(tzinfo=None) + timedelta(hours=1)}, "deadline",
                 id="deadline-naive"),
    pytest.param({"amount": Decimal(5)}, "amount", id="amount-without-currency"),
])
def test_request_checks_name_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        _request(**overrides)
    assert raised.value.field == field


# (requester's country, the case's victims' nationalities, cross border, agreement)
CASES = [
    pytest.param("TH", [], False, False, None, id="domestic-no-victim"),
    pytest.param("TH", [], True, True, NO_VICTIM, id="cross-border-no-victim"),
    pytest.param("TH", ["CN", "TH"], True, True, None, id="one-of-the-victims"),
    pytest.param("TH", ["CN"], True, True, "victim's country (CN), not TH", id="not-theirs"),
    pytest.param("CN", ["CN", "CN"], True, False, "no agreement", id="no-agreement"),
    pytest.param("LA", ["CN"], False, False, None, id="domestic-other-victim"),
]


@pytest.mark.parametrize(("requester", "victims", "cross", "agreement", "refusal"), CASES)
def test_the_freeze_rule_for_a_case(requester: str, victims: list[str], cross: bool,
                                    agreement: bool, refusal: str | None) -> None:
    said = case_freeze_refusal(requester, victims, cross_border=cross,
                               agreement_allows=agreement)
    if refusal is None:
        assert said is None
    else:
        assert said is not None and refusal in said


def test_the_rule_checks_every_nationality() -> None:
    with pytest.raises(InvalidInput) as raised:
        case_freeze_refusal("TH", ["CN", "XX"], cross_border=False, agreement_allows=False)
    assert raised.value.field == "victim_nationality"


def _agreement(**overrides: Any) -> Agreement:
    values: dict[str, Any] = {
        "grantor": "TH-CCIB", "grantee": "LA-BCEL",
        "markings": frozenset({Marking.AMBER, Marking.AMBER_STRICT}),
        "record_types": frozenset({RecordType.FREEZE_REQUEST}), "purpose": "I-GRIP",
        "legal_basis": LegalBasis.INTERPOL, "valid_from": T0 - timedelta(days=1)}
    values.update(overrides)
    return Agreement(**values)


@pytest.mark.parametrize(("agreement", "marking", "allowed"), [
    pytest.param(_agreement(), Marking.AMBER_STRICT, True, id="names-it"),
    pytest.param(_agreement(), Marking.GREEN, False, id="other-marking"),
    pytest.param(_agreement(), Marking.CLEAR, False, id="clear-needs-it-too"),
    pytest.param(_agreement(record_types=frozenset({RecordType.CASE})), Marking.AMBER, False,
                 id="case-not-freeze"),
    pytest.param(_agreement(grantor="CN-MPS"), Marking.AMBER, False, id="another-grantor"),
    pytest.param(_agreement(grantee="LA-LDB"), Marking.AMBER, False, id="another-bank"),
    pytest.param(_agreement(revoked_at=T0 - timedelta(hours=1)), Marking.AMBER, False,
                 id="revoked"),
    pytest.param(_agreement(case_id="TH-2025-0001"), Marking.AMBER, True, id="joint-this"),
    pytest.param(_agreement(case_id="TH-2025-0002"), Marking.AMBER, False, id="joint-other"),
])
def test_agreement_allows(agreement: Agreement, marking: Marking, allowed: bool) -> None:
    assert agreement_allows([agreement], requester="TH-CCIB", institution="LA-BCEL",
                            marking=marking, at=T0, case_id="TH-2025-0001") is allowed


@pytest.mark.parametrize(("kind", "value", "words"), [
    pytest.param("crypto_wallet", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "bitcoin wallet",
                 id="bitcoin"),
    pytest.param("crypto_wallet", "0x52908400098527886E0F7030069857D2E4169EE7",
                 "ethereum wallet", id="ethereum"),
    pytest.param("bank_account", "GB82 WEST 1234 5698 7654 32", "bank in GB", id="iban"),
    pytest.param("bank_account", "4111 1111 1111 1111", "payment card", id="card"),
    pytest.param("bank_account", "6222 0212 3456 7890 123", "bank holding", id="account"),
])
def test_likely_addressee_says_what_the_details_tell(kind: str, value: str,
                                                     words: str) -> None:
    said = likely_addressee(normalize(kind, value))
    assert words in said and said.endswith("(unknown)")


def test_likely_addressee_without_details() -> None:
    assert likely_addressee(WALLET) == "exchange or custodian of this wallet (unknown)"
