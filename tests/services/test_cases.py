"""Cases through the services, on SQLite and PostgreSQL: opening from templates, the
lifecycle, tasks, notes, identifiers, linked reports, closed cases, the audit trail.
Sharing (linked cases, joint cases) is in test_cases_sharing.py."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.cases.templates import template_for
from counterfraud.domain import OPERATOR, ApiRole, ScamType, Viewer
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.identifiers.types import IdentifierKind
from counterfraud.services import audit, cases, ingest
from counterfraud.services.store import Store

CN, TH = "CN-MPS", "TH-CCIB"
CN_ANALYST = Viewer(CN, ApiRole.ANALYST)


def _open(store: Store, **given: Any) -> cases.CaseView:
    fields: dict[str, Any] = {"agency": CN, "scam_type": "investment",
                              "title": "Fake trading platform", "viewer": CN_ANALYST}
    return cases.open_case(store, **(fields | given))


def _reports(store: Store) -> None:
    for agency, rows in {
        CN: [{"report_id": "CN-AMBER-1", "scam_type": "investment", "marking": "amber",
              "phones": "+8613800138000", "reported_at": "2025-01-02T10:00:00Z"}],
        TH: [{"report_id": "TH-RED-1", "scam_type": "romance", "marking": "red",
              "phones": "081 234 5678", "reported_at": "2025-01-03T10:00:00Z"}],
    }.items():
        assert ingest.ingest_records(store, enumerate(rows, 1), agency=agency).rejected == 0


@pytest.mark.parametrize("scam_type", ["investment", "romance", "kidnapping_ransom",
                                       "job_lure", "loan"])
def test_a_case_opens_with_its_scam_types_tasks_and_markings(store: Store,
                                                              scam_type: str) -> None:
    view = _open(store, scam_type=scam_type)
    template = template_for(ScamType(scam_type))
    assert [t.title for t in view.case.tasks] == [t.title for t in template.tasks]
    assert (view.case.tlp, view.case.pap) == (template.tlp, template.pap)
    assert view.case.status.value == "open" and view.version == 1
    assert view.case.id == "CN-MPS-000001"
    assert [e.action for e in view.case.timeline] == ["created"]


def test_kidnapping_cases_start_strict_and_markings_may_be_given(store: Store) -> None:
    kidnapping = _open(store, scam_type="kidnapping").case
    assert (kidnapping.tlp.value, kidnapping.pap.value) == ("TLP:AMBER+STRICT", "PAP:RED")
    given = _open(store, tlp="green", pap="amber").case
    assert (given.tlp.value, given.pap.value) == ("TLP:GREEN", "PAP:AMBER")


def test_identifiers_given_at_opening_are_canonical_and_get_their_tasks(store: Store) -> None:
    view = _open(store, agency=TH, viewer=Viewer(TH, ApiRole.ANALYST), identifiers=[
        "phone:081 234 5678", "bank_account:6222 0202 0011 2233 445",
        "url:HTTPS://Pay.Example-Scam.top/login", "phone:+66812345678"])
    held = [(i.kind.value, i.value) for i in view.case.identifiers]
    assert held[0] == ("phone", "+66812345678")  # read in the agency's country, once
    assert len(held) == 3 and held[1][0] == "bank_account" and held[2][0] == "url"
    titles = [t.title for t in view.case.tasks]
    assert "Request takedown of phone +66812345678" in titles
    assert sum(t.startswith("Request freeze of bank account") for t in titles) == 1


@pytest.mark.parametrize("bad", [
    pytest.param("phone:not a number", id="bad-phone"),
    pytest.param("+8613800138000", id="no-kind"),
    pytest.param("telex:12345", id="unknown-kind"),
    pytest.param("phone:", id="empty-value"),
])
def test_a_bad_identifier_refuses_the_whole_opening(store: Store, bad: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        _open(store, identifiers=["phone:+8613800138000", bad])
    assert refused.value.field == "identifiers"
    assert cases.list_cases(store, OPERATOR)[0] == 0
    assert _open(store).case.id == "CN-MPS-000001"  # the number was not used up


@pytest.mark.parametrize(("given", "field"), [
    pytest.param({"scam_type": "pyramid"}, "scam_type", id="scam-type"),
    pytest.param({"tlp": "purple"}, "marking", id="tlp"),
    pytest.param({"pap": "blue"}, "pap", id="pap"),
    pytest.param({"title": "  "}, "title", id="blank-title"),
    pytest.param({"agency": "nobody"}, "agency", id="agency"),
])
def test_bad_fields_at_opening_are_named(store: Store, given: dict[str, Any],
                                         field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        _open(store, viewer=OPERATOR, **given)
    assert refused.value.field == field


def test_an_agency_opens_cases_of_its_own_only_and_operator_keys_none(store: Store) -> None:
    with pytest.raises(PermissionDenied, match="its own agency"):
        _open(store, agency=TH)
    operator_key = Viewer(CN, ApiRole.OPERATOR)
    with pytest.raises(PermissionDenied, match="role operator"):
        _open(store, viewer=operator_key)
    with pytest.raises(PermissionDenied, match="role operator"):
        cases.list_cases(store, operator_key)


def test_the_lifecycle_with_a_reopening_on_the_timeline(store: Store) -> None:
    case_id = _open(store).case.id
    for status, reason in [("investigating", "evidence in"), ("action", "arrests"),
                           ("closed_solved", "convicted"), ("investigating", "new victim")]:
        view = cases.move_case(store, CN_ANALYST, case_id, status, reason=reason)
        assert view.case.status.value == status
    actions = [(e.action, e.detail) for e in view.case.timeline]
    assert actions[1:] == [("status open -> investigating", "evidence in"),
                           ("status investigating -> action", "arrests"),
                           ("status action -> closed_solved", "convicted"),
                           ("status closed_solved -> investigating", "new victim")]
    assert view.version == 5


@pytest.mark.parametrize(("path", "target", "message"), [
    pytest.param([], "action",
                 "case: cannot go from 'open' to 'action'; allowed next: investigating",
                 id="open-action"),
    pytest.param(["investigating", "action"], "investigating",
                 "case: cannot go from 'action' to 'investigating'; allowed next: "
                 "closed_solved, closed_unsolved", id="action-back"),
    pytest.param([], "open", "case: cannot go from 'open' to 'open'", id="same"),
    pytest.param([], "solved", "unknown case status 'solved'", id="unknown"),
])
def test_a_move_the_lifecycle_refuses_names_the_allowed_next_states(
        store: Store, path: list[str], target: str, message: str) -> None:
    case_id = _open(store).case.id
    for status in path:
        cases.move_case(store, CN_ANALYST, case_id, status)
    before = cases.get_case(store, CN_ANALYST, case_id)
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")) as refused:
        cases.move_case(store, CN_ANALYST, case_id, target)
    assert refused.value.field == "status"
    assert cases.get_case(store, CN_ANALYST, case_id).version == before.version


def test_tasks_are_added_assigned_logged_and_done(store: Store) -> None:
    case_id = _open(store).case.id
    count = len(cases.get_case(store, CN_ANALYST, case_id).case.tasks)
    view = cases.add_task(store, CN_ANALYST, case_id, title="Call the exchange",
                          assignee="Officer Wang")
    number = count + 1
    view = cases.assign_task(store, CN_ANALYST, case_id, number, TH)
    view = cases.log_task(store, CN_ANALYST, case_id, number, "asked for the KYC file")
    view = cases.finish_task(store, CN_ANALYST, case_id, number)
    task = view.case.tasks[-1]
    assert (task.title, task.assignee, task.done) == ("Call the exchange", TH, True)
    assert [e.text for e in task.log] == ["asked for the KYC file"]
    assert [e.action for e in view.case.timeline[-4:]] == [
        "task added", "task assigned", "task logged", "task done"]
    with pytest.raises(Conflict, match="already done"):
        cases.finish_task(store, CN_ANALYST, case_id, number)


@pytest.mark.parametrize("number", [0, -1, 99])
def test_a_task_number_out_of_range_is_not_found(store: Store, number: int) -> None:
    case_id = _open(store).case.id
    with pytest.raises(NotFound, match=f"has no task {number}"):
        cases.finish_task(store, CN_ANALYST, case_id, number)


def test_an_assignee_written_as_an_agency_code_must_be_registered(store: Store) -> None:
    case_id = _open(store).case.id
    with pytest.raises(InvalidInput, match="no such agency") as refused:
        cases.assign_task(store, CN_ANALYST, case_id, 1, "MM-CCID")
    assert refused.value.field == "assignee"


def test_identifiers_added_later_are_read_in_the_owners_country(store: Store) -> None:
    case_id = _open(store).case.id
    view = cases.add_identifier(store, CN_ANALYST, case_id, "phone", "138 0013 8000")
    assert view.case.identifiers[-1].value == "+8613800138000"
    view = cases.add_identifier(store, CN_ANALYST, case_id, "phone", "081 234 5678",
                                region="TH")
    assert view.case.identifiers[-1].value == "+66812345678"
    with pytest.raises(Conflict, match="already holds phone:\\+8613800138000"):
        cases.add_identifier(store, CN_ANALYST, case_id, "phone", "+86 138 0013 8000")
    with pytest.raises(InvalidInput) as refused:
        cases.add_identifier(store, CN_ANALYST, case_id, "email", "not-an-email")
    assert refused.value.field == "value"


def test_a_linked_report_must_be_one_the_owner_may_read(store: Store) -> None:
    _reports(store)
    case_id = _open(store).case.id
    view = cases.link_report(store, CN_ANALYST, case_id, CN, "CN-AMBER-1")
    assert list(view.reports.values()) == [f"{CN}/CN-AMBER-1"]
    assert view.as_dict()["reports"] == [f"{CN}/CN-AMBER-1"]
    for agency, report_id in [(TH, "TH-RED-1"), (CN, "CN-NONE")]:
        with pytest.raises(NotFound, match=f"no report {agency}/{report_id}"):
            cases.link_report(store, OPERATOR, case_id, agency, report_id)
    with pytest.raises(Conflict, match="already links report"):
        cases.link_report(store, CN_ANALYST, case_id, CN, "CN-AMBER-1")


def test_a_network_must_exist_to_be_linked(store: Store) -> None:
    case_id = _open(store).case.id
    with pytest.raises(NotFound, match="no network 'N-404'"):
        cases.link_network(store, CN_ANALYST, case_id, "N-404")


def test_a_closed_case_takes_notes_only_until_reopened(store: Store) -> None:
    _reports(store)
    case_id = _open(store).case.id
    for status in ("investigating", "action", "closed_unsolved"):
        cases.move_case(store, CN_ANALYST, case_id, status)
    refused = [
        lambda: cases.add_task(store, CN_ANALYST, case_id, title="more"),
        lambda: cases.assign_task(store, CN_ANALYST, case_id, 1, "Officer Li"),
        lambda: cases.log_task(store, CN_ANALYST, case_id, 1, "work"),
        lambda: cases.finish_task(store, CN_ANALYST, case_id, 1),
        lambda: cases.add_identifier(store, CN_ANALYST, case_id, "phone", "+8613900139000"),
        lambda: cases.link_report(store, CN_ANALYST, case_id, CN, "CN-AMBER-1"),
    ]
    for change in refused:
        with pytest.raises(Conflict, match="closed_unsolved: reopen it"):
            change()
    view = cases.add_note(store, CN_ANALYST, case_id, "the suspect was seen in Bangkok")
    assert view.case.notes[-1].text == "the suspect was seen in Bangkok"
    cases.move_case(store, CN_ANALYST, case_id, "investigating", reason="new lead")
    assert cases.add_task(store, CN_ANALYST, case_id, title="more").case.tasks[-1].title == "more"


def test_list_filters_by_owner_and_status_newest_first(store: Store) -> None:
    first = _open(store).case.id
    second = _open(store, title="Second").case.id
    third = _open(store, agency=TH, viewer=OPERATOR).case.id
    cases.move_case(store, CN_ANALYST, first, "investigating")
    assert [c.id for c in cases.list_cases(store, OPERATOR)[1]] == [third, second, first]
    assert [c.id for c in cases.list_cases(store, OPERATOR, agency=CN)[1]] == [second, first]
    assert cases.list_cases(store, OPERATOR, status=["investigating"])[1][0].id == first
    total, page = cases.list_cases(store, OPERATOR, limit=1, offset=1)
    assert (total, [c.id for c in page]) == (3, [second])
    # TH's AMBER case is not CN's to see
    assert [c.id for c in cases.list_cases(store, CN_ANALYST)[1]] == [second, first]


def test_every_write_and_read_goes_on_the_audit_trail(store: Store) -> None:
    before = len(audit.entries(store))
    case_id = _open(store).case.id
    cases.add_note(store, CN_ANALYST, case_id, "note")
    cases.get_case(store, CN_ANALYST, case_id)
    cases.list_cases(store, CN_ANALYST)
    with pytest.raises(InvalidInput):
        cases.move_case(store, CN_ANALYST, case_id, "action")
    entries = [e.as_dict() for e in audit.entries(store)[before:]]
    assert [(e["action"], e["path"], e["record_type"], e["records"]) for e in entries] == [
        ("write", "cli cases open", "case", [f"case/{case_id}"]),
        ("write", "cli cases note", "case", [f"case/{case_id}"]),
        ("read", "cli cases show", "case", [f"case/{case_id}"]),
        ("read", "cli cases list", "case", [f"case/{case_id}"]),
    ]  # the refused move wrote nothing, its entry neither
    assert all(e["actor"] == CN for e in entries)
    assert entries[1]["detail"] == {"change": "note added"}


def test_unknown_cases_are_not_found(store: Store) -> None:
    for call in (lambda: cases.get_case(store, OPERATOR, "CN-MPS-999999"),
                 lambda: cases.add_note(store, OPERATOR, "CN-MPS-999999", "x"),
                 lambda: cases.move_case(store, OPERATOR, "CN-MPS-999999", "action")):
        with pytest.raises(NotFound, match="no case 'CN-MPS-999999'"):
            call()


@given(st.text(max_size=60))
def test_any_identifier_text_is_parsed_or_refused_by_name(text: str) -> None:
    try:
        identifier = cases.parse_identifier(text, region="CN")
    except InvalidInput as e:
        assert e.field == "identifier"
    else:
        assert identifier.kind in set(IdentifierKind)
        assert text.partition(":")[0].strip().lower() == identifier.kind.value


@given(st.text(max_size=30))
def test_any_status_text_is_a_status_or_refused_by_name(text: str) -> None:
    try:
        status = cases.parse_status(text)
    except InvalidInput as e:
        assert e.field == "status"
    else:
        assert status.value == text.strip().lower()


def test_racing_writers_lose_nothing_silently(store: Store) -> None:
    """Writers of one case at once: each note is either on the case or its writer was
    told (Conflict, to read again); the version counts exactly the saved changes. On
    PostgreSQL the row lock makes them queue; on SQLite the loser of a race is told."""
    case_id = _open(store).case.id
    texts = [f"note {n}" for n in range(8)]

    def write(text: str) -> str:
        try:
            cases.add_note(store, CN_ANALYST, case_id, text)
        except Conflict:
            return "conflict"
        return "saved"

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = dict(zip(texts, pool.map(write, texts), strict=True))
    view = cases.get_case(store, CN_ANALYST, case_id)
    saved = {t for t, outcome in outcomes.items() if outcome == "saved"}
    assert {n.text for n in view.case.notes} == saved
    assert view.version == 1 + len(saved)
    if store.engine.dialect.name == "postgresql":
        assert saved == set(texts)
