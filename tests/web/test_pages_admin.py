"""The dashboard, agreements, partners and the audit trail over real HTTP to a real
uvicorn and store: each counts and lists only what the signed-in agency may read, the
roles are the API's (dashboard, agreements to read and the trail for analysts; adding and
revoking agreements and the partners for admins), and the trail verifies.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import httpx
import pytest

from conftest import Console, csrf_of, sign_in
from counterfraud.services import audit
from counterfraud.services.store import open_store

pytestmark = pytest.mark.server

CN, TH = "CN-MPS", "TH-CCIB"
KEYS = [f"{a}:{r}" for a in (CN, TH) for r in ("admin", "analyst", "operator")]


@pytest.fixture(scope="module")
def clients(console: Console) -> Iterator[dict[str, httpx.Client]]:
    made: dict[str, httpx.Client] = {}
    for key in KEYS:
        http = console.client()
        sign_in(http, console, key)
        made[key] = http
    yield made
    for http in made.values():
        http.close()


def token(http: httpx.Client) -> str:
    return csrf_of(http.get("/console/search").text)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize(("path", "roles"), [
    ("/console/dashboard", {"admin", "analyst"}),
    ("/console/agreements", {"admin", "analyst"}),
    ("/console/partners", {"admin"}),
    ("/console/audit", {"admin", "analyst"}),
], ids=["dashboard", "agreements", "partners", "audit"])
def test_roles_and_links(clients: dict[str, httpx.Client], path: str, roles: set[str]) -> None:
    for key in KEYS:
        role = key.split(":")[1]
        answer = clients[key].get(path)
        assert answer.status_code == (200 if role in roles else 403), key
        home = clients[key].get("/console/").text
        assert (f'href="{path}"' in home) == (role in roles), key


def test_the_dashboard_counts_what_the_agency_may_read(
        clients: dict[str, httpx.Client]) -> None:
    cn = text_of(clients[f"{CN}:analyst"].get("/console/dashboard").text)
    assert "Investment" in cn and "Job lure" in cn
    assert "Romance" not in cn  # TH's RED report is the only romance scam
    assert "Of 2 reports you may read, all time." in cn
    th = text_of(clients[f"{TH}:analyst"].get("/console/dashboard").text)
    assert "Romance" in th and "Investment" in th and "Job lure" not in th
    assert "Of 2 reports you may read, all time." in th  # its RED one, CN's GREEN one


def test_the_dashboard_in_every_language(clients: dict[str, httpx.Client]) -> None:
    for lang, word in (("zh_Hans", "总览"), ("th", "แดชบอร์ด")):
        answer = clients[f"{CN}:admin"].get("/console/dashboard", params={"lang": lang})
        assert answer.status_code == 200 and word in answer.text


def test_agreements_are_read_by_analysts_and_changed_by_admins(
        clients: dict[str, httpx.Client]) -> None:
    analyst, admin = clients[f"{CN}:analyst"], clients[f"{CN}:admin"]
    read = analyst.get("/console/agreements").text
    assert "CN-TH MoU 2024" in read
    assert 'action="/console/agreements"' not in read and "Revoke" not in read
    refused = analyst.post("/console/agreements", data={
        "grantee": TH, "markings": "TLP:AMBER", "record_types": "report",
        "purpose": "x", "legal_basis": "mlat", "csrf_token": token(analyst)})
    assert refused.status_code == 403
    page = admin.get("/console/agreements").text
    assert 'action="/console/agreements"' in page
    bad = admin.post("/console/agreements", data={
        "grantee": TH, "markings": "TLP:RED", "record_types": "report", "purpose": " ",
        "legal_basis": "mlat", "valid_from": "2025-13-01", "csrf_token": token(admin)})
    assert bad.status_code == 422 and 'id="valid_from-error"' in bad.text
    red = admin.post("/console/agreements", data={
        "grantee": TH, "markings": "TLP:RED", "record_types": "report",
        "purpose": "joint <b>work</b>", "legal_basis": "mlat", "csrf_token": token(admin)})
    assert red.status_code == 422 and 'id="markings-error"' in red.text
    no_grantee = admin.post("/console/agreements", data={
        "grantee": "", "markings": "TLP:AMBER", "record_types": "report",
        "purpose": "x", "legal_basis": "mlat", "csrf_token": token(admin)})
    assert no_grantee.status_code == 422 and 'id="grantee-error"' in no_grantee.text
    added = admin.post("/console/agreements", data={
        "grantee": TH, "markings": ["TLP:AMBER"], "record_types": ["report", "sighting"],
        "purpose": "joint <b>work</b>", "legal_basis": "mlat", "reference": "MLAT-7",
        "csrf_token": token(admin)})
    assert added.status_code == 303
    listed = admin.get("/console/agreements").text
    assert "MLAT-7" in listed and "joint &lt;b&gt;work&lt;/b&gt;" in listed
    number = int(re.findall(r'action="/console/agreements/(\d+)/revoke"', listed)[-1])
    th_admin = clients[f"{TH}:admin"]
    theirs = th_admin.post(f"/console/agreements/{number}/revoke",
                           data={"csrf_token": token(th_admin)})
    assert theirs.status_code == 404  # only the granting agency revokes
    repeated = admin.post("/console/agreements", data={
        "grantee": TH, "markings": ["TLP:AMBER"], "record_types": ["report", "sighting"],
        "purpose": "again", "legal_basis": "mlat", "reference": "MLAT-7",
        "csrf_token": token(admin)})
    assert repeated.status_code == 409
    revoked = admin.post(f"/console/agreements/{number}/revoke",
                         data={"csrf_token": token(admin)})
    assert revoked.status_code == 303
    assert f'action="/console/agreements/{number}/revoke"' not in admin.get(
        "/console/agreements").text


def test_partners_list_the_agencies_and_flows(clients: dict[str, httpx.Client]) -> None:
    page = text_of(clients[f"{CN}:admin"].get("/console/partners").text)
    assert "Cyber Crime Investigation Bureau" in page
    assert "Ministry of Public Security" in page


def test_the_audit_trail_is_the_agencys_own_and_verifies(
        console: Console, clients: dict[str, httpx.Client]) -> None:
    cn, th = clients[f"{CN}:analyst"], clients[f"{TH}:analyst"]
    cn.get("/console/identifiers/phone/+8613800138000")  # a read for CN's trail
    th.get("/console/identifiers/phone/+66812345678")
    cn_trail = text_of(cn.get("/console/audit").text)
    assert "CN-MPS:" in cn_trail and "TH-CCIB:" not in cn_trail
    assert "console GET /console/identifiers/{kind}/{value}" in cn_trail
    th_trail = text_of(th.get("/console/audit").text)
    assert "TH-CCIB:" in th_trail and "CN-MPS:" not in th_trail
    verified = cn.post("/console/audit/verify", data={"csrf_token": token(cn)})
    assert verified.status_code == 200
    assert "Intact:" in verified.text
    assert cn.post("/console/audit/verify").status_code == 403  # no CSRF token
    bad_day = cn.get("/console/audit", params={"since": "yesterday"})
    assert bad_day.status_code == 422 and 'id="since-error"' in bad_day.text
    store = open_store(console.settings)
    try:
        reads = [e for e in audit.entries(store) if e.record_type == "audit"]
    finally:
        store.close()
    assert {e.actor.split(":")[0] for e in reads} >= {CN, TH}


PAGES = ("/console/dashboard", "/console/search?q=%2B66812345678",
         "/console/identifiers/phone/+66812345678", "/console/screening",
         "/console/blocklist?status=", "/console/appeals?status=", "/console/agreements",
         "/console/partners", "/console/audit", "/console/reports/new")


@pytest.mark.parametrize("key", [f"{CN}:admin", f"{CN}:analyst", f"{CN}:operator"])
def test_no_page_shows_another_agencys_red_report(clients: dict[str, httpx.Client],
                                                  key: str) -> None:
    for path in PAGES:
        answer = clients[key].get(path)
        assert answer.status_code in (200, 403), path
        assert "TH-RED-1" not in answer.text, path
