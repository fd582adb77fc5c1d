"""Freeze and takedown requests, and suspects with their handover."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from cases_world import ACCOUNT, HANDLE, OFFICER, PERSON, SITE, T0, WALLET, later

from counterfraud.cases.freeze import time_to_answer
from counterfraud.cases.requests import (
    FreezeRequest,
    advance_takedown,
    answer_freeze,
    create_freeze_request,
    create_takedown_request,
)
from counterfraud.cases.states import FreezeStatus, SuspectStatus, TakedownStatus
from counterfraud.cases.suspects import Handover, HandoverBasis, create_suspect, move_suspect
from counterfraud.cases.victims import Money
from counterfraud.errors import InvalidInput


def _freeze(**overrides: Any) -> FreezeRequest:
    values: dict[str, Any] = {"id": "FRZ-1", "case_id": "TH-2025-0001",
                              "requesting_agency": "th-ccib", "addressee": "Bank of Laos",
                              "accounts": (ACCOUNT, WALLET), "actor": OFFICER, "at": T0}
    values.update(overrides)
    return create_freeze_request(**values)


@pytest.mark.parametrize("answer", list(FreezeStatus)[1:], ids=lambda s: s.value)
def test_the_first_freeze_answer_wins(answer: FreezeStatus) -> None:
    request = _freeze()
    assert time_to_answer(request) is None
    extra: dict[str, Any] = (
        {"amount_frozen": Money(Decimal("10.00"), "THB")}
        if answer is FreezeStatus.PARTLY_FROZEN
        else {"refusal_reason": "no court order"} if answer is FreezeStatus.REFUSED else {})
    answered = answer_freeze(request, answer, actor="LA-BOL", at=later(5.5), **extra)
    assert answered.status is answer and time_to_answer(answered) == 5.5
    for other in FreezeStatus:
        with pytest.raises(InvalidInput, match="none \\(a final state\\)"):
            answer_freeze(answered, other, actor="LA-BOL", at=later(6))


@pytest.mark.parametrize(("overrides", "field"), [
    pytest.param({"id": ""}, "id", id="blank-id"),
    pytest.param({"requesting_agency": "police"}, "agency", id="agency"),
    pytest.param({"addressee": ""}, "addressee", id="addressee"),
    pytest.param({"accounts": ()}, "accounts", id="no-account"),
    pytest.param({"accounts": (SITE,)}, "accounts", id="a-site-is-not-an-account"),
    pytest.param({"accounts": (ACCOUNT, ACCOUNT)}, "accounts", id="twice"),
    pytest.param({"at": T0.replace(tzinfo=None)}, "at", id="naive"),
])
def test_freeze_checks_name_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        _freeze(**overrides)
    assert raised.value.field == field


def test_an_answer_before_the_request_is_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        answer_freeze(_freeze(at=later(3)), FreezeStatus.FROZEN, actor="bank", at=later(2))
    assert raised.value.field == "at"


@pytest.mark.parametrize("path", [
    pytest.param(("acknowledged", "taken_down"), id="ack-down"),
    pytest.param(("taken_down",), id="down"),
    pytest.param(("acknowledged", "refused"), id="ack-refused"),
    pytest.param(("refused",), id="refused"),
])
def test_takedown_paths(path: tuple[str, ...]) -> None:
    request = create_takedown_request(id="TD-1", case_id="TH-2025-0001",
                                      requesting_agency="TH-CCIB", addressee="Registrar",
                                      target=SITE, actor=OFFICER, at=T0)
    for hours, status in enumerate(path, start=1):
        request = advance_takedown(request, TakedownStatus(status), actor="reg", at=later(hours))
    assert request.status.value == path[-1]
    assert request.timeline[0].action == "sent"
    assert len(request.timeline) == len(path) + 1


def test_a_takedown_needs_a_target_that_can_be_taken_down() -> None:
    with pytest.raises(InvalidInput) as raised:
        create_takedown_request(id="TD-2", case_id="c", requesting_agency="TH-CCIB",
                                addressee="Bank", target=ACCOUNT, actor=OFFICER, at=T0)
    assert raised.value.field == "target"


HANDOVER = Handover("MM", "CN", HandoverBasis.DEPORTATION, "MM-DEP-2025-118", later(30))


@pytest.mark.parametrize(("path", "handover_at"), [
    pytest.param(("wanted", "arrested", "handed_over", "charged", "convicted"), 2,
                 id="handed-over"),
    pytest.param(("wanted", "arrested", "charged", "convicted"), None, id="arrested-at-home"),
])
def test_suspect_paths(path: tuple[str, ...], handover_at: int | None) -> None:
    suspect = create_suspect(id="S-1", case_id="CN-2025-9", name="Boss Li", nationality="cn",
                             identifiers=(HANDLE, PERSON), actor=OFFICER, at=T0)
    for index, status in enumerate(path):
        suspect = move_suspect(suspect, SuspectStatus(status), actor=OFFICER,
                               at=later(index + 1),
                               handover=HANDOVER if index == handover_at else None)
    assert suspect.status is SuspectStatus.CONVICTED
    assert suspect.handover == (HANDOVER if handover_at is not None else None)


def test_a_handover_goes_with_handed_over_only() -> None:
    suspect = create_suspect(id="S-2", case_id="c", name="A", nationality=None,
                             actor=OFFICER, at=T0)
    suspect = move_suspect(suspect, SuspectStatus.WANTED, actor=OFFICER, at=later(1))
    with pytest.raises(InvalidInput) as raised:
        move_suspect(suspect, SuspectStatus.ARRESTED, actor=OFFICER, at=later(2),
                     handover=HANDOVER)
    assert raised.value.field == "handover"
    arrested = move_suspect(suspect, SuspectStatus.ARRESTED, actor=OFFICER, at=later(2))
    with pytest.raises(InvalidInput) as raised:
        move_suspect(arrested, SuspectStatus.HANDED_OVER, actor=OFFICER, at=later(3))
    assert raised.value.field == "handover"


@pytest.mark.parametrize(("args", "field"), [
    pytest.param(("MM", "MM", HandoverBasis.MLAT, "r"), "handover.to_country", id="same-country"),
    pytest.param(("MMR", "CN", HandoverBasis.MLAT, "r"), "handover.from_country", id="alpha3"),
    pytest.param(("MM", "CN", "extradition", "r"), "handover.basis", id="basis-string"),
    pytest.param(("MM", "CN", HandoverBasis.EXTRADITION_TREATY, " "), "handover.reference",
                 id="no-reference"),
])
def test_handover_checks_name_the_field(args: tuple[Any, ...], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Handover(*args, at=later(1))
    assert raised.value.field == field
