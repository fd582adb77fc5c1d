"""Suspects as a service: proposed from the core members of the networks a case touches,
confirmed by an analyst or added by hand, moved from identified to convicted (arrests and
handovers with their dates, agencies, legal basis and references), read and listed.
Each command is one transaction with its audit entry; every read goes on the trail.

Who may do what (as for takedown requests, ``services.takedowns``):

- Keys of the analyst and admin roles; operator keys nothing here.
- A suspect is read by whoever the one visibility rule lets see it (record type
  ``suspect``, the case's owner and marking); NotFound otherwise.
- Suspects are added and moved by whoever may write within the case (owner, local
  operator, joint-case participant) and may read its suspects; a participant whose
  agreement does not name them gets PermissionDenied and nothing is written.
- Proposals read the case (whoever may read it) and the networks as the caller sees
  them (``services.networks.agency_view``: analysed from only the reports it may read),
  so no member, rank, score or reason comes from a report it may not read.
- A closed case takes no new suspect (Conflict); its suspects still move (a conviction
  comes after the case is closed).
- An arrest made in a compound with no network is recorded the next day: adding,
  confirming and every move take ``at``, when it happened (time zone-aware, default
  now), kept as the suspect's history says it (``identified_at``, ``arrested_at``,
  ``handed_over_at``; a handover is dated by its move). InvalidInput naming ``at`` for
  a time before 1990, more than a day ahead, before the case was opened, or before the
  suspect's last change.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from counterfraud.cases.states import SuspectStatus
from counterfraud.cases.suspects import (
    Handover,
    HandoverBasis,
    Suspect,
    create_suspect,
    identifier_spec,
    move_suspect,
)
from counterfraud.domain import ApiRole, RecordType, Viewer
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.identifiers import display_name
from counterfraud.identifiers.types import Identifier, IdentifierKind
from counterfraud.services import access, audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.cases import after_last, not_before_opening, when
from counterfraud.services.store import Store
from counterfraud.store import cases as case_rows
from counterfraud.store import suspects as rows
from counterfraud.store.case_records import visible_case, writable_case
from counterfraud.store.networks import StoredMember

WRITER = ApiRole.ANALYST
RECORD = RecordType.SUSPECT.value
TOP = 5  # core members proposed per network
_BASES = {"extradition": HandoverBasis.EXTRADITION_TREATY,
          "treaty": HandoverBasis.EXTRADITION_TREATY}


def suspect_ref(suspect_id: str) -> str:
    """How the audit trail names a suspect."""
    return f"suspect/{suspect_id}"


def parse_status(raw: str) -> SuspectStatus:
    try:
        return SuspectStatus(raw.strip().lower())
    except (ValueError, AttributeError):
        known = ", ".join(s.value for s in SuspectStatus)
        raise InvalidInput(f"unknown suspect status {raw!r}; known: {known}",
                           field="status") from None


def parse_basis(raw: str) -> HandoverBasis:
    text = raw.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(raw, str) \
        else ""
    try:
        return _BASES.get(text) or HandoverBasis(text)
    except ValueError:
        known = ", ".join(b.value for b in HandoverBasis)
        raise InvalidInput(f"unknown legal basis {raw!r}; known: {known}",
                           field="handover.basis") from None


def as_dict(suspect: Suspect) -> dict[str, Any]:
    """The documented JSON of one suspect (CLI ``--json`` and the API)."""
    handover = suspect.handover
    return {
        "id": suspect.id, "case_id": suspect.case_id, "name": suspect.name,
        "nationality": suspect.nationality, "status": suspect.status.value,
        "identifiers": [_identifier(i) for i in suspect.identifiers],
        "source": suspect.source or None,
        "history": [{"status": s.status.value, "at": s.at.isoformat(), "actor": s.actor,
                     "agency": s.agency or None, "reference": s.reference or None}
                    for s in suspect.history],
        "handover": None if handover is None else {
            "from_country": handover.from_country, "to_country": handover.to_country,
            "basis": handover.basis.value, "reference": handover.reference,
            "at": handover.at.isoformat()},
        "timeline": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                      "detail": e.detail} for e in suspect.timeline],
    }


def _identifier(identifier: Identifier) -> dict[str, str]:
    return {"kind": identifier.kind.value, "value": identifier.value,
            "display": display_name(identifier)}


def _new_id() -> str:
    return f"SU-{secrets.token_hex(5).upper()}"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A core member of a network the case touches, as the caller sees that network:
    ``linked`` when the case links the network, ``through`` the case's identifiers that
    are members of it, ``suspect`` the id of a suspect of the case already holding it."""

    network_id: str
    member: StoredMember
    linked: bool
    through: tuple[Identifier, ...]
    suspect: str | None

    def as_dict(self) -> dict[str, Any]:
        m = self.member
        return {"network": self.network_id, "member": _identifier(m.identifier),
                "rank": m.core_rank, "score": m.core_score, "why": m.why,
                "linked": self.linked, "through": [_identifier(i) for i in self.through],
                "suspect": self.suspect}


