"""Victims as a service: record one on a case, read and list them, move them along
missing -> located -> rescued -> repatriated with the agencies of each step, their last
known location, losses and markings, and the ransom demands of their captors
(:func:`record_ransom`), each in one transaction with its audit entry.

Who may do what:

- Keys of the analyst and admin roles; operator keys (banks' and telecoms' screening
  keys) read nothing here (PermissionDenied).
- A victim is personal data, TLP:RED unless its owner re-marks it: it is read by its
  owning agency (the case's) and by another agency only where the victim is not RED and
  an agreement from the owner names record type ``victim`` and its marking (a joint-case
  agreement naming ``victim`` counts for that case). Seeing the case is not enough.
  Anyone else gets NotFound, alike for a victim that does not exist.
- Whoever may write within the case (``store.case_records.writable_case``: the owner,
  the local operator, joint-case participants) records and updates its victims, if it
  also sees them; only the owner re-marks one.

A victim is reached through the case officer (name and agency), never through a contact
of the victim's own; the family's contact is kept when the family reported them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from counterfraud.cases import victims as core
from counterfraud.cases.freeze import likely_addressee, pap_allows_blocking
from counterfraud.cases.requests import FREEZABLE_KINDS
from counterfraud.cases.states import VictimStatus
from counterfraud.cases.timeline import append
from counterfraud.cases.victims import Location, Money, Officer, Victim, VictimKind
from counterfraud.domain import OPERATOR, ApiRole, EntrySource, Marking, RecordType, Viewer
from counterfraud.errors import InvalidInput, PermissionDenied
from counterfraud.identifiers.types import Identifier
from counterfraud.services import access, audit, blocklist, freeze
from counterfraud.services.audit import Access, Action
from counterfraud.services.blocklist import PromoteResult
from counterfraud.services.freeze import FreezeView
from counterfraud.services.store import Store
from counterfraud.store import cases as case_rows
from counterfraud.store import victims as rows
from counterfraud.store.case_records import writable_case
from counterfraud.store.case_tables import CaseRow, VictimRow

WRITER = ApiRole.ANALYST  # analysts and admins read and write victims; never operator keys
RECORD = RecordType.VICTIM.value


def victim_ref(victim_id: str) -> str:
    """How the audit trail names a victim: by the pseudonym, never a name."""
    return f"victim/{victim_id}"


@dataclass(frozen=True, slots=True)
class VictimView:
    """A victim with its owner, marking and version, as a reader gets it."""

    victim: Victim
    owner: str
    marking: Marking
    version: int

    def as_dict(self) -> dict[str, Any]:
        v = self.victim
        return {
            "id": v.id, "case_id": v.case_id, "owner": self.owner,
            "marking": self.marking.value, "version": self.version, "kind": v.kind.value,
            "nationality": v.nationality, "status": v.status.value,
            "officer": ({"name": v.officer.name, "agency": v.officer.agency}
                        if v.officer else None),
            "family_contact": v.family_contact or None,
            "location": location_json(v.location),
            "losses": [money_json(m) for m in v.losses],
            "history": [{"status": c.status.value, "at": c.at.isoformat(), "actor": c.actor,
                         "agencies": list(c.agencies)} for c in v.history],
            "ransom_demands": [{"at": d.at.isoformat(), **money_json(d.money),
                                "payment_identifiers": [
                                    {"kind": i.kind.value, "value": i.value}
                                    for i in d.payment_identifiers]}
                               for d in v.ransom_demands],
            "timeline": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                          "detail": e.detail} for e in v.timeline],
        }


def money_json(money: Money) -> dict[str, str]:
    return {"amount": str(money.amount), "currency": money.currency}


def location_json(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {"country": location.country, "place": location.place or None,
            "latitude": location.latitude, "longitude": location.longitude}


def parse_kind(raw: str) -> VictimKind:
    try:
        return VictimKind(raw.strip().lower()) if isinstance(raw, str) else VictimKind(raw)
    except ValueError:
        known = ", ".join(k.value for k in VictimKind)
        raise InvalidInput(f"unknown victim kind {raw!r}; known: {known}",
                           field="kind") from None


def parse_status(raw: str) -> VictimStatus:
    try:
        return VictimStatus(raw.strip().lower()) if isinstance(raw, str) else VictimStatus(raw)
    except ValueError:
        known = ", ".join(s.value for s in VictimStatus)
        raise InvalidInput(f"unknown victim status {raw!r}; known: {known}",
                           field="status") from None


def parse_location(country: str | None, *, place: str | None = None,
                   latitude: float | None = None,
                   longitude: float | None = None) -> Location | None:
    """A last known location (a compound's or site's name, its country, coordinates when
    known), or None when nothing is given; InvalidInput naming ``location.*``."""
    if country is None:
        if place or latitude is not None or longitude is not None:
            raise InvalidInput("a location needs its country", field="location.country")
        return None
    return Location(country, latitude, longitude, place or "")


def money_of(amount: str, currency: str, *, field: str = "amount") -> Money:
    """An amount and its currency; InvalidInput naming ``field`` or ``currency``."""
    try:
        return Money(amount, currency)  # type: ignore[arg-type]  # checked by Money itself
    except InvalidInput as e:
        raise InvalidInput(str(e).replace("amount", field, 1),
                           field=field if e.field == "amount" else e.field) from None


def add_victim(store: Store, viewer: Viewer = OPERATOR, *, case_id: str, victim_id: str,
               kind: str, nationality: str, officer: str, officer_agency: str | None = None,
               family_contact: str = "", status: str = "missing",
               location: Location | None = None, agencies: Sequence[str] = (),
               losses: Sequence[Money] = (), marking: str | None = None,
               actor: str | None = None, at: datetime | None = None,
               via: Access | None = None) -> VictimView:
    """Record a victim on ``case_id`` under a pseudonymous ``victim_id``, reached through
    ``officer`` of ``officer_agency`` (default: the writer's agency, else the case's
    owner). Marked TLP:RED unless ``marking`` says otherwise (the case's owner only may
    choose another)."""
    access.require_role(viewer, WRITER)
    chosen = Marking.parse(marking) if marking is not None else rows.DEFAULT_MARKING
    who = audit.access_of(via, viewer, path="cli victims add")
    when = at or datetime.now(UTC)
    with store.transaction() as session:
        case_row = writable_case(session, viewer, case_id,
                                 owner_only=chosen is not rows.DEFAULT_MARKING)
        owner = _code(session, case_row.agency_id)
        victim = core.create_victim(
            id=victim_id, case_id=case_id, kind=parse_kind(kind), nationality=nationality,
            actor=actor or who.actor, at=when, status=parse_status(status),
            location=location, agencies=tuple(agencies), family_contact=family_contact,
            officer=Officer(officer, officer_agency or viewer.agency or owner))
        for money in losses:
            victim = core.add_loss(victim, money, actor=actor or who.actor, at=when)
        rows.insert_victim(session, victim, agency_id=case_row.agency_id, marking=chosen)
        _record(session, who, Action.WRITE, [victim.id],
                {"change": "recorded", "case": case_id, "marking": chosen.value})
        return VictimView(victim, owner, chosen, 1)


def get_victim(store: Store, viewer: Viewer, victim_id: str, *,
               via: Access | None = None) -> VictimView:
    """One victim, if ``viewer`` may see it (NotFound otherwise); the read is audited."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli victims show")
    with store.transaction() as session:
        row = rows.visible_victim(session, viewer, victim_id)
        view = _view(session, row)
        _record(session, who, Action.READ, [victim_id], {})
        return view


