"""Requests a case sends out: to freeze accounts and to take down sites and handles.

A freeze request goes from the police of the victim's country to a bank, an
exchange or a partner agency (see :mod:`counterfraud.cases.freeze` for who may ask);
its answer is final: the freeze machine has no way out of an answer. A takedown
request goes to a registrar, a host or a platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from counterfraud.cases import fields
from counterfraud.cases.states import (
    FREEZE,
    TAKEDOWN,
    FreezeStatus,
    TakedownStatus,
    start,
    transition,
)
from counterfraud.cases.timeline import TimelineEntry, append, check_timeline
from counterfraud.cases.victims import Money
from counterfraud.domain import parse_agency_code
from counterfraud.errors import InvalidInput
from counterfraud.identifiers.types import Identifier, IdentifierKind

__all__ = [
    "FREEZABLE_KINDS",
    "FROZEN_ANSWERS",
    "TAKEDOWN_ANSWERS",
    "TAKEDOWN_KINDS",
    "FreezeRequest",
    "TakedownRequest",
    "advance_takedown",
    "answer_freeze",
    "create_freeze_request",
    "create_takedown_request",
    "time_to_takedown",
]

_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
FREEZABLE_KINDS = frozenset({IdentifierKind.BANK_ACCOUNT, IdentifierKind.CRYPTO_WALLET})
TAKEDOWN_KINDS = frozenset({IdentifierKind.URL, IdentifierKind.DOMAIN, IdentifierKind.HANDLE,
                            IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.IP})


def _request_id(value: str) -> None:
    if not isinstance(value, str) or not _REQUEST_ID.match(value):
        raise InvalidInput(f"id {value!r} must be 1-64 letters, digits, . _ / -", field="id")


def _check_head(request: FreezeRequest | TakedownRequest) -> None:
    """The fields every request shares: its id, its case, who asks and whom."""
    _request_id(request.id)
    fields.text(request.case_id, "case_id", max_length=64)
    object.__setattr__(request, "requesting_agency",
                       parse_agency_code(request.requesting_agency))
    object.__setattr__(request, "addressee",
                       fields.text(request.addressee, "addressee", max_length=200))


# the answers that say how much was frozen, and the one that must say why not
FROZEN_ANSWERS = frozenset({FreezeStatus.FROZEN, FreezeStatus.PARTLY_FROZEN})


@dataclass(frozen=True, slots=True)
class FreezeRequest:
    """``requesting_agency`` asks ``addressee`` to freeze ``accounts`` for a case.

    ``amount`` is what the request asks to hold (optional: a request may name accounts
    only), ``deadline`` when the money would be gone. The answer carries
    ``amount_frozen``: always for ``partly_frozen`` (a part is less than the amount
    asked, in its currency), when the bank says it for ``frozen`` (the accounts are
    frozen whatever they hold); and ``refusal_reason`` for ``refused``. The other
    answers carry neither."""

    id: str
    case_id: str
    requesting_agency: str
    addressee: str  # the bank, exchange or partner agency, as the request names it
    accounts: tuple[Identifier, ...]
    requested_at: datetime
    status: FreezeStatus
    timeline: tuple[TimelineEntry, ...]
    answered_at: datetime | None = None
    amount: Money | None = None
    deadline: datetime | None = None
    amount_frozen: Money | None = None
    refusal_reason: str = ""

    def __post_init__(self) -> None:
        _check_head(self)
        if not self.accounts or any(not isinstance(a, Identifier)
                                    or a.kind not in FREEZABLE_KINDS for a in self.accounts):
            raise InvalidInput("accounts must name at least one bank account or wallet",
                               field="accounts")
        if len(set(self.accounts)) != len(self.accounts):
            raise InvalidInput("accounts lists an account twice", field="accounts")
        object.__setattr__(self, "requested_at",
                           fields.moment(self.requested_at, "requested_at"))
        check_timeline(self.timeline)
        answered = self.status is not FreezeStatus.REQUESTED
        if answered != (self.answered_at is not None):
            raise InvalidInput("answered_at is set exactly when the request is answered",
                               field="answered_at")
        if self.answered_at is not None and self.answered_at < self.requested_at:
            raise InvalidInput("answered_at is before requested_at", field="answered_at")
        self._check_money()

    def _check_money(self) -> None:
        for name in ("amount", "amount_frozen"):
            if getattr(self, name) is not None and not isinstance(getattr(self, name), Money):
                raise InvalidInput(f"{name} must be an amount and a currency", field=name)
        if self.deadline is not None:
            deadline = fields.moment(self.deadline, "deadline", ahead=fields.MAX_DUE_AHEAD)
            if deadline <= self.requested_at:
                raise InvalidInput("deadline must be after requested_at", field="deadline")
            object.__setattr__(self, "deadline", deadline)
        if self.amount_frozen is not None and self.status not in FROZEN_ANSWERS:
            raise InvalidInput("amount_frozen goes with a frozen or partly_frozen answer "
                               "only", field="amount_frozen")
        if self.status is FreezeStatus.PARTLY_FROZEN and self.amount_frozen is None:
            raise InvalidInput("a partly_frozen answer says how much was frozen",
                               field="amount_frozen")
        if (self.status is FreezeStatus.PARTLY_FROZEN and self.amount is not None
                and self.amount_frozen is not None
                and self.amount_frozen.currency == self.amount.currency
                and self.amount_frozen.amount >= self.amount.amount):
            raise InvalidInput(f"a part is less than the {self.amount.amount} "
                               f"{self.amount.currency} asked: answer frozen",
                               field="amount_frozen")
        refused = self.status is FreezeStatus.REFUSED
        if refused:
            object.__setattr__(self, "refusal_reason", fields.text(
                self.refusal_reason, "refusal_reason", max_length=1000))
        elif self.refusal_reason:
            raise InvalidInput("refusal_reason goes with a refused answer only",
                               field="refusal_reason")

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


def create_freeze_request(*, id: str, case_id: str, requesting_agency: str, addressee: str,
                          accounts: tuple[Identifier, ...], actor: str,
                          at: datetime, amount: Money | None = None,
                          deadline: datetime | None = None) -> FreezeRequest:
    return FreezeRequest(id=id, case_id=case_id, requesting_agency=requesting_agency,
                         addressee=addressee, accounts=tuple(accounts), requested_at=at,
                         status=start(FREEZE, FreezeStatus.REQUESTED), amount=amount,
                         deadline=deadline,
                         timeline=append((), actor=actor, at=at, action="requested",
                                         detail=addressee))


def answer_freeze(request: FreezeRequest, answer: FreezeStatus, *, actor: str, at: datetime,
                  detail: str = "", amount_frozen: Money | None = None,
                  refusal_reason: str = "") -> FreezeRequest:
    """The request with its one answer. A second answer is InvalidInput: the first wins.
    ``amount_frozen`` goes with frozen and partly_frozen, ``refusal_reason`` with
    refused (InvalidInput naming the field otherwise); the timeline's entry says the
    amount or the reason unless ``detail`` says something else."""
    status = transition(FREEZE, request.status, answer)
    if not detail:
        detail = (f"{amount_frozen.amount} {amount_frozen.currency}"
                  if isinstance(amount_frozen, Money)
                  else refusal_reason if isinstance(refusal_reason, str) else "")
    return replace(request, status=status, answered_at=at, amount_frozen=amount_frozen,
                   refusal_reason=refusal_reason, timeline=append(
                       request.timeline, actor=actor, at=at,
                       action=f"answered {status.value}", detail=detail))


# a takedown's final answers: the addressee took the target down or would not
TAKEDOWN_ANSWERS = frozenset({TakedownStatus.TAKEN_DOWN, TakedownStatus.REFUSED})


@dataclass(frozen=True, slots=True)
class TakedownRequest:
    """``requesting_agency`` asks ``addressee`` to take ``target`` down.

    ``acknowledged_at`` is when the addressee confirmed receipt (set with the move to
    ``acknowledged``; an answer may come without one), ``answered_at`` when it took the
    target down or refused (set exactly when the status is one of those): the time to
    takedown, the figure a takedown process is judged by, is ``answered_at - sent_at``.
    ``pap_override`` is why the case's owner sent it although the case's PAP allows no
    action the suspects could notice (empty when the PAP allows it)."""

    id: str
    case_id: str
    requesting_agency: str
    addressee: str  # the registrar, host, platform or operator
    target: Identifier
    sent_at: datetime
    status: TakedownStatus
    timeline: tuple[TimelineEntry, ...]
    acknowledged_at: datetime | None = None
    answered_at: datetime | None = None
    pap_override: str = ""

    def __post_init__(self) -> None:
        _check_head(self)
        if not isinstance(self.target, Identifier) or self.target.kind not in TAKEDOWN_KINDS:
            raise InvalidInput("target must be a site, domain, handle, phone, email or IP",
                               field="target")
        object.__setattr__(self, "sent_at", fields.moment(self.sent_at, "sent_at"))
        check_timeline(self.timeline)
        if not isinstance(self.status, TakedownStatus):
            raise InvalidInput(f"status must be one of {', '.join(TakedownStatus)}",
                               field="status")
        self._check_times()
        if self.pap_override:
            object.__setattr__(self, "pap_override", fields.text(
                self.pap_override, "pap_override", max_length=1000))

    def _check_times(self) -> None:
        for name in ("acknowledged_at", "answered_at"):
            moment = getattr(self, name)
            if moment is not None:
                moment = fields.moment(moment, name)
                if moment < self.sent_at:
                    raise InvalidInput(f"{name} is before sent_at", field=name)
                object.__setattr__(self, name, moment)
        if (self.status is TakedownStatus.ACKNOWLEDGED) and self.acknowledged_at is None:
            raise InvalidInput("an acknowledged request says when", field="acknowledged_at")
        if self.status is TakedownStatus.SENT and self.acknowledged_at is not None:
            raise InvalidInput("a request only sent is not acknowledged",
                               field="acknowledged_at")
        if (self.status in TAKEDOWN_ANSWERS) != (self.answered_at is not None):
            raise InvalidInput("answered_at is set exactly when the request is taken_down "
                               "or refused", field="answered_at")
        if (self.answered_at is not None and self.acknowledged_at is not None
                and self.answered_at < self.acknowledged_at):
            raise InvalidInput("answered_at is before acknowledged_at", field="answered_at")

    @property
    def open(self) -> bool:
        """Sent or acknowledged: still waiting for the addressee's answer."""
        return self.answered_at is None


