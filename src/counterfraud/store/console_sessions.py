"""SQL of the console's sessions (store.console_tables): open, find with the key they
were opened with, touch, end.

A session is found by the SHA-256 of its id. :func:`find` reads the session, its key and
the key's agency in one query and answers only while the key is active: a revoked key's
sessions are never found again (services.console_sessions then deletes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from counterfraud.domain import ApiRole
from counterfraud.store.console_tables import ConsoleSessionRow
from counterfraud.store.tables import AgencyRow, ApiKeyRow


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A session as found: the key's public prefix, agency and role, never its secret."""

    id_hash: str
    key_prefix: str
    agency: str
    role: ApiRole
    csrf_token: str
    locale: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    key_active: bool
    bank: bool = False  # the key's agency is a bank (it answers freeze requests)


@dataclass(frozen=True, slots=True)
class ActiveKey:
    id: int
    agency_id: int
    role: ApiRole


def active_key(session: Session, key_hash: str) -> ActiveKey | None:
    """The active API key with this hash, or None (unknown or revoked)."""
    row = session.execute(
        select(ApiKeyRow.id, ApiKeyRow.agency_id, ApiKeyRow.role)
        .where(ApiKeyRow.key_hash == key_hash, ApiKeyRow.revoked_at.is_(None))).first()
    return ActiveKey(id=row[0], agency_id=row[1], role=ApiRole(row[2])) if row else None


def add(session: Session, *, id_hash: str, key: ActiveKey, csrf_token: str, locale: str,
        now: datetime, expires_at: datetime) -> None:
    session.add(ConsoleSessionRow(
        id_hash=id_hash, api_key_id=key.id, agency_id=key.agency_id, role=key.role.value,
        csrf_token=csrf_token, locale=locale, created_at=now, last_seen_at=now,
        expires_at=expires_at))
    session.flush()


def find(session: Session, id_hash: str) -> SessionRecord | None:
    row = session.execute(
        select(ConsoleSessionRow, ApiKeyRow.prefix, ApiKeyRow.revoked_at, AgencyRow.code,
               AgencyRow.kind)
        .join(ApiKeyRow, ApiKeyRow.id == ConsoleSessionRow.api_key_id)
        .join(AgencyRow, AgencyRow.id == ConsoleSessionRow.agency_id)
        .where(ConsoleSessionRow.id_hash == id_hash)).first()
    if row is None:
        return None
    found, prefix, revoked_at, agency, kind = row
    return SessionRecord(
        id_hash=found.id_hash, key_prefix=prefix, agency=agency, role=ApiRole(found.role),
        csrf_token=found.csrf_token, locale=found.locale, created_at=found.created_at,
        last_seen_at=found.last_seen_at, expires_at=found.expires_at,
        key_active=revoked_at is None, bank=kind == "bank")


def touch(session: Session, id_hash: str, *, now: datetime, expires_at: datetime) -> None:
    session.execute(update(ConsoleSessionRow).where(ConsoleSessionRow.id_hash == id_hash)
                    .values(last_seen_at=now, expires_at=expires_at))


def set_locale(session: Session, id_hash: str, locale: str) -> int:
    result = session.execute(update(ConsoleSessionRow)
                             .where(ConsoleSessionRow.id_hash == id_hash)
                             .values(locale=locale))
    return int(getattr(result, "rowcount", 0) or 0)


def remove(session: Session, id_hash: str) -> int:
    result = session.execute(delete(ConsoleSessionRow)
                             .where(ConsoleSessionRow.id_hash == id_hash))
    return int(getattr(result, "rowcount", 0) or 0)


def remove_expired(session: Session, now: datetime) -> int:
    result = session.execute(delete(ConsoleSessionRow)
                             .where(ConsoleSessionRow.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


def remove_of_revoked_keys(session: Session) -> int:
    revoked = select(ApiKeyRow.id).where(ApiKeyRow.revoked_at.is_not(None))
    result = session.execute(delete(ConsoleSessionRow)
                             .where(ConsoleSessionRow.api_key_id.in_(revoked)))
    return int(getattr(result, "rowcount", 0) or 0)
