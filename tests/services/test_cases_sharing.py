"""Cases between agencies, on SQLite and PostgreSQL: linked cases never tell of a case the
caller may not see, network links follow the caller's own view of the networks, and a
joint case lets its invited agencies in (to read and work within it, never to change its
status or markings nor invite others) until the agreement ends."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from counterfraud.domain import OPERATOR, ApiRole, Viewer
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.services import (
    agreements,
    audit,
    case_links,
    cases,
    ingest,
    networks,
    reports,
)
from counterfraud.services.store import Store

CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
P1, P2, P3 = "+8613800138000", "+8613900139000", "+8613700137000"
GOLD = ("https://gold-vip.top/a", "https://gold-vip.top/b")


def analyst(agency: str) -> Viewer:
    return Viewer(agency, ApiRole.ANALYST)


def _open(store: Store, agency: str, *identifiers: str, tlp: str = "amber",
          title: str = "case") -> str:
    return cases.open_case(store, agency=agency, scam_type="investment", title=title,
                           tlp=tlp, identifiers=[f"phone:{p}" for p in identifiers],
                           viewer=analyst(agency)).case.id


def _grant(store: Store, grantor: str, grantee: str, record_types: list[str],
           markings: list[str]) -> int:
    made = agreements.add_agreement(store, grantor=grantor, grantee=grantee,
                                    markings=markings, record_types=record_types,
                                    purpose="fraud investigations", legal_basis="mlat")
    assert made.id is not None
    return made.id


def _linked(store: Store, viewer: Viewer, case_id: str) -> list[dict[str, Any]]:
    return [x.as_dict() for x in case_links.linked_cases(store, viewer, case_id)]


def _shares(found: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {x["case"]["id"]: [i["value"] for i in x["identifiers"]] for x in found}


def test_linked_cases_share_identifiers_and_hidden_cases_never_show(store: Store) -> None:
    mine = _open(store, CN, P1, P2)
    red = _open(store, TH, P1, P3, tlp="red", title="RED")
    amber = _open(store, TH, P1, P3, title="AMBER")
    unrelated = _open(store, TH, P3)
    assert _linked(store, analyst(CN), mine) == []
    assert _shares(_linked(store, OPERATOR, mine)) == {red: [P1], amber: [P1]}
    _grant(store, TH, CN, ["case"], ["amber"])
    seen = _linked(store, analyst(CN), mine)
    assert _shares(seen) == {amber: [P1]}
    text = json.dumps(seen)
    assert red not in text and P3 not in text and unrelated not in text
    # TH may not see CN's case: from its side, only its own cases are linked
    assert _shares(_linked(store, analyst(TH), amber)) == {red: [P3, P1], unrelated: [P3]}
    assert _shares(_linked(store, OPERATOR, amber)) == {mine: [P1], red: [P3, P1],
                                                        unrelated: [P3]}
    with pytest.raises(NotFound):
        case_links.linked_cases(store, analyst(LA), mine)


@pytest.fixture
def gang(store: Store) -> Store:
    """CN's two AMBER reports join phone P1 and two gold-vip.top URLs into one network;
    LA reads CN's AMBER cases (not its reports) through an agreement."""
    rows = [{"report_id": f"CN-{n}", "marking": "amber", "scam_type": "investment",
             "reported_at": "2025-03-01T00:00:00Z", "phones": P1, "urls": url}
            for n, url in enumerate(GOLD, 1)]
    assert ingest.ingest_records(store, enumerate(rows, 1), agency=CN).rejected == 0
    networks.build(store)
    _grant(store, CN, LA, ["case"], ["amber"])
    return store


def _network_of(store: Store, value: str) -> str:
    [found] = [n.id for n in networks.networks(store, OPERATOR)
               if value in {m.identifier.value for m in n.members}]
    return found


def test_cases_link_through_a_network_as_the_caller_sees_it(gang: Store) -> None:
    holder = _open(gang, CN, P1, title="holds the phone")
    network = _network_of(gang, P1)
    linker = cases.open_case(gang, agency=CN, scam_type="romance", title="links the gang",
                             viewer=analyst(CN)).case.id
    cases.link_network(gang, analyst(CN), linker, network)
    for viewer in (analyst(CN), OPERATOR):
        [found] = _linked(gang, viewer, holder)
        assert found["case"]["id"] == linker and found["identifiers"] == []
        assert [(n["network"], n["holder"], n["identifier"]["value"])
                for n in found["through_networks"]] == [(network, "this", P1)]
        [back] = _linked(gang, viewer, linker)
        assert [(n["network"], n["holder"], n["identifier"]["value"])
                for n in back["through_networks"]] == [(network, "linked", P1)]
    # LA reads both cases, but none of the reports that make the network: no link
    assert cases.get_case(gang, analyst(LA), linker).case.network_ids == (network,)
    assert _linked(gang, analyst(LA), holder) == []
    assert _linked(gang, analyst(LA), linker) == []


