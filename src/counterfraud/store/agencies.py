"""Agencies and their API keys."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from counterfraud.domain import Agency, AgencyKind, ApiRole
from counterfraud.errors import Conflict, NotFound
from counterfraud.store.tables import AgencyRow, ApiKeyRow, utcnow


def add_agency(session: Session, agency: Agency, *, home: bool = True) -> None:
    if session.scalar(select(AgencyRow.id).where(AgencyRow.code == agency.code)):
        raise Conflict(f"agency {agency.code} already exists")
    session.add(AgencyRow(code=agency.code, country=agency.country, name=agency.name,
                          home=home, kind=agency.kind.value))
    session.flush()


def ensure_agency(session: Session, agency: Agency, *, home: bool = True) -> int:
    """The agency's id, creating it if it is new (the demo world; partner instances'
    agencies, learnt through sync or import, with ``home=False``)."""
    existing = session.scalar(select(AgencyRow.id).where(AgencyRow.code == agency.code))
    if existing is not None:
        return existing
    row = AgencyRow(code=agency.code, country=agency.country, name=agency.name, home=home,
                    kind=agency.kind.value)
    session.add(row)
    session.flush()
    return row.id


def get_agency(session: Session, code: str) -> tuple[int, Agency]:
    row = session.scalar(select(AgencyRow).where(AgencyRow.code == code))
    if row is None:
        raise NotFound(f"no agency {code}; add it with `counterfraud agency add`")
    return row.id, _agency(row)


def home_agency_ids(session: Session) -> list[int]:
    """Agencies of this instance (not learnt from partners): only their records are
    exported to partners."""
    return list(session.scalars(select(AgencyRow.id).where(AgencyRow.home.is_(True))))


def list_agencies(session: Session) -> list[Agency]:
    rows = session.scalars(select(AgencyRow).order_by(AgencyRow.code))
    return [_agency(r) for r in rows]


def _agency(row: AgencyRow) -> Agency:
    return Agency(code=row.code, country=row.country, name=row.name,
                  kind=AgencyKind(row.kind or AgencyKind.AGENCY.value))


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


ApiKeyListing = tuple[str, str, ApiRole, datetime, datetime | None, datetime | None]


def list_api_keys(session: Session, *, agency: str | None = None,
                  include_revoked: bool = False) -> list[ApiKeyListing]:
    """(prefix, agency code, role, created, last used, revoked) of each key, oldest
    first; never the hash."""
    query = (select(ApiKeyRow.prefix, AgencyRow.code, ApiKeyRow.role, ApiKeyRow.created_at,
                    ApiKeyRow.last_used_at, ApiKeyRow.revoked_at)
             .join(AgencyRow, AgencyRow.id == ApiKeyRow.agency_id).order_by(ApiKeyRow.id))
    if agency is not None:
        query = query.where(AgencyRow.code == agency)
    if not include_revoked:
        query = query.where(ApiKeyRow.revoked_at.is_(None))
    return [(prefix, code, ApiRole(role), created, used, revoked)
            for prefix, code, role, created, used, revoked in session.execute(query)]


_AT = ApiKeyRow.__table__.c.last_used_at.type
_TOUCH = (update(ApiKeyRow)
          .where(ApiKeyRow.key_hash == bindparam("hash"),
                 or_(ApiKeyRow.last_used_at.is_(None),
                     ApiKeyRow.last_used_at < bindparam("before", type_=_AT)))
          .values(last_used_at=bindparam("at", type_=_AT)))


def touch_api_keys(session: Session, used: dict[str, datetime], *,
                   interval: timedelta) -> None:
    """Set ``last_used_at`` of each key hash in ``used``, unless another writer set it
    less than ``interval`` before."""
    for key_hash, at in sorted(used.items()):  # in key order, like every other writer
        session.connection().execute(_TOUCH, {"hash": key_hash, "at": at,
                                              "before": at - interval})
