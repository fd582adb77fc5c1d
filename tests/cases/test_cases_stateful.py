"""Random sequences of actions on every record of a case.

Each machine keeps its own model (the lifecycle as the officers describe it, in
``cases_world.EXPECTED``) and its own copy of the timeline. Whatever the sequence:
the record is always in a state of its lifecycle, allowed moves succeed and others
are refused, a refused or back-dated action changes nothing, no timeline entry is
ever lost, and a freeze request's first answer is its last.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Any

import pytest
from cases_world import ACCOUNT, EXPECTED, OFFICER, SITE, T0, WALLET, new_case
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from counterfraud.cases.model import Task, add_note, add_task, finish_task, move_case
from counterfraud.cases.requests import (
    advance_takedown,
    answer_freeze,
    create_freeze_request,
    create_takedown_request,
)
from counterfraud.cases.states import (
    CaseStatus,
    FreezeStatus,
    SuspectStatus,
    TakedownStatus,
    VictimStatus,
)
from counterfraud.cases.suspects import Handover, HandoverBasis, create_suspect, move_suspect
from counterfraud.cases.victims import (
    Location,
    Money,
    VictimKind,
    add_loss,
    create_victim,
    move_victim,
)
from counterfraud.errors import Conflict, InvalidInput

STATEFUL = settings(max_examples=40, stateful_step_count=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
HOURS = st.integers(min_value=0, max_value=72)


class Lifecycle(RuleBasedStateMachine):
    """One record moved through its lifecycle by random targets at random times."""

    name: str
    states: type[StrEnum]

    def __init__(self) -> None:
        super().__init__()
        self.record: Any = None
        self.clock = T0
        self.kept: tuple[Any, ...] = ()

    def create(self, data: st.DataObject) -> Any:
        raise NotImplementedError

    def move(self, record: Any, target: Any, at: datetime) -> Any:
        raise NotImplementedError

    @initialize(data=st.data())
    def begin(self, data: st.DataObject) -> None:
        self.record = self.create(data)
        self.kept = self.record.timeline

    def _accept(self, record: Any, at: datetime) -> None:
        assert record.timeline[:-1] == self.kept  # exactly one entry appended
        assert record.timeline[-1].at == at
        self.record, self.kept, self.clock = record, record.timeline, at

    @rule(data=st.data(), hours=HOURS)
    def attempt(self, data: st.DataObject, hours: int) -> None:
        target = data.draw(st.sampled_from(list(self.states)), label="target")
        current = self.record.status
        at = self.clock + timedelta(hours=hours)
        if (current.value, target.value) in EXPECTED[self.name]:
            moved = self.move(self.record, target, at)
            assert moved.status is target
            self._accept(moved, at)
        else:
            with pytest.raises(InvalidInput, match=f"^{self.name}: cannot go from "):
                self.move(self.record, target, at)

    @precondition(lambda self: self.clock > T0)
    @rule(data=st.data())
    def backdated(self, data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(list(self.states)), label="target")
        with pytest.raises(InvalidInput):
            self.move(self.record, target, self.clock - timedelta(minutes=1))

    @invariant()
    def within_the_lifecycle(self) -> None:
        assert isinstance(self.record.status, self.states)
        assert self.record.timeline == self.kept
        times = [e.at for e in self.record.timeline]
        assert times == sorted(times)


class CaseLifecycle(Lifecycle):
    name, states = "case", CaseStatus

    def create(self, data: st.DataObject) -> Any:
        return new_case()

    def move(self, record: Any, target: Any, at: datetime) -> Any:
        return move_case(record, target, actor=OFFICER, at=at)

    @rule(hours=HOURS, text=st.text(min_size=1, max_size=40).filter(str.strip))
    def note(self, hours: int, text: str) -> None:
        at = self.clock + timedelta(hours=hours)
        self._accept(add_note(self.record, text, actor=OFFICER, at=at), at)

    @rule(hours=HOURS)
    def task(self, hours: int) -> None:
        at = self.clock + timedelta(hours=hours)
        if self.record.closed:
            with pytest.raises(Conflict):
                add_task(self.record, Task("Call the bank"), actor=OFFICER, at=at)
        else:
            self._accept(add_task(self.record, Task("Call the bank"), actor=OFFICER, at=at), at)

    @precondition(lambda self: bool(self.record.tasks))
    @rule(data=st.data())
    def finish(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.record.tasks) - 1), label="task")
        if self.record.closed or self.record.tasks[index].done:
            with pytest.raises(Conflict):
                finish_task(self.record, index, actor=OFFICER, at=self.clock)
        else:
            done = finish_task(self.record, index, actor=OFFICER, at=self.clock)
            assert done.tasks[index].done and done.tasks[:index] == self.record.tasks[:index]
            self._accept(done, self.clock)


class VictimLifecycle(Lifecycle):
    name, states = "victim", VictimStatus

    def create(self, data: st.DataObject) -> Any:
        first = data.draw(st.sampled_from([VictimStatus.MISSING, VictimStatus.LOCATED]))
        return create_victim(id="V-0001", case_id="c", kind=VictimKind.LURED_ABROAD,
                             nationality="CN", actor=OFFICER, at=T0, status=first)

    def move(self, record: Any, target: Any, at: datetime) -> Any:
        return move_victim(record, target, actor=OFFICER, at=at, location=Location("MM"))

    @rule(hours=HOURS, cents=st.integers(1, 10**9))
    def loss(self, hours: int, cents: int) -> None:
        at = self.clock + timedelta(hours=hours)
        before = self.record.losses_by_currency().get("CNY", Decimal(0))
        victim = add_loss(self.record, Money(Decimal(cents) / 100, "CNY"), actor=OFFICER, at=at)
        assert victim.losses_by_currency()["CNY"] == before + Decimal(cents) / 100
        self._accept(victim, at)

    @invariant()
    def history_follows_status(self) -> None:
        history = self.record.history
        assert history[-1].status is self.record.status
        assert all((a.status.value, b.status.value) in EXPECTED["victim"]
                   for a, b in pairwise(history))


class FreezeLifecycle(Lifecycle):
    name, states = "freeze request", FreezeStatus

    def __init__(self) -> None:
        super().__init__()
        self.answer: FreezeStatus | None = None

    def create(self, data: st.DataObject) -> Any:
        return create_freeze_request(id="F-1", case_id="c", requesting_agency="CN-MPS",
                                     addressee="Bank", accounts=(ACCOUNT, WALLET),
                                     actor=OFFICER, at=T0)

    def move(self, record: Any, target: Any, at: datetime) -> Any:
        # a part says how much, a refusal why (the answer's own fields)
        extra: dict[str, Any] = (
            {"amount_frozen": Money(Decimal("10.00"), "CNY")}
            if target is FreezeStatus.PARTLY_FROZEN
            else {"refusal_reason": "no legal basis"} if target is FreezeStatus.REFUSED
            else {})
        answered = answer_freeze(record, target, actor="bank", at=at, **extra)
        self.answer = answered.status
        return answered

    @invariant()
    def the_first_answer_is_final(self) -> None:
        if self.answer is not None:
            assert self.record.status is self.answer and self.record.answered
            assert sum(e.action.startswith("answered") for e in self.record.timeline) == 1


class TakedownLifecycle(Lifecycle):
    name, states = "takedown request", TakedownStatus

    def create(self, data: st.DataObject) -> Any:
        return create_takedown_request(id="T-1", case_id="c", requesting_agency="CN-MPS",
                                       addressee="Registrar", target=SITE, actor=OFFICER,
                                       at=T0)

    def move(self, record: Any, target: Any, at: datetime) -> Any:
        return advance_takedown(record, target, actor="registrar", at=at)


class SuspectLifecycle(Lifecycle):
    name, states = "suspect", SuspectStatus

    def create(self, data: st.DataObject) -> Any:
        return create_suspect(id="S-1", case_id="c", name="Boss Li", nationality="CN",
                              actor=OFFICER, at=T0)

    def move(self, record: Any, target: Any, at: datetime) -> Any:
        handover = (Handover("MM", "CN", HandoverBasis.DEPORTATION, "ref", at)
                    if target is SuspectStatus.HANDED_OVER else None)
        return move_suspect(record, target, actor=OFFICER, at=at, handover=handover)


TestCaseLifecycle = STATEFUL(CaseLifecycle).TestCase
TestVictimLifecycle = STATEFUL(VictimLifecycle).TestCase
TestFreezeLifecycle = STATEFUL(FreezeLifecycle).TestCase
TestTakedownLifecycle = STATEFUL(TakedownLifecycle).TestCase
TestSuspectLifecycle = STATEFUL(SuspectLifecycle).TestCase