def test_two_cases_linking_one_network_are_linked(gang: Store) -> None:
    network = _network_of(gang, P1)
    first, second = _open(gang, CN), _open(gang, CN)
    for case_id in (first, second):
        cases.link_network(gang, analyst(CN), case_id, network)
    [found] = _linked(gang, analyst(LA), first)
    assert (found["case"]["id"], found["networks"]) == (second, [network])


def test_a_network_the_caller_does_not_see_is_not_linked(gang: Store) -> None:
    network = _network_of(gang, P1)
    _grant(gang, CN, TH, ["case"], ["amber"])
    case_id = _open(gang, CN)
    joint = _open(gang, CN)
    case_links.invite(gang, analyst(CN), joint, agency=TH, purpose="joint work")
    with pytest.raises(NotFound, match=f"no network '{network}' visible to you"):
        cases.link_network(gang, analyst(TH), joint, network)
    with pytest.raises(PermissionDenied):  # TH reads the case but takes no part in it
        cases.link_network(gang, analyst(TH), case_id, network)


def _joint(store: Store) -> tuple[str, str, int]:
    """CN's joint case (TH invited) and another AMBER case of CN's; the agreement's id."""
    assert ingest.ingest_records(store, [(1, {
        "report_id": "CN-A", "marking": "amber", "scam_type": "investment",
        "phones": P2, "reported_at": "2025-03-01T00:00:00Z"})], agency=CN).rejected == 0
    joint = _open(store, CN, P1, title="joint")
    other = _open(store, CN, P1, title="CN alone")
    made = case_links.invite(store, analyst(CN), joint, agency=TH,
                             purpose="rescue of the victims held in the compound")
    assert made.id is not None and made.case_id == joint
    return joint, other, made.id


def test_a_joint_participant_reads_and_works_within_the_case_and_nothing_else(
        store: Store) -> None:
    joint, other, _ = _joint(store)
    th = analyst(TH)
    assert cases.get_case(store, th, joint).case.title == "joint"
    cases.add_note(store, th, joint, "the compound is in Myawaddy")
    cases.add_task(store, th, joint, title="Contact the border police", assignee=TH)
    cases.log_task(store, th, joint, 1, "family contacted")
    cases.add_identifier(store, th, joint, "phone", "+66812345678")
    view = cases.get_case(store, analyst(CN), joint)
    assert [(e.actor, e.action) for e in view.case.timeline[-4:]] == [
        (TH, "note added"), (TH, "task added"), (TH, "task logged"), (TH, "identifier added")]
    assert [c.id for c in cases.list_cases(store, th)[1]] == [joint]
    with pytest.raises(NotFound):
        cases.get_case(store, th, other)
    with pytest.raises(NotFound):
        reports.get_report(store, CN, "CN-A", th)
    assert _linked(store, th, joint) == []  # CN's other case shares P1, but is hidden


OWNER_ONLY: list[tuple[str, Callable[[Store, Viewer, str], Any]]] = [
    ("move", lambda s, v, c: cases.move_case(s, v, c, "investigating")),
    ("remark", lambda s, v, c: cases.remark(s, v, c, pap="clear")),
    ("invite", lambda s, v, c: case_links.invite(s, v, c, agency=LA, purpose="more")),
    ("remove", lambda s, v, c: case_links.remove(s, v, c, TH)),
]


@pytest.mark.parametrize(("name", "change"), OWNER_ONLY, ids=[n for n, _ in OWNER_ONLY])
def test_participants_may_not_change_status_markings_or_who_takes_part(
        store: Store, name: str, change: Callable[[Store, Viewer, str], Any]) -> None:
    joint, _, _ = _joint(store)
    before = cases.get_case(store, OPERATOR, joint).version
    with pytest.raises(PermissionDenied, match="only the owning agency"):
        change(store, analyst(TH), joint)
    with pytest.raises(NotFound):
        change(store, analyst(LA), joint)
    assert cases.get_case(store, OPERATOR, joint).version == before


def test_outsiders_get_not_found_for_every_read_and_write(store: Store) -> None:
    joint, _, _ = _joint(store)
    la = analyst(LA)
    calls: list[Callable[[], Any]] = [
        lambda: cases.get_case(store, la, joint),
        lambda: cases.add_note(store, la, joint, "x"),
        lambda: cases.add_task(store, la, joint, title="x"),
        lambda: cases.link_network(store, la, joint, "N-1"),
        lambda: case_links.linked_cases(store, la, joint),
        lambda: case_links.participants(store, la, joint),
    ]
    for call in calls:
        with pytest.raises(NotFound, match=f"no case '{joint}'"):
            call()


