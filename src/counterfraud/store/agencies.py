"""Agencies and their API keys."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterfraud.domain import Agency, ApiRole
from counterfraud.errors import Conflict, NotFound
from counterfraud.store.tables import AgencyRow, ApiKeyRow, utcnow


def add_agency(session: Session, agency: Agency, *, home: bool = True) -> None:
    if session.scalar(select(AgencyRow.id).where(AgencyRow.code == agency.code)):
        raise Conflict(f"agency {agency.code} already exists")
    session.add(AgencyRow(code=agency.code, country=agency.country, name=agency.name,
                          home=home))
    session.flush()


def ensure_agency(session: Session, agency: Agency, *, home: bool = True) -> int:
    """The agency's id, creating it if it is new (the demo world; partner instances'
    agencies, learnt through sync or import, with ``home=False``)."""
    existing = session.scalar(select(AgencyRow.id).where(AgencyRow.code == agency.code))
    if existing is not None:
        return existing
    row = AgencyRow(code=agency.code, country=agency.country, name=agency.name, home=home)
    session.add(row)
    session.flush()
    return row.id


def get_agency(session: Session, code: str) -> tuple[int, Agency]:
    row = session.scalar(select(AgencyRow).where(AgencyRow.code == code))
    if row is None:
        raise NotFound(f"no agency {code}; add it with `counterfraud agency add`")
    return row.id, Agency(code=row.code, country=row.country, name=row.name)


def home_agency_ids(session: Session) -> list[int]:
    """Agencies of this instance (not learnt from partners): only their records are
    exported to partners."""
    return list(session.scalars(select(AgencyRow.id).where(AgencyRow.home.is_(True))))


def list_agencies(session: Session) -> list[Agency]:
    rows = session.scalars(select(AgencyRow).order_by(AgencyRow.code))
    return [Agency(code=r.code, country=r.country, name=r.name) for r in rows]


def add_api_key(session: Session, *, agency_id: int, role: ApiRole, prefix: str,
                key_hash: str) -> None:
    session.add(ApiKeyRow(agency_id=agency_id, role=role.value, prefix=prefix,
                          key_hash=key_hash))
    session.flush()


def find_api_key(session: Session, key_hash: str) -> tuple[str, ApiRole] | None:
    """(agency code, role) of an active key with this hash, or None."""
    row = session.execute(
        select(AgencyRow.code, ApiKeyRow.role)
        .join(AgencyRow, AgencyRow.id == ApiKeyRow.agency_id)
        .where(ApiKeyRow.key_hash == key_hash, ApiKeyRow.revoked_at.is_(None))).first()
    return (row[0], ApiRole(row[1])) if row else None


def revoke_api_key(session: Session, prefix: str) -> int:
    rows = session.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == prefix,
                                                   ApiKeyRow.revoked_at.is_(None))).all()
    for row in rows:
        row.revoked_at = utcnow()
    return len(rows)
