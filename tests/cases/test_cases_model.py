"""A case and its changes: validation names the field, every change appends exactly
one timeline entry to a new case, and a refused change leaves the case as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from cases_world import ACCOUNT, DOMAIN, OFFICER, T0, later, new_case

from counterfraud.cases.model import (
    Case,
    Pap,
    Task,
    add_identifier,
    add_note,
    add_task,
    assign_task,
    finish_task,
    link_network,
    link_report,
    log_task,
    move_case,
    remark,
)
from counterfraud.cases.states import CaseStatus
from counterfraud.cases.timeline import TimelineEntry
from counterfraud.domain import Marking, ScamType
from counterfraud.errors import Conflict, InvalidInput, NotFound


def test_a_new_case_is_open_with_its_creation_on_the_timeline() -> None:
    case = new_case()
    assert case.status is CaseStatus.OPEN
    assert case.timeline == (TimelineEntry(T0, OFFICER, "created",
                                           "Fake gold trading platform"),)


@pytest.mark.parametrize(("overrides", "field"), [
    pytest.param({"id": ""}, "id", id="empty-id"),
    pytest.param({"id": "TH 2025"}, "id", id="id-with-space"),
    pytest.param({"owner": "Thai police"}, "agency", id="owner-not-a-code"),
    pytest.param({"title": "   "}, "title", id="blank-title"),
    pytest.param({"title": "x" * 201}, "title", id="long-title"),
    pytest.param({"scam_type": "investment"}, "scam_type", id="scam-type-string"),
    pytest.param({"tlp": "TLP:RED"}, "tlp", id="tlp-string"),
    pytest.param({"pap": Marking.RED}, "pap", id="pap-is-a-tlp"),
    pytest.param({"at": datetime(2025, 3, 1)}, "at", id="naive-time"),
    pytest.param({"at": datetime(1989, 12, 31, tzinfo=UTC)}, "at", id="before-1990"),
    pytest.param({"at": datetime.now(UTC) + timedelta(days=3)}, "at", id="future"),
    pytest.param({"actor": ""}, "actor", id="no-actor"),
    pytest.param({"tasks": (Task("Call bank"), )}, None, id="valid-task"),
])
def test_creation_checks_name_the_field(overrides: dict[str, Any], field: str | None) -> None:
    if field is None:
        assert new_case(**overrides).tasks == (Task("Call bank"),)
        return
    with pytest.raises(InvalidInput) as raised:
        new_case(**overrides)
    assert raised.value.field == field
    assert field.split(".")[-1] in str(raised.value) or field == "agency"


@pytest.mark.parametrize(("kwargs", "field"), [
    pytest.param({"title": ""}, "task.title", id="blank"),
    pytest.param({"title": "t", "assignee": " "}, "task.assignee", id="blank-assignee"),
    pytest.param({"title": "t", "due": T0.replace(tzinfo=None)}, "task.due", id="naive-due"),
    pytest.param({"title": "t", "due": datetime.now(UTC) + timedelta(days=800)}, "task.due",
                 id="due-too-far"),
    pytest.param({"title": "t", "done": 1}, "task.done", id="done-not-bool"),
])
def test_task_checks_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Task(**kwargs)
    assert raised.value.field == field


def test_a_task_may_be_due_a_year_ahead_and_times_are_kept_in_utc() -> None:
    bangkok = timezone(timedelta(hours=7))
    due = datetime.now(bangkok) + timedelta(days=365)
    task = Task("Court hearing", due=due)
    assert task.due == due and task.due is not None and task.due.tzinfo is UTC


@pytest.mark.parametrize(("fields", "field"), [
    pytest.param({"report_ids": (0,)}, "report_ids", id="report-zero"),
    pytest.param({"report_ids": (True,)}, "report_ids", id="report-bool"),
    pytest.param({"report_ids": (4, 4)}, "report_ids", id="report-twice"),
    pytest.param({"identifiers": (ACCOUNT, ACCOUNT)}, "identifiers", id="identifier-twice"),
    pytest.param({"identifiers": ("TH:0123",)}, "identifiers", id="identifier-string"),
    pytest.param({"network_ids": ("",)}, "network_ids", id="blank-network"),
    pytest.param({"timeline": ()}, "timeline", id="no-timeline"),
    pytest.param({"status": "open"}, "status", id="status-string"),
])
def test_constructor_checks_name_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        replace(new_case(), **fields)
    assert raised.value.field == field


def test_out_of_order_timeline_is_refused() -> None:
    case = add_note(new_case(), "first call", actor=OFFICER, at=later(1))
    with pytest.raises(InvalidInput) as raised:
        replace(case, timeline=tuple(reversed(case.timeline)))
    assert raised.value.field == "timeline"


Change = Callable[[Case, datetime], Case]
CHANGES: list[Any] = [
    pytest.param(lambda c, at: move_case(c, CaseStatus.INVESTIGATING, actor=OFFICER, at=at),
                 "status open -> investigating", id="move"),
    pytest.param(lambda c, at: add_identifier(c, ACCOUNT, actor=OFFICER, at=at),
                 "identifier added", id="identifier"),
    pytest.param(lambda c, at: link_report(c, 17, actor=OFFICER, at=at), "report linked",
                 id="report"),
    pytest.param(lambda c, at: link_network(c, "net-3", actor=OFFICER, at=at),
                 "network linked", id="network"),
    pytest.param(lambda c, at: add_task(c, Task("Call the bank"), actor=OFFICER, at=at),
                 "task added", id="task"),
    pytest.param(lambda c, at: add_note(c, "Victim called back", actor=OFFICER, at=at),
                 "note added", id="note"),
    pytest.param(lambda c, at: remark(c, pap=Pap.RED, actor=OFFICER, at=at), "remarked",
                 id="remark"),
]


@pytest.mark.parametrize(("change", "action"), CHANGES)
def test_each_change_returns_a_new_case_with_one_more_entry(change: Change,
                                                            action: str) -> None:
    case = new_case()
    changed = change(case, later(2))
    assert changed is not case and case.timeline == new_case().timeline
    assert changed.timeline[:-1] == case.timeline
    assert (changed.timeline[-1].action, changed.timeline[-1].at) == (action, later(2))


@pytest.mark.parametrize(("change", "action"), CHANGES)
def test_a_backdated_change_is_refused_and_nothing_changes(change: Change,
                                                           action: str) -> None:
    case = add_note(new_case(), "opened", actor=OFFICER, at=later(5))
    with pytest.raises(InvalidInput) as raised:
        change(case, later(1))
    assert raised.value.field == "at"


def test_task_work_is_logged_assigned_and_finished() -> None:
    case = add_task(new_case(), Task("Request freeze"), actor=OFFICER, at=later(1))
    case = assign_task(case, 0, "officer-9", actor=OFFICER, at=later(2))
    case = log_task(case, 0, "Sent to Kasikorn Bank", actor="officer-9", at=later(3))
    case = finish_task(case, 0, actor="officer-9", at=later(4))
    task = case.tasks[0]
    assert (task.assignee, task.done, [e.text for e in task.log]) == (
        "officer-9", True, ["Sent to Kasikorn Bank"])
    assert [e.action for e in case.timeline] == [
        "created", "task added", "task assigned", "task logged", "task done"]
    assert case.open_tasks == ()
    with pytest.raises(Conflict, match="already done"):
        finish_task(case, 0, actor=OFFICER, at=later(5))
    with pytest.raises(NotFound, match="no task 1"):
        log_task(case, 1, "x", actor=OFFICER, at=later(5))


@pytest.mark.parametrize("change", [
    pytest.param(lambda c: add_identifier(c, ACCOUNT, actor=OFFICER, at=later(2)), id="identifier"),
    pytest.param(lambda c: link_report(c, 9, actor=OFFICER, at=later(2)), id="report"),
    pytest.param(lambda c: link_network(c, "n1", actor=OFFICER, at=later(2)), id="network"),
])
def test_linking_twice_is_a_conflict(change: Callable[[Case], Case]) -> None:
    once = change(new_case())
    with pytest.raises(Conflict, match="already"):
        change(once)


def _closed() -> Case:
    case = new_case()
    for hours, status in enumerate((CaseStatus.INVESTIGATING, CaseStatus.ACTION,
                                    CaseStatus.CLOSED_SOLVED), start=1):
        case = move_case(case, status, actor=OFFICER, at=later(hours))
    return case


@pytest.mark.parametrize("change", [
    pytest.param(lambda c: add_identifier(c, DOMAIN, actor=OFFICER, at=later(9)), id="identifier"),
    pytest.param(lambda c: add_task(c, Task("t"), actor=OFFICER, at=later(9)), id="task"),
    pytest.param(lambda c: link_report(c, 3, actor=OFFICER, at=later(9)), id="report"),
])
def test_a_closed_case_takes_notes_but_no_new_work_until_reopened(
        change: Callable[[Case], Case]) -> None:
    case = _closed()
    with pytest.raises(Conflict, match="reopen it"):
        change(case)
    assert add_note(case, "Suspect arrested abroad", actor=OFFICER, at=later(8)).notes
    reopened = move_case(case, CaseStatus.INVESTIGATING, actor=OFFICER, at=later(8),
                         reason="new victim")
    assert change(reopened).timeline[-2].detail == "new victim"


def test_remark_must_change_something() -> None:
    with pytest.raises(InvalidInput) as raised:
        remark(new_case(), tlp=Marking.AMBER, pap=Pap.GREEN, actor=OFFICER, at=later(1))
    assert raised.value.field == "marking"


@pytest.mark.parametrize(("raw", "pap"), [
    pytest.param("PAP:RED", Pap.RED, id="full"), pytest.param(" amber ", Pap.AMBER, id="bare"),
    pytest.param("pap:white", Pap.CLEAR, id="white"), pytest.param("Green", Pap.GREEN, id="mixed"),
])
def test_pap_parse(raw: str, pap: Pap) -> None:
    assert Pap.parse(raw) is pap


@pytest.mark.parametrize("raw", ["TLP:RED", "", "PAP:BLACK"])
def test_pap_parse_refuses(raw: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Pap.parse(raw)
    assert raised.value.field == "pap"


def test_every_scam_type_makes_a_case() -> None:
    for scam in ScamType:
        assert new_case(scam_type=scam).scam_type is scam