@pytest.mark.parametrize("how", ["agreement revoked", "participant removed"])
def test_ending_the_agreement_ends_the_access(store: Store, how: str) -> None:
    joint, _, agreement_id = _joint(store)
    if how == "agreement revoked":
        agreements.revoke_agreement(store, agreement_id, grantor=CN)
    else:
        [revoked] = case_links.remove(store, analyst(CN), joint, TH)
        assert revoked.id == agreement_id and revoked.revoked_at is not None
    with pytest.raises(NotFound):
        cases.get_case(store, analyst(TH), joint)
    with pytest.raises(NotFound):
        cases.add_note(store, analyst(TH), joint, "too late")
    [listed] = case_links.participants(store, analyst(CN), joint)
    assert listed.revoked_at is not None


def test_a_remark_the_agreement_does_not_cover_ends_the_access(store: Store) -> None:
    joint, _, _ = _joint(store)
    cases.remark(store, analyst(CN), joint, tlp="green")
    with pytest.raises(NotFound):
        cases.get_case(store, analyst(TH), joint)


def test_a_reader_through_an_agreement_reads_but_does_not_write(store: Store) -> None:
    case_id = _open(store, CN, P1)
    _grant(store, CN, TH, ["case"], ["amber"])
    assert cases.get_case(store, analyst(TH), case_id).case.id == case_id
    with pytest.raises(PermissionDenied, match="not a participant"):
        cases.add_note(store, analyst(TH), case_id, "x")
    with pytest.raises(PermissionDenied, match="only the owning agency"):
        cases.move_case(store, analyst(TH), case_id, "investigating")


@pytest.mark.parametrize(("given", "error", "field"), [
    pytest.param({"agency": CN}, InvalidInput, "grantee", id="self"),
    pytest.param({"record_types": ["report"]}, InvalidInput, "record_types", id="reports"),
    pytest.param({"markings": ["green"]}, InvalidInput, "markings", id="other-marking"),
    pytest.param({"markings": ["red"]}, InvalidInput, "markings", id="red"),
    pytest.param({"legal_basis": "handshake"}, InvalidInput, "legal_basis", id="basis"),
    pytest.param({"purpose": " "}, InvalidInput, "purpose", id="purpose"),
    pytest.param({"agency": "MM-CCID"}, NotFound, None, id="unknown-agency"),
])
def test_a_bad_invitation_names_its_fault_and_changes_nothing(
        store: Store, given: dict[str, Any], error: type[Exception], field: str | None) -> None:
    case_id = _open(store, CN)
    with pytest.raises(error) as refused:
        case_links.invite(store, analyst(CN), case_id,
                          **({"agency": TH, "purpose": "joint"} | given))
    assert getattr(refused.value, "field", None) == field
    assert case_links.participants(store, OPERATOR, case_id) == []
    assert cases.get_case(store, OPERATOR, case_id).version == 1


def test_invitations_into_red_or_closed_cases_and_twice_are_refused(store: Store) -> None:
    red = _open(store, CN, tlp="red")
    with pytest.raises(InvalidInput, match="TLP:RED") as refused:
        case_links.invite(store, analyst(CN), red, agency=TH, purpose="joint")
    assert refused.value.field == "tlp"
    closed = _open(store, CN)
    for status in ("investigating", "action", "closed_solved"):
        cases.move_case(store, analyst(CN), closed, status)
    with pytest.raises(Conflict, match="reopen it to invite"):
        case_links.invite(store, analyst(CN), closed, agency=TH, purpose="joint")
    joint = _open(store, CN)
    case_links.invite(store, analyst(CN), joint, agency=TH, purpose="joint")
    with pytest.raises(Conflict, match="already lets TH-CCIB see"):
        case_links.invite(store, analyst(CN), joint, agency=TH, purpose="joint")
    # one joint agreement per case: the same terms on another case are not a repeat
    second = _open(store, CN)
    case_links.invite(store, analyst(CN), second, agency=TH, purpose="joint",
                      reference=joint)
    assert [p.grantee for p in case_links.participants(store, analyst(TH), second)] == [TH]


def test_an_invitation_is_on_the_timeline_and_the_trail(store: Store) -> None:
    joint, _, agreement_id = _joint(store)
    last = cases.get_case(store, analyst(CN), joint).case.timeline[-1]
    assert (last.actor, last.action, last.detail) == (CN, "agency invited", TH)
    written = [e.as_dict() for e in audit.entries(store) if e.action == "write"]
    assert [(e["record_type"], e["records"]) for e in written[-2:]] == [
        ("agreement", [f"agreement/{agreement_id}"]), ("case", [f"case/{joint}"])]
