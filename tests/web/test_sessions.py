"""Signing in and out of the console, over real HTTP to a real uvicorn and store: the
key is checked and never shown, the session cookie's flags, CSRF on every POST, no
session fixation, expiry, sign-out and revocation."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from sqlalchemy import text

from conftest import Console, csrf_of, sign_in, start_console
from counterfraud.domain import ApiRole
from counterfraud.services import access, audit
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Environment, Settings
from counterfraud.web.app import console_routes

pytestmark = pytest.mark.server
A = "CN-MPS"


@pytest.fixture
def store(console: Console) -> Iterator[Store]:
    """The server's store, opened beside it (to make and revoke keys, age sessions)."""
    opened = open_store(console.settings)
    yield opened
    opened.close()


@pytest.fixture
def http(console: Console) -> Iterator[httpx.Client]:
    with console.client() as client:
        yield client


def new_key(store: Store, role: ApiRole = ApiRole.ANALYST) -> str:
    return access.create_key(store, agency=A, role=role).secret


def sign_in_with(http: httpx.Client, secret: str) -> httpx.Response:
    form = http.get("/console/sign-in")
    return http.post("/console/sign-in", data={"api_key": secret,
                                               "csrf_token": csrf_of(form.text)})


def post_routes() -> list[str]:
    """Every POST route of the console, as the app declares them (pages added later are
    covered without editing this test); path parameters filled with ``x``."""
    paths = {re.sub(r"\{[^}]+\}", "x", path) for path, methods in console_routes()
             if "POST" in methods}
    assert "/console/sign-out" in paths
    return sorted(paths)


@pytest.mark.parametrize(("value", "status", "message"), [
    pytest.param("", 422, "Enter your API key.", id="empty"),
    pytest.param("   ", 422, "Enter your API key.", id="blank"),
    pytest.param("cf_" + "x" * 43, 401, "unknown or has been revoked", id="unknown"),
    pytest.param("not-a-key", 401, "unknown or has been revoked", id="not-shaped"),
    pytest.param("cf_" + "y" * 500, 401, "unknown or has been revoked", id="too-long"),
])
def test_a_bad_key_is_told_at_its_field_and_opens_nothing(
        http: httpx.Client, value: str, status: int, message: str) -> None:
    answer = sign_in_with(http, value)
    assert answer.status_code == status
    assert re.search(r'<p class="field-error" id="api_key-error">[^<]*' + re.escape(message),
                     answer.text)
    assert 'aria-invalid="true"' in answer.text and 'href="#api_key"' in answer.text
    assert "cf_session" not in answer.headers.get("set-cookie", "")
    if value.strip():
        assert value.strip() not in answer.text  # never echoed back
    assert http.get("/console/").status_code == 303


def test_a_revoked_key_cannot_sign_in(http: httpx.Client, console: Console) -> None:
    answer = sign_in_with(http, console.keys["revoked"])
    assert answer.status_code == 401
    assert 'id="api_key-error"' in answer.text


def test_signing_in_opens_the_home_page_with_who_is_signed_in(
        http: httpx.Client, console: Console) -> None:
    answer = sign_in(http, console, "TH-CCIB:operator")
    assert answer.headers["location"] == "/console/"
    home = http.get("/console/")
    assert home.status_code == 200
    assert "Signed in as TH-CCIB" in home.text and "Operator" in home.text
    assert console.keys["TH-CCIB:operator"][:11] in home.text  # the public prefix only
    assert home.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in home.headers["content-security-policy"]


def test_the_session_cookie_flags_in_development(http: httpx.Client,
                                                 console: Console) -> None:
    cookie = sign_in(http, console, "CN-MPS:analyst").headers["set-cookie"]
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= flags
    assert "secure" not in flags
    assert not any(flag.startswith(("max-age", "expires", "domain")) for flag in flags)


def test_the_session_cookie_is_secure_in_production(tmp_path: Path) -> None:
    secret = "Zq8-vN3rT1xLw0pHs6Yk2Jd9Fb4Mc7Ge5Ua-Ro1Ti3Pe8Wy"
    environment = {"COUNTERFRAUD_ENVIRONMENT": "production", "COUNTERFRAUD_SECRET_KEY": secret}
    for running in start_console(tmp_path, env=environment):
        settings = Settings(data_dir=running.settings.data_dir,
                            database_url=running.settings.database_url,
                            environment=Environment.PRODUCTION, secret_key=secret)
        store = open_store(settings)
        try:
            key = new_key(store)
        finally:
            store.close()
        with running.client() as http:
            form = http.get("/console/sign-in")
            token = csrf_of(form.text)
            assert "secure" in form.headers["set-cookie"].lower()  # the form's CSRF cookie
            # a client keeps Secure cookies for https only: sent back by hand over http
            answer = http.post("/console/sign-in", data={"api_key": key, "csrf_token": token},
                               headers={"Cookie": f"cf_csrf={token}"})
        assert answer.status_code == 303, answer.text
        flags = {part.strip().lower() for part in answer.headers["set-cookie"].split(";")[1:]}
        assert {"httponly", "samesite=strict", "path=/", "secure"} <= flags


