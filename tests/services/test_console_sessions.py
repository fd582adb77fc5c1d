"""Console sessions as a service, on SQLite and PostgreSQL: opened with a key, found while
they live, ended by idle time, by their longest life, by signing out and by revoking
the key; only the SHA-256 of an id is stored."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from counterfraud.domain import ApiRole
from counterfraud.errors import AuthenticationFailed
from counterfraud.services import access, console_sessions
from counterfraud.services.store import Store

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
PATH = "console POST /console/sign-in"


def started(store: Store, role: ApiRole = ApiRole.ANALYST) -> console_sessions.Started:
    secret = access.create_key(store, agency="TH-CCIB", role=role).secret
    return console_sessions.start(store, secret=secret, locale="th", path=PATH, now=T0)


def test_a_session_is_found_with_its_keys_agency_role_and_language(store: Store) -> None:
    opened = started(store, ApiRole.OPERATOR)
    found = console_sessions.resolve(store, opened.session_id, now=T0 + timedelta(minutes=1))
    assert found is not None
    assert (found.viewer.agency, found.viewer.role, found.locale) == (
        "TH-CCIB", ApiRole.OPERATOR, "th")
    assert found.csrf_token == opened.session.csrf_token and len(found.csrf_token) >= 40
    assert found.actor == f"TH-CCIB:{found.key_prefix}"


def test_only_the_hash_of_the_id_is_stored(store: Store) -> None:
    opened = started(store)
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT id_hash FROM console_sessions")).scalars().all()
    assert stored == [hashlib.sha256(opened.session_id.encode()).hexdigest()]
    assert opened.session_id not in stored


def test_every_start_makes_a_new_id_and_token(store: Store) -> None:
    secret = access.create_key(store, agency="CN-MPS", role=ApiRole.ANALYST).secret
    ids = {console_sessions.start(store, secret=secret, locale="en", path=PATH).session_id
           for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize("secret", ["", "cf_" + "a" * 43, "nothing"],
                         ids=["empty", "unknown", "not-shaped"])
def test_a_bad_key_opens_nothing(store: Store, secret: str) -> None:
    with pytest.raises(AuthenticationFailed):
        console_sessions.start(store, secret=secret, locale="en", path=PATH)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM console_sessions")).scalar() == 0


@pytest.mark.parametrize(("idle", "alive"), [
    pytest.param(timedelta(minutes=29, seconds=59), True, id="just-before-idle-time"),
    pytest.param(timedelta(minutes=30), False, id="at-idle-time"),
    pytest.param(timedelta(days=3), False, id="long-after"),
])
def test_idle_time_ends_a_session(store: Store, idle: timedelta, alive: bool) -> None:
    opened = started(store)
    assert (console_sessions.resolve(store, opened.session_id, now=T0 + idle)
            is not None) is alive
    if not alive:  # and it is gone: coming back sooner does not revive it
        assert console_sessions.resolve(store, opened.session_id, now=T0) is None


def test_use_keeps_a_session_alive_until_its_longest_life(store: Store) -> None:
    opened = started(store)
    now = T0
    while now < T0 + timedelta(hours=11, minutes=40):
        now += timedelta(minutes=20)
        assert console_sessions.resolve(store, opened.session_id, now=now) is not None, now
    assert console_sessions.resolve(store, opened.session_id,
                                    now=T0 + timedelta(hours=12)) is None


def test_signing_out_ends_it_on_the_trail(store: Store) -> None:
    opened = started(store)
    assert console_sessions.end(store, opened.session_id, path="console POST /console/sign-out")
    assert console_sessions.resolve(store, opened.session_id, now=T0) is None
    assert not console_sessions.end(store, opened.session_id, path="x")
    from counterfraud.services import audit

    trail = [(e.action, e.path) for e in audit.entries(store)
             if e.record_type == "console_session"]
    assert trail == [("write", PATH), ("delete", "console POST /console/sign-out")]


def test_revoking_the_key_ends_its_sessions(store: Store) -> None:
    opened = started(store)
    other = started(store)
    access.revoke_key(store, opened.session.key_prefix)
    assert console_sessions.resolve(store, opened.session_id, now=T0) is None
    assert console_sessions.resolve(store, other.session_id, now=T0) is not None


def test_purge_removes_expired_and_revoked(store: Store) -> None:
    expired, revoked, alive = started(store), started(store), started(store)
    access.revoke_key(store, revoked.session.key_prefix)
    console_sessions.resolve(store, alive.session_id, now=T0 + timedelta(minutes=20))
    assert console_sessions.purge(store, now=T0 + timedelta(minutes=40)) == 2
    assert console_sessions.resolve(store, alive.session_id,
                                    now=T0 + timedelta(minutes=41)) is not None
    assert expired.session_id != alive.session_id


@pytest.mark.parametrize("session_id", [None, "", "x" * 129, "not-a-session"],
                         ids=["none", "empty", "too-long", "unknown"])
def test_no_session_for_ids_that_are_not_ours(store: Store, session_id: str | None) -> None:
    assert console_sessions.resolve(store, session_id) is None
