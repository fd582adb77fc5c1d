"""The demo's case world written through the case services, as officers, banks and
partner agencies would write it: banks registered as agencies of kind ``bank``, the
agreements that let police ask foreign banks to freeze (Interpol's I-GRIP), then each
case of ``simulate.cases`` (opened from its template, its victims, ransom demands,
freeze and takedown requests, invitations, suspects and moves), then each bank answering
the requests in its queue.

Every write goes through the public service functions (so through their checks and onto
the audit trail, as ``demo``), as the local operator acting in the name of the case's
owner, at the time the world says it happened (the services take ``at``): cases open
on their reports' days, takedowns are answered hours later, suspects are arrested in
the raid, so the figures of each month are the world's. Safe to run again (an
interrupted demo is resumed): banks and agreements are made once, a case whose title is
already in the store is left as it is, and a bank answers only what is still waiting in
its queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from counterfraud.cases.victims import Money
from counterfraud.domain import OPERATOR, Agency, AgencyKind, ApiRole, Viewer
from counterfraud.identifiers import normalize
from counterfraud.identifiers.types import Identifier
from counterfraud.services import agreements, case_links, cases, freeze, suspects, takedowns
from counterfraud.services import victims as victim_service
from counterfraud.services.access import ensure_agency
from counterfraud.services.audit import Access
from counterfraud.services.store import Store
from counterfraud.simulate.case_specs import CaseSpec, CaseWorld, FreezeSpec, IdRef, VictimSpec

DEMO = Access(actor="demo", path="demo cases")
FREEZE_MARKINGS = ("TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT")
JOINT_RECORDS = ("case", "suspect", "takedown_request")
WORLD_START = datetime.fromisoformat("2023-01-01T00:00:00+00:00")  # the reports' first day

Accounts = frozenset[IdRef]


@dataclass(slots=True)
class CasesWritten:
    """What the stage wrote: case ids by key (those found from an earlier run too), and
    how many requests each bank answered."""

    case_ids: dict[str, str]
    written: int = 0
    answered: int = 0


def write_case_world(store: Store, world: CaseWorld, police: list[Agency], *,
                     advance: Callable[[int], None] | None = None) -> CasesWritten:
    """Write ``world`` (see the module); ``advance`` is told how many cases are done."""
    _banks(store, world, police)
    found = _existing(store)
    done = CasesWritten(case_ids={})
    waiting: dict[tuple[str, Accounts], FreezeSpec] = {}
    for number, spec in enumerate(world.cases, start=1):
        if spec.title in found:
            done.case_ids[spec.key] = found[spec.title]
        else:
            done.case_ids[spec.key] = _write_case(store, spec, waiting)
            done.written += 1
        if advance is not None:
            advance(number)
    for spec in world.cases:  # an earlier run's requests may wait in a queue too
        for request in spec.freezes:
            if request.institution is not None:
                waiting.setdefault((done.case_ids[spec.key], _accounts(request.accounts)),
                                   request)
    done.answered = sum(_answer_queue(store, bank.code, waiting) for bank in world.banks)
    return done


def _banks(store: Store, world: CaseWorld, police: list[Agency]) -> None:
    """The banks, and an agreement from each police to each foreign bank naming freeze
    requests (in force since the world's first day: the requests are dated then)."""
    for bank in world.banks:
        ensure_agency(store, Agency(bank.code, bank.country, bank.name, AgencyKind.BANK))
    existing = {(a.grantor, a.grantee) for a in agreements.list_agreements(store)
                if a.case_id is None}
    for agency in police:
        for bank in world.banks:
            if bank.country != agency.country and (agency.code, bank.code) not in existing:
                agreements.add_agreement(
                    store, grantor=agency.code, grantee=bank.code, markings=FREEZE_MARKINGS,
                    record_types=["freeze_request"], legal_basis="interpol",
                    purpose="stop payments of fraud and ransom across borders (I-GRIP)",
                    reference="demo I-GRIP arrangement", valid_from=WORLD_START,
                    created_by="demo", via=DEMO)


def _existing(store: Store) -> dict[str, str]:
    """Case id by title of every case in the store."""
    found: dict[str, str] = {}
    offset = 0
    while True:
        total, page = cases.list_cases(store, OPERATOR, limit=1000, offset=offset, via=DEMO)
        found.update((c.title, c.id) for c in page)
        offset += len(page)
        if not page or offset >= total:
            return found


def _identifier(ref: IdRef) -> Identifier:
    return normalize(ref[0], ref[1])


def _accounts(refs: tuple[IdRef, ...] | list[IdRef]) -> Accounts:
    return frozenset(refs)


def _stored_accounts(view: freeze.FreezeView) -> Accounts:
    return frozenset((a.kind.value, a.value) for a in view.request.accounts)


def _money(pair: tuple[str, str]) -> Money:
    return Money(Decimal(pair[0]), pair[1])


def _write_case(store: Store, spec: CaseSpec,
                waiting: dict[tuple[str, Accounts], FreezeSpec]) -> str:
    """One case, in the order an officer works it, each step at its time; closed last (a
    closed case takes no new work)."""
    case_id = cases.open_case(store, agency=spec.owner, scam_type=spec.scam_type,
                              title=spec.title, pap=spec.pap, at=spec.opened_at, via=DEMO,
                              identifiers=[f"{k}:{v}" for k, v in spec.identifiers]).case.id
    for agency, report_id in spec.reports:
        cases.link_report(store, OPERATOR, case_id, agency, report_id, at=spec.opened_at,
                          via=DEMO)
    raised: list[freeze.FreezeView] = []
    for victim in spec.victims:
        raised += _write_victim(store, case_id, victim)
    for request in spec.freezes:
        if not request.by_ransom:
            ask = freeze.Ask(tuple(_identifier(a) for a in request.accounts),
                             institution=request.institution,
                             addressee=None if request.institution else request.addressee,
                             amount=_money(request.amount) if request.amount else None,
                             deadline=request.deadline)
            raised.append(freeze.request_freeze(store, OPERATOR, case_id=case_id, ask=ask,
                                                at=request.requested_at, via=DEMO))
    by_accounts = {_accounts(r.accounts): r for r in spec.freezes}
    for view in raised:
        request = by_accounts[_stored_accounts(view)]
        if view.institution is None:  # sent by other means: its owner records the answer
            _answer(store, OPERATOR, view.request.id, request)
        else:
            waiting[(case_id, _stored_accounts(view))] = request
    for agency in spec.participants:
        case_links.invite(store, OPERATOR, case_id, agency=agency, record_types=JOINT_RECORDS,
                          purpose="joint investigation of this case", at=spec.invited_at,
                          via=DEMO)
    if spec.link_network:
        _suspects(store, case_id, spec)
    for target in spec.takedowns:
        sent = takedowns.request_takedown(
            store, OPERATOR, case_id, target.target[0], target.target[1],
            addressee=target.addressee, acting=spec.owner, pap_override=target.pap_override,
            at=target.sent_at, via=DEMO)
        for status, hours in target.steps:
            takedowns.move_takedown(store, OPERATOR, sent.id, status,
                                    reason=target.reason if status == "refused" else "",
                                    at=target.at(hours), via=DEMO)
    for move in spec.moves:
        cases.move_case(store, OPERATOR, case_id, move.status, at=move.at, via=DEMO)
    return case_id


def _write_victim(store: Store, case_id: str, spec: VictimSpec) -> list[freeze.FreezeView]:
    """The victim, its ransom demand (and the freeze requests it raises), its moves."""
    first, *later = spec.moves
    place = spec.location
    location = None if place is None else victim_service.parse_location(
        place[0], place=place[1], latitude=place[2], longitude=place[3])
    victim_service.add_victim(
        store, OPERATOR, case_id=case_id, victim_id=spec.id, kind=spec.kind,
        nationality=spec.nationality, officer=spec.officer[0],
        officer_agency=spec.officer[1], family_contact=spec.family_contact,
        status=first.status, agencies=first.agencies,
        location=location if first.status != "missing" else None,
        losses=[_money(spec.losses)] if spec.losses else [], at=first.at, via=DEMO)
    raised: list[freeze.FreezeView] = []
    if spec.ransom is not None:
        ransom = spec.ransom
        payments = [victim_service.Payment(_identifier((kind, value)), institution)
                    for kind, value, institution in ransom.payments]
        raised = victim_service.record_ransom(store, OPERATOR, spec.id, _money(ransom.amount),
                                              payments, at=ransom.at, via=DEMO).requests
    for move in later:
        victim_service.move_victim(
            store, OPERATOR, spec.id, move.status, agencies=move.agencies,
            location=location if move.status == "located" else None, at=move.at, via=DEMO)
    return raised


def _suspects(store: Store, case_id: str, spec: CaseSpec) -> None:
    """Link the network the case's identifiers belong to (the proposals say which), and
    confirm its members drawn as suspects; then their moves."""
    proposed = suspects.proposals(store, OPERATOR, case_id, via=DEMO)
    through: dict[str, int] = {}
    for proposal in proposed:
        through[proposal.network_id] = max(through.get(proposal.network_id, 0),
                                           len(proposal.through))
    network = min(through, key=lambda n: (-through[n], n)) if through else None
    if network is not None:
        cases.link_network(store, OPERATOR, case_id, network, at=spec.linked_at, via=DEMO)
    for person in spec.suspects:
        member = f"{person.identifier[0]}:{person.identifier[1]}"
        if network is not None:
            added = suspects.confirm(store, OPERATOR, case_id, network, member,
                                     at=person.identified_at, via=DEMO)
        else:
            added = suspects.add_suspect(store, OPERATOR, case_id, name=person.name,
                                         nationality=person.nationality,
                                         identifiers=[member], at=person.identified_at,
                                         via=DEMO)
        for step in person.steps:
            hand = person.handover if step.status == "handed_over" else None
            suspects.move(store, OPERATOR, added.id, step.status, agency=step.agency,
                          reference=step.reference, handover_from=hand and hand[0],
                          handover_to=hand and hand[1], basis=hand and hand[2], at=step.at,
                          via=DEMO)


def _answer(store: Store, viewer: Viewer, request_id: str, spec: FreezeSpec, *,
            via: Access = DEMO) -> bool:
    if spec.answer is None:
        return False
    frozen = spec.amount_frozen
    freeze.answer(store, viewer, request_id, spec.answer,
                  amount=frozen[0] if frozen else None, currency=frozen[1] if frozen else None,
                  reason=spec.refusal_reason, at=spec.answered_at, via=via)
    return True


def _answer_queue(store: Store, bank: str,
                  waiting: dict[tuple[str, Accounts], FreezeSpec]) -> int:
    """The bank reads its queue and answers each request the world answers."""
    viewer = Viewer(agency=bank, role=ApiRole.OPERATOR)
    via = Access(actor=bank, path="demo freeze queue")
    answered = 0
    for view in freeze.queue(store, viewer, limit=freeze.QUEUE_LIMIT, via=via):
        spec = waiting.get((view.request.case_id, _stored_accounts(view)))
        if spec is not None:
            answered += _answer(store, viewer, view.request.id, spec, via=via)
    return answered