def list_victims(store: Store, viewer: Viewer, *, case_id: str | None = None,
                 status: str | None = None, limit: int = 100, offset: int = 0,
                 via: Access | None = None) -> list[VictimView]:
    """The victims ``viewer`` may see, oldest first; the read is audited."""
    access.require_role(viewer, WRITER)
    if not 1 <= limit <= 10_000:
        raise InvalidInput("limit must be from 1 to 10000", field="limit")
    wanted = parse_status(status) if status is not None else None
    who = audit.access_of(via, viewer, path="cli victims list")
    with store.transaction() as session:
        found = [_view(session, row) for row in rows.list_victims(
            session, viewer, case_id=case_id, status=wanted, limit=limit, offset=offset)]
        if found:
            _record(session, who, Action.READ, [v.victim.id for v in found],
                    {"case": case_id} if case_id else {})
        return found


Change = Callable[[Victim, str, datetime], Victim]


def change_victim(store: Store, viewer: Viewer, victim_id: str, change: Change, *,
                  what: dict[str, Any], path: str, marking: Marking | None = None,
                  actor: str | None = None, at: datetime | None = None,
                  via: Access | None = None) -> VictimView:
    """Apply ``change`` (the pure core's) to a victim ``viewer`` sees and may write
    within its case; saved over the version read, with its audit entry."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path=path)
    with store.transaction() as session:
        row = rows.visible_victim(session, viewer, victim_id)
        writable_case(session, viewer, row.case_id, owner_only=marking is not None)
        victim = change(rows.load_victim(row), actor or who.actor, at or datetime.now(UTC))
        version = rows.save_victim(session, row, victim, marking=marking)
        _record(session, who, Action.WRITE, [victim_id], what)
        return VictimView(victim, _code(session, row.agency_id),
                          marking or Marking(row.marking), version)


def move_victim(store: Store, viewer: Viewer, victim_id: str, status: str, *,
                agencies: Sequence[str] = (), location: Location | None = None,
                actor: str | None = None, at: datetime | None = None,
                via: Access | None = None) -> VictimView:
    """Move a victim to ``status`` (the lifecycle decides; InvalidInput naming the
    current state and the allowed next ones), with the agencies involved and, when
    given, where the victim now is."""
    target = parse_status(status)
    return change_victim(
        store, viewer, victim_id,
        lambda v, who, when: core.move_victim(v, target, actor=who, at=when,
                                              location=location, agencies=tuple(agencies)),
        what={"change": "status", "status": target.value, "agencies": list(agencies)},
        path="cli victims move", actor=actor, at=at, via=via)


def locate(store: Store, viewer: Viewer, victim_id: str, location: Location, *,
           actor: str | None = None, at: datetime | None = None,
           via: Access | None = None) -> VictimView:
    """Record where the victim was last known to be (a compound, a site)."""
    return change_victim(
        store, viewer, victim_id,
        lambda v, who, when: core.relocate(v, location, actor=who, at=when),
        what={"change": "location", "country": location.country}, path="cli victims locate",
        actor=actor, at=at, via=via)


def add_loss(store: Store, viewer: Viewer, victim_id: str, money: Money, *,
             actor: str | None = None, at: datetime | None = None,
             via: Access | None = None) -> VictimView:
    """Add a loss to the victim's total in its currency."""
    return change_victim(
        store, viewer, victim_id,
        lambda v, who, when: core.add_loss(v, money, actor=who, at=when),
        what={"change": "loss", **money_json(money)}, path="cli victims loss",
        actor=actor, at=at, via=via)


