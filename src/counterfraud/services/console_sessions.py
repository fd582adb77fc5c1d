"""Sessions of the console: a person signs in with an API key and gets a random session id
(the cookie's value); the key itself is checked once, like the API checks it
(services.access), and never kept, shown or logged.

Contract:
- :func:`start` checks the key and opens a new session with a fresh random id and CSRF
  token, on the audit trail. Every sign-in gets a new id: an id known before it (planted
  in a browser) is never the one that becomes signed in.
- :func:`resolve` gives the session of an id while it lives: not ended, its key not
  revoked, used within the idle time (``Settings.console_idle_minutes``) and within
  ``Settings.console_session_hours`` of signing in. A dead session is deleted when met.
  Its last use is written at most once every :data:`TOUCH_EVERY`, so the idle time is
  counted from a request at most that much earlier than the last one.
- :func:`end` deletes it (signing out), on the audit trail.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from counterfraud.domain import Viewer
from counterfraud.errors import AuthenticationFailed
from counterfraud.services import access, audit
from counterfraud.services.audit import Action
from counterfraud.services.store import Store
from counterfraud.store import console_sessions as rows

ID_BYTES = 32
MAX_ID_LENGTH = 128  # a longer cookie is not one of ours: refused before hashing
TOUCH_EVERY = timedelta(minutes=1)
RECORD_TYPE = "console_session"


@dataclass(frozen=True, slots=True)
class ConsoleSession:
    """A live session: who (the key's agency and role, its public prefix), its CSRF token
    and language."""

    viewer: Viewer
    key_prefix: str
    csrf_token: str
    locale: str
    created_at: datetime
    expires_at: datetime
    bank: bool = False  # the key's agency answers freeze requests

    @property
    def actor(self) -> str:
        """Who, as the audit trail names an API caller: agency and the key's prefix."""
        return f"{self.viewer.agency or 'operator'}:{self.key_prefix}"


@dataclass(frozen=True, slots=True)
class Started:
    """A new session and its id: the id goes into the cookie and nowhere else."""

    session_id: str
    session: ConsoleSession


def id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(store: Store, *, secret: str, locale: str, path: str,
          now: datetime | None = None) -> Started:
    """Sign in with an API key; AuthenticationFailed for an unknown or revoked one."""
    viewer = access.authenticate(store, secret)
    now = now or datetime.now(UTC)
    session_id = secrets.token_urlsafe(ID_BYTES)
    csrf_token = secrets.token_urlsafe(ID_BYTES)
    created = ConsoleSession(viewer=viewer, key_prefix=secret[:access.PREFIX_LENGTH],
                             csrf_token=csrf_token, locale=locale, created_at=now,
                             expires_at=_expiry(store, created_at=now, now=now))
    with store.transaction() as session:
        key = rows.active_key(session, access._hash(store, secret))
        if key is None:  # revoked by another process since the cache checked it
            raise AuthenticationFailed("unknown or revoked API key")
        rows.remove_expired(session, now)  # housekeeping: the dead sessions of everyone
        rows.remove_of_revoked_keys(session)
        rows.add(session, id_hash=id_hash(session_id), key=key, csrf_token=csrf_token,
                 locale=locale, now=now, expires_at=created.expires_at)
        audit.record(session, actor=created.actor, action=Action.WRITE, path=path,
                     record_type=RECORD_TYPE, records=[created.key_prefix],
                     detail={"event": "sign-in", "role": viewer.role.value})
    return Started(session_id=session_id, session=created)


def resolve(store: Store, session_id: str | None, *,
            now: datetime | None = None) -> ConsoleSession | None:
    """The live session of this id, or None (no such session, ended, expired, or its key
    revoked; a dead one is deleted)."""
    if not session_id or len(session_id) > MAX_ID_LENGTH:
        return None
    now = now or datetime.now(UTC)
    hashed = id_hash(session_id)
    with store.transaction() as session:
        found = rows.find(session, hashed)
        if found is None:
            return None
        if not found.key_active or found.expires_at <= now:
            rows.remove(session, hashed)
            return None
        expires_at = found.expires_at
        if now - found.last_seen_at >= TOUCH_EVERY:
            expires_at = _expiry(store, created_at=found.created_at, now=now)
            rows.touch(session, hashed, now=now, expires_at=expires_at)
    return ConsoleSession(viewer=Viewer(agency=found.agency, role=found.role),
                          key_prefix=found.key_prefix, csrf_token=found.csrf_token,
                          locale=found.locale, created_at=found.created_at,
                          expires_at=expires_at, bank=found.bank)


def set_locale(store: Store, session_id: str, locale: str) -> None:
    """Keep the language a signed-in person chose (``locale`` already validated)."""
    with store.transaction() as session:
        rows.set_locale(session, id_hash(session_id), locale)


def end(store: Store, session_id: str | None, *, path: str) -> bool:
    """Sign out: delete the session. False when there was none to end."""
    if not session_id or len(session_id) > MAX_ID_LENGTH:
        return False
    hashed = id_hash(session_id)
    with store.transaction() as session:
        found = rows.find(session, hashed)
        if found is None:
            return False
        rows.remove(session, hashed)
        audit.record(session, actor=f"{found.agency}:{found.key_prefix}",
                     action=Action.DELETE, path=path, record_type=RECORD_TYPE,
                     records=[found.key_prefix], detail={"event": "sign-out"})
    return True


def purge(store: Store, *, now: datetime | None = None) -> int:
    """Delete expired sessions and those of revoked keys; how many went."""
    with store.transaction() as session:
        return (rows.remove_expired(session, now or datetime.now(UTC))
                + rows.remove_of_revoked_keys(session))


def _expiry(store: Store, *, created_at: datetime, now: datetime) -> datetime:
    settings = store.settings
    return min(now + timedelta(minutes=settings.console_idle_minutes),
               created_at + timedelta(hours=settings.console_session_hours))
