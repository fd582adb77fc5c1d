"""Rendering the console (in process): filters in each language, pages in the language
asked for, the error pages, roles, the audit trail's route, static files and headers."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse
from hypothesis import given
from hypothesis import strategies as st

from conftest import api_world, csrf_of
from counterfraud.api import create_app
from counterfraud.domain import ApiRole
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.web import i18n, nav
from counterfraud.web.session import (
    ConsoleUser,
    CurrentUser,
    check_csrf,
    console_access,
    require_role,
    safe_next,
)
from counterfraud.web.templating import filters, form_errors

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

VENDOR = Path(__file__).resolve().parents[2] / "src/counterfraud/web/static/vendor"

extra = APIRouter()
AdminOnly = Annotated[ConsoleUser, Depends(require_role(ApiRole.ADMIN))]


@extra.get("/test-only/admin")
async def admin_only(user: AdminOnly) -> PlainTextResponse:
    return PlainTextResponse(user.agency or "")


@extra.post("/test-only/things/{thing_id}")
async def audited(request: Request, thing_id: str,
                  user: CurrentUser) -> PlainTextResponse:
    return PlainTextResponse(console_access(request, user).path + " " +
                             console_access(request, user).actor)


@extra.get("/test-only/raise/{kind}")
async def raises(kind: str, user: CurrentUser) -> None:
    raise {"missing": NotFound("no case CN-MPS/C-9"), "bad": InvalidInput("bad x", field="x"),
           "race": Conflict("changed meanwhile")}[kind]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    world = api_world.build_world(tmp_path_factory.mktemp("rendering"))
    app = create_app(world.settings)
    app.include_router(extra, prefix="/console", dependencies=[Depends(check_csrf)])
    with TestClient(app, follow_redirects=False) as test_client:
        test_client.world = world
        yield test_client


def signed_in(client: Any, key_name: str) -> str:
    """Sign the client in; the session's CSRF token."""
    client.cookies.clear()
    form = client.get("/console/sign-in")
    answer = client.post("/console/sign-in", data={"api_key": client.world.keys[key_name],
                                                   "csrf_token": csrf_of(form.text)})
    assert answer.status_code == 303
    return csrf_of(client.get("/console/").text)


WHEN = datetime(2024, 3, 1, 10, 5, tzinfo=UTC)


@pytest.mark.parametrize(("locale", "name", "value", "args", "shown"), [
    ("en", "date", WHEN, (), "Mar 1, 2024"),
    ("zh_Hans", "date", WHEN, (), "2024年3月1日"),
    ("th", "date", date(2024, 3, 1), (), "1 มี.ค. 2024"),
    ("zh_Hans", "datetime", WHEN, (), "2024年3月1日 10:05:00 UTC"),
    ("th", "datetime", "2024-03-01T17:05:00+07:00", (), "1 มี.ค. 2024 10:05:00 UTC"),
    ("en", "number", 1234567, (), "1,234,567"),
    ("th", "number", Decimal("1234.5"), (), "1,234.5"),
    ("th", "money", Decimal("1234.5"), ("THB",), "฿1,234.50"),
    ("zh_Hans", "money", 20000, ("CNY",), "¥20,000.00"),
    ("en", "money", "1500", (None,), "1,500"),
    ("en", "date", None, (), "—"),
    ("en", "money", None, ("THB",), "—"),
    ("en", "number", "not a number", (), "—"),
    ("en", "datetime", "not a time", (), "—"),
])
def test_filters_in_each_language(locale: str, name: str, value: object,
                                  args: tuple[object, ...], shown: str) -> None:
    assert filters(i18n.babel_locale(locale))[name](value, *args) == shown


def test_form_errors_name_the_field() -> None:
    assert form_errors(InvalidInput("bad phone", field="phone")) == {"phone": "bad phone"}
    assert form_errors(InvalidInput("bad")) == {"form": "bad"}


@pytest.mark.parametrize(("query", "header", "lang", "text"), [
    ("", None, "en", "Sign in to the console"),
    ("?lang=zh_Hans", None, "zh-Hans", "登录控制台"),
    ("?lang=th", "zh-CN", "th", "เข้าสู่ระบบคอนโซล"),
    ("", "th-TH,th;q=0.9", "th", "เข้าสู่ระบบคอนโซล"),
    ("", "zh-CN,zh;q=0.9", "zh-Hans", "登录控制台"),
    ("?lang=xx", "zh-TW", "en", "Sign in to the console"),
])
def test_the_sign_in_page_in_the_language_asked_for(client: Any, query: str,
                                                    header: str | None, lang: str,
                                                    text: str) -> None:
    client.cookies.clear()
    headers = {"Accept-Language": header} if header else {}
    page = client.get(f"/console/sign-in{query}", headers=headers)
    assert f'<html lang="{lang}">' in page.text
    assert text in page.text


def test_the_language_chosen_is_kept_in_the_session(client: Any) -> None:
    token = signed_in(client, "TH-CCIB:analyst")
    assert client.post("/console/language", data={"lang": "th", "next": "/console/",
                                                   "csrf_token": token}).status_code == 303
    home = client.get("/console/", headers={"Accept-Language": "en"})
    assert '<html lang="th">' in home.text and "ออกจากระบบ" in home.text
    assert '<html lang="zh-Hans">' in client.get("/console/?lang=zh_Hans").text
    client.post("/console/language", data={"lang": "klingon", "csrf_token": token})
    assert '<html lang="th">' in client.get("/console/").text