def create_takedown_request(*, id: str, case_id: str, requesting_agency: str,
                            addressee: str, target: Identifier, actor: str,
                            at: datetime, pap_override: str = "") -> TakedownRequest:
    return TakedownRequest(id=id, case_id=case_id, requesting_agency=requesting_agency,
                           addressee=addressee, target=target, sent_at=at,
                           status=start(TAKEDOWN, TakedownStatus.SENT),
                           pap_override=pap_override,
                           timeline=append((), actor=actor, at=at, action="sent",
                                           detail=addressee))


def advance_takedown(request: TakedownRequest, target: TakedownStatus, *, actor: str,
                     at: datetime, detail: str = "") -> TakedownRequest:
    """The request in status ``target`` (the takedown machine decides), with when it was
    acknowledged or answered; ``detail`` (a refusal's reason, the addressee's ticket)
    goes on the timeline."""
    status = transition(TAKEDOWN, request.status, target)
    timeline = append(request.timeline, actor=actor, at=at, action=f"status "
                      f"{request.status.value} -> {status.value}", detail=detail)
    moment = timeline[-1].at
    if status is TakedownStatus.ACKNOWLEDGED:
        return replace(request, status=status, timeline=timeline, acknowledged_at=moment)
    return replace(request, status=status, timeline=timeline, answered_at=moment)


def time_to_takedown(request: TakedownRequest) -> float | None:
    """Hours from sending to the target taken down; None until then, and for a refusal."""
    if request.status is not TakedownStatus.TAKEN_DOWN or request.answered_at is None:
        return None
    return (request.answered_at - request.sent_at).total_seconds() / 3600
