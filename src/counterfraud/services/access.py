"""Agencies, API keys and authentication.

A key is shown once when created; only a peppered HMAC-SHA-256 of it is stored, so a
stolen database does not give working keys. Listing keys shows their public prefix,
agency, role and when they were created and last used (services.key_usage). Adding
agencies and creating or revoking keys goes on the audit trail (the key's public
prefix, never the secret).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from counterfraud.domain import (
    Agency,
    AgencyKind,
    ApiRole,
    Viewer,
    parse_agency_code,
    parse_country,
)
from counterfraud.errors import AuthenticationFailed, InvalidInput, PermissionDenied
from counterfraud.services import audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.key_usage import INTERVAL, KeyUsage
from counterfraud.services.store import Store
from counterfraud.store import agencies

KEY_PREFIX = "cf_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8  # the part of a key shown in listings and the audit log
KEY_CACHE_SECONDS = 30.0
KEY_CACHE_SIZE = 10_000
_USAGE_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class CreatedKey:
    agency: str
    role: ApiRole
    secret: str

    @property
    def prefix(self) -> str:
        return self.secret[:PREFIX_LENGTH]


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """What may be shown of a key: never its secret nor its hash."""

    prefix: str
    agency: str
    role: ApiRole
    created_at: datetime
    last_used_at: datetime | None  # to the minute; None: never used
    revoked_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        def iso(at: datetime | None) -> str | None:
            return at.isoformat() if at else None

        return {"prefix": self.prefix, "agency": self.agency, "role": self.role.value,
                "created_at": iso(self.created_at), "last_used_at": iso(self.last_used_at),
                "revoked_at": iso(self.revoked_at)}


def add_agency(store: Store, *, code: str, country: str, name: str, home: bool = True,
               kind: AgencyKind | str = AgencyKind.AGENCY,
               via: Access | None = None) -> Agency:
    """Register an agency: one of this instance's own (``home``), or a partner instance's
    (it may hold keys here to pull; its records arrive only through sync). ``kind``
    ``bank`` is a bank or exchange that answers freeze requests addressed to it."""
    if not name.strip():
        raise InvalidInput("agency name must not be empty", field="name")
    agency = Agency(code=parse_agency_code(code), country=parse_country(country),
                    name=name.strip(),
                    kind=kind if isinstance(kind, AgencyKind) else AgencyKind.parse(kind))
    with store.transaction() as session:
        agencies.add_agency(session, agency, home=home)
        _audit(session, via, path="cli agency add", action=Action.WRITE,
               record_type="agency", ref=agency.code,
               detail={"country": agency.country, "name": agency.name, "home": home,
                       "kind": agency.kind.value})
    return agency


def ensure_agency(store: Store, agency: Agency) -> None:
    with store.transaction() as session:
        agencies.ensure_agency(session, agency)


def list_agencies(store: Store) -> list[Agency]:
    with store.transaction() as session:
        return agencies.list_agencies(session)


def create_key(store: Store, *, agency: str, role: ApiRole,
               via: Access | None = None) -> CreatedKey:
    code = parse_agency_code(agency)
    key = CreatedKey(agency=code, role=role, secret=KEY_PREFIX + secrets.token_urlsafe(32))
    with store.transaction() as session:
        agency_id, _ = agencies.get_agency(session, code)
        agencies.add_api_key(session, agency_id=agency_id, role=role, prefix=key.prefix,
                             key_hash=_hash(store, key.secret))
        _audit(session, via, path="cli key create", action=Action.WRITE,
               record_type="api_key", ref=key.prefix,
               detail={"agency": code, "role": role.value})
    return key


def revoke_key(store: Store, prefix: str, *, via: Access | None = None) -> int:
    with store.transaction() as session:
        revoked = agencies.revoke_api_key(session, prefix)
        if revoked:
            _audit(session, via, path="cli key revoke", action=Action.DELETE,
                   record_type="api_key", ref=prefix, detail={"revoked": revoked})
    store.keys.clear()
    return revoked


def list_keys(store: Store, *, agency: str | None = None,
              include_revoked: bool = False) -> list[KeyInfo]:
    """Keys oldest first (only active ones unless ``include_revoked``)."""
    code = parse_agency_code(agency) if agency else None
    with store.transaction() as session:
        if code is not None:
            agencies.get_agency(session, code)  # NotFound for an unknown agency
        return [KeyInfo(*row) for row in agencies.list_api_keys(
            session, agency=code, include_revoked=include_revoked)]


def authenticate(store: Store, secret: str | None) -> Viewer:
    """The key's agency and role. A key checked in the last ``KEY_CACHE_SECONDS`` is
    trusted without a database query; revoking through this store takes effect at once,
    through another process within that time. The use is noted for ``last_used_at``
    without waiting for the database (services.key_usage)."""
    if not secret:
        raise AuthenticationFailed("an API key is required (X-API-Key or Authorization: Bearer)")
    key_hash = _hash(store, secret)
    cached = store.keys.get(key_hash)
    now = time.monotonic()
    if cached is not None and now - cached[1] < KEY_CACHE_SECONDS:
        _usage(store).seen(key_hash)
        return cached[0]
    with store.transaction() as session:
        found = agencies.find_api_key(session, key_hash)
    if found is None:
        store.keys.pop(key_hash, None)
        raise AuthenticationFailed("unknown or revoked API key")
    viewer = Viewer(agency=found[0], role=found[1])
    if len(store.keys) >= KEY_CACHE_SIZE:
        store.keys.clear()
    store.keys[key_hash] = (viewer, now)
    _usage(store).seen(key_hash)
    return viewer


def _usage(store: Store) -> KeyUsage:
    if store.key_usage is not None:
        return store.key_usage
    with _USAGE_LOCK:
        if store.key_usage is None:
            def write(used: dict[str, datetime]) -> None:
                with store.transaction() as session:
                    agencies.touch_api_keys(session, used,
                                            interval=timedelta(seconds=INTERVAL))

            store.key_usage = KeyUsage(write)
        return store.key_usage


def require_role(viewer: Viewer, *allowed: ApiRole) -> None:
    """Admins may do everything; other roles only what ``allowed`` names."""
    if viewer.role is not ApiRole.ADMIN and viewer.role not in allowed:
        names = ", ".join(sorted({ApiRole.ADMIN.value, *(r.value for r in allowed)}))
        raise PermissionDenied(f"role {viewer.role.value} may not do this; needs {names}")


def _audit(session: Session, via: Access | None, *, path: str, action: Action,
           record_type: str, ref: str, detail: dict[str, Any]) -> None:
    who = audit.access_of(via, path=path)
    audit.record(session, actor=who.actor, action=action, path=who.path,
                 record_type=record_type, records=[ref], detail=detail)


def _hash(store: Store, secret: str) -> str:
    pepper = store.settings.secret_key.encode()
    return hmac.new(pepper, secret.encode(), hashlib.sha256).hexdigest()
