"""The records of the demo's case world, as plain values, and their ground-truth JSON.

What :mod:`.cases` draws and what the demo writes through the case services: each
record says what an officer, a bank or a partner agency does, in order, and when. Plain
strings and datetimes only (this package does not import the case core); times are
aware UTC datetimes derived from the reports' own times (or, for a network case, from
the raid), so the same seed gives the same values. The demo writes each event at its
time (the services take ``at``), so what the store holds, and the figures of each
month, are what the ground truth says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

__all__ = ["BANKS", "Bank", "CaseMove", "CaseSpec", "CaseWorld", "FreezeSpec", "IdRef",
           "RansomSpec",
           "SuspectSpec", "SuspectStepSpec", "TakedownSpec", "VictimMove", "VictimSpec",
           "hours_between"]

IdRef = tuple[str, str]  # (kind, canonical value)


@dataclass(frozen=True, slots=True)
class Bank:
    """A bank registered as an agency of kind ``bank``: it answers the freeze requests
    addressed to it from its queue. ``prefixes``: the card number prefixes (BINs) of its
    accounts; a bank without prefixes holds the accounts of its country drawn for it."""

    code: str
    country: str
    name: str
    prefixes: tuple[str, ...] = ()


# Where the world's mule accounts are held: China (UnionPay card numbers, by BIN) and
# Thailand. Laos and Myanmar hold none of the world's accounts, so none is registered.
BANKS: tuple[Bank, ...] = (
    Bank("CN-ICBC", "CN", "Industrial and Commercial Bank of China", ("622202", "621226")),
    Bank("CN-ABC", "CN", "Agricultural Bank of China", ("622848",)),
    Bank("TH-KBANK", "TH", "Kasikornbank"),
    Bank("TH-BBL", "TH", "Bangkok Bank"),
)


def hours_between(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() / 3600, 2)


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _ref(ref: IdRef) -> dict[str, str]:
    return {"kind": ref[0], "value": ref[1]}


def _money(money: tuple[str, str] | None) -> dict[str, str] | None:
    return {"amount": money[0], "currency": money[1]} if money else None


@dataclass(frozen=True, slots=True)
class FreezeSpec:
    """One freeze request: to a registered ``institution`` (its code; it answers from
    its queue) or, when None, to ``addressee`` in words (the owner records the answer).
    ``answer`` None: still waiting. ``by_ransom``: raised by a ransom demand."""

    accounts: tuple[IdRef, ...]
    institution: str | None
    addressee: str
    requested_at: datetime
    answer: str | None
    answered_at: datetime | None = None
    amount: tuple[str, str] | None = None
    deadline: datetime | None = None
    amount_frozen: tuple[str, str] | None = None
    refusal_reason: str = ""
    by_ransom: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"accounts": [_ref(a) for a in self.accounts],
                "institution": self.institution, "addressee": self.addressee,
                "raised_by": "ransom demand" if self.by_ransom else "officer",
                "requested_at": _iso(self.requested_at), "amount": _money(self.amount),
                "deadline": _iso(self.deadline), "answer": self.answer or "requested",
                "answered_at": _iso(self.answered_at),
                "hours_to_answer": (hours_between(self.requested_at, self.answered_at)
                                    if self.answered_at else None),
                "amount_frozen": _money(self.amount_frozen),
                "refusal_reason": self.refusal_reason or None}


@dataclass(frozen=True, slots=True)
class RansomSpec:
    """What captors demanded, when, and where to pay (``institution``: the registered
    bank holding an account, else None). ``blocked``: the case's PAP lets the payment
    identifiers be blocked."""

    at: datetime
    amount: tuple[str, str]
    payments: tuple[tuple[str, str, str | None], ...]
    blocked: bool

    def as_dict(self) -> dict[str, Any]:
        return {"at": _iso(self.at), **(_money(self.amount) or {}), "blocked": self.blocked,
                "payments": [{"kind": k, "value": v, "institution": i}
                             for k, v, i in self.payments]}


@dataclass(frozen=True, slots=True)
class VictimMove:
    status: str
    at: datetime
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VictimSpec:
    """A victim by pseudonym; ``moves[0]`` is the status it is recorded in."""

    id: str
    kind: str
    nationality: str
    officer: tuple[str, str]  # name, agency
    moves: tuple[VictimMove, ...]
    location: tuple[str, str, float, float] | None = None  # country, place, lat, lon
    losses: tuple[str, str] | None = None
    family_contact: str = ""
    ransom: RansomSpec | None = None

    @property
    def status(self) -> str:
        return self.moves[-1].status

    def as_dict(self) -> dict[str, Any]:
        place = self.location
        return {"id": self.id, "kind": self.kind, "nationality": self.nationality,
                "status": self.status, "officer": {"name": self.officer[0],
                                                   "agency": self.officer[1]},
                "history": [{"status": m.status, "at": _iso(m.at),
                             "agencies": list(m.agencies)} for m in self.moves],
                "location": None if place is None else {
                    "country": place[0], "place": place[1], "latitude": place[2],
                    "longitude": place[3]},
                "losses": _money(self.losses),
                "ransom": self.ransom.as_dict() if self.ransom else None}


@dataclass(frozen=True, slots=True)
class TakedownSpec:
    """A takedown request and the answers it gets (``steps``: acknowledged, taken_down,
    refused), ``hours`` after it was sent for each (whole seconds: the time to takedown
    the figures count is exactly these hours); ``pap_override`` is the owner's reason to
    act under a PAP that allows no action."""

    target: IdRef
    addressee: str
    sent_at: datetime
    steps: tuple[tuple[str, float], ...]
    reason: str = ""
    pap_override: str = ""

    @property
    def status(self) -> str:
        return self.steps[-1][0] if self.steps else "sent"

    def at(self, hours: float) -> datetime:
        """When the step ``hours`` after sending happened."""
        return self.sent_at + timedelta(hours=hours)

    @property
    def answered_at(self) -> datetime | None:
        """When it was taken down or refused; None while waiting."""
        final = [h for status, h in self.steps if status in ("taken_down", "refused")]
        return self.at(final[0]) if final else None

    def as_dict(self) -> dict[str, Any]:
        hours = dict(self.steps)
        return {"target": _ref(self.target), "addressee": self.addressee,
                "status": self.status, "sent_at": _iso(self.sent_at),
                "answered_at": _iso(self.answered_at),
                "hours_to_acknowledge": hours.get("acknowledged"),
                "hours_to_takedown": hours.get("taken_down"),
                "refusal_reason": self.reason or None,
                "pap_override": self.pap_override or None}


@dataclass(frozen=True, slots=True)
class SuspectStepSpec:
    status: str
    agency: str
    reference: str
    at: datetime


@dataclass(frozen=True, slots=True)
class SuspectSpec:
    """A core member of the case's network confirmed as a suspect at ``identified_at``,
    and its moves; the move to handed_over carries (from, to, basis, reference) and is
    the handover's date."""

    identifier: IdRef
    name: str
    nationality: str | None
    identified_at: datetime
    steps: tuple[SuspectStepSpec, ...]
    handover: tuple[str, str, str, str] | None = None

    @property
    def status(self) -> str:
        return self.steps[-1].status if self.steps else "identified"

    def since(self, status: str) -> datetime | None:
        """When the suspect reached ``status``; None if it never did."""
        if status == "identified":
            return self.identified_at
        return next((s.at for s in self.steps if s.status == status), None)

    def as_dict(self) -> dict[str, Any]:
        hand = self.handover
        return {"identifier": _ref(self.identifier), "name": self.name,
                "nationality": self.nationality, "status": self.status,
                "identified_at": _iso(self.identified_at),
                "steps": [{"status": s.status, "at": _iso(s.at), "agency": s.agency,
                           "reference": s.reference} for s in self.steps],
                "handover": None if hand is None else {
                    "from_country": hand[0], "to_country": hand[1], "basis": hand[2],
                    "reference": hand[3]}}


