"""A case: what an agency knows and does about one fraud, as an immutable value.

A :class:`Case` is validated whole on construction, and every change below returns
a new case with one timeline entry appended: when a check fails nothing is applied.
Changes to a closed case's work (tasks, identifiers, links) are a Conflict until it
is reopened; notes may still be added. The records attached to a case (victims,
freeze and takedown requests, suspects) live in their own modules and are
re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from counterfraud.cases import fields
from counterfraud.cases.requests import FreezeRequest, TakedownRequest
from counterfraud.cases.states import CASE, CaseStatus, start, transition
from counterfraud.cases.suspects import Handover, HandoverBasis, Suspect
from counterfraud.cases.timeline import TimelineEntry, append, check_timeline
from counterfraud.cases.victims import Location, Money, RansomDemand, Victim, VictimKind
from counterfraud.domain import Marking, ScamType, parse_agency_code
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.identifiers.types import Identifier

__all__ = [
    "Case", "FreezeRequest", "Handover", "HandoverBasis", "Location", "Money", "Note", "Pap",
    "RansomDemand", "Suspect", "TakedownRequest", "Task", "TaskLogEntry", "TimelineEntry",
    "Victim", "VictimKind", "add_identifier", "add_note", "add_task", "assign_task",
    "create_case", "finish_task", "invite_agency", "link_network", "link_report", "log_task",
    "move_case", "remark", "remove_agency",
]

_CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


class Pap(StrEnum):
    """Permissible Actions Protocol: what partners may do with a case's identifiers.

    CLEAR: anything. GREEN: active actions such as blocking or contacting the
    identifier. AMBER: passive checks only (look-ups, third-party services), nothing
    the suspects could notice. RED: nothing that could alert the suspects — no
    blocking, no contact; use only in the partner's own logs and records."""

    CLEAR = "PAP:CLEAR"
    GREEN = "PAP:GREEN"
    AMBER = "PAP:AMBER"
    RED = "PAP:RED"

    @classmethod
    def parse(cls, raw: str) -> Pap:
        """Read ``PAP:AMBER`` or ``amber`` (case-insensitive); ``WHITE`` is CLEAR."""
        text = raw.strip().upper().replace(" ", "") if isinstance(raw, str) else ""
        if not text.startswith("PAP:"):
            text = "PAP:" + text
        text = "PAP:CLEAR" if text == "PAP:WHITE" else text
        try:
            return cls(text)
        except ValueError:
            known = ", ".join(p.value for p in cls)
            raise InvalidInput(f"unknown pap {raw!r}; known: {known}", field="pap") from None


@dataclass(frozen=True, slots=True)
class TaskLogEntry:
    at: datetime
    author: str
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", fields.moment(self.at, "at"))
        object.__setattr__(self, "author", fields.text(self.author, "author", max_length=200))
        object.__setattr__(self, "text", fields.text(self.text, "text"))


@dataclass(frozen=True, slots=True)
class Task:
    """One thing an officer must do; ``due`` may be up to two years ahead."""

    title: str
    assignee: str | None = None
    due: datetime | None = None
    log: tuple[TaskLogEntry, ...] = ()
    done: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", fields.text(self.title, "task.title", max_length=200))
        if self.assignee is not None:
            object.__setattr__(self, "assignee",
                               fields.text(self.assignee, "task.assignee", max_length=200))
        if self.due is not None:
            object.__setattr__(self, "due", fields.moment(self.due, "task.due",
                                                          ahead=fields.MAX_DUE_AHEAD))
        if not isinstance(self.done, bool):
            raise InvalidInput("task.done must be true or false", field="task.done")


@dataclass(frozen=True, slots=True)
class Note:
    at: datetime
    author: str
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", fields.moment(self.at, "at"))
        object.__setattr__(self, "author", fields.text(self.author, "author", max_length=200))
        object.__setattr__(self, "text", fields.text(self.text, "note"))


def _enum(value: Any, kind: type[StrEnum], field: str) -> None:
    if not isinstance(value, kind):
        raise InvalidInput(f"{field} must be a {kind.__name__}, not {value!r}", field=field)


