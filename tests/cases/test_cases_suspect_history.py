"""Suspects' history (dates and agencies of each step), provenance, and the ``kind:value``
form of their identifiers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from cases_world import HANDLE, OFFICER, PERSON, T0, later
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.cases.states import SuspectStatus
from counterfraud.cases.suspects import (
    Handover,
    HandoverBasis,
    Suspect,
    SuspectStep,
    create_suspect,
    identifier_spec,
    move_suspect,
)
from counterfraud.errors import InvalidInput
from counterfraud.identifiers.types import Identifier, IdentifierKind


def _suspect() -> Suspect:
    return create_suspect(id="S-1", case_id="CN-2025-9", name="Boss Li", nationality="CN",
                          identifiers=(HANDLE,), actor=OFFICER, at=T0,
                          source="network N-7: core member 1 (bridges 3 groups)")


def _handed_over() -> Suspect:
    suspect = move_suspect(_suspect(), SuspectStatus.WANTED, actor=OFFICER, at=later(1),
                           agency="CN-MPS", reference="Interpol red notice A-1/2025")
    suspect = move_suspect(suspect, SuspectStatus.ARRESTED, actor=OFFICER, at=later(2),
                           agency="MM-POLICE")
    return move_suspect(suspect, SuspectStatus.HANDED_OVER, actor=OFFICER, at=later(3),
                        handover=Handover("MM", "CN", HandoverBasis.DEPORTATION,
                                          "MM-DEP-118", later(3)))


def test_each_step_keeps_its_date_agency_and_reference() -> None:
    suspect = _handed_over()
    assert [s.status for s in suspect.history] == [
        SuspectStatus.IDENTIFIED, SuspectStatus.WANTED, SuspectStatus.ARRESTED,
        SuspectStatus.HANDED_OVER]
    assert suspect.since(SuspectStatus.ARRESTED) == later(2)
    assert suspect.since(SuspectStatus.CONVICTED) is None
    assert suspect.history[1].reference == "Interpol red notice A-1/2025"
    assert suspect.history[2].agency == "MM-POLICE"
    assert suspect.timeline[1].detail == "CN-MPS; Interpol red notice A-1/2025"
    assert suspect.timeline[3].detail == "MM -> CN (deportation, MM-DEP-118)"
    assert suspect.timeline[0].detail == suspect.source


@pytest.mark.parametrize(("history", "handover", "field"), [
    pytest.param((), None, "history", id="empty"),
    pytest.param((SuspectStep(SuspectStatus.WANTED, T0, OFFICER),), None, "status",
                 id="starts-wanted"),
    pytest.param((SuspectStep(SuspectStatus.IDENTIFIED, T0, OFFICER),
                  SuspectStep(SuspectStatus.ARRESTED, later(1), OFFICER)), None, "status",
                 id="skips-wanted"),
    pytest.param((SuspectStep(SuspectStatus.IDENTIFIED, later(2), OFFICER),
                  SuspectStep(SuspectStatus.WANTED, later(1), OFFICER)), None, "history",
                 id="out-of-order"),
    pytest.param((SuspectStep(SuspectStatus.IDENTIFIED, T0, OFFICER),), None, "history",
                 id="not-ending-with-status"),
])
def test_an_impossible_history_is_refused(history: tuple[SuspectStep, ...],
                                          handover: Handover | None, field: str) -> None:
    wanted = move_suspect(_suspect(), SuspectStatus.WANTED, actor=OFFICER, at=later(1))
    with pytest.raises(InvalidInput) as raised:
        replace(wanted, history=history, handover=handover)
    assert raised.value.field == field


def test_a_handover_without_the_step_is_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        replace(_suspect(), handover=_handed_over().handover)
    assert raised.value.field == "handover"


def test_an_identifier_twice_is_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        replace(_suspect(), identifiers=(PERSON, PERSON))
    assert raised.value.field == "identifiers"


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("handle:telegram:@golden_mentor88",
                 Identifier(IdentifierKind.HANDLE, "telegram:golden_mentor88"), id="handle"),
    pytest.param("phone:+86 138 0013 8000",
                 Identifier(IdentifierKind.PHONE, "+8613800138000"), id="phone"),
    pytest.param("PERSON:chen wei", PERSON, id="kind-any-case"),
    pytest.param("url:https://pay.example-scam.top/login",
                 Identifier(IdentifierKind.URL, "https://pay.example-scam.top/login"),
                 id="url-keeps-its-colon"),
])
def test_identifier_spec_reads_kind_and_value(text: str, expected: Identifier) -> None:
    assert identifier_spec(text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"), pytest.param("+8613800138000", id="no-kind"),
    pytest.param("phone:", id="no-value"), pytest.param("planet:mars", id="unknown-kind"),
    pytest.param("phone:not a number", id="bad-value"),
])
def test_identifier_spec_names_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        identifier_spec(text, field="member")
    assert raised.value.field == "member"


@given(st.text(max_size=120), st.sampled_from([None, "TH", "CN"]))
def test_identifier_spec_accepts_or_names_the_field(text: str, region: str | None) -> None:
    try:
        found = identifier_spec(text, region=region)
    except InvalidInput as e:
        assert e.field == "identifier"
    else:
        assert isinstance(found, Identifier) and found.kind.value == (
            text.partition(":")[0].strip().lower())