@dataclass(frozen=True, slots=True)
class CaseMove:
    status: str
    at: datetime


@dataclass(frozen=True, slots=True)
class CaseSpec:
    """One case: who owns it, what opened it (reports, a network) and when, who is
    invited into it, and everything done within it. ``title`` starts with ``key``, which
    is how the demo finds its cases again (the store numbers case ids itself).

    The case's own timeline, in time order: opened at ``opened_at`` (its report's time,
    or drawn before the raid for a network case; its reports are linked then), the
    ``participants`` invited at ``invited_at``, the network linked at ``linked_at`` (its
    suspects identified then), then ``moves``; the close comes after everything done
    within the case but the convictions."""

    key: str
    owner: str
    scam_type: str
    title: str
    pap: str | None  # None: the template's
    identifiers: tuple[IdRef, ...]
    reports: tuple[tuple[str, str], ...]
    group: str
    network: str | None
    link_network: bool
    participants: tuple[str, ...]
    victims: tuple[VictimSpec, ...]
    freezes: tuple[FreezeSpec, ...]
    takedowns: tuple[TakedownSpec, ...]
    suspects: tuple[SuspectSpec, ...]
    moves: tuple[CaseMove, ...]
    opened_at: datetime
    invited_at: datetime | None = None  # set exactly when there are participants
    linked_at: datetime | None = None  # set exactly when link_network

    @property
    def status(self) -> str:
        return self.moves[-1].status if self.moves else "open"

    @property
    def closed_at(self) -> datetime | None:
        """When it was closed; None while open."""
        return self.moves[-1].at if self.status.startswith("closed_") else None

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "owner": self.owner,
                "scam_type": self.scam_type, "pap": self.pap, "status": self.status,
                "opened_at": _iso(self.opened_at), "closed_at": _iso(self.closed_at),
                "moves": [{"status": m.status, "at": _iso(m.at)} for m in self.moves],
                "reports": [f"{a}/{r}" for a, r in self.reports],
                "group": self.group, "network": self.network,
                "network_linked": self.link_network, "network_linked_at": _iso(self.linked_at),
                "identifiers": [_ref(i) for i in self.identifiers],
                "participants": list(self.participants),
                "participants_invited_at": _iso(self.invited_at),
                "victims": [v.as_dict() for v in self.victims],
                "freeze_requests": [f.as_dict() for f in self.freezes],
                "takedown_requests": [t.as_dict() for t in self.takedowns],
                "suspects": [s.as_dict() for s in self.suspects]}


