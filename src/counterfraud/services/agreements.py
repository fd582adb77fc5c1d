"""Agreements: who shares what with whom, for what purpose, under which legal basis.

An agreement that would repeat one already recorded (same grantor, grantee, markings,
record types, legal basis and reference, over an overlapping period) is refused, naming
the existing one. One that grants the same flow under another legal basis or reference
(a treaty beside a joint operation) is accepted: :func:`same_grant` names the others,
for the caller to warn about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from counterfraud.domain import Agreement, LegalBasis, Marking, RecordType, parse_agency_code
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.services import audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.store import Store
from counterfraud.sharing.policy import validate_agreement
from counterfraud.store import agreements as stored


def parse_legal_basis(raw: str) -> LegalBasis:
    try:
        return LegalBasis(raw.strip().lower().replace("-", "_"))
    except ValueError:
        known = ", ".join(b.value for b in LegalBasis)
        raise InvalidInput(f"unknown legal basis {raw!r}; known: {known}",
                           field="legal_basis") from None


# victims' personal data leaves its agency only under an agreement that names it
NAMED_ONLY: frozenset[RecordType] = frozenset({RecordType.VICTIM})


def parse_record_types(raw: Iterable[str]) -> frozenset[RecordType]:
    """Record types by name; ``all`` is every type but those in NAMED_ONLY (victims),
    which an agreement carries only when it names them."""
    out: set[RecordType] = set()
    for item in raw:
        name = item.strip().lower().replace("-", "_")
        if name == "all":
            out.update(set(RecordType) - NAMED_ONLY)
            continue
        try:
            out.add(RecordType(name))
        except ValueError:
            known = ", ".join(r.value for r in RecordType)
            raise InvalidInput(f"unknown record type {item!r}; known: {known}, all",
                               field="record_types") from None
    return frozenset(out)


def add_agreement(store: Store, *, grantor: str, grantee: str, markings: Iterable[str],
                  record_types: Iterable[str], purpose: str, legal_basis: str,
                  reference: str = "", valid_from: datetime | None = None,
                  valid_to: datetime | None = None, created_by: str = "",
                  case_id: str | None = None, via: Access | None = None) -> Agreement:
    """Validate and store one agreement; it takes effect at ``valid_from`` (default now).
    With ``case_id`` it is a joint-case agreement: it opens that one case of
    ``grantor``'s, and only the case's record types (``policy.validate_agreement``)."""
    agreement = parse_agreement(
        grantor=grantor, grantee=grantee, markings=markings, record_types=record_types,
        purpose=purpose, legal_basis=legal_basis, reference=reference,
        valid_from=valid_from, valid_to=valid_to, case_id=case_id)
    with store.transaction() as session:
        return save_agreement(session, agreement, created_by=created_by, via=via)


def parse_agreement(*, grantor: str, grantee: str, markings: Iterable[str],
                    record_types: Iterable[str], purpose: str, legal_basis: str,
                    reference: str = "", valid_from: datetime | None = None,
                    valid_to: datetime | None = None,
                    case_id: str | None = None) -> Agreement:
    """The agreement these words describe, validated (InvalidInput naming the field)."""
    return validate_agreement(Agreement(
        grantor=parse_agency_code(grantor), grantee=parse_agency_code(grantee),
        markings=frozenset(Marking.parse(m) for m in markings),
        record_types=parse_record_types(record_types), purpose=purpose,
        legal_basis=parse_legal_basis(legal_basis), reference=reference.strip(),
        valid_from=valid_from or datetime.now(UTC), valid_to=valid_to, case_id=case_id))


def save_agreement(session: Session, agreement: Agreement, *, created_by: str = "",
                   via: Access | None = None, path: str = "cli agreement add") -> Agreement:
    """Store a validated agreement in the caller's transaction, with its audit entry (a
    joint case's invitation commits together with the case's timeline entry); Conflict
    when one of the grantor's repeats it."""
    for existing in _same_grant(agreement, stored.list_agreements(
            session, agency=agreement.grantor)):
        if (existing.legal_basis, existing.reference) == (agreement.legal_basis,
                                                          agreement.reference):
            raise Conflict(
                f"agreement {existing.id} already lets {agreement.grantee} see "
                f"{agreement.grantor}'s records of these markings and record types "
                f"under the same legal basis and reference, over an overlapping period; "
                f"revoke it first, or give other dates")
    agreement_id = stored.add_agreement(session, agreement, created_by=created_by)
    saved = replace(agreement, id=agreement_id)
    _audit(session, via, saved, path=path)
    return saved


