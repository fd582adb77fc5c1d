"""What joins cases: linked cases, and the agencies invited into a joint case.

**Linked cases** of a case are the other cases the caller may see that share something
with it, each with what it shares:

- ``identifiers``: identifiers both cases hold (``case_identifiers``);
- ``networks``: network ids both cases link;
- ``through_networks``: an identifier one case holds that is a member of a network the
  other links, membership as the caller sees the networks — its own agency's view,
  analysed from only the reports it may read (``services.networks.agency_view``), or
  the latest build for the local operator.

Every case named passes the one visibility rule for the caller, and every identifier or
network named is held or linked by cases it sees, so nothing of a hidden case (not even
that it exists) is told.

**Joint cases**: the owner invites an agency with a joint-case agreement on the case
(``Agreement.case_id``): the grantee then reads the case (the visibility rule honours it)
and writes within it, and sees nothing else of the owner's. Revoking it ends both.
Invitations and their removal are the owner's (and the local operator's) alone, each in
one transaction with the case's timeline entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from counterfraud.cases import model
from counterfraud.cases.model import Case
from counterfraud.domain import (
    Agreement,
    LegalBasis,
    Marking,
    RecordType,
    Viewer,
    parse_agency_code,
)
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.identifiers.types import Identifier
from counterfraud.services import access, agreements, audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.cases import (
    WRITER,
    after_last,
    identifier_json,
    record,
    summary,
    when,
)
from counterfraud.services.store import Store
from counterfraud.store import agreements as stored_agreements
from counterfraud.store import cases as rows
from counterfraud.store.case_records import visible_case, writable_case

DEFAULT_RECORD_TYPES = (RecordType.CASE.value,)  # victims and suspects only when named


@dataclass(frozen=True, slots=True)
class NetworkLink:
    """``identifier``, held by ``holder`` (``this`` case or the ``linked`` one), is a
    member of ``network_id``, which the other case links."""

    network_id: str
    identifier: Identifier
    holder: str


@dataclass(frozen=True, slots=True)
class LinkedCase:
    case: Case
    identifiers: tuple[Identifier, ...] = ()
    networks: tuple[str, ...] = ()
    through_networks: tuple[NetworkLink, ...] = field(default=())

    @property
    def strength(self) -> int:
        return len(self.identifiers) + len(self.networks) + len(self.through_networks)

    def as_dict(self) -> dict[str, Any]:
        return {"case": summary(self.case),
                "identifiers": [identifier_json(i) for i in self.identifiers],
                "networks": list(self.networks),
                "through_networks": [{"network": n.network_id, "holder": n.holder,
                                      "identifier": identifier_json(n.identifier)}
                                     for n in self.through_networks]}


def linked_cases(store: Store, viewer: Viewer, case_id: str, *,
                 via: Access | None = None) -> list[LinkedCase]:
    """The cases ``viewer`` may see that share identifiers or networks with ``case_id``
    (NotFound if it may not see that one), most shared first; the read of every case
    named goes on the audit trail."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli cases linked")
    with store.transaction() as session:
        case = rows.load_case(visible_case(session, viewer, case_id))
        shared = rows.shared_identifiers(session, viewer, case_id)
        networked = bool(case.network_ids) or rows.any_linked_network(session)
    view_id = _view_of(store, viewer) if networked else None
    with store.transaction() as session:
        holding = (rows.networks_holding(session, case_id, view_id=view_id)
                   if networked and case.identifiers else {})
        linking = rows.cases_linking(session, viewer, case_id,
                                     {*case.network_ids, *holding})
        theirs = rows.holding_members(session, viewer, case_id, case.network_ids,
                                      view_id=view_id)
        through: dict[str, list[NetworkLink]] = {
            other: [NetworkLink(n, i, "this") for n in network_ids
                    for i in sorted(holding.get(n, ()), key=_order)]
            for other, network_ids in linking.items()}
        for other, pairs in theirs.items():
            through.setdefault(other, []).extend(NetworkLink(n, i, "linked") for n, i in pairs)
        both = {other: tuple(n for n in network_ids if n in case.network_ids)
                for other, network_ids in linking.items()}
        candidates = {*shared, *(o for o, t in through.items() if t),
                      *(o for o, b in both.items() if b)}
        found = rows.visible_cases(session, viewer, candidates)
        linked = [LinkedCase(rows.load_case(found[o]), tuple(shared.get(o, ())),
                             both.get(o, ()), tuple(through.get(o, ())))
                  for o in sorted(found)]
        linked.sort(key=lambda x: -x.strength)
        record(session, who, Action.READ, [case_id, *(x.case.id for x in linked)],
               {"linked": len(linked)})
    return linked


def _order(identifier: Identifier) -> tuple[str, str]:
    return identifier.kind.value, identifier.value