_FROZEN = ("frozen", "partly_frozen")
_REACHED = {"located": ("located", "rescued", "repatriated"),
            "rescued": ("rescued", "repatriated"), "repatriated": ("repatriated",)}
_ARRESTED = ("arrested", "handed_over", "charged", "convicted")


@dataclass(frozen=True, slots=True)
class CaseWorld:
    banks: tuple[Bank, ...]
    cases: tuple[CaseSpec, ...]

    def figures(self) -> dict[str, int]:
        """What the ministry's figures count of this world (services.kpi's names), over
        the whole period: the demo's summary must say exactly these."""
        cases, victims = self.cases, [v for c in self.cases for v in c.victims]
        freezes = [f for c in cases for f in c.freezes]
        takedowns = [t for c in cases for t in c.takedowns]
        suspects = [s for c in cases for s in c.suspects]
        statuses = [{m.status for m in v.moves} for v in victims]
        return {
            "cases_opened": len(cases),
            "cases_solved": sum(c.status == "closed_solved" for c in cases),
            "joint_cases": sum(bool(c.participants) for c in cases),
            "victims": len(victims),
            **{f"victims_{s}": sum(bool(seen & set(_REACHED[s])) for seen in statuses)
               for s in ("located", "rescued", "repatriated")},
            "freezes_requested": len(freezes),
            "freezes_frozen": sum(f.answer in _FROZEN for f in freezes),
            "takedowns_requested": len(takedowns),
            "taken_down": sum(t.status == "taken_down" for t in takedowns),
            "arrests": sum(s.status in _ARRESTED for s in suspects),
            "handovers": sum(s.handover is not None for s in suspects),
        }

    def as_dict(self) -> dict[str, Any]:
        return {"banks": [{"code": b.code, "country": b.country, "name": b.name}
                          for b in self.banks],
                "cases": [c.as_dict() for c in self.cases],
                "case_figures": self.figures()}
