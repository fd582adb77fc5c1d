"""Takedown requests: when they were acknowledged and answered, the time to takedown, and
the PAP rule of who may send one."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from cases_world import DOMAIN, HANDLE, OFFICER, SITE, T0, later

from counterfraud.cases.abuse_report import check_takedown_allowed
from counterfraud.cases.model import Pap
from counterfraud.cases.requests import (
    TakedownRequest,
    advance_takedown,
    create_takedown_request,
    time_to_takedown,
)
from counterfraud.cases.states import TakedownStatus
from counterfraud.errors import InvalidInput, PermissionDenied


def _request(**overrides: Any) -> TakedownRequest:
    values: dict[str, Any] = {"id": "TD-1", "case_id": "TH-2025-0001",
                              "requesting_agency": "TH-CCIB", "addressee": "Registrar abuse",
                              "target": DOMAIN, "actor": OFFICER, "at": T0}
    values.update(overrides)
    return create_takedown_request(**values)


@pytest.mark.parametrize(("path", "acknowledged", "answered", "hours"), [
    pytest.param(("acknowledged", "taken_down"), 1, 2, 2.0, id="ack-down"),
    pytest.param(("taken_down",), None, 1, 1.0, id="down"),
    pytest.param(("acknowledged", "refused"), 1, 2, None, id="ack-refused"),
    pytest.param(("refused",), None, 1, None, id="refused"),
    pytest.param(("acknowledged",), 1, None, None, id="acknowledged-only"),
])
def test_times_of_a_takedown(path: tuple[str, ...], acknowledged: int | None,
                             answered: int | None, hours: float | None) -> None:
    request = _request()
    assert request.open and time_to_takedown(request) is None
    for step, status in enumerate(path, start=1):
        request = advance_takedown(request, TakedownStatus(status), actor="desk",
                                   at=later(step), detail="ticket 42")
    assert request.acknowledged_at == (later(acknowledged) if acknowledged else None)
    assert request.answered_at == (later(answered) if answered else None)
    assert request.open is (answered is None)
    assert time_to_takedown(request) == hours
    assert request.timeline[-1].detail == "ticket 42"


@pytest.mark.parametrize(("changes", "field"), [
    pytest.param({"answered_at": later(1)}, "answered_at", id="answered-while-sent"),
    pytest.param({"acknowledged_at": later(1)}, "acknowledged_at", id="acknowledged-while-sent"),
    pytest.param({"status": TakedownStatus.TAKEN_DOWN}, "answered_at", id="down-without-time"),
    pytest.param({"status": TakedownStatus.ACKNOWLEDGED}, "acknowledged_at",
                 id="acknowledged-without-time"),
    pytest.param({"status": TakedownStatus.REFUSED, "answered_at": T0.replace(year=2024)},
                 "answered_at", id="answered-before-sent"),
    pytest.param({"status": "sent"}, "status", id="status-as-text"),
    pytest.param({"pap_override": " "}, "pap_override", id="blank-override"),
])
def test_inconsistent_records_are_refused(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        replace(_request(), **changes)
    assert raised.value.field == field


def test_an_answer_ends_the_request() -> None:
    down = advance_takedown(_request(target=SITE), TakedownStatus.TAKEN_DOWN, actor="desk",
                            at=later(3))
    with pytest.raises(InvalidInput, match="takedown request: cannot go from 'taken_down'"):
        advance_takedown(down, TakedownStatus.REFUSED, actor="desk", at=later(4))


def test_a_back_dated_answer_is_refused() -> None:
    sent = _request(target=HANDLE, at=later(5))
    with pytest.raises(InvalidInput) as raised:
        advance_takedown(sent, TakedownStatus.ACKNOWLEDGED, actor="desk", at=later(4))
    assert raised.value.field == "at"


def test_the_override_is_kept() -> None:
    request = _request(pap_override="  arrests under way at 06:00  ")
    assert request.pap_override == "arrests under way at 06:00"


@pytest.mark.parametrize(("pap", "by_owner", "override", "error", "field"), [
    pytest.param(Pap.CLEAR, False, "", None, None, id="clear-participant"),
    pytest.param(Pap.GREEN, False, "", None, None, id="green-participant"),
    pytest.param(Pap.GREEN, True, "", None, None, id="green-owner"),
    pytest.param(Pap.GREEN, True, "raid", InvalidInput, "pap_override",
                 id="green-owner-needless-override"),
    pytest.param(Pap.AMBER, False, "", PermissionDenied, None, id="amber-participant"),
    pytest.param(Pap.RED, False, "raid", PermissionDenied, None,
                 id="red-participant-even-with-reason"),
    pytest.param(Pap.AMBER, True, "", InvalidInput, "pap_override", id="amber-owner-no-reason"),
    pytest.param(Pap.RED, True, "   ", InvalidInput, "pap_override", id="red-owner-blank"),
    pytest.param(Pap.RED, True, "arrests under way", None, None, id="red-owner-decides"),
    pytest.param(Pap.AMBER, True, "site moved abroad", None, None, id="amber-owner-decides"),
])
def test_pap_decides_who_may_request_a_takedown(
        pap: Pap, by_owner: bool, override: str, error: type[Exception] | None,
        field: str | None) -> None:
    if error is None:
        check_takedown_allowed(pap, case_id="C-1", by_owner=by_owner, override=override)
        return
    with pytest.raises(error) as raised:
        check_takedown_allowed(pap, case_id="C-1", by_owner=by_owner, override=override)
    assert pap.value in str(raised.value)
    assert getattr(raised.value, "field", None) == field