def _view(store: Store, viewer: Viewer) -> int | None:
    if viewer.agency is None:
        return None
    from counterfraud.services import networks  # the graph libraries, only when needed

    return networks.agency_view(store, viewer)


def proposals(store: Store, viewer: Viewer, case_id: str, *, top: int = TOP,
              via: Access | None = None) -> list[Proposal]:
    """The ``top`` core members of each network the case links or that holds one of its
    identifiers, as ``viewer`` sees the networks, with why; NotFound if it may not read
    the case. The read of the networks goes on the audit trail."""
    access.require_role(viewer, WRITER)
    if isinstance(top, bool) or not 1 <= top <= 50:
        raise InvalidInput("top must be 1 to 50", field="top")
    who = audit.access_of(via, viewer, path="cli suspects propose")
    with store.transaction() as session:
        case = case_rows.load_case(visible_case(session, viewer, case_id))
    view_id = _view(store, viewer)
    with store.transaction() as session:
        holding = rows.networks_holding(session, case.identifiers, view_id=view_id)
        core = rows.core_members(session, holding | set(case.network_ids), view_id=view_id,
                                 top=top)
        held = {i: s.id for s in rows.case_suspects(session, viewer, case_id)
                for i in s.identifiers}
        through = rows.members_among(session, list(core), case.identifiers, view_id=view_id)
        found = [Proposal(network_id, m, network_id in case.network_ids,
                          tuple(sorted(through.get(network_id, ()),
                                       key=lambda i: (i.kind, i.value))),
                          held.get(m.identifier))
                 for network_id in sorted(core) for m in core[network_id]]
        if found:
            audit.record(session, actor=who.actor, action=Action.READ, path=who.path,
                         record_type=RecordType.NETWORK.value, records=sorted(core),
                         detail={"case": case_id, "proposals": len(found)}, read_only=True)
        return found


def add_suspect(store: Store, viewer: Viewer, case_id: str, *, name: str,
                nationality: str | None = None, identifiers: Sequence[str] = (),
                at: datetime | None = None, via: Access | None = None) -> Suspect:
    """Add a suspect by hand, identified ``at`` (default now): ``name`` as the case knows
    it, ``identifiers`` as ``kind:value``."""
    access.require_role(viewer, WRITER)
    identified = when(at)
    parsed = tuple(dict.fromkeys(identifier_spec(text, field="identifiers")
                                 for text in identifiers))
    who = audit.access_of(via, viewer, path="cli suspects add")
    return _add(store, viewer, case_id, who, name=name, nationality=nationality or None,
                identifiers=parsed, source="", at=identified, detail={"change": "added"})


def confirm(store: Store, viewer: Viewer, case_id: str, network_id: str, member: str, *,
            name: str | None = None, nationality: str | None = None,
            at: datetime | None = None, via: Access | None = None) -> Suspect:
    """Make ``member`` (``kind:value``) of network ``network_id``, as ``viewer`` sees
    it, a suspect of the case, identified ``at`` (default now); a person's name and
    nationality come from the member unless given. NotFound when the viewer sees no
    such member."""
    access.require_role(viewer, WRITER)
    identified = when(at)
    identifier = identifier_spec(member, field="member")
    who = audit.access_of(via, viewer, path="cli suspects confirm")
    with store.transaction() as session:  # the case first: a network is never probed
        writable_case(session, viewer, case_id, lock=False)
    view_id = _view(store, viewer)
    with store.transaction() as session:
        found = rows.member(session, network_id, identifier, view_id=view_id)
    if found is None:
        raise NotFound(f"no member {identifier.kind.value}:{identifier.value} of network "
                       f"{network_id!r} visible to you")
    source = (f"network {network_id}: core member {found.core_rank}"
              + (f" ({found.why})" if found.why else "")
              if found.core_rank is not None else f"network {network_id}: member")
    return _add(store, viewer, case_id, who, name=name or _name_of(identifier),
                nationality=nationality or _nationality_of(identifier),
                identifiers=(identifier,), source=source, at=identified,
                detail={"change": "confirmed", "network": network_id})


def _name_of(identifier: Identifier) -> str:
    if identifier.kind is IdentifierKind.PERSON:
        return identifier.value.split("|", 1)[0].strip() or identifier.value
    return display_name(identifier)


def _nationality_of(identifier: Identifier) -> str | None:
    if identifier.kind is not IdentifierKind.PERSON:
        return None
    return next((s[2:].strip().upper() for s in identifier.value.split("|")[1:]
                 if s.startswith("n:") and s[2:].strip()), None)


def _add(store: Store, viewer: Viewer, case_id: str, who: Access, *, name: str,
         nationality: str | None, identifiers: tuple[Identifier, ...], source: str,
         at: datetime, detail: dict[str, Any]) -> Suspect:
    with store.transaction() as session:
        row = writable_case(session, viewer, case_id)
        case = case_rows.load_case(row)
        if case.closed:
            raise Conflict(f"case {case_id} is {case.status.value}: reopen it to add "
                           "suspects")
        not_before_opening(case, at, "identified")
        for other in rows.case_suspects(session, viewer, case_id):
            shared = set(other.identifiers) & set(identifiers)
            if shared:
                one = min(shared, key=lambda i: (i.kind, i.value))
                raise Conflict(f"suspect {other.id} of case {case_id} already holds "
                               f"{one.kind.value}:{one.value}")
        suspect = create_suspect(id=_new_id(), case_id=case.id, name=name,
                                 nationality=nationality, identifiers=identifiers,
                                 actor=who.actor, at=at, source=source)
        rows.insert_suspect(session, suspect, case_row=row)
        _require_readable(session, viewer, suspect.id, case_id)
        _record(session, who, Action.WRITE, [suspect.id],
                {**detail, "case": case_id, "identifiers": len(identifiers)})
        return suspect


