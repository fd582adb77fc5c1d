"""Agreements between agencies, stored with one grant row per (record type, marking)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from counterfraud.domain import Agreement, LegalBasis, Marking, RecordType
from counterfraud.errors import NotFound
from counterfraud.store.agencies import get_agency
from counterfraud.store.tables import AgencyRow, AgreementGrantRow, AgreementRow


def add_agreement(session: Session, agreement: Agreement, *, created_by: str) -> int:
    grantor_id, _ = get_agency(session, agreement.grantor)
    grantee_id, _ = get_agency(session, agreement.grantee)
    row = AgreementRow(
        grantor_id=grantor_id, grantee_id=grantee_id, purpose=agreement.purpose.strip(),
        legal_basis=agreement.legal_basis.value, reference=agreement.reference,
        valid_from=agreement.valid_from, valid_to=agreement.valid_to,
        revoked_at=agreement.revoked_at, created_by=created_by, case_id=agreement.case_id)
    session.add(row)
    session.flush()
    session.add_all(AgreementGrantRow(agreement_id=row.id, record_type=r.value, marking=m.value)
                    for r in agreement.record_types for m in agreement.markings)
    session.flush()
    return row.id


def revoke_agreement(session: Session, agreement_id: int, at: datetime) -> Agreement:
    row = session.get(AgreementRow, agreement_id)
    if row is None:
        raise NotFound(f"no agreement {agreement_id}")
    if row.revoked_at is None:
        row.revoked_at = at
        session.flush()
    return _load(session, [row])[0]


def list_agreements(session: Session, *, agency: str | None = None) -> list[Agreement]:
    """All agreements, or those where ``agency`` is grantor or grantee, oldest first."""
    grantor, grantee = aliased(AgencyRow), aliased(AgencyRow)
    query = (select(AgreementRow).join(grantor, grantor.id == AgreementRow.grantor_id)
             .join(grantee, grantee.id == AgreementRow.grantee_id).order_by(AgreementRow.id))
    if agency is not None:
        query = query.where((grantor.code == agency) | (grantee.code == agency))
    return _load(session, list(session.scalars(query)))


def _load(session: Session, rows: list[AgreementRow]) -> list[Agreement]:
    if not rows:
        return []
    codes = {i: c for i, c in session.execute(select(AgencyRow.id, AgencyRow.code))}
    grants: dict[int, list[tuple[str, str]]] = {r.id: [] for r in rows}
    for agreement_id, record_type, marking in session.execute(
            select(AgreementGrantRow.agreement_id, AgreementGrantRow.record_type,
                   AgreementGrantRow.marking)
            .where(AgreementGrantRow.agreement_id.in_(list(grants)))):
        grants[agreement_id].append((record_type, marking))
    return [Agreement(
        id=r.id, grantor=codes[r.grantor_id], grantee=codes[r.grantee_id],
        markings=frozenset(Marking(m) for _, m in grants[r.id]),
        record_types=frozenset(RecordType(t) for t, _ in grants[r.id]),
        purpose=r.purpose, legal_basis=LegalBasis(r.legal_basis), reference=r.reference,
        valid_from=r.valid_from, valid_to=r.valid_to, revoked_at=r.revoked_at,
        case_id=r.case_id)
        for r in rows]
