"""The lifecycles of cases, victims, requests and suspects, as data.

Each lifecycle is a :class:`Machine`: its states, the states a record may start in,
and for every state the states it may move to next. One function,
:func:`transition`, applies any of them, so the rules live in the tables below and
nowhere else; later layers (store, services, API) call it rather than comparing
statuses themselves. A state with no next state is terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from counterfraud.errors import InvalidInput

__all__ = [
    "CASE",
    "FREEZE",
    "MACHINES",
    "SUSPECT",
    "TAKEDOWN",
    "VICTIM",
    "CaseStatus",
    "FreezeStatus",
    "Machine",
    "SuspectStatus",
    "TakedownStatus",
    "VictimStatus",
    "start",
    "transition",
]

S = TypeVar("S", bound=StrEnum)


class CaseStatus(StrEnum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    ACTION = "action"  # arrests, freezes, takedowns, rescues under way
    CLOSED_SOLVED = "closed_solved"
    CLOSED_UNSOLVED = "closed_unsolved"


class VictimStatus(StrEnum):
    MISSING = "missing"
    LOCATED = "located"
    RESCUED = "rescued"
    REPATRIATED = "repatriated"


class FreezeStatus(StrEnum):
    REQUESTED = "requested"
    FROZEN = "frozen"
    PARTLY_FROZEN = "partly_frozen"
    ALREADY_WITHDRAWN = "already_withdrawn"
    NOT_FOUND = "not_found"
    REFUSED = "refused"


class TakedownStatus(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    TAKEN_DOWN = "taken_down"
    REFUSED = "refused"


class SuspectStatus(StrEnum):
    IDENTIFIED = "identified"
    WANTED = "wanted"  # a warrant or an Interpol notice
    ARRESTED = "arrested"
    HANDED_OVER = "handed_over"  # to the country that prosecutes
    CHARGED = "charged"
    CONVICTED = "convicted"


@dataclass(frozen=True)
class Machine(Generic[S]):
    """A lifecycle: ``edges[state]`` is the set of states ``state`` may move to.

    Contract (checked on construction): every state of ``states`` has an entry in
    ``edges``, edges and starts name only states of ``states``, and no state moves
    to itself. Terminal states are those with no outgoing edge."""

    name: str
    states: type[S]
    starts: frozenset[S]
    edges: Mapping[S, frozenset[S]]

    def __post_init__(self) -> None:
        members = set(self.states)
        if set(self.edges) != members:
            raise ValueError(f"{self.name}: edges must list every state exactly once")
        if not self.starts or not self.starts <= members:
            raise ValueError(f"{self.name}: starts must be states of the machine")
        for source, targets in self.edges.items():
            if not targets <= members or source in targets:
                raise ValueError(f"{self.name}: bad edges from {source!r}")

    def allowed(self, current: S) -> tuple[S, ...]:
        """The states ``current`` may move to, in the order the enum declares them."""
        targets = self.edges[current]
        return tuple(s for s in self.states if s in targets)

    def is_terminal(self, state: S) -> bool:
        return not self.edges[state]

    @property
    def terminals(self) -> frozenset[S]:
        return frozenset(s for s in self.states if self.is_terminal(s))


def _edges(states: type[S], pairs: Mapping[str, tuple[str, ...]]) -> dict[S, frozenset[S]]:
    table = {s: frozenset[S]() for s in states}
    for source, targets in pairs.items():
        table[states(source)] = frozenset(states(t) for t in targets)
    return table


CASE: Machine[CaseStatus] = Machine(
    "case", CaseStatus, frozenset({CaseStatus.OPEN}),
    _edges(CaseStatus, {
        "open": ("investigating",),
        "investigating": ("action",),
        "action": ("closed_solved", "closed_unsolved"),
        # reopening: new evidence, a new victim, an arrest abroad
        "closed_solved": ("investigating",),
        "closed_unsolved": ("investigating",),
    }))

# A victim reported by a family is missing first; one who walks into an embassy is
# located from the start.
VICTIM: Machine[VictimStatus] = Machine(
    "victim", VictimStatus, frozenset({VictimStatus.MISSING, VictimStatus.LOCATED}),
    _edges(VictimStatus, {
        "missing": ("located",),
        "located": ("rescued",),
        "rescued": ("repatriated",),
    }))

# Every answer of a bank or exchange is final: a new freeze is a new request.
FREEZE: Machine[FreezeStatus] = Machine(
    "freeze request", FreezeStatus, frozenset({FreezeStatus.REQUESTED}),
    _edges(FreezeStatus, {
        "requested": ("frozen", "partly_frozen", "already_withdrawn", "not_found", "refused"),
    }))

TAKEDOWN: Machine[TakedownStatus] = Machine(
    "takedown request", TakedownStatus, frozenset({TakedownStatus.SENT}),
    _edges(TakedownStatus, {
        "sent": ("acknowledged", "taken_down", "refused"),
        "acknowledged": ("taken_down", "refused"),
    }))

# A suspect arrested in the country that prosecutes is charged without a handover.
SUSPECT: Machine[SuspectStatus] = Machine(
    "suspect", SuspectStatus, frozenset({SuspectStatus.IDENTIFIED}),
    _edges(SuspectStatus, {
        "identified": ("wanted",),
        "wanted": ("arrested",),
        "arrested": ("handed_over", "charged"),
        "handed_over": ("charged",),
        "charged": ("convicted",),
    }))

MACHINES: tuple[Machine[CaseStatus] | Machine[VictimStatus] | Machine[FreezeStatus]
                | Machine[TakedownStatus] | Machine[SuspectStatus], ...] = (
    CASE, VICTIM, FREEZE, TAKEDOWN, SUSPECT)


def _describe(states: tuple[S, ...]) -> str:
    return ", ".join(s.value for s in states) if states else "none (a final state)"


def transition(machine: Machine[S], current: S, target: S) -> S:
    """``target`` when ``machine`` allows ``current -> target``; otherwise InvalidInput
    (field ``status``) naming the machine, the current state and the allowed next
    states, e.g. ``case: cannot go from 'open' to 'action'; allowed next: investigating``.
    States of another machine are refused the same way, never silently accepted."""
    for state in (current, target):
        if not isinstance(state, machine.states):  # "refused" is both a freeze and a takedown
            raise InvalidInput(f"{machine.name}: {str(state)!r} is not one of its states",
                               field="status")
    if target in machine.edges[current]:
        return target
    raise InvalidInput(
        f"{machine.name}: cannot go from {current.value!r} to {str(target)!r}; "
        f"allowed next: {_describe(machine.allowed(current))}", field="status")


def start(machine: Machine[S], state: S) -> S:
    """``state`` when a record of ``machine`` may begin in it, else InvalidInput."""
    if isinstance(state, machine.states) and state in machine.starts:
        return state
    allowed = tuple(s for s in machine.states if s in machine.starts)
    raise InvalidInput(f"{machine.name}: cannot start in {str(state)!r}; allowed start: "
                       f"{_describe(allowed)}", field="status")
