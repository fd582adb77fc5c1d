"""Takedown requests through the service: sending, answers and times (also recorded after
the fact), PAP, conflicts, errors naming the field, the audit trail, and the abuse report
from the store."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from case_requests_world import (
    JOINT,
    OWNER,
    PARTNER,
    PHONE,
    SECRET,
    SITE,
    CaseWorld,
    build,
    open_case,
    viewer,
)
from counterfraud.domain import OPERATOR
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.services import audit, blocklist, cases, kpi, takedowns
from counterfraud.services.store import Store
from counterfraud.services.takedowns import ReportFormat
from counterfraud.store.case_tables import TakedownRequestRow


@pytest.fixture
def world(store: Store) -> CaseWorld:
    return build(store)


def test_a_request_from_sent_to_taken_down(world: CaseWorld) -> None:
    owner = viewer(OWNER)
    sent = takedowns.request_takedown(world.store, owner, world.case_id, "url", SITE,
                                      addressee="Registrar abuse desk")
    assert (sent.status.value, sent.requesting_agency) == ("sent", OWNER)
    acknowledged = takedowns.move_takedown(world.store, owner, sent.id, "acknowledged",
                                           reason="ticket 4411")
    down = takedowns.move_takedown(world.store, viewer(JOINT), sent.id, "taken_down")
    assert acknowledged.acknowledged_at is not None and down.answered_at is not None
    assert down.sent_at <= down.acknowledged_at <= down.answered_at  # type: ignore[operator]
    shown = takedowns.as_dict(takedowns.get_takedown(world.store, owner, sent.id))
    assert shown["status"] == "taken_down" and shown["hours_to_takedown"] is not None
    assert [e["action"] for e in shown["timeline"]] == [
        "sent", "status sent -> acknowledged", "status acknowledged -> taken_down"]
    assert shown["timeline"][1]["detail"] == "ticket 4411"
    trail = [e for e in audit.entries(world.store) if e.record_type == "takedown_request"]
    assert [(e.action, json.loads(e.records)) for e in trail] == [
        ("write", [f"takedown/{sent.id}"]), ("write", [f"takedown/{sent.id}"]),
        ("write", [f"takedown/{sent.id}"]), ("read", [f"takedown/{sent.id}"])]


def test_lists_filter_and_go_on_the_trail(world: CaseWorld) -> None:
    owner = viewer(OWNER)
    first = takedowns.request_takedown(world.store, owner, world.case_id, "url", SITE,
                                       addressee="Registrar")
    second = takedowns.request_takedown(world.store, owner, world.case_id, "phone",
                                        "081 234 0001", addressee="True Move H")
    assert second.target.value == PHONE  # national format read in the requester's country
    takedowns.move_takedown(world.store, owner, first.id, "refused", reason="not our TLD")
    total, found = takedowns.list_takedowns(world.store, owner, case_id=world.case_id)
    assert total == 2 and {r.id for r in found} == {first.id, second.id}
    total, found = takedowns.list_takedowns(world.store, owner, status=["refused"])
    assert [r.id for r in found] == [first.id]
    assert takedowns.list_takedowns(world.store, owner, case_id="NO-SUCH") == (0, [])
    last = audit.entries(world.store)[-1]
    assert last.action == "read" and json.loads(last.records) == [f"takedown/{first.id}"]


@pytest.mark.parametrize(("kind", "value", "field"), [
    pytest.param("bank_account", "TH:0123456789", "kind", id="not-taken-down"),
    pytest.param("planet", "mars", "kind", id="unknown-kind"),
    pytest.param("url", "not a url", "value", id="bad-value"),
    pytest.param("domain", "   ", "value", id="blank-value"),
])
def test_bad_targets_name_the_field(world: CaseWorld, kind: str, value: str,
                                    field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, kind, value,
                                   addressee="Registrar")
    assert raised.value.field == field
    assert takedowns.list_takedowns(world.store, OPERATOR) == (0, [])


def test_blank_addressee_and_bad_status_name_the_field(world: CaseWorld) -> None:
    with pytest.raises(InvalidInput) as raised:
        takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, "url", SITE,
                                   addressee=" ")
    assert raised.value.field == "addressee"
    sent = takedowns.request_takedown(world.store, OPERATOR, world.case_id, "url", SITE,
                                      addressee="Registrar")
    with pytest.raises(InvalidInput) as raised:
        takedowns.move_takedown(world.store, OPERATOR, sent.id, "deleted")
    assert raised.value.field == "status"
    takedowns.move_takedown(world.store, OPERATOR, sent.id, "taken_down")
    with pytest.raises(InvalidInput, match="cannot go from 'taken_down' to 'acknowledged'; "
                                           r"allowed next: none \(a final state\)"):
        takedowns.move_takedown(world.store, OPERATOR, sent.id, "acknowledged")


def test_the_operator_sends_in_the_owners_name(world: CaseWorld) -> None:
    sent = takedowns.request_takedown(world.store, OPERATOR, world.case_id, "url", SITE,
                                      addressee="Registrar")
    assert sent.requesting_agency == OWNER
    as_joint = takedowns.request_takedown(world.store, OPERATOR, world.case_id, "url", SITE,
                                          addressee="Host", acting=JOINT)
    assert as_joint.requesting_agency == JOINT
    with pytest.raises(PermissionDenied):
        takedowns.request_takedown(world.store, viewer(JOINT), world.case_id, "url", SITE,
                                   addressee="Other host", acting=OWNER)


def test_an_open_request_is_not_sent_twice(world: CaseWorld) -> None:
    owner = viewer(OWNER)
    sent = takedowns.request_takedown(world.store, owner, world.case_id, "url", SITE,
                                      addressee="Registrar")
    with pytest.raises(Conflict, match=sent.id):
        takedowns.request_takedown(world.store, viewer(JOINT), world.case_id, "url", SITE,
                                   addressee="registrar")
    takedowns.move_takedown(world.store, owner, sent.id, "refused")
    again = takedowns.request_takedown(world.store, owner, world.case_id, "url", SITE,
                                       addressee="Registrar")
    assert again.id != sent.id


def test_a_closed_case_sends_nothing(world: CaseWorld) -> None:
    for status in ("investigating", "action", "closed_solved"):
        cases.move_case(world.store, OPERATOR, world.case_id, status)
    with pytest.raises(Conflict, match="closed_solved"):
        takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, "url", SITE,
                                   addressee="Registrar")


@pytest.mark.parametrize(("who", "override", "error"), [
    pytest.param(OWNER, "", InvalidInput, id="owner-without-reason"),
    pytest.param(OWNER, "arrests under way", None, id="owner-decides"),
    pytest.param(JOINT, "arrests under way", PermissionDenied, id="participant-never"),
])
@pytest.mark.parametrize("pap", ["PAP:RED", "PAP:AMBER"])
def test_pap_red_and_amber_cases(world: CaseWorld, who: str, override: str,
                                 error: type[Exception] | None, pap: str) -> None:
    cases.remark(world.store, OPERATOR, world.case_id, pap=pap)
    call = lambda: takedowns.request_takedown(  # noqa: E731
        world.store, viewer(who), world.case_id, "url", SITE, addressee="Registrar",
        pap_override=override)
    if error is None:
        assert call().pap_override == override
        return
    with pytest.raises(error, match=pap):
        call()
    assert takedowns.list_takedowns(world.store, OPERATOR) == (0, [])


def test_another_visible_case_under_pap_red_protects_the_target(world: CaseWorld) -> None:
    theirs = open_case(world.store, owner=PARTNER, tlp="TLP:CLEAR", pap="PAP:RED",
                       identifiers=(f"url:{SITE}",))
    with pytest.raises(PermissionDenied, match=f"case {theirs} of {PARTNER}"):
        takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, "url", SITE,
                                   addressee="Registrar")
    cases.remark(world.store, OPERATOR, theirs, tlp="TLP:RED")  # now hidden from TH
    sent = takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, "url", SITE,
                                      addressee="Registrar")
    assert sent.status.value == "sent"


def test_the_owners_other_guarded_case_asks_for_the_reason(world: CaseWorld) -> None:
    """The case is PAP:GREEN, but another case of the same owner naming the target is
    PAP:RED: the owner gives its reason once, and that reason is taken."""
    guarded = open_case(world.store, owner=OWNER, tlp="TLP:GREEN", pap="PAP:RED",
                        identifiers=(f"url:{SITE}",))
    with pytest.raises(InvalidInput, match=f"your case {guarded}") as refused:
        takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, "url", SITE,
                                   addressee="Registrar")
    assert refused.value.field == "pap_override"
    sent = takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, "url", SITE,
                                      addressee="Registrar", pap_override="arrests made")
    assert sent.pap_override == "arrests made"


def test_a_reason_nothing_needs_is_refused(world: CaseWorld) -> None:
    with pytest.raises(InvalidInput, match="needs no override"):
        takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, "url", SITE,
                                   addressee="Registrar", pap_override="just because")


def test_a_request_of_another_case_is_not_found(world: CaseWorld) -> None:
    with pytest.raises(NotFound):
        takedowns.get_takedown(world.store, viewer(OWNER), "TD-NOPE")
    with pytest.raises(NotFound):
        takedowns.move_takedown(world.store, viewer(OWNER), "TD-NOPE", "refused")


def test_the_abuse_report_passes_on_only_what_it_may(world: CaseWorld) -> None:
    blocklist.add_entry(world.store, blocklist.parse_target("url", SITE), actor="t",
                        reason="seen in reports", agency=OWNER)
    sent = takedowns.request_takedown(world.store, viewer(OWNER), world.case_id, "url", SITE,
                                      addressee="Registrar")
    rendered = takedowns.abuse_report(world.store, viewer(OWNER), sent.id,
                                      fmt=ReportFormat.JSON)
    document = rendered.body
    assert isinstance(document, dict)
    evidence = document["evidence"]
    # CN's CLEAR and GREEN, TH's GREEN and AMBER; never CN's AMBER, AMBER+STRICT, TH's RED
    assert evidence["reports"] == 4
    assert (evidence["first_seen"], evidence["last_seen"]) == ("2025-02-01", "2025-02-06")
    assert evidence["blocklist"]["status"] == "active"
    excerpts = [e["excerpt"] for e in evidence["examples"]]
    assert len(excerpts) == 2  # TH's own GREEN and CN's CLEAR; not CN's GREEN
    assert any("my account [removed]" in e for e in excerpts)
    text = takedowns.abuse_report(world.store, viewer(OWNER), sent.id).body
    assert isinstance(text, str)
    for leaked in (SECRET, "012-3-45678-9", "13800138000", "CN green narrative",
                   "amber narrative", "Gold trading platform"):
        assert leaked not in text and leaked not in str(document)
    export = audit.entries(world.store)[-1]
    records = json.loads(export.records)
    assert export.action == "export" and records[0] == f"takedown/{sent.id}"
    assert sorted(records[1:]) == ["report/CN-MPS/CN-CLEAR", "report/CN-MPS/CN-GREEN",
                                          "report/TH-CCIB/TH-AMBER", "report/TH-CCIB/TH-GREEN"]


def test_the_abuse_report_of_a_participant_is_its_own(world: CaseWorld) -> None:
    sent = takedowns.request_takedown(world.store, viewer(JOINT), world.case_id, "url", SITE,
                                      addressee="Registrar")
    document = takedowns.abuse_report(world.store, viewer(OWNER), sent.id,
                                      fmt=ReportFormat.JSON).body
    assert isinstance(document, dict)
    # LA may pass on only CLEAR reports it sees: CN's CLEAR one; TH's GREEN it cannot see
    assert document["from"]["agency"] == JOINT
    assert document["evidence"]["reports"] == 1
    assert [e["reported_on"] for e in document["evidence"]["examples"]] == ["2025-02-01"]


OPENED = datetime(2025, 3, 3, 1, 30, tzinfo=UTC)  # a case opened from a paper file
LATE = {"two-days-ahead": lambda: datetime.now(UTC) + timedelta(days=2),
        "before-1990": lambda: datetime(1989, 12, 31, tzinfo=UTC),
        "no-zone": lambda: datetime(2025, 3, 5, 9, 0)}


def _case_of_march(world: CaseWorld) -> str:
    return cases.open_case(world.store, agency=OWNER, scam_type="investment",
                           title="Paper file of March", identifiers=(f"url:{SITE}",),
                           at=OPENED).case.id


def _columns(world: CaseWorld, request_id: str) -> tuple[datetime, datetime | None]:
    with world.store.transaction() as session:
        row = session.get(TakedownRequestRow, request_id)
        assert row is not None
        return row.sent_at, row.answered_at


def test_answers_recorded_after_the_fact_keep_their_times(world: CaseWorld) -> None:
    owner, case_id = viewer(OWNER), _case_of_march(world)
    times = [OPENED + timedelta(hours=h) for h in (2, 5, 29)]
    sent = takedowns.request_takedown(world.store, owner, case_id, "url", SITE,
                                      addressee="Registrar", at=times[0])
    takedowns.move_takedown(world.store, owner, sent.id, "acknowledged", at=times[1])
    down = takedowns.move_takedown(world.store, owner, sent.id, "taken_down",
                                   at=times[2].astimezone(timezone(timedelta(hours=7))))
    assert (down.sent_at, down.acknowledged_at, down.answered_at) == tuple(times)
    assert takedowns.as_dict(down)["hours_to_takedown"] == 27.0
    assert _columns(world, sent.id) == (times[0], times[2])
    stored = takedowns.get_takedown(world.store, owner, sent.id)
    assert [e.at for e in stored.timeline] == times
    figures = kpi.kpi(world.store, OPERATOR, period=kpi.parse_period("2025-03", "2025-03"))
    assert figures.totals.as_dict()["takedowns"] == {
        "requested": 1, "taken_down": 1, "median_hours_to_takedown": 27.0}


@pytest.mark.parametrize("moment", [
    pytest.param(lambda: OPENED - timedelta(minutes=1), id="before-the-case-opened"),
    *(pytest.param(late, id=name) for name, late in LATE.items())])
def test_a_request_sent_at_an_impossible_time_is_refused_naming_at(
        world: CaseWorld, moment: Callable[[], datetime]) -> None:
    case_id = _case_of_march(world)
    with pytest.raises(InvalidInput) as refused:
        takedowns.request_takedown(world.store, viewer(OWNER), case_id, "url", SITE,
                                   addressee="Registrar", at=moment())
    assert refused.value.field == "at"
    assert takedowns.list_takedowns(world.store, OPERATOR) == (0, [])


@pytest.mark.parametrize("moment", [
    pytest.param(lambda: OPENED + timedelta(hours=1), id="before-it-was-sent"),
    *(pytest.param(late, id=name) for name, late in LATE.items())])
def test_an_answer_at_an_impossible_time_is_refused_naming_at(
        world: CaseWorld, moment: Callable[[], datetime]) -> None:
    sent = takedowns.request_takedown(world.store, OPERATOR, _case_of_march(world), "url",
                                      SITE, addressee="Registrar",
                                      at=OPENED + timedelta(hours=2))
    with pytest.raises(InvalidInput) as refused:
        takedowns.move_takedown(world.store, OPERATOR, sent.id, "taken_down", at=moment())
    assert refused.value.field == "at"
    assert takedowns.get_takedown(world.store, OPERATOR, sent.id) == sent
    assert _columns(world, sent.id) == (OPENED + timedelta(hours=2), None)
