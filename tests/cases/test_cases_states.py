"""Every lifecycle table, edge by edge: each allowed move succeeds and each other
move is refused with a message naming the machine, the state and what is allowed."""

from __future__ import annotations

import itertools
from enum import StrEnum

import pytest
from cases_world import EXPECTED

from counterfraud.cases.states import (
    CASE,
    FREEZE,
    MACHINES,
    SUSPECT,
    TAKEDOWN,
    VICTIM,
    CaseStatus,
    FreezeStatus,
    Machine,
    SuspectStatus,
    TakedownStatus,
    VictimStatus,
    start,
    transition,
)
from counterfraud.errors import InvalidInput

AnyMachine = Machine[CaseStatus] | Machine[VictimStatus] | Machine[FreezeStatus] \
    | Machine[TakedownStatus] | Machine[SuspectStatus]
BY_NAME: dict[str, AnyMachine] = {m.name: m for m in MACHINES}


def _pairs(allowed: bool) -> list[object]:
    params = []
    for machine in MACHINES:
        states = list(machine.states)
        for source, target in itertools.product(states, states):
            if ((source.value, target.value) in EXPECTED[machine.name]) == allowed:
                params.append(pytest.param(machine.name, source.value, target.value,
                                           id=f"{machine.name}:{source.value}->{target.value}"))
    return params


@pytest.mark.parametrize(("name", "source", "target"), _pairs(allowed=True))
def test_allowed_moves_return_the_target(name: str, source: str, target: str) -> None:
    machine = BY_NAME[name]
    result = transition(machine, machine.states(source), machine.states(target))  # type: ignore[arg-type]
    assert result is machine.states(target)


# every forbidden pair, self-moves included: the tables are small enough
@pytest.mark.parametrize(("name", "source", "target"), _pairs(allowed=False))
def test_forbidden_moves_name_machine_state_and_allowed(name: str, source: str,
                                                        target: str) -> None:
    machine = BY_NAME[name]
    allowed = sorted(t for s, t in EXPECTED[name] if s == source)
    with pytest.raises(InvalidInput) as raised:
        transition(machine, machine.states(source), machine.states(target))  # type: ignore[arg-type]
    message = str(raised.value)
    assert raised.value.field == "status"
    assert message.startswith(f"{name}: cannot go from {source!r} to {target!r}; allowed next: ")
    listed = message.split("allowed next: ")[1]
    assert (sorted(listed.split(", ")) == allowed if allowed
            else listed == "none (a final state)")


def test_the_example_message() -> None:
    with pytest.raises(InvalidInput, match=r"^case: cannot go from 'open' to 'action'; "
                                           r"allowed next: investigating$"):
        transition(CASE, CaseStatus.OPEN, CaseStatus.ACTION)


@pytest.mark.parametrize(("machine", "terminals"), [
    pytest.param(CASE, set(), id="case"),
    pytest.param(VICTIM, {"repatriated"}, id="victim"),
    pytest.param(FREEZE, {"frozen", "partly_frozen", "already_withdrawn", "not_found",
                          "refused"}, id="freeze"),
    pytest.param(TAKEDOWN, {"taken_down", "refused"}, id="takedown"),
    pytest.param(SUSPECT, {"convicted"}, id="suspect"),
])
def test_terminal_states(machine: AnyMachine, terminals: set[str]) -> None:
    assert {s.value for s in machine.terminals} == terminals


@pytest.mark.parametrize(("machine", "state", "ok"), [
    pytest.param(CASE, CaseStatus.OPEN, True, id="case-open"),
    pytest.param(CASE, CaseStatus.INVESTIGATING, False, id="case-investigating"),
    pytest.param(VICTIM, VictimStatus.MISSING, True, id="victim-missing"),
    pytest.param(VICTIM, VictimStatus.LOCATED, True, id="victim-located"),
    pytest.param(VICTIM, VictimStatus.RESCUED, False, id="victim-rescued"),
    pytest.param(FREEZE, FreezeStatus.REQUESTED, True, id="freeze-requested"),
    pytest.param(FREEZE, FreezeStatus.FROZEN, False, id="freeze-frozen"),
    pytest.param(TAKEDOWN, TakedownStatus.SENT, True, id="takedown-sent"),
    pytest.param(SUSPECT, SuspectStatus.IDENTIFIED, True, id="suspect-identified"),
    pytest.param(SUSPECT, SuspectStatus.ARRESTED, False, id="suspect-arrested"),
])
def test_start_states(machine: AnyMachine, state: StrEnum, ok: bool) -> None:
    if ok:
        assert start(machine, state) is state  # type: ignore[arg-type]
    else:
        with pytest.raises(InvalidInput, match=f"^{machine.name}: cannot start in "):
            start(machine, state)  # type: ignore[arg-type]


@pytest.mark.parametrize(("machine", "current", "target"), [
    # "refused" is a state of both request machines: equal strings, different machines
    pytest.param(FREEZE, FreezeStatus.REQUESTED, TakedownStatus.REFUSED, id="takedown-in-freeze"),
    pytest.param(TAKEDOWN, FreezeStatus.REQUESTED, TakedownStatus.REFUSED, id="freeze-in-takedown"),
    pytest.param(CASE, "open", CaseStatus.INVESTIGATING, id="plain-string"),
])
def test_states_of_another_machine_are_refused(machine: AnyMachine, current: object,
                                               target: object) -> None:
    with pytest.raises(InvalidInput, match="is not one of its states"):
        transition(machine, current, target)  # type: ignore[arg-type]


def _full(**changes: tuple[str, ...]) -> dict[CaseStatus, frozenset[CaseStatus]]:
    table = {s: frozenset[CaseStatus]() for s in CaseStatus}
    for source, targets in changes.items():
        table[CaseStatus(source)] = frozenset(CaseStatus(t) for t in targets)
    return table


@pytest.mark.parametrize(("edges", "starts", "problem"), [
    pytest.param(_full(open=("open",)), {"open"}, "bad edges from", id="self-loop"),
    pytest.param({CaseStatus.OPEN: frozenset[CaseStatus]()}, {"open"}, "every state",
                 id="missing-state"),
    pytest.param(_full(), set(), "starts", id="no-start"),
])
def test_malformed_machines_are_refused(edges: dict[CaseStatus, frozenset[CaseStatus]],
                                        starts: set[str], problem: str) -> None:
    with pytest.raises(ValueError, match=f"^broken: .*{problem}"):
        Machine("broken", CaseStatus, frozenset(CaseStatus(s) for s in starts), edges)
