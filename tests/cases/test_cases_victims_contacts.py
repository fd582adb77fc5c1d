"""Victims reached through their case officer, their family's contact, and a status
history that names the agencies of each step (who found, rescued, repatriated)."""

from __future__ import annotations

from typing import Any

import pytest
from cases_world import OFFICER, T0, later

from counterfraud.cases.states import VictimStatus
from counterfraud.cases.victims import (
    Officer,
    StatusChange,
    Victim,
    VictimKind,
    create_victim,
    move_victim,
    set_contacts,
    status_dates,
)
from counterfraud.errors import InvalidInput
from counterfraud.store.case_records import from_document, to_document


def _victim(**overrides: Any) -> Victim:
    values: dict[str, Any] = {"id": "V-0042", "case_id": "CN-2025-0007",
                              "kind": VictimKind.LURED_ABROAD, "nationality": "CN",
                              "actor": OFFICER, "at": T0,
                              "officer": Officer("Inspector Zhao", "cn-mps"),
                              "family_contact": "brother, through the Kunming station"}
    values.update(overrides)
    return create_victim(**values)


def test_every_step_names_its_agencies_and_dates() -> None:
    victim = _victim()
    victim = move_victim(victim, VictimStatus.LOCATED, actor="officer-2", at=later(10),
                         agencies=("MM-MPF",))
    victim = move_victim(victim, VictimStatus.RESCUED, actor="officer-2", at=later(30),
                         agencies=("MM-MPF", "TH-CCIB"))
    victim = move_victim(victim, VictimStatus.REPATRIATED, actor=OFFICER, at=later(50),
                         agencies=["CN-MPS", "th-ccib"])  # type: ignore[arg-type]
    assert victim.history[-1] == StatusChange(VictimStatus.REPATRIATED, later(50), OFFICER,
                                              ("CN-MPS", "TH-CCIB"))
    assert status_dates(victim) == {VictimStatus.MISSING: T0, VictimStatus.LOCATED: later(10),
                                    VictimStatus.RESCUED: later(30),
                                    VictimStatus.REPATRIATED: later(50)}
    assert victim.timeline[-2].detail == "MM-MPF, TH-CCIB"
    assert victim.officer == Officer("Inspector Zhao", "CN-MPS")


@pytest.mark.parametrize(("overrides", "field"), [
    pytest.param({"officer": "Inspector Zhao"}, "officer", id="officer-not-a-record"),
    pytest.param({"family_contact": "x" * 501}, "family_contact", id="long-family-contact"),
    pytest.param({"agencies": ("police",)}, "agencies", id="agency-code"),
    pytest.param({"agencies": ("TH-CCIB", "th-ccib")}, "agencies", id="agency-twice"),
    pytest.param({"agencies": "TH-CCIB"}, "agencies", id="agencies-not-a-list"),
])
def test_contact_and_agency_checks_name_the_field(overrides: dict[str, Any],
                                                  field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        _victim(**overrides)
    assert raised.value.field == field


@pytest.mark.parametrize(("name", "agency", "field"), [
    pytest.param("", "CN-MPS", "officer.name", id="blank-name"),
    pytest.param("Zhao", "mps", "officer.agency", id="bad-agency"),
    pytest.param("Zhao", 7, "officer.agency", id="agency-not-text"),
])
def test_officer_checks_name_the_field(name: str, agency: Any, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Officer(name, agency)
    assert raised.value.field == field


def test_contacts_change_on_the_timeline_without_the_contact_itself() -> None:
    victim = _victim()
    changed = set_contacts(victim, actor=OFFICER, at=later(1),
                           family_contact="mother, via the embassy in Yangon")
    assert changed.officer == victim.officer
    assert changed.family_contact == "mother, via the embassy in Yangon"
    assert changed.timeline[-1].action == "contacts"
    assert "embassy" not in changed.timeline[-1].detail
    with pytest.raises(InvalidInput) as raised:
        set_contacts(victim, actor=OFFICER, at=later(1))
    assert raised.value.field == "officer"


def test_the_stored_document_gives_back_the_same_victim() -> None:
    victim = move_victim(_victim(), VictimStatus.LOCATED, actor=OFFICER, at=later(2),
                         agencies=("MM-MPF",))
    assert from_document(Victim, to_document(victim), where="victim V-0042") == victim
