"""Suspects of a case, from identification to conviction, and their handover.

A suspect arrested abroad is handed over to the prosecuting country under a legal
basis; the handover is recorded with the move to ``handed_over`` and only then. Every
status a suspect reaches is kept in ``history`` with when, who recorded it, the agency
that acted (issued the warrant, arrested, charged) and its reference (warrant, notice,
court case): the dates the statistics of arrests and handovers are counted from.

:func:`identifier_spec` reads the ``kind:value`` form officers type for a suspect's
identifiers (``handle:telegram:@boss_li``, ``phone:+8613800138000``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from itertools import pairwise

from counterfraud.cases import fields
from counterfraud.cases.states import SUSPECT, SuspectStatus, start, transition
from counterfraud.cases.timeline import TimelineEntry, append, check_timeline
from counterfraud.errors import InvalidInput
from counterfraud.identifiers.normalization import normalize
from counterfraud.identifiers.types import Identifier, IdentifierKind

__all__ = ["Handover", "HandoverBasis", "Suspect", "SuspectStep", "create_suspect",
           "identifier_spec", "move_suspect"]

_SUSPECT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


class HandoverBasis(StrEnum):
    EXTRADITION_TREATY = "extradition_treaty"
    MLAT = "mlat"  # mutual legal assistance treaty
    DEPORTATION = "deportation"


@dataclass(frozen=True, slots=True)
class Handover:
    from_country: str
    to_country: str
    basis: HandoverBasis
    reference: str  # the treaty request, court order or deportation decision
    at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "from_country",
                           fields.country(self.from_country, "handover.from_country"))
        object.__setattr__(self, "to_country",
                           fields.country(self.to_country, "handover.to_country"))
        if self.from_country == self.to_country:
            raise InvalidInput("handover.to_country must differ from from_country",
                               field="handover.to_country")
        if not isinstance(self.basis, HandoverBasis):
            raise InvalidInput(f"handover.basis must be one of {', '.join(HandoverBasis)}",
                               field="handover.basis")
        object.__setattr__(self, "reference",
                           fields.text(self.reference, "handover.reference", max_length=200))
        object.__setattr__(self, "at", fields.moment(self.at, "handover.at"))


@dataclass(frozen=True, slots=True)
class SuspectStep:
    """The suspect reached ``status`` at ``at``, recorded by ``actor``; ``agency`` is the
    agency that acted (issued the warrant, arrested, charged), ``reference`` its warrant,
    notice or court case number. Both may be unknown (empty)."""

    status: SuspectStatus
    at: datetime
    actor: str
    agency: str = ""
    reference: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.status, SuspectStatus):
            raise InvalidInput(f"status must be one of {', '.join(SuspectStatus)}",
                               field="status")
        object.__setattr__(self, "at", fields.moment(self.at, "at"))
        object.__setattr__(self, "actor", fields.text(self.actor, "actor", max_length=200))
        for name in ("agency", "reference"):
            value = getattr(self, name)
            value = value.strip() if isinstance(value, str) else value
            object.__setattr__(self, name,
                               fields.text(value, name, max_length=200) if value else "")


@dataclass(frozen=True, slots=True)
class Suspect:
    """``name`` is as the case knows the suspect: a legal name, an alias, a nickname.

    ``history`` starts with ``identified`` and follows the suspect machine to ``status``;
    ``handover`` is there exactly when the suspect was handed over. ``source`` says where
    the suspect came from when not typed in by hand (a network's core ranking)."""

    id: str
    case_id: str
    name: str
    nationality: str | None
    status: SuspectStatus
    timeline: tuple[TimelineEntry, ...]
    history: tuple[SuspectStep, ...]
    identifiers: tuple[Identifier, ...] = ()
    handover: Handover | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _SUSPECT_ID.match(self.id):
            raise InvalidInput(f"id {self.id!r} must be 1-64 letters, digits, . _ / -",
                               field="id")
        fields.text(self.case_id, "case_id", max_length=64)
        object.__setattr__(self, "name", fields.text(self.name, "name", max_length=200))
        if self.nationality is not None:
            object.__setattr__(self, "nationality",
                               fields.country(self.nationality, "nationality"))
        check_timeline(self.timeline)
        if any(not isinstance(i, Identifier) for i in self.identifiers):
            raise InvalidInput("identifiers must be parsed identifiers", field="identifiers")
        if len(set(self.identifiers)) != len(self.identifiers):
            raise InvalidInput("identifiers lists an identifier twice", field="identifiers")
        self._check_history()
        if self.source:
            object.__setattr__(self, "source",
                               fields.text(self.source, "source", max_length=1000))

    def _check_history(self) -> None:
        steps = self.history
        if not steps or any(not isinstance(s, SuspectStep) for s in steps):
            raise InvalidInput("history must record at least the identification",
                               field="history")
        start(SUSPECT, steps[0].status)
        for before, after in pairwise(steps):
            transition(SUSPECT, before.status, after.status)
            if after.at < before.at:
                raise InvalidInput("history must be in time order", field="history")
        if steps[-1].status is not self.status:
            raise InvalidInput("history must end with the current status", field="history")
        handed = any(s.status is SuspectStatus.HANDED_OVER for s in steps)
        if handed != (self.handover is not None):
            raise InvalidInput("a handover is recorded exactly when the suspect was handed "
                               "over", field="handover")
        if self.handover is not None and not isinstance(self.handover, Handover):
            raise InvalidInput("handover must be a Handover", field="handover")

    def since(self, status: SuspectStatus) -> datetime | None:
        """When the suspect reached ``status``; None if it never did."""
        return next((s.at for s in self.history if s.status is status), None)


def create_suspect(*, id: str, case_id: str, name: str, nationality: str | None,
                   actor: str, at: datetime,
                   identifiers: tuple[Identifier, ...] = (), source: str = "") -> Suspect:
    return Suspect(id=id, case_id=case_id, name=name, nationality=nationality,
                   status=start(SUSPECT, SuspectStatus.IDENTIFIED),
                   identifiers=tuple(identifiers), source=source,
                   history=(SuspectStep(SuspectStatus.IDENTIFIED, at, actor),),
                   timeline=append((), actor=actor, at=at, action="identified",
                                   detail=source))


def move_suspect(suspect: Suspect, target: SuspectStatus, *, actor: str, at: datetime,
                 handover: Handover | None = None, agency: str = "",
                 reference: str = "") -> Suspect:
    """The suspect in status ``target``. Moving to ``handed_over`` requires ``handover``
    (field ``handover``); any other move refuses one. ``agency`` and ``reference`` say
    who acted and under which warrant, notice or court case."""
    status = transition(SUSPECT, suspect.status, target)
    if (status is SuspectStatus.HANDED_OVER) != (handover is not None):
        raise InvalidInput("a handover is recorded with the move to handed_over, and only "
                           "then", field="handover")
    step = SuspectStep(status, at, actor, agency, reference)
    detail = (f"{handover.from_country} -> {handover.to_country} ({handover.basis.value}, "
              f"{handover.reference})" if handover
              else "; ".join(x for x in (step.agency, step.reference) if x))
    return replace(suspect, status=status,
                   handover=suspect.handover if handover is None else handover,
                   history=(*suspect.history, step),
                   timeline=append(suspect.timeline, actor=actor, at=at,
                                   action=f"status {suspect.status.value} -> {status.value}",
                                   detail=detail))


def identifier_spec(text: str, *, region: str | None = None,
                    field: str = "identifier") -> Identifier:
    """The identifier ``kind:value`` names (the kind before the first colon), in its
    canonical form; InvalidInput naming ``field`` for anything else, whatever the text."""
    if not isinstance(text, str) or ":" not in text:
        raise InvalidInput(f"{field} must be written kind:value (like phone:+8613800138000)",
                           field=field)
    kind, _, value = text.partition(":")
    try:
        return normalize(IdentifierKind.parse(kind), value, region=region)
    except InvalidInput as e:
        raise InvalidInput(f"{field}: {e}", field=field) from e