def test_the_home_page_shows_who_and_the_links_of_their_role(client: Any) -> None:
    signed_in(client, "CN-MPS:operator")
    home = client.get("/console/").text
    assert "Ministry of Public Security" in home and "Operator" in home
    assert 'href="/console/screening"' in home
    assert 'href="/console/freeze"' not in home  # a police operator's key may not use it
    assert 'href="/console/audit"' not in home and 'href="/console/partners"' not in home
    signed_in(client, "CN-MPS:admin")
    home = client.get("/console/").text
    for link in ("dashboard", "search", "identifiers", "reports/new", "networks", "screening",
                 "blocklist", "appeals", "agreements", "partners", "audit", "cases",
                 "victims", "freeze", "takedowns", "kpi"):
        assert f'href="/console/{link}"' in home, link


def test_a_role_not_allowed_gets_the_403_page(client: Any) -> None:
    signed_in(client, "CN-MPS:analyst")
    page = client.get("/console/test-only/admin")
    assert page.status_code == 403
    assert "role analyst may not do this; needs admin" in page.text
    assert "<main" in page.text
    signed_in(client, "CN-MPS:admin")
    assert client.get("/console/test-only/admin").text == "CN-MPS"


def test_the_trail_names_the_route_as_declared(client: Any) -> None:
    token = signed_in(client, "TH-CCIB:analyst")
    answer = client.post("/console/test-only/things/+66812345678",
                         data={"csrf_token": token})
    assert answer.text == (f"console POST /console/test-only/things/{{thing_id}} "
                           f"TH-CCIB:{client.world.keys['TH-CCIB:analyst'][:11]}")


@pytest.mark.parametrize(("kind", "status", "shown"), [
    ("missing", 404, "no case CN-MPS/C-9"),
    ("bad", 422, "bad x"),
    ("race", 409, "changed meanwhile"),
])
def test_errors_in_a_page_render_as_pages(client: Any, kind: str, status: int,
                                          shown: str) -> None:
    signed_in(client, "CN-MPS:analyst")
    page = client.get(f"/console/test-only/raise/{kind}")
    assert page.status_code == status
    assert shown in page.text and page.headers["content-type"].startswith("text/html")


def test_errors_outside_the_console_stay_json(client: Any) -> None:
    answer = client.get("/v1/reports/CN-MPS/nothing",
                        headers={"X-API-Key": client.world.keys["CN-MPS:analyst"]})
    assert answer.status_code == 404 and answer.json()["detail"]
    assert client.get("/nothing-here").json() == {"detail": "Not Found"}


def test_root_goes_to_the_console(client: Any) -> None:
    assert client.get("/").headers["location"] == "/console/"
    assert client.get("/console").headers["location"] == "/console/"


def test_pages_carry_the_security_headers(client: Any) -> None:
    client.cookies.clear()
    page = client.get("/console/sign-in")
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    cookie = page.headers["set-cookie"].lower()
    assert "cf_csrf=" in cookie and "httponly" in cookie and "samesite=strict" in cookie


@pytest.mark.parametrize("asset", [
    "vendor/htmx/htmx.min.js", "vendor/cytoscape/cytoscape.min.js",
    "vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css",
    "vendor/redoc/redoc.standalone.js", "console.css", "console.js",
])
def test_static_files_are_served(client: Any, asset: str) -> None:
    answer = client.get(f"/console/static/{asset}")
    assert answer.status_code == 200 and len(answer.content) > 500
    assert answer.headers["content-type"].split(";")[0] in {"text/javascript", "text/css",
                                                            "application/javascript"}


@pytest.mark.parametrize("library", ["htmx", "cytoscape", "swagger-ui", "redoc"])
def test_each_vendored_library_keeps_its_licence(library: str) -> None:
    assert (VENDOR / library / "LICENSE").stat().st_size > 200
    assert library in (VENDOR / "README.md").read_text()


def test_no_vendored_file_reaches_for_another_host() -> None:
    for path in (VENDOR / "redoc").glob("*.js"):
        assert "cdn.redoc.ly" not in path.read_text()


@pytest.mark.parametrize(("value", "kept"), [
    ("/console/cases?status=open", True),
    ("/console/identifiers/phone/%2B66812345678", True),
    ("/console/", True),
    (None, False), ("", False), ("/docs", False), ("//evil.example/", False),
    ("/console//evil.example", False), ("/console/../../evil", False),
    ("/console/./x", False), ("/console/\\\\evil", False), ("https://evil.example/console/", False),
    ("/console/sign-in?next=/console/", False), ("/console/x\r\nSet-Cookie: a=b", False),
    ("/console/" + "x" * 2000, False),
])
def test_where_to_go_after_signing_in(value: str | None, kept: bool) -> None:
    assert safe_next(value) == (value if kept else "/console/")


@given(st.text(max_size=200))
def test_where_to_go_is_always_a_console_page(value: str) -> None:
    target = safe_next(value)
    assert target.startswith("/console/") and "//" not in target.split("?")[0]
    assert "\\\\" not in target and not any(ord(c) < 32 for c in target)


@pytest.mark.parametrize(("role", "bank", "shown"), [
    (ApiRole.OPERATOR, False, False),
    (ApiRole.OPERATOR, True, True),
    (ApiRole.ANALYST, False, True),
    (ApiRole.ADMIN, False, True),
])
def test_the_freeze_queue_is_linked_for_whoever_may_use_it(role: ApiRole, bank: bool,
                                                           shown: bool) -> None:
    """Staff read the requests they may; every key of a bank answers its queue."""
    keys = {item.key for item in nav.visible_nav(role, bank=bank)}
    assert ("freeze" in keys) is shown