def _view_of(store: Store, viewer: Viewer) -> int | None:
    if viewer.agency is None:
        return None
    from counterfraud.services import networks  # the graph libraries, only when needed

    return networks.agency_view(store, viewer)


def invite(store: Store, viewer: Viewer, case_id: str, *, agency: str, purpose: str,
           legal_basis: str = LegalBasis.JOINT_OPERATION.value,
           record_types: Iterable[str] = DEFAULT_RECORD_TYPES,
           markings: Iterable[str] | None = None, reference: str = "",
           valid_to: datetime | None = None, at: datetime | None = None,
           via: Access | None = None) -> Agreement:
    """Invite ``agency`` into the case (owner only): a joint-case agreement from the owner
    carrying ``record_types`` (default: the case itself; victims, freeze and takedown
    requests and suspects only when named) for ``markings`` (default: the case's own,
    which they must include). A closed case invites nobody (Conflict); a TLP:RED case
    must be remarked first (TLP:RED never leaves its agency). ``at`` is when the agency
    was invited (default now; InvalidInput naming ``at`` as for every case write): the
    timeline's entry and the agreement's start."""
    access.require_role(viewer, WRITER)
    given = None if at is None else when(at)
    who = audit.access_of(via, viewer, path="cli cases invite")
    with store.transaction() as session:
        row = rows.fresh(session, writable_case(session, viewer, case_id, owner_only=True))
        case = rows.load_case(row)
        if case.closed:
            raise Conflict(f"case {case_id} is {case.status.value}: reopen it to invite "
                           "agencies")
        if case.tlp is Marking.RED:
            raise InvalidInput(f"case {case_id} is TLP:RED, which never leaves its agency: "
                               "remark it (AMBER+STRICT keeps it to the invited agencies) "
                               "before inviting", field="tlp")
        wanted = list(markings) if markings is not None else [case.tlp.value]
        agreement = agreements.parse_agreement(
            grantor=case.owner, grantee=agency, markings=wanted or [case.tlp.value],
            record_types=record_types, purpose=purpose, legal_basis=legal_basis,
            reference=reference or case_id, valid_from=given, valid_to=valid_to,
            case_id=case_id)
        if case.tlp not in agreement.markings:
            raise InvalidInput(f"the markings must include the case's own, {case.tlp.value}, "
                               "or the invited agency would not see it", field="markings")
        if not rows.agency_exists(session, agreement.grantee):
            raise NotFound(f"no agency {agreement.grantee}; add it with "
                           "`counterfraud agency add`")
        moment = after_last(given, case.timeline[-1].at)
        saved = agreements.save_agreement(session, agreement, created_by=who.actor, via=who,
                                          path=who.path)
        rows.save_case(session, row, model.invite_agency(case, agreement.grantee,
                                                         actor=who.actor, at=moment))
        record(session, who, Action.WRITE, [case_id],
                {"change": "agency invited", "agreement": saved.id})
        return saved


def remove(store: Store, viewer: Viewer, case_id: str, agency: str, *,
           via: Access | None = None) -> list[Agreement]:
    """End ``agency``'s participation (owner only): every active joint-case agreement on
    the case to it is revoked from now on; NotFound if it has none."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli cases remove")
    code = parse_agency_code(agency)
    now = datetime.now(UTC)
    with store.transaction() as session:
        row = rows.fresh(session, writable_case(session, viewer, case_id, owner_only=True))
        case = rows.load_case(row)
        active = [a for a in _joint(session, case) if a.grantee == code and a.active_at(now)]
        if not active:
            raise NotFound(f"{code} takes no part in case {case_id}")
        revoked = [stored_agreements.revoke_agreement(session, a.id or 0, now) for a in active]
        for done in revoked:
            audit.record(session, actor=who.actor, action=Action.DELETE, path=who.path,
                         record_type="agreement", records=[f"agreement/{done.id}"],
                         detail=done.as_dict())
        at = max(now, case.timeline[-1].at)
        rows.save_case(session, row, model.remove_agency(case, code, actor=who.actor, at=at))
        record(session, who, Action.WRITE, [case_id], {"change": "agency removed"})
        return revoked


def participants(store: Store, viewer: Viewer, case_id: str, *,
                 via: Access | None = None) -> list[Agreement]:
    """The joint-case agreements on the case, oldest first (revoked and expired ones
    too, with their dates), for whoever may read the case; the read goes on the trail."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli cases participants")
    with store.transaction() as session:
        case = rows.load_case(visible_case(session, viewer, case_id))
        found = _joint(session, case)
        record(session, who, Action.READ, [case_id], {"participants": len(found)})
        return found


def _joint(session: Any, case: Case) -> list[Agreement]:
    return [a for a in stored_agreements.list_agreements(session, agency=case.owner)
            if a.case_id == case.id and a.grantor == case.owner]

