"""Suspects of a case, from identification to conviction, and their handover.

A suspect arrested abroad is handed over to the prosecuting country under a legal
basis; the handover is recorded with the move to ``handed_over`` and only then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from counterfraud.cases import fields
from counterfraud.cases.states import SUSPECT, SuspectStatus, start, transition
from counterfraud.cases.timeline import TimelineEntry, append, check_timeline
from counterfraud.errors import InvalidInput
from counterfraud.identifiers.types import Identifier

__all__ = ["Handover", "HandoverBasis", "Suspect", "create_suspect", "move_suspect"]

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
class Suspect:
    """``name`` is as the case knows the suspect: a legal name, an alias, a nickname."""

    id: str
    case_id: str
    name: str
    nationality: str | None
    status: SuspectStatus
    timeline: tuple[TimelineEntry, ...]
    identifiers: tuple[Identifier, ...] = ()
    handover: Handover | None = None

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


def create_suspect(*, id: str, case_id: str, name: str, nationality: str | None,
                   actor: str, at: datetime,
                   identifiers: tuple[Identifier, ...] = ()) -> Suspect:
    return Suspect(id=id, case_id=case_id, name=name, nationality=nationality,
                   status=start(SUSPECT, SuspectStatus.IDENTIFIED),
                   identifiers=tuple(identifiers),
                   timeline=append((), actor=actor, at=at, action="identified"))


def move_suspect(suspect: Suspect, target: SuspectStatus, *, actor: str, at: datetime,
                 handover: Handover | None = None) -> Suspect:
    """The suspect in status ``target``. Moving to ``handed_over`` requires ``handover``
    (field ``handover``); any other move refuses one."""
    status = transition(SUSPECT, suspect.status, target)
    if (status is SuspectStatus.HANDED_OVER) != (handover is not None):
        raise InvalidInput("a handover is recorded with the move to handed_over, and only "
                           "then", field="handover")
    detail = (f"{handover.from_country} -> {handover.to_country} ({handover.basis.value})"
              if handover else "")
    return replace(suspect, status=status,
                   handover=suspect.handover if handover is None else handover,
                   timeline=append(suspect.timeline, actor=actor, at=at,
                                   action=f"status {suspect.status.value} -> {status.value}",
                                   detail=detail))
