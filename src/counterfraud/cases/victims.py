"""Victims of a case: who they are (pseudonymously), what they lost, where they are.

A victim is known by a pseudonymous id, never by name: names travel only in the
owning agency's own files. Statuses follow :data:`~counterfraud.cases.states.VICTIM`
and each change is kept in ``history`` with who recorded it, when, and the agencies
that took part (the police that located the victim, the embassy that repatriated).

A victim is reached only through the case officer (:class:`Officer`: a name and an
agency), never through a contact of the victim's own: captors read victims' phones. The
family's contact, when the family reported the victim, is kept as they gave it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from counterfraud.cases import fields
from counterfraud.cases.states import VICTIM, VictimStatus, start, transition
from counterfraud.cases.timeline import TimelineEntry, append, check_timeline
from counterfraud.domain import parse_agency_code
from counterfraud.errors import InvalidInput
from counterfraud.identifiers.types import Identifier, IdentifierKind

__all__ = [
    "PAYMENT_KINDS", "Location", "Money", "Officer", "RansomDemand", "StatusChange", "Victim",
    "VictimKind", "add_loss", "create_victim", "move_victim", "record_ransom_demand",
    "relocate", "set_contacts", "status_dates",
]

_PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$")
# Where ransoms are paid: accounts, wallets, and the handles of payment apps.
PAYMENT_KINDS = frozenset({IdentifierKind.BANK_ACCOUNT, IdentifierKind.CRYPTO_WALLET,
                           IdentifierKind.HANDLE, IdentifierKind.PHONE})


class VictimKind(StrEnum):
    DEFRAUDED = "defrauded"
    LURED_ABROAD = "lured_abroad"
    HELD_FOR_RANSOM = "held_for_ransom"
    TRAFFICKED_INTO_SCAM_WORK = "trafficked_into_scam_work"


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", fields.amount(self.amount, "amount"))
        object.__setattr__(self, "currency", fields.currency(self.currency))


@dataclass(frozen=True, slots=True)
class Location:
    """A country and, when known, coordinates (both or neither)."""

    country: str
    latitude: float | None = None
    longitude: float | None = None
    place: str = ""  # a town, a compound's name as victims call it

    def __post_init__(self) -> None:
        object.__setattr__(self, "country", fields.country(self.country, "location.country"))
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidInput("location needs both latitude and longitude, or neither",
                               field="location.latitude")
        if self.latitude is not None and self.longitude is not None:
            object.__setattr__(self, "latitude", fields.coordinate(
                self.latitude, "location.latitude", limit=90))
            object.__setattr__(self, "longitude", fields.coordinate(
                self.longitude, "location.longitude", limit=180))
        if self.place:
            object.__setattr__(self, "place",
                               fields.text(self.place, "location.place", max_length=200))


@dataclass(frozen=True, slots=True)
class RansomDemand:
    """What captors asked for and where they want it paid."""

    at: datetime
    money: Money
    payment_identifiers: tuple[Identifier, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", fields.moment(self.at, "at"))
        for identifier in self.payment_identifiers:
            if not isinstance(identifier, Identifier) or identifier.kind not in PAYMENT_KINDS:
                raise InvalidInput("payment_identifiers must be accounts, wallets, phones "
                                   "or handles", field="payment_identifiers")


def _agencies(values: tuple[str, ...], field: str) -> tuple[str, ...]:
    """Agency codes (``CC-NAME``), each once, in the order given."""
    if not isinstance(values, tuple | list):
        raise InvalidInput(f"{field} must be a list of agency codes", field=field)
    codes: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise InvalidInput(f"{field} must be a list of agency codes", field=field)
        try:
            code = parse_agency_code(value)
        except InvalidInput as e:
            raise InvalidInput(str(e), field=field) from None
        if code in codes:
            raise InvalidInput(f"{field} lists {code} twice", field=field)
        codes.append(code)
    return tuple(codes)


@dataclass(frozen=True, slots=True)
class Officer:
    """The case officer through whom the victim (or the family) is reached."""

    name: str
    agency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", fields.text(self.name, "officer.name", max_length=200))
        if not isinstance(self.agency, str):
            raise InvalidInput("officer.agency must be an agency code", field="officer.agency")
        try:
            object.__setattr__(self, "agency", parse_agency_code(self.agency))
        except InvalidInput as e:
            raise InvalidInput(str(e), field="officer.agency") from None


@dataclass(frozen=True, slots=True)
class StatusChange:
    """The victim entered ``status`` at ``at``, as ``actor`` recorded it; ``agencies``
    are the agencies that took part (codes, each once)."""

    status: VictimStatus
    at: datetime
    actor: str
    agencies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.status, VictimStatus):
            raise InvalidInput(f"status must be one of {', '.join(VictimStatus)}",
                               field="status")
        object.__setattr__(self, "at", fields.moment(self.at, "at"))
        object.__setattr__(self, "actor", fields.text(self.actor, "actor", max_length=200))
        object.__setattr__(self, "agencies", _agencies(self.agencies, "agencies"))


@dataclass(frozen=True, slots=True)
class Victim:
    """``losses`` holds one :class:`Money` per currency, sorted by currency."""

    id: str
    case_id: str
    kind: VictimKind
    nationality: str
    status: VictimStatus
    history: tuple[StatusChange, ...]
    timeline: tuple[TimelineEntry, ...]
    losses: tuple[Money, ...] = ()
    location: Location | None = None
    ransom_demands: tuple[RansomDemand, ...] = ()
    officer: Officer | None = None
    family_contact: str = ""  # as the family gave it: who they are and how to reach them

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _PSEUDONYM.match(self.id):
            raise InvalidInput("id must be a pseudonym of 4-64 letters, digits, _ or -",
                               field="id")
        fields.text(self.case_id, "case_id", max_length=64)
        if not isinstance(self.kind, VictimKind):
            raise InvalidInput(f"kind must be one of {', '.join(VictimKind)}", field="kind")
        object.__setattr__(self, "nationality", fields.country(self.nationality, "nationality"))
        check_timeline(self.timeline)
        if not self.history or self.history[-1].status != self.status:
            raise InvalidInput("history must end with the current status", field="history")
        currencies = [m.currency for m in self.losses]
        if currencies != sorted(set(currencies)):
            raise InvalidInput("losses must hold one amount per currency", field="losses")
        if self.officer is not None and not isinstance(self.officer, Officer):
            raise InvalidInput("officer must be a name and an agency", field="officer")
        if self.family_contact:
            object.__setattr__(self, "family_contact", fields.text(
                self.family_contact, "family_contact", max_length=500))

    def losses_by_currency(self) -> dict[str, Decimal]:
        return {m.currency: m.amount for m in self.losses}


def create_victim(*, id: str, case_id: str, kind: VictimKind, nationality: str, actor: str,
                  at: datetime, status: VictimStatus = VictimStatus.MISSING,
                  location: Location | None = None, officer: Officer | None = None,
                  family_contact: str = "", agencies: tuple[str, ...] = ()) -> Victim:
    """A victim starting ``missing`` or, when found before being reported, ``located``
    (``agencies``: those that found the victim)."""
    status = start(VICTIM, status)
    return Victim(id=id, case_id=case_id, kind=kind, nationality=nationality, status=status,
                  history=(StatusChange(status, at, actor, tuple(agencies)),),
                  location=location, officer=officer, family_contact=family_contact,
                  timeline=append((), actor=actor, at=at, action="recorded",
                                  detail=status.value))


def move_victim(victim: Victim, target: VictimStatus, *, actor: str, at: datetime,
                location: Location | None = None, agencies: tuple[str, ...] = ()) -> Victim:
    """The victim in status ``target`` (the victim machine decides), recording who, when
    and the ``agencies`` involved; ``location`` replaces the last known one when given."""
    status = transition(VICTIM, victim.status, target)
    change = StatusChange(status, at, actor, tuple(agencies))
    timeline = append(victim.timeline, actor=actor, at=at,
                      action=f"status {victim.status.value} -> {status.value}",
                      detail=", ".join(change.agencies))
    return replace(victim, status=status, timeline=timeline,
                   history=(*victim.history, change),
                   location=victim.location if location is None else location)


def status_dates(victim: Victim) -> dict[VictimStatus, datetime]:
    """When the victim entered each status it has been in (the figures of rescues and
    repatriations are counted by these dates)."""
    return {change.status: change.at for change in victim.history}


def set_contacts(victim: Victim, *, actor: str, at: datetime, officer: Officer | None = None,
                 family_contact: str | None = None) -> Victim:
    """The victim with a new case officer and/or family contact (None keeps the one
    recorded); the timeline says which changed, never the contact itself."""
    if officer is None and family_contact is None:
        raise InvalidInput("give an officer or a family contact", field="officer")
    changed = replace(victim, officer=victim.officer if officer is None else officer,
                      family_contact=(victim.family_contact if family_contact is None
                                      else family_contact))
    what = [name for name, given in (("officer", officer), ("family contact", family_contact))
            if given is not None]
    return replace(changed, timeline=append(victim.timeline, actor=actor, at=at,
                                            action="contacts", detail=", ".join(what)))


def relocate(victim: Victim, location: Location, *, actor: str, at: datetime) -> Victim:
    return replace(victim, location=location, timeline=append(
        victim.timeline, actor=actor, at=at, action="location", detail=location.country))


def add_loss(victim: Victim, money: Money, *, actor: str, at: datetime) -> Victim:
    """The victim with ``money`` added to the loss in its currency (the total must
    stay below the amount cap)."""
    totals = victim.losses_by_currency()
    totals[money.currency] = totals.get(money.currency, Decimal(0)) + money.amount
    losses = tuple(Money(totals[c], c) for c in sorted(totals))
    return replace(victim, losses=losses, timeline=append(
        victim.timeline, actor=actor, at=at, action="loss",
        detail=f"{money.amount} {money.currency}"))


def record_ransom_demand(victim: Victim, demand: RansomDemand, *, actor: str) -> Victim:
    return replace(victim, ransom_demands=(*victim.ransom_demands, demand),
                   timeline=append(victim.timeline, actor=actor, at=demand.at,
                                   action="ransom demand",
                                   detail=f"{demand.money.amount} {demand.money.currency}"))