@pytest.mark.parametrize("path", post_routes())
@pytest.mark.parametrize("token", [
    pytest.param(None, id="missing"),
    pytest.param("wrong", id="wrong-field"),
    pytest.param("header:wrong", id="wrong-header"),
    pytest.param("other-session", id="another-sessions-token"),
])
def test_every_post_without_the_right_csrf_token_is_refused(
        console: Console, path: str, token: str | None) -> None:
    with console.client() as http, console.client() as other:
        sign_in(http, console, "CN-MPS:admin")
        sign_in(other, console, "CN-MPS:admin")
        data: dict[str, str] = {"lang": "th", "next": "/console/", "api_key": "x"}
        headers: dict[str, str] = {}
        if token == "header:wrong":
            headers["X-CSRF-Token"] = "wrong"
        elif token == "other-session":
            data["csrf_token"] = csrf_of(other.get("/console/").text)
        elif token is not None:
            data["csrf_token"] = token
        answer = http.post(path, data=data, headers=headers)
        assert answer.status_code == 403, (path, answer.status_code)
        assert "<html" in answer.text and "reload the page" in answer.text
        assert http.get("/console/").status_code == 200  # the refused POST changed nothing


@pytest.mark.parametrize("token", [None, "wrong"], ids=["missing", "wrong"])
def test_signing_in_needs_the_forms_csrf_token(console: Console, token: str | None) -> None:
    with console.client() as http:
        http.get("/console/sign-in")
        data = {"api_key": console.keys["CN-MPS:analyst"]}
        if token:
            data["csrf_token"] = token
        answer = http.post("/console/sign-in", data=data)
        assert answer.status_code == 403
        assert "cf_session" not in answer.headers.get("set-cookie", "")