def same_grant(store: Store, agreement: Agreement) -> list[Agreement]:
    """Other agreements, not revoked, granting the same flow as ``agreement`` (grantor,
    grantee, markings, record types, joint case) over an overlapping period, whatever
    their legal basis: a second legal basis is legitimate, but worth a look."""
    with store.transaction() as session:
        return [a for a in _same_grant(agreement, stored.list_agreements(
            session, agency=agreement.grantor)) if a.id != agreement.id]


def _same_grant(agreement: Agreement, existing: Iterable[Agreement]) -> list[Agreement]:
    return [a for a in existing
            if (a.grantor, a.grantee, a.markings, a.record_types, a.case_id)
            == (agreement.grantor, agreement.grantee, agreement.markings,
                agreement.record_types, agreement.case_id)
            and _overlap(a, agreement)]


def _overlap(a: Agreement, b: Agreement) -> bool:
    """Whether the periods in which ``a`` and ``b`` are in force meet (a revoked
    agreement ends when it was revoked)."""
    def end(x: Agreement) -> datetime | None:
        ends = [t for t in (x.valid_to, x.revoked_at) if t is not None]
        return min(ends) if ends else None

    a_end, b_end = end(a), end(b)
    return ((a_end is None or b.valid_from < a_end)
            and (b_end is None or a.valid_from < b_end))


def revoke_agreement(store: Store, agreement_id: int, *,
                     grantor: str | None = None, via: Access | None = None) -> Agreement:
    """Revoke from now on; with ``grantor``, only that agency's own agreements (another
    agency's, or an unknown id, is NotFound)."""
    with store.transaction() as session:
        if grantor is not None and not any(
                a.id == agreement_id and a.grantor == grantor
                for a in stored.list_agreements(session, agency=grantor)):
            raise NotFound(f"no agreement {agreement_id} granted by {grantor}")
        revoked = stored.revoke_agreement(session, agreement_id, datetime.now(UTC))
        _audit(session, via, revoked, path="cli agreement revoke", action=Action.DELETE)
        return revoked


def _audit(session: Session, via: Access | None, agreement: Agreement, *, path: str,
           action: Action = Action.WRITE) -> None:
    who = audit.access_of(via, path=path)
    audit.record(session, actor=who.actor, action=action, path=who.path,
                 record_type="agreement", records=[f"agreement/{agreement.id}"],
                 detail=agreement.as_dict())


def list_agreements(store: Store, *, agency: str | None = None) -> list[Agreement]:
    with store.transaction() as session:
        return stored.list_agreements(
            session, agency=parse_agency_code(agency) if agency else None)


def ensure_joint_operation(store: Store, agencies: Iterable[str], *, reference: str,
                           markings: Iterable[str] = ("TLP:GREEN", "TLP:AMBER")) -> int:
    """Agreements both ways between every pair of ``agencies`` that has none yet (a joint
    operation centre's usual set-up); returns how many were added."""
    codes = sorted({parse_agency_code(a) for a in agencies})
    now = datetime.now(UTC)
    existing = {(a.grantor, a.grantee) for a in list_agreements(store)
                if a.active_at(now) and a.case_id is None}
    added = 0
    for grantor in codes:
        for grantee in codes:
            if grantor != grantee and (grantor, grantee) not in existing:
                add_agreement(store, grantor=grantor, grantee=grantee, markings=markings,
                              record_types=["all"], purpose="joint investigation of "
                              "cross-border fraud and illegal gambling networks",
                              legal_basis=LegalBasis.JOINT_OPERATION.value,
                              reference=reference, valid_from=now, created_by="demo")
                added += 1
    return added


def in_force(agreement: Agreement, at: datetime | None = None) -> bool:
    return agreement.active_at(at or datetime.now(UTC))