def remark(store: Store, viewer: Viewer, victim_id: str, marking: str, *,
           actor: str | None = None, at: datetime | None = None,
           via: Access | None = None) -> VictimView:
    """Re-mark a victim (the case's owner only). A victim leaves its agency only once
    re-marked from TLP:RED and where an agreement names record type ``victim``."""
    chosen = Marking.parse(marking)
    return change_victim(
        store, viewer, victim_id,
        lambda v, who, when: replace(v, timeline=append(
            v.timeline, actor=who, at=when, action="marking", detail=chosen.value)),
        what={"change": "marking", "marking": chosen.value}, path="cli victims mark",
        marking=chosen, actor=actor, at=at, via=via)


def _view(session: Session, row: VictimRow) -> VictimView:
    return VictimView(rows.load_victim(row), _code(session, row.agency_id),
                      Marking(row.marking), row.version)


def _code(session: Session, agency_id: int) -> str:
    return rows.agency_code(session, agency_id)


def _record(session: Session, who: Access, action: Action, victim_ids: Sequence[str],
            detail: dict[str, Any]) -> None:
    """One audit entry for a read or a write of victims, in the caller's transaction."""
    audit.record(session, actor=who.actor, action=action, path=who.path, record_type=RECORD,
                 records=[victim_ref(v) for v in victim_ids], detail=detail,
                 read_only=action is Action.READ)



@dataclass(frozen=True, slots=True)
class Payment:
    """Where captors want a ransom paid, and the registered bank or exchange holding it
    when known."""

    identifier: Identifier
    institution: str | None = None


@dataclass(frozen=True, slots=True)
class RansomResult:
    """What recording a demand did: the victim with it; the blocklist's counts, or None
    when the case's PAP withholds blocking (``blocking`` says why); the freeze requests
    raised, and the accounts none could be raised for, with the reason."""

    victim: VictimView
    blocked: PromoteResult | None
    blocking: str
    requests: list[FreezeView]
    not_requested: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"victim": self.victim.as_dict(),
                "blocked": self.blocked.as_dict() if self.blocked else None,
                "blocking": self.blocking,
                "freeze_requests": [r.as_dict() for r in self.requests],
                "not_requested": self.not_requested}


def payment_of(kind: str, value: str, *, region: str | None = None,
               institution: str | None = None) -> Payment:
    """A payment identifier as typed; InvalidInput naming ``payment_identifiers``."""
    return Payment(freeze.identifier_of(kind, value, region=region,
                                        field="payment_identifiers"), institution)