def test_the_token_in_a_header_is_accepted_as_htmx_sends_it(http: httpx.Client,
                                                            console: Console) -> None:
    sign_in(http, console, "CN-MPS:analyst")
    token = csrf_of(http.get("/console/").text)
    answer = http.post("/console/language", data={"lang": "th", "next": "/console/"},
                       headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert answer.status_code == 303
    assert 'lang="th"' in http.get("/console/").text


def test_every_sign_in_gets_a_new_session_id(http: httpx.Client, console: Console) -> None:
    sign_in(http, console, "CN-MPS:analyst")
    first = http.cookies["cf_session"]
    sign_in_again = http.get("/console/sign-in")
    assert sign_in_again.status_code == 303  # signed in: the form sends you home
    token = csrf_of(http.get("/console/").text)
    answer = http.post("/console/sign-in", data={"api_key": console.keys["CN-MPS:admin"],
                                                 "csrf_token": token})
    assert answer.status_code == 303
    second = http.cookies["cf_session"]
    assert second != first
    with console.client() as replay:
        replay.cookies.set("cf_session", first, domain="127.0.0.1", path="/")
        assert replay.get("/console/").status_code == 303  # the replaced session ended


def test_an_id_planted_before_sign_in_is_never_accepted(console: Console) -> None:
    planted = "planted-by-someone-else-0123456789abcdefghijk"
    with console.client() as victim:
        victim.cookies.set("cf_session", planted, domain="127.0.0.1", path="/")
        assert victim.get("/console/").status_code == 303
        sign_in(victim, console, "CN-MPS:analyst")
        signed_in = victim.cookies["cf_session"]
        assert signed_in != planted
        assert victim.get("/console/").status_code == 200
    with console.client() as attacker:
        answer = attacker.get("/console/", headers={"Cookie": f"cf_session={planted}"})
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/console/sign-in")


@pytest.mark.parametrize(("path", "expected"), [
    pytest.param("/console/", "/console/sign-in", id="home"),
    pytest.param("/console/cases?status=open", "/console/sign-in?next=%2Fconsole%2Fcases%3F"
                 "status%3Dopen", id="page-with-query"),
])
def test_without_a_session_pages_go_to_sign_in(http: httpx.Client, path: str,
                                               expected: str) -> None:
    answer = http.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"] == expected


def test_without_a_session_htmx_requests_get_401(http: httpx.Client) -> None:
    answer = http.get("/console/", headers={"HX-Request": "true"})
    assert answer.status_code == 401
    assert answer.headers["hx-redirect"] == "/console/sign-in"


@pytest.mark.parametrize("next_page", [
    "//evil.example/", "https://evil.example/", "/\\evil.example", "/console/sign-in",
    "javascript:alert(1)", "/docs", "/console/\r\nSet-Cookie: x=y",
])
def test_after_sign_in_only_console_pages_are_followed(console: Console,
                                                       next_page: str) -> None:
    with console.client() as http:
        form = http.get("/console/sign-in")
        answer = http.post("/console/sign-in", data={
            "api_key": console.keys["CN-MPS:analyst"], "csrf_token": csrf_of(form.text),
            "next": next_page})
        assert answer.headers["location"] == "/console/"


def test_after_sign_in_the_page_asked_for_opens(http: httpx.Client, console: Console) -> None:
    first = http.get("/console/nothing-here?x=1")
    target = unquote(first.headers["location"].split("next=", 1)[1])
    form = http.get(first.headers["location"])
    answer = http.post("/console/sign-in", data={
        "api_key": console.keys["CN-MPS:analyst"], "csrf_token": csrf_of(form.text),
        "next": target})
    assert answer.headers["location"] == "/console/nothing-here?x=1"
    page = http.get("/console/nothing-here?x=1")
    assert page.status_code == 404 and "Not found" in page.text and "<main" in page.text


def test_an_idle_session_ends(http: httpx.Client, console: Console, store: Store) -> None:
    sign_in(http, console, "CN-MPS:analyst")
    assert http.get("/console/").status_code == 200
    row = {"id": hashlib.sha256(http.cookies["cf_session"].encode()).hexdigest()}
    count = text("SELECT count(*) FROM console_sessions WHERE id_hash = :id")
    with store.engine.begin() as conn:  # as if the idle time had passed
        assert conn.execute(count, row).scalar() == 1
        conn.execute(text("UPDATE console_sessions SET expires_at = :past WHERE id_hash = :id"),
                     {"past": datetime.now(UTC) - timedelta(seconds=1), **row})
    answer = http.get("/console/")
    assert answer.status_code == 303
    assert "cf_session=" in answer.headers["set-cookie"]  # the dead cookie is cleared
    with store.engine.connect() as conn:
        assert conn.execute(count, row).scalar() == 0


def test_signing_out_ends_the_session(http: httpx.Client, console: Console,
                                      store: Store) -> None:
    sign_in(http, console, "CN-MPS:analyst")
    session_id = http.cookies["cf_session"]
    token = csrf_of(http.get("/console/").text)
    answer = http.post("/console/sign-out", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"] == "/console/sign-in"
    assert 'cf_session=""' in answer.headers["set-cookie"] or \
        "max-age=0" in answer.headers["set-cookie"].lower()
    with console.client() as replay:
        replay.cookies.set("cf_session", session_id, domain="127.0.0.1", path="/")
        assert replay.get("/console/").status_code == 303
    events = [json.loads(e.detail).get("event") for e in audit.entries(store)
              if e.record_type == "console_session"]
    assert "sign-in" in events and "sign-out" in events


def test_revoking_the_key_ends_its_sessions(http: httpx.Client, store: Store) -> None:
    secret = new_key(store)
    assert sign_in_with(http, secret).status_code == 303
    assert http.get("/console/").status_code == 200
    access.revoke_key(store, secret[:access.PREFIX_LENGTH])
    answer = http.get("/console/")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/console/sign-in")


def test_the_key_is_never_in_a_page_a_url_or_the_log(console: Console, store: Store) -> None:
    secret = new_key(store, ApiRole.ADMIN)
    seen: list[str] = []
    with console.client() as http:
        def keep(answer: httpx.Response) -> httpx.Response:
            seen.extend([str(answer.url), answer.text, answer.headers.get("location", ""),
                         answer.headers.get("set-cookie", "")])
            return answer

        keep(http.get("/console/sign-in"))
        keep(http.post("/console/sign-in", data={
            "api_key": secret + "x", "csrf_token": csrf_of(seen[1])}))  # a wrong one
        keep(sign_in_with(http, secret))
        for path in ("/console/", "/console/nothing-here", "/docs", "/console/?lang=th"):
            keep(http.get(path, follow_redirects=True))
        keep(http.post("/console/sign-out", data={"csrf_token": csrf_of(seen[-3])}))
    for text_seen in seen:
        assert secret not in text_seen
    log = console.log.read_text()
    assert secret not in log and secret[:20] not in log
    assert "POST /console/sign-in" in log  # the log was written (the test can fail)
