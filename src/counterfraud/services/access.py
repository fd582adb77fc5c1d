"""Agencies, API keys and authentication.

A key is shown once when created; only a peppered HMAC-SHA-256 of it is stored, so a
stolen database does not give working keys. Adding agencies and creating or revoking
keys goes on the audit trail (the key's public prefix, never the secret).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from counterfraud.domain import (
    Agency,
    ApiRole,
    Viewer,
    parse_agency_code,
    parse_country,
)
from counterfraud.errors import AuthenticationFailed, InvalidInput, PermissionDenied
from counterfraud.services import audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.store import Store
from counterfraud.store import agencies

KEY_PREFIX = "cf_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8  # the part of a key shown in listings and the audit log
KEY_CACHE_SECONDS = 30.0
KEY_CACHE_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class CreatedKey:
    agency: str
    role: ApiRole
    secret: str

    @property
    def prefix(self) -> str:
        return self.secret[:PREFIX_LENGTH]


def add_agency(store: Store, *, code: str, country: str, name: str, home: bool = True,
               via: Access | None = None) -> Agency:
    """Register an agency: one of this instance's own (``home``), or a partner instance's
    (it may hold keys here to pull; its records arrive only through sync)."""
    if not name.strip():
        raise InvalidInput("agency name must not be empty", field="name")
    agency = Agency(code=parse_agency_code(code), country=parse_country(country),
                    name=name.strip())
    with store.transaction() as session:
        agencies.add_agency(session, agency, home=home)
        _audit(session, via, path="cli agency add", action=Action.WRITE,
               record_type="agency", ref=agency.code,
               detail={"country": agency.country, "name": agency.name, "home": home})
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


def authenticate(store: Store, secret: str | None) -> Viewer:
    """The key's agency and role. A key checked in the last ``KEY_CACHE_SECONDS`` is
    trusted without a database query; revoking through this store takes effect at once,
    through another process within that time."""
    if not secret:
        raise AuthenticationFailed("an API key is required (X-API-Key or Authorization: Bearer)")
    key_hash = _hash(store, secret)
    cached = store.keys.get(key_hash)
    now = time.monotonic()
    if cached is not None and now - cached[1] < KEY_CACHE_SECONDS:
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
    return viewer


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