def record_ransom(store: Store, viewer: Viewer, victim_id: str, money: Money,
                  payments: Sequence[Payment], *, institution: str | None = None,
                  actor: str | None = None, at: datetime | None = None,
                  via: Access | None = None) -> RansomResult:
    """Record what captors demand and where, in one transaction:

    - the demand on the victim;
    - every payment identifier (account, wallet, phone, handle) on the blocklist at
      once, owned by the case's agency, marked with the case's marking, the case named
      in the reason; only when the case's PAP allows blocking (CLEAR, GREEN): under
      AMBER or RED the demand is recorded and nothing blocked, and the result says so;
    - a freeze request for its accounts and wallets: one to each registered institution
      named (per payment, else ``institution``), and one for each account no
      institution is named for, addressed in words to whoever its details suggest (an
      exchange for a wallet's chain, a bank of an IBAN's country), for the officer to
      send by other means. A request the freeze rule refuses is listed with the reason.

    An unknown or non-bank institution is InvalidInput (nothing written)."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli victims ransom")
    when = at or datetime.now(UTC)
    with store.transaction() as session:
        for code in {p.institution or institution for p in payments} - {None}:
            freeze.institution_of(session, code or "")
        row = rows.visible_victim(session, viewer, victim_id)
        case_row = writable_case(session, viewer, row.case_id)
        case = case_rows.load_case(case_row)
        identifiers = tuple(p.identifier for p in payments)
        demand = core.RansomDemand(when, money, identifiers)
        victim = core.record_ransom_demand(rows.load_victim(row), demand,
                                           actor=actor or who.actor)
        version = rows.save_victim(session, row, victim)
        blocked, blocking = None, (f"not blocked: the case is {case.pap.value}, which allows "
                                   "no blocking (the captors would notice)")
        if pap_allows_blocking(case.pap):
            reason = f"payment identifier of a ransom demand in case {case.id}"
            # the blocklist's own writer, in this transaction: all or nothing
            blocked = blocklist._add_many(
                session, [(i, [], reason, case.tlp) for i in identifiers
                          if i.kind in blocklist.BLOCKABLE],
                actor=actor or who.actor, source=EntrySource.MANUAL, who=who,
                agency_id=case_row.agency_id)
            blocking = "blocked"
        raised, refused = _freeze_payments(
            session, case_row, payments, institution=institution,
            requester=viewer.agency or case.owner, marking=case.tlp,
            actor=actor or who.actor, at=when)
        if raised:
            freeze.record(session, who, Action.WRITE, [r.request.id for r in raised],
                          {"change": "requested", "case": case.id, "ransom": victim_id})
        _record(session, who, Action.WRITE, [victim_id],
                {"change": "ransom demand", **money_json(money),
                 "payment_identifiers": len(identifiers), "blocking": blocking,
                 "freeze_requests": [r.request.id for r in raised]})
        view = VictimView(victim, _code(session, row.agency_id), Marking(row.marking), version)
        return RansomResult(view, blocked, blocking, raised, refused)


def _freeze_payments(session: Session, case_row: CaseRow, payments: Sequence[Payment], *,
                     institution: str | None, requester: str, marking: Marking, actor: str,
                     at: datetime) -> tuple[list[FreezeView], list[dict[str, Any]]]:
    by_institution: dict[str, list[Identifier]] = {}
    asks: list[freeze.Ask] = []
    for p in payments:
        if p.identifier.kind not in FREEZABLE_KINDS:
            continue
        code = p.institution or institution
        if code is None:
            asks.append(freeze.Ask((p.identifier,),
                                   addressee=likely_addressee(p.identifier)))
        elif p.identifier not in by_institution.setdefault(code, []):
            by_institution[code].append(p.identifier)
    asks[:0] = [freeze.Ask(tuple(accounts), institution=code)
                for code, accounts in sorted(by_institution.items())]
    raised: list[FreezeView] = []
    refused: list[dict[str, Any]] = []
    for ask in asks:
        try:
            raised.append(freeze.raise_request(session, case_row, ask, requester=requester,
                                               marking=marking, actor=actor, at=at))
        except (PermissionDenied, InvalidInput) as e:
            if isinstance(e, InvalidInput) and e.field != "marking":
                raise
            refused.append({"institution": ask.institution,
                            "accounts": [{"kind": a.kind.value, "value": a.value}
                                         for a in ask.accounts], "reason": str(e)})
    return raised, refused