def _unique(values: tuple[Any, ...], field: str) -> None:
    if len(set(values)) != len(values):
        raise InvalidInput(f"{field} lists a value twice", field=field)


@dataclass(frozen=True, slots=True)
class Case:
    """A case owned by agency ``owner`` (``CC-NAME``), marked ``tlp`` for who may see
    it and ``pap`` for what partners may do with its identifiers."""

    id: str
    owner: str
    title: str
    scam_type: ScamType
    tlp: Marking
    pap: Pap
    status: CaseStatus
    timeline: tuple[TimelineEntry, ...]
    identifiers: tuple[Identifier, ...] = ()
    report_ids: tuple[int, ...] = ()
    network_ids: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = ()
    notes: tuple[Note, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _CASE_ID.match(self.id):
            raise InvalidInput(f"id {self.id!r} must be 1-64 letters, digits, . _ / -",
                               field="id")
        object.__setattr__(self, "owner", parse_agency_code(self.owner))
        object.__setattr__(self, "title", fields.text(self.title, "title", max_length=200))
        _enum(self.scam_type, ScamType, "scam_type")
        _enum(self.tlp, Marking, "tlp")
        _enum(self.pap, Pap, "pap")
        _enum(self.status, CaseStatus, "status")
        check_timeline(self.timeline)
        if any(not isinstance(i, Identifier) for i in self.identifiers):
            raise InvalidInput("identifiers must be parsed identifiers", field="identifiers")
        _unique(self.identifiers, "identifiers")
        if any(isinstance(r, bool) or not isinstance(r, int) or r <= 0
               for r in self.report_ids):
            raise InvalidInput("report_ids must be positive integers", field="report_ids")
        _unique(self.report_ids, "report_ids")
        for network_id in self.network_ids:
            fields.text(network_id, "network_ids", max_length=200)
        _unique(self.network_ids, "network_ids")

    @property
    def closed(self) -> bool:
        return self.status in (CaseStatus.CLOSED_SOLVED, CaseStatus.CLOSED_UNSOLVED)

    @property
    def open_tasks(self) -> tuple[Task, ...]:
        return tuple(t for t in self.tasks if not t.done)


def create_case(*, id: str, owner: str, title: str, scam_type: ScamType, tlp: Marking,
                pap: Pap, actor: str, at: datetime, tasks: tuple[Task, ...] = ()) -> Case:
    """A new case, ``open``, its timeline starting with ``created``."""
    return Case(id=id, owner=owner, title=title, scam_type=scam_type, tlp=tlp, pap=pap,
                status=start(CASE, CaseStatus.OPEN), tasks=tuple(tasks),
                timeline=append((), actor=actor, at=at, action="created", detail=title))


def _change(case: Case, *, actor: str, at: datetime, action: str, detail: str = "",
            **changes: Any) -> Case:
    return replace(case, timeline=append(case.timeline, actor=actor, at=at, action=action,
                                         detail=detail), **changes)


def _require_open(case: Case, what: str) -> None:
    if case.closed:
        raise Conflict(f"case {case.id} is {case.status.value}: reopen it to {what}")


def move_case(case: Case, target: CaseStatus, *, actor: str, at: datetime,
              reason: str = "") -> Case:
    """The case in status ``target`` if the case machine allows it (InvalidInput if not)."""
    status = transition(CASE, case.status, target)
    return _change(case, actor=actor, at=at, action=f"status {case.status.value} -> "
                   f"{status.value}", detail=reason, status=status)


def add_identifier(case: Case, identifier: Identifier, *, actor: str, at: datetime) -> Case:
    """The case with ``identifier`` added; Conflict if it is already there."""
    _require_open(case, "add identifiers")
    if identifier in case.identifiers:
        raise Conflict(f"case {case.id} already holds {identifier.kind}:{identifier.value}")
    return _change(case, actor=actor, at=at, action="identifier added",
                   detail=f"{identifier.kind}:{identifier.value}",
                   identifiers=(*case.identifiers, identifier))


def link_report(case: Case, report_id: int, *, actor: str, at: datetime) -> Case:
    _require_open(case, "link reports")
    if report_id in case.report_ids:
        raise Conflict(f"case {case.id} already links report {report_id}")
    return _change(case, actor=actor, at=at, action="report linked", detail=str(report_id),
                   report_ids=(*case.report_ids, report_id))


def link_network(case: Case, network_id: str, *, actor: str, at: datetime) -> Case:
    _require_open(case, "link networks")
    if network_id in case.network_ids:
        raise Conflict(f"case {case.id} already links network {network_id}")
    return _change(case, actor=actor, at=at, action="network linked", detail=str(network_id),
                   network_ids=(*case.network_ids, network_id))


def add_task(case: Case, task: Task, *, actor: str, at: datetime) -> Case:
    _require_open(case, "add tasks")
    return _change(case, actor=actor, at=at, action="task added", detail=task.title,
                   tasks=(*case.tasks, task))


def _task(case: Case, index: int) -> Task:
    if isinstance(index, bool) or not 0 <= index < len(case.tasks):
        raise NotFound(f"case {case.id} has no task {index}")
    return case.tasks[index]


def _with_task(case: Case, index: int, task: Task, *, actor: str, at: datetime,
               action: str, detail: str = "") -> Case:
    tasks = (*case.tasks[:index], task, *case.tasks[index + 1:])
    return _change(case, actor=actor, at=at, action=action,
                   detail=detail or task.title, tasks=tasks)


def log_task(case: Case, index: int, text: str, *, actor: str, at: datetime) -> Case:
    """The case with a line of work logged on task ``index`` (NotFound if none)."""
    task = _task(case, index)
    _require_open(case, "log work")
    entry = TaskLogEntry(at, actor, text)
    return _with_task(case, index, replace(task, log=(*task.log, entry)), actor=actor,
                      at=at, action="task logged")


def assign_task(case: Case, index: int, assignee: str, *, actor: str, at: datetime) -> Case:
    task = _task(case, index)
    _require_open(case, "assign tasks")
    return _with_task(case, index, replace(task, assignee=assignee), actor=actor, at=at,
                      action="task assigned", detail=f"{task.title} -> {assignee}")


def finish_task(case: Case, index: int, *, actor: str, at: datetime) -> Case:
    """The case with task ``index`` done; Conflict if it already was."""
    task = _task(case, index)
    _require_open(case, "finish tasks")
    if task.done:
        raise Conflict(f"task {index} of case {case.id} is already done")
    return _with_task(case, index, replace(task, done=True), actor=actor, at=at,
                      action="task done")


def add_note(case: Case, text: str, *, actor: str, at: datetime) -> Case:
    """Notes are allowed on closed cases too: what happened after closing matters."""
    note = Note(at, actor, text)
    return _change(case, actor=actor, at=at, action="note added", notes=(*case.notes, note))


def remark(case: Case, *, tlp: Marking | None = None, pap: Pap | None = None, actor: str,
           at: datetime) -> Case:
    """The case with new markings; InvalidInput (field ``marking``) if neither changes."""
    new_tlp = case.tlp if tlp is None else tlp
    new_pap = case.pap if pap is None else pap
    if (new_tlp, new_pap) == (case.tlp, case.pap):
        raise InvalidInput("remark changes neither tlp nor pap", field="marking")
    return _change(case, actor=actor, at=at, action="remarked",
                   detail=f"{new_tlp.value} {new_pap.value}", tlp=new_tlp, pap=new_pap)


def invite_agency(case: Case, agency: str, *, actor: str, at: datetime) -> Case:
    """The case with ``agency``'s invitation into it on the timeline; Conflict while the
    case is closed. Who takes part is the joint-case agreements' to say (sharing), not
    the case's: this only records that the owner asked."""
    _require_open(case, "invite agencies")
    return _change(case, actor=actor, at=at, action="agency invited",
                   detail=parse_agency_code(agency))


def remove_agency(case: Case, agency: str, *, actor: str, at: datetime) -> Case:
    """The case with ``agency``'s participation ended on the timeline (also when closed)."""
    return _change(case, actor=actor, at=at, action="agency removed",
                   detail=parse_agency_code(agency))