def _require_readable(session: Session, viewer: Viewer, suspect_id: str,
                      case_id: str) -> None:
    if not rows.readable(session, viewer, suspect_id):
        raise PermissionDenied(f"{viewer.agency} writes within case {case_id} but its "
                               "agreement does not let it read suspects of the case's "
                               "marking: the owner names them in the invitation")


def move(store: Store, viewer: Viewer, suspect_id: str, status: str, *, agency: str = "",
         reference: str = "", handover_from: str | None = None,
         handover_to: str | None = None, basis: str | None = None,
         at: datetime | None = None, via: Access | None = None) -> Suspect:
    """Move the suspect along its lifecycle, ``at`` (default now: when the arrest, the
    handover, the charge happened); ``agency`` is who acted and ``reference`` the
    warrant, notice or court case. The move to ``handed_over`` carries the handover
    (dated ``at``): ``handover_from``, ``handover_to``, ``basis`` and ``reference``, all
    required then and refused with any other move (InvalidInput naming the field)."""
    access.require_role(viewer, WRITER)
    target = parse_status(status)
    given = None if at is None else when(at)
    who = audit.access_of(via, viewer, path="cli suspects move")
    with store.transaction() as session:
        row = rows.suspect_row(session, viewer, suspect_id)
        writable_case(session, viewer, row.case_id)
        before = rows.load_suspect(row)
        at = after_last(given, before.timeline[-1].at)
        handover = _handover(target, origin=handover_from, destination=handover_to,
                             basis=basis, reference=reference, at=at)
        after = move_suspect(before, target, actor=who.actor, at=at, handover=handover,
                             agency=agency, reference=reference)
        rows.save_suspect(session, row, after)
        _record(session, who, Action.WRITE, [suspect_id], {
            "change": f"{before.status.value} -> {after.status.value}", "case": row.case_id,
            **({"basis": handover.basis.value} if handover else {})})
        return after


def _handover(target: SuspectStatus, *, origin: str | None, destination: str | None,
              basis: str | None, reference: str, at: datetime) -> Handover | None:
    given = {"handover.from_country": origin, "handover.to_country": destination,
             "handover.basis": basis}
    if target is not SuspectStatus.HANDED_OVER:
        named = next((f for f, v in given.items() if v), None)
        if named is not None:
            raise InvalidInput(f"a handover is recorded with the move to handed_over only, "
                               f"not {target.value}", field=named)
        return None
    missing = next((f for f, v in given.items() if not v), None)
    if missing is None and not (reference or "").strip():
        missing = "handover.reference"
    if missing is not None:
        raise InvalidInput(f"the move to handed_over needs {missing} (from and to country, "
                           "legal basis and its reference)", field=missing)
    assert origin is not None and destination is not None and basis is not None
    return Handover(origin, destination, parse_basis(basis), reference, at)


def get_suspect(store: Store, viewer: Viewer, suspect_id: str, *,
                via: Access | None = None) -> Suspect:
    """One suspect with its history (NotFound unless ``viewer`` may read it)."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli suspects show")
    with store.transaction() as session:
        suspect = rows.load_suspect(rows.suspect_row(session, viewer, suspect_id))
        _record(session, who, Action.READ, [suspect_id], {"case": suspect.case_id})
        return suspect


def list_suspects(store: Store, viewer: Viewer, *, case_id: str | None = None,
                  status: Iterable[str] = (), limit: int = 100, offset: int = 0,
                  via: Access | None = None) -> tuple[int, list[Suspect]]:
    """(how many, one page) of the suspects ``viewer`` may read, newest first."""
    access.require_role(viewer, WRITER)
    statuses = [parse_status(s).value for s in status]
    if not 1 <= limit <= 1000 or offset < 0:
        raise InvalidInput("limit must be 1 to 1000 and offset not negative", field="limit")
    who = audit.access_of(via, viewer, path="cli suspects list")
    with store.transaction() as session:
        total, found = rows.list_suspects(session, viewer, case_id=case_id, status=statuses,
                                          limit=limit, offset=offset)
        suspects = [rows.load_suspect(r) for r in found]
        if suspects:
            _record(session, who, Action.READ, [s.id for s in suspects], {"total": total})
        return total, suspects


def _record(session: Session, who: Access, action: Action, suspect_ids: list[str],
            detail: dict[str, Any]) -> None:
    audit.record(session, actor=who.actor, action=action, path=who.path, record_type=RECORD,
                 records=[suspect_ref(s) for s in suspect_ids], detail=detail,
                 read_only=action is Action.READ)
