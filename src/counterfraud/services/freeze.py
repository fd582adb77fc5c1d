"""Freeze and stop-payment requests as a service: raise one for a case, the bank's queue
and its answers, the freeze feed banks pull, each in one transaction with its audit entry.

Who may do what:

- Whoever may write within the case (owner, local operator, joint-case participants;
  analyst and admin keys) raises a request, as its requesting agency. The request
  belongs to the case's owner and is marked with the case's marking unless told
  otherwise; one addressed to an institution registered here is never TLP:RED (it
  could not be read by the one it asks).
- The institution it is addressed to (an agency of kind ``bank``: any of its keys, of
  any role) sees it in its queue and answers it; so does no one else (an owner records
  the answer only of a request to an institution not registered here, which went by
  letter or phone): ``sharing.policy.can_answer``. The first answer is final: a second
  one, racing or late, is Conflict naming the request.
- A request is read by whoever the one visibility rule lets see it: its owner, an
  agreement from the owner naming ``freeze_request`` and its marking, a joint-case
  agreement, and its addressee (``sharing.policy.can_see`` with ``addressee``), which
  sees the request and never the case. Operator keys of other agencies read nothing.

The cross-border rule (Interpol's I-GRIP, ``cases.freeze``): a request to an
institution of another country is raised only by the police of a victim's country
(the nationalities of the case's victims; refused while the case records none) and
only where an agreement from the requesting agency to the institution names
``freeze_request`` and the request's marking. A request to an institution not
registered here has no country the rule could check: it is a record of what the officer
sends by other means, and answered by its owner.

Time to freeze is kept per request (``hours_to_answer``: answered - requested).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from counterfraud.cases import requests as core
from counterfraud.cases.freeze import agreement_allows, case_freeze_refusal, time_to_answer
from counterfraud.cases.requests import FreezeRequest
from counterfraud.cases.states import FreezeStatus
from counterfraud.cases.victims import Money
from counterfraud.domain import (
    OPERATOR,
    Agency,
    AgencyKind,
    ApiRole,
    EntryStatus,
    IdentifierKind,
    Marking,
    RecordType,
    Viewer,
    parse_agency_code,
)
from counterfraud.errors import Conflict, InvalidInput, PermissionDenied
from counterfraud.identifiers import normalize
from counterfraud.identifiers.types import Identifier
from counterfraud.services import access, audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.feeds import FeedFormat, spreadsheet_safe
from counterfraud.services.store import Store
from counterfraud.sharing.policy import can_answer
from counterfraud.store import blocklist as blocklist_rows
from counterfraud.store import cases as case_rows
from counterfraud.store import freeze as rows
from counterfraud.store.agencies import get_agency
from counterfraud.store.agreements import list_agreements
from counterfraud.store.case_records import writable_case
from counterfraud.store.case_tables import CaseRow
from counterfraud.store.victims import nationalities

WRITER = ApiRole.ANALYST
RECORD = RecordType.FREEZE_REQUEST.value
QUEUE_LIMIT = 1000


def freeze_ref(request_id: str) -> str:
    """How the audit trail names a freeze request."""
    return f"freeze/{request_id}"


def _money(money: Money | None) -> dict[str, str] | None:
    return {"amount": str(money.amount), "currency": money.currency} if money else None


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


@dataclass(frozen=True, slots=True)
class FreezeView:
    """A request as a reader gets it: with its owner, the institution it is addressed to
    (None: not registered here), its marking and version."""

    request: FreezeRequest
    owner: str
    institution: str | None
    marking: Marking
    version: int

    def as_dict(self) -> dict[str, Any]:
        r = self.request
        return {
            "id": r.id, "case_id": r.case_id, "owner": self.owner,
            "requesting_agency": r.requesting_agency, "addressee": r.addressee,
            "institution": self.institution, "marking": self.marking.value,
            "version": self.version, "status": r.status.value,
            "accounts": [{"kind": a.kind.value, "value": a.value} for a in r.accounts],
            "amount": _money(r.amount), "deadline": _iso(r.deadline),
            "requested_at": r.requested_at.isoformat(), "answered_at": _iso(r.answered_at),
            "hours_to_answer": time_to_answer(r), "amount_frozen": _money(r.amount_frozen),
            "refusal_reason": r.refusal_reason or None,
            "timeline": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                          "detail": e.detail} for e in r.timeline],
        }


def _view(stored: rows.StoredRequest) -> FreezeView:
    return FreezeView(stored.load(), stored.owner, stored.institution, stored.marking,
                      stored.row.version)


def parse_answer(raw: str) -> FreezeStatus:
    """An answer: frozen, partly_frozen, already_withdrawn, not_found or refused."""
    answers = [s for s in FreezeStatus if s is not FreezeStatus.REQUESTED]
    text = raw.strip().lower().replace("-", "_") if isinstance(raw, str) else ""
    for answer in answers:
        if answer.value == text:
            return answer
    raise InvalidInput(f"unknown answer {raw!r}; known: {', '.join(a.value for a in answers)}",
                       field="answer")


def institution_of(session: Session, code: str, *, field: str = "institution") -> tuple[
        int, Agency]:
    """The registered bank or exchange ``code`` names; InvalidInput naming ``field`` for
    an agency that is not one, NotFound for none."""
    agency_id, agency = get_agency(session, parse_agency_code(code))
    if agency.kind is not AgencyKind.BANK:
        raise InvalidInput(f"{agency.code} is not a bank or exchange (register one with "
                           "`counterfraud agency add --kind bank`)", field=field)
    return agency_id, agency


@dataclass(frozen=True, slots=True)
class Ask:
    """What one request asks: its accounts, whom (a registered institution's code, or
    words naming one that is not), how much and by when."""

    accounts: tuple[Identifier, ...]
    institution: str | None = None
    addressee: str | None = None
    amount: Money | None = None
    deadline: datetime | None = None


def identifier_of(kind: str, value: str, *, region: str | None = None,
                  field: str = "accounts") -> Identifier:
    """One identifier as typed (``kind``, ``value``; national phone formats read in
    ``region``), canonical; InvalidInput naming ``field`` otherwise."""
    try:
        return normalize(IdentifierKind.parse(kind), value, region=region)
    except InvalidInput as e:
        raise InvalidInput(f"{field}: {e}", field=field) from e


def ask_of(accounts: Sequence[tuple[str, str, str | None]], *, institution: str | None = None,
           addressee: str | None = None, amount: str | None = None,
           currency: str | None = None, deadline: datetime | None = None) -> Ask:
    """An :class:`Ask` from what an officer typed: accounts as (kind, value, region), an
    amount with its currency (both or neither)."""
    if (amount is None) != (currency is None):
        raise InvalidInput("give the amount and its currency, or neither",
                           field="currency" if currency is None else "amount")
    money = (Money(amount, currency)  # type: ignore[arg-type]  # Money checks the text
             if amount is not None and currency is not None else None)
    return Ask(tuple(identifier_of(k, v, region=r) for k, v, r in accounts),
               institution=institution, addressee=addressee, deadline=deadline, amount=money)


def raise_request(session: Session, case_row: CaseRow, ask: Ask, *, requester: str,
                  marking: Marking, actor: str, at: datetime) -> FreezeView:
    """Raise one request of the case in ``case_row`` (which the caller may write within),
    in the caller's transaction: PermissionDenied with the rule's words when the
    cross-border rule refuses it, InvalidInput naming the field for a bad request."""
    _, requesting = get_agency(session, requester)
    institution_id: int | None = None
    addressee = ask.addressee
    if ask.institution is not None:
        institution_id, institution = institution_of(session, ask.institution)
        addressee = institution.code
        if marking is Marking.RED:
            raise InvalidInput("a TLP:RED request never leaves the agency, so the institution "
                               "could not read it: mark it TLP:AMBER+STRICT (the institution "
                               "alone) or wider", field="marking")
        cross_border = requesting.country != institution.country
        allowed = cross_border and agreement_allows(
            list_agreements(session, agency=requesting.code), requester=requesting.code,
            institution=institution.code, marking=marking, at=at, case_id=case_row.id)
        refusal = case_freeze_refusal(requesting.country, nationalities(session, case_row.id),
                                      cross_border=cross_border, agreement_allows=allowed)
        if refusal is not None:
            raise PermissionDenied(f"{requesting.code} may not ask {institution.code} to "
                                   f"freeze: {refusal}")
    if addressee is None:
        raise InvalidInput("name the institution (a registered bank or exchange) or the "
                           "addressee", field="institution")
    request = core.create_freeze_request(
        id=f"FRZ-{uuid.uuid4().hex[:12].upper()}", case_id=case_row.id,
        requesting_agency=requesting.code, addressee=addressee, accounts=ask.accounts,
        actor=actor, at=at, amount=ask.amount, deadline=ask.deadline)
    rows.insert_request(session, request, agency_id=case_row.agency_id,
                        institution_id=institution_id, marking=marking)
    owner = case_rows.load_case(case_row).owner
    return FreezeView(request, owner, addressee if institution_id is not None else None,
                      marking, 1)


def request_freeze(store: Store, viewer: Viewer = OPERATOR, *, case_id: str, ask: Ask,
                   marking: str | None = None, requesting_agency: str | None = None,
                   actor: str | None = None, at: datetime | None = None,
                   via: Access | None = None) -> FreezeView:
    """Ask an institution to freeze ``ask.accounts`` for ``case_id``, as the caller's
    agency (the local operator names it, default the case's owner)."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli freeze request")
    with store.transaction() as session:
        case_row = writable_case(session, viewer, case_id)
        case = case_rows.load_case(case_row)
        requester = viewer.agency or (parse_agency_code(requesting_agency)
                                      if requesting_agency else case.owner)
        chosen = Marking.parse(marking) if marking is not None else case.tlp
        view = raise_request(session, case_row, ask, requester=requester, marking=chosen,
                             actor=actor or who.actor, at=at or datetime.now(UTC))
        record(session, who, Action.WRITE, [view.request.id],
               {"change": "requested", "case": case_id, "institution": view.institution,
                "accounts": len(ask.accounts), "marking": chosen.value})
        return view


def answer(store: Store, viewer: Viewer, request_id: str, reply: str, *,
           amount: str | None = None, currency: str | None = None, reason: str = "",
           actor: str | None = None, at: datetime | None = None,
           via: Access | None = None) -> FreezeView:
    """The addressee's answer (see :func:`parse_answer`): ``amount`` frozen (for frozen,
    default the amount asked; required for partly_frozen), ``reason`` for refused. The
    first answer is final: another one is Conflict naming the request, whether it raced
    the first (the optimistic lock) or came after it."""
    status = parse_answer(reply)
    who = audit.access_of(via, viewer, path="cli freeze answer")
    with store.transaction() as session:
        stored = rows.visible_request(session, viewer, request_id)
        if viewer.agency != stored.institution:
            access.require_role(viewer, WRITER)
        if not can_answer(viewer, owner=stored.owner, addressee=stored.institution):
            raise PermissionDenied(f"only {stored.institution or stored.owner} answers "
                                   f"freeze request {request_id}")
        request = stored.load()
        if request.answered:
            raise Conflict(f"freeze request {request_id} was already answered "
                           f"({request.status.value}); the first answer is final")
        frozen = _frozen(request, status, amount, currency)
        answered = core.answer_freeze(request, status, actor=actor or who.actor,
                                      at=at or datetime.now(UTC), amount_frozen=frozen,
                                      refusal_reason=reason)
        version = rows.save_request(session, stored, answered)
        record(session, who, Action.WRITE, [request_id],
               {"change": "answered", "answer": status.value,
                "amount_frozen": _money(frozen), "hours_to_answer": time_to_answer(answered)})
        return FreezeView(answered, stored.owner, stored.institution, stored.marking, version)


def _frozen(request: FreezeRequest, status: FreezeStatus, amount: str | None,
            currency: str | None) -> Money | None:
    if amount is None:
        if currency is not None:
            raise InvalidInput("a currency goes with an amount", field="amount")
        return request.amount if status is FreezeStatus.FROZEN else None
    code = currency or (request.amount.currency if request.amount else None)
    if code is None:
        raise InvalidInput("give the currency of the amount frozen (the request names "
                           "none)", field="currency")
    return Money(amount, code)  # type: ignore[arg-type]  # Money checks and names the field


def get_request(store: Store, viewer: Viewer, request_id: str, *,
                via: Access | None = None) -> FreezeView:
    """One request, if ``viewer`` may see it (NotFound otherwise); the read is audited."""
    who = audit.access_of(via, viewer, path="cli freeze show")
    with store.transaction() as session:
        _require_reader(session, viewer)
        view = _view(rows.visible_request(session, viewer, request_id))
        record(session, who, Action.READ, [request_id], {})
        return view


def list_requests(store: Store, viewer: Viewer, *, case_id: str | None = None,
                  status: str | None = None, limit: int = 100, offset: int = 0,
                  via: Access | None = None) -> list[FreezeView]:
    """The requests ``viewer`` may see, oldest first; the read is audited."""
    if not 1 <= limit <= 10_000:
        raise InvalidInput("limit must be from 1 to 10000", field="limit")
    wanted = None
    if status is not None:
        wanted = (FreezeStatus.REQUESTED if status.strip().lower() == "requested"
                  else parse_answer(status))
    who = audit.access_of(via, viewer, path="cli freeze list")
    with store.transaction() as session:
        _require_reader(session, viewer)
        found = [_view(s) for s in rows.list_requests(
            session, viewer, case_id=case_id, status=wanted, limit=limit, offset=offset)]
        if found:
            record(session, who, Action.READ, [v.request.id for v in found],
                   {"case": case_id} if case_id else {})
        return found


def queue(store: Store, viewer: Viewer, *, institution: str | None = None,
          limit: int = 100, via: Access | None = None) -> list[FreezeView]:
    """The open requests addressed to the caller's bank (the local operator names the
    bank: ``institution``), oldest first, with their accounts; the read is audited.

    Banks poll this all day, so a queue that holds requests is read by one statement
    (the bank's kind checked within it), its entry in the same transaction, committed
    as a read's is (``audit.record(..., read_only=True)``: on PostgreSQL without waiting
    for the disk); only an empty answer asks why (no such bank, not a bank, or nothing
    addressed to it)."""
    if not 1 <= limit <= QUEUE_LIMIT:
        raise InvalidInput(f"limit must be from 1 to {QUEUE_LIMIT}", field="limit")
    code = _bank_code(viewer, institution)
    who = audit.access_of(via, viewer, path="cli freeze queue")
    with store.transaction() as session:
        found = rows.queue(session, code, limit=limit)
        if not found:
            _bank_of(session, viewer, institution)
            return []
        views = [_view(s) for s in found]
        record(session, who, Action.READ, [v.request.id for v in views], {"queue": code})
        return views


async def queue_async(store: Store, viewer: Viewer, *, limit: int = 100,
                      via: Access | None = None) -> list[FreezeView]:
    """:func:`queue` for the event loop, in a worker thread."""
    return await asyncio.to_thread(queue, store, viewer, limit=limit, via=via)


FEED_COLUMNS = ("kind", "value", "sources", "references", "listed_at", "deadline")
FEED_KINDS = (IdentifierKind.BANK_ACCOUNT, IdentifierKind.CRYPTO_WALLET)


def feed(store: Store, viewer: Viewer, fmt: FeedFormat, *, institution: str | None = None,
         since: datetime | None = None, via: Access | None = None) -> str:
    """The suspected accounts a bank may see, for the batch it runs every few hours: the
    accounts and wallets of the open requests addressed to it, and those of the active
    blocklist entries it may see (its own, TLP:CLEAR, the operator's GREEN ones, and
    what agreements give it). One row per account, naming its sources and references
    (``freeze/ID``, ``blocklist/ID``), the earliest time it was listed and the earliest
    deadline. With ``since``, only what was listed at or after it. CSV (no cell starts
    a formula) or JSON; the read goes on the audit trail."""
    if fmt not in (FeedFormat.CSV, FeedFormat.JSON):
        raise InvalidInput("the freeze feed is csv or json", field="format")
    who = audit.access_of(via, viewer, path="cli freeze feed")
    with store.transaction() as session:
        bank_id, bank = _bank_of(session, viewer, institution)
        as_bank = Viewer(agency=bank.code, role=ApiRole.OPERATOR)
        accounts = rows.open_accounts(session, as_bank, bank_id, since=since)
        entries = [e for kind in FEED_KINDS for e in blocklist_rows.load_entries(
            session, status=EntryStatus.ACTIVE, kind=kind, viewer=as_bank)
            if since is None or (e.created_at is not None and e.created_at >= since)]
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for a in accounts:
            _merge(merged, a.kind, a.value, source="freeze_request",
                   ref=freeze_ref(a.request_id), listed=a.requested_at, deadline=a.deadline)
        for e in entries:
            _merge(merged, e.kind.value, e.value, source="blocklist",
                   ref=f"blocklist/{e.id}", listed=e.created_at, deadline=None)
        refs, summary = audit.summarised(
            sorted({r for row in merged.values() for r in row["references"]}))
        audit.record(session, actor=who.actor, action=Action.READ, path=who.path,
                     record_type=RECORD, records=refs, read_only=True,
                     detail={"feed": bank.code, "format": fmt.value, "since": _iso(since),
                             "accounts": len(merged), **summary})
    listed = sorted(merged.values(), key=lambda row: (row["listed_at"] or "", row["kind"],
                                                       row["value"]))
    return _render(listed, fmt, bank=bank.code, since=since)


def _merge(merged: dict[tuple[str, str], dict[str, Any]], kind: str, value: str, *,
           source: str, ref: str, listed: datetime | None,
           deadline: datetime | None) -> None:
    row = merged.setdefault((kind, value), {"kind": kind, "value": value, "sources": [],
                                            "references": [], "listed_at": None,
                                            "deadline": None})
    if source not in row["sources"]:
        row["sources"].append(source)
    row["references"].append(ref)
    for name, at in (("listed_at", listed), ("deadline", deadline)):
        text = at.astimezone(UTC).isoformat() if at is not None else None
        if text is not None and (row[name] is None or text < row[name]):
            row[name] = text


def _render(listed: list[dict[str, Any]], fmt: FeedFormat, *, bank: str,
            since: datetime | None) -> str:
    if fmt is FeedFormat.JSON:
        return json.dumps({"institution": bank, "generated_at": datetime.now(UTC).isoformat(),
                           "since": _iso(since), "accounts": listed}, ensure_ascii=False,
                          indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FEED_COLUMNS)
    for row in listed:
        writer.writerow([spreadsheet_safe(";".join(row[c]) if isinstance(row[c], list)
                                          else "" if row[c] is None else row[c])
                         for c in FEED_COLUMNS])
    return out.getvalue()


def _bank_code(viewer: Viewer, institution: str | None) -> str:
    """The code of the bank whose queue or feed is read: the caller's own agency; the
    local operator names one."""
    if viewer.agency is None:
        if institution is None:
            raise InvalidInput("name the bank whose queue to read", field="institution")
        return parse_agency_code(institution)
    if institution is not None and parse_agency_code(institution) != viewer.agency:
        raise PermissionDenied(f"{viewer.agency} reads its own queue only")
    return viewer.agency


def _bank_of(session: Session, viewer: Viewer, institution: str | None) -> tuple[int, Agency]:
    """The bank whose queue or feed is read (:func:`_bank_code`), which must be a bank
    or exchange."""
    code = _bank_code(viewer, institution)
    if viewer.agency is None:
        return institution_of(session, code)
    agency_id, agency = get_agency(session, viewer.agency)
    if agency.kind is not AgencyKind.BANK:
        raise PermissionDenied(f"the freeze queue and feed are for banks and exchanges; "
                               f"{agency.code} is registered as an agency")
    return agency_id, agency


def _require_reader(session: Session, viewer: Viewer) -> None:
    """Analysts and admins read requests; a bank's keys of any role read those
    addressed to it (the rule of what it sees does the rest)."""
    if (viewer.agency is not None and viewer.role is not ApiRole.ADMIN
            and get_agency(session, viewer.agency)[1].kind is AgencyKind.BANK):
        return
    access.require_role(viewer, WRITER)


def record(target: Session | Store, who: Access, action: Action, request_ids: Sequence[str],
           detail: dict[str, Any]) -> None:
    """One audit entry for a read or a write of freeze requests, in the caller's
    transaction (a session), or on its own through the trail's group commit (the store:
    durable when this returns)."""
    refs, summary = audit.summarised([freeze_ref(r) for r in request_ids])
    audit.record(target, actor=who.actor, action=action, path=who.path, record_type=RECORD,
                 records=refs, detail={**detail, **summary},
                 read_only=action is Action.READ)
