"""Victims as a service: recorded on a case, read, listed, moved along their lifecycle
with the agencies of each step, located, their losses and markings; every write and
read on the audit trail; bad input names the field; a refused change writes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tests.services.freeze_world import CN, TH, add_victim, analyst, open_case

from counterfraud.cases.victims import Location, Money
from counterfraud.domain import OPERATOR, ApiRole, Viewer
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.services import audit, case_links, victims
from counterfraud.services.store import Store


def _trail(store: Store, record: str) -> list[tuple[str, str]]:
    return [(e.action, e.path) for e in audit.entries(store) if record in e.records]


def test_a_victim_from_missing_to_repatriated(store: Store) -> None:
    case_id = open_case(store, CN)
    added = add_victim(store, case_id, "V-1001", viewer=analyst(CN))
    assert added.marking.value == "TLP:RED" and added.owner == CN
    assert added.as_dict()["officer"] == {"name": "Inspector Zhao", "agency": CN}
    compound = Location("MM", 16.69, 98.51, "KK Park")
    victims.move_victim(store, analyst(CN), "V-1001", "located", agencies=["MM-MPF"],
                        location=compound)
    victims.move_victim(store, analyst(CN), "V-1001", "rescued", agencies=["MM-MPF", TH])
    victims.locate(store, analyst(CN), "V-1001", Location("TH", place="Mae Sot shelter"))
    victims.add_loss(store, analyst(CN), "V-1001", Money(Decimal("1200.50"), "usd"))
    moved = victims.move_victim(store, analyst(CN), "V-1001", "repatriated",
                                agencies=["CN-MPS"])
    shown = victims.get_victim(store, analyst(CN), "V-1001").as_dict()
    assert shown == moved.as_dict() and shown["version"] == 6
    assert [(h["status"], h["agencies"]) for h in shown["history"]] == [
        ("missing", []), ("located", ["MM-MPF"]), ("rescued", ["MM-MPF", TH]),
        ("repatriated", [CN])]
    assert shown["location"] == {"country": "TH", "place": "Mae Sot shelter",
                                 "latitude": None, "longitude": None}
    assert shown["losses"] == [{"amount": "1200.50", "currency": "USD"}]
    trail = _trail(store, "victim/V-1001")
    assert [a for a, _ in trail] == ["write"] * 6 + ["read"]
    assert trail[0][1] == "cli victims add" and trail[-1][1] == "cli victims show"


def test_a_refused_move_names_the_states_and_writes_nothing(store: Store) -> None:
    case_id = open_case(store, CN)
    add_victim(store, case_id, "V-1002")
    before = len(audit.entries(store))
    with pytest.raises(InvalidInput, match="cannot go from 'missing' to 'rescued'; "
                                           "allowed next: located") as raised:
        victims.move_victim(store, OPERATOR, "V-1002", "rescued")
    assert raised.value.field == "status"
    assert len(audit.entries(store)) == before
    assert victims.get_victim(store, OPERATOR, "V-1002").version == 1


def _add(store: Store, case_id: str, **overrides: Any) -> victims.VictimView:
    values: dict[str, Any] = {"case_id": case_id, "victim_id": "V-2001", "kind": "lured_abroad",
                              "nationality": "CN", "officer": "Inspector Zhao"}
    values.update(overrides)
    return victims.add_victim(store, OPERATOR, **values)


@pytest.mark.parametrize(("overrides", "field"), [
    pytest.param({"victim_id": "Zhang San"}, "id", id="a-name-is-no-pseudonym"),
    pytest.param({"kind": "tourist"}, "kind", id="kind"),
    pytest.param({"nationality": "China"}, "nationality", id="nationality"),
    pytest.param({"status": "rescued"}, "status", id="cannot-start-rescued"),
    pytest.param({"status": "gone"}, "status", id="unknown-status"),
    pytest.param({"officer": " "}, "officer.name", id="no-officer"),
    pytest.param({"officer_agency": "police"}, "officer.agency", id="officer-agency"),
    pytest.param({"marking": "TLP:PINK"}, "marking", id="marking"),
    pytest.param({"agencies": ["MM MPF"]}, "agencies", id="agencies"),
    pytest.param({"family_contact": "x" * 501}, "family_contact", id="family-contact"),
])
def test_bad_input_names_the_field(store: Store, overrides: dict[str, Any], field: str) -> None:
    case_id = open_case(store, CN)
    with pytest.raises(InvalidInput) as raised:
        _add(store, case_id, **overrides)
    assert raised.value.field == field
    assert victims.list_victims(store, OPERATOR) == []


@pytest.mark.parametrize(("args", "field"), [
    pytest.param(("Myanmar",), "location.country", id="country"),
    pytest.param((None,), None, id="nothing-is-no-location"),
    pytest.param((None, "KK Park"), "location.country", id="place-without-country"),
    pytest.param(("MM", None, 95.0, None), "location.latitude", id="half-coordinates"),
    pytest.param(("MM", None, 91.0, 98.5), "location.latitude", id="latitude-range"),
])
def test_locations_name_the_field(args: tuple[Any, ...], field: str | None) -> None:
    country, place, latitude, longitude = (*args, None, None, None)[:4]
    if field is None:
        assert victims.parse_location(country, place=place) is None
        return
    with pytest.raises(InvalidInput) as raised:
        victims.parse_location(country, place=place, latitude=latitude, longitude=longitude)
    assert raised.value.field == field


def test_money_names_its_field() -> None:
    with pytest.raises(InvalidInput) as raised:
        victims.money_of("12.345", "USD", field="loss")
    assert raised.value.field == "loss"
    with pytest.raises(InvalidInput) as raised:
        victims.money_of("12", "dollars", field="loss")
    assert raised.value.field == "currency"


def test_a_pseudonym_is_taken_once_and_an_unknown_case_is_not_found(store: Store) -> None:
    case_id = open_case(store, CN)
    _add(store, case_id)
    with pytest.raises(Conflict, match="V-2001 is taken"):
        _add(store, case_id)
    with pytest.raises(NotFound):
        _add(store, "CN-MPS-999999", victim_id="V-2002")
    with pytest.raises(NotFound):
        victims.get_victim(store, OPERATOR, "V-9999")


def test_only_the_owner_chooses_a_marking_and_re_marks(store: Store) -> None:
    case_id = open_case(store, CN)
    case_links.invite(store, OPERATOR, case_id, agency=TH, purpose="joint rescue",
                      record_types=["case", "victim"], markings=["TLP:AMBER+STRICT"])
    with pytest.raises(PermissionDenied):
        add_victim(store, case_id, "V-2101", viewer=analyst(TH), marking="TLP:AMBER+STRICT")
    added = add_victim(store, case_id, "V-2101", viewer=analyst(TH))
    assert added.marking.value == "TLP:RED" and added.owner == CN
    with pytest.raises(NotFound):  # RED: TH recorded it, and cannot read it back
        victims.get_victim(store, analyst(TH), "V-2101")
    remarked = victims.remark(store, analyst(CN), "V-2101", "amber+strict")
    assert remarked.marking.value == "TLP:AMBER+STRICT" and remarked.version == 2
    assert remarked.victim.timeline[-1].detail == "TLP:AMBER+STRICT"
    assert victims.get_victim(store, analyst(TH), "V-2101").victim.id == "V-2101"
    victims.move_victim(store, analyst(TH), "V-2101", "located", agencies=[TH])
    with pytest.raises(PermissionDenied):
        victims.remark(store, analyst(TH), "V-2101", "TLP:AMBER")


def test_operator_keys_read_no_victims(store: Store) -> None:
    case_id = open_case(store, CN)
    add_victim(store, case_id, "V-2201")
    with pytest.raises(PermissionDenied):
        victims.get_victim(store, Viewer(agency=CN, role=ApiRole.OPERATOR), "V-2201")
    with pytest.raises(PermissionDenied):
        victims.list_victims(store, Viewer(agency=CN, role=ApiRole.OPERATOR))
