"""Identifier lookups, and the marking rule on every read path of the API.

CN-MPS holds a TLP:GREEN and a TLP:AMBER report, TH-CCIB a TLP:RED one: each agency
sees its own reports and the other's GREEN one, never AMBER or RED.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

CN = "CN-MPS:analyst"
TH = "TH-CCIB:analyst"
SCAM_URL = "https://pay.example-scam.top/app/login?id=7"


def get(client: TestClient, world: Any, path: str, *, key: str = CN, **params: str) -> Any:
    return client.get(path, params=params, headers=world.key(key))


@pytest.mark.parametrize(("key", "path", "params", "value"), [
    pytest.param("TH-CCIB:operator", "/v1/identifiers/phone/081 234 5678", {"region": "TH"},
                 "+66812345678", id="phone-national-format-with-region"),
    pytest.param("TH-CCIB:operator", "/v1/identifiers/phone/081 234 5678", {},
                 "+66812345678", id="phone-national-format-in-the-callers-country"),
    pytest.param("TH-CCIB:operator", "/v1/identifiers/phone/081-234-5678", {"region": "th"},
                 "+66812345678", id="phone-region-lowercase"),
    pytest.param(CN, "/v1/identifiers/phone/+86 138 0013 8000", {}, "+8613800138000",
                 id="phone-international"),
    pytest.param(CN, "/v1/identifiers/url/" + quote(SCAM_URL, safe=""), {}, SCAM_URL,
                 id="url-percent-encoded"),
    pytest.param(CN, "/v1/identifiers/domain/PAY.Example-Scam.top", {}, "example-scam.top",
                 id="domain-of-a-host"),
])
def test_lookup_normalises_the_value(shared_client: TestClient, shared_world: Any, *,
                                     key: str, path: str, params: dict[str, str],
                                     value: str) -> None:
    response = get(shared_client, shared_world, path, key=key, **params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["value"] == value
    assert body["known"] is True
    assert body["reports"] >= 1


def test_url_lookup_with_unencoded_slashes(shared_client: TestClient,
                                           shared_world: Any) -> None:
    url = "https://pay.example-scam.top/app/login"
    response = get(shared_client, shared_world, f"/v1/identifiers/url/{url}")
    assert response.status_code == 200, response.text
    assert response.json()["value"] == url
    assert response.json()["known"] is False  # the stored URL has a query


def test_url_lookup_tells_its_links(shared_client: TestClient, shared_world: Any) -> None:
    body = get(shared_client, shared_world, "/v1/identifiers/url/" + quote(SCAM_URL, safe="")
               ).json()
    assert body["agencies"] == ["CN-MPS"]
    assert body["scam_types"] == {"investment": 1}
    assert body["first_seen"].startswith("2024-03-01T02:00:00")
    linked = {(li["kind"], li["value"]) for li in body["linked"]}
    assert {("domain", "example-scam.top"), ("phone", "+8613800138000")} <= linked


@pytest.mark.parametrize(("path", "params", "loc"), [
    pytest.param("/v1/identifiers/phone/call me", {}, ["path", "value"], id="not-a-phone"),
    pytest.param("/v1/identifiers/planet/mars", {}, ["path", "kind"], id="unknown-kind"),
    pytest.param("/v1/identifiers/phone/0812345678", {"region": "Thailand"},
                 ["query", "region"], id="bad-region"),
])
def test_lookup_invalid_input_is_422(shared_client: TestClient, shared_world: Any, path: str,
                                     params: dict[str, str], loc: list[str]) -> None:
    response = get(shared_client, shared_world, path, **params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == loc


@pytest.mark.parametrize(("key", "report", "status"), [
    pytest.param(CN, "CN-MPS/CN-GREEN-1", 200, id="owner-sees-green"),
    pytest.param(CN, "CN-MPS/CN-AMBER-1", 200, id="owner-sees-amber"),
    pytest.param(TH, "CN-MPS/CN-GREEN-1", 200, id="other-sees-green"),
    pytest.param(TH, "CN-MPS/CN-AMBER-1", 404, id="other-not-amber"),
    pytest.param(CN, "TH-CCIB/TH-RED-1", 404, id="other-not-red"),
    pytest.param(TH, "TH-CCIB/TH-RED-1", 200, id="owner-sees-red"),
])
def test_get_report_respects_markings(shared_client: TestClient, shared_world: Any, key: str,
                                      report: str, status: int) -> None:
    response = get(shared_client, shared_world, f"/v1/reports/{report}", key=key)
    assert response.status_code == status


def test_not_visible_and_missing_look_the_same(shared_client: TestClient,
                                               shared_world: Any) -> None:
    hidden = get(shared_client, shared_world, "/v1/reports/CN-MPS/CN-AMBER-1", key=TH)
    missing = get(shared_client, shared_world, "/v1/reports/CN-MPS/CN-NONE-1", key=TH)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"].replace("CN-AMBER-1", "X") == \
        missing.json()["detail"].replace("CN-NONE-1", "X")


@pytest.mark.parametrize(("key", "expected"), [
    pytest.param(CN, ["CN-AMBER-1", "CN-GREEN-1"], id="CN-own-green-and-amber"),
    pytest.param(TH, ["TH-RED-1", "CN-GREEN-1"], id="TH-own-red-and-CN-green"),
    pytest.param("CN-MPS:admin", ["CN-AMBER-1", "CN-GREEN-1"], id="admin-no-wider"),
])
def test_list_respects_markings(shared_client: TestClient, shared_world: Any, key: str,
                                expected: list[str]) -> None:
    body = get(shared_client, shared_world, "/v1/reports", key=key).json()
    assert [r["report_id"] for r in body["items"]] == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize(("key", "phone", "known", "reports", "agencies"), [
    pytest.param(CN, "+8613800138000", True, 2, ["CN-MPS"], id="CN-shared-phone-2"),
    pytest.param(TH, "+8613800138000", True, 1, ["CN-MPS"], id="TH-shared-phone-green-only"),
    pytest.param(CN, "+8613900139000", True, 1, ["CN-MPS"], id="CN-amber-phone"),
    pytest.param(TH, "+8613900139000", False, 0, [], id="TH-amber-phone-unknown"),
    pytest.param("TH-CCIB:operator", "+8613900139000", False, 0, [],
                 id="TH-operator-amber-phone-unknown"),
    pytest.param(CN, "+66812345678", False, 0, [], id="CN-red-phone-unknown"),
])
def test_lookup_counts_respect_markings(shared_client: TestClient, shared_world: Any, *,
                                        key: str, phone: str, known: bool, reports: int,
                                        agencies: list[str]) -> None:
    body = get(shared_client, shared_world, f"/v1/identifiers/phone/{phone}", key=key).json()
    assert (body["known"], body["reports"], body["agencies"]) == (known, reports, agencies)


def test_lookup_links_respect_markings(shared_client: TestClient, shared_world: Any) -> None:
    def linked(key: str) -> set[str]:
        body = get(shared_client, shared_world, "/v1/identifiers/phone/+8613800138000",
                   key=key).json()
        return {li["value"] for li in body["linked"]}

    assert "+8613900139000" in linked(CN)
    assert "+8613900139000" not in linked(TH)  # only the AMBER report ties them


@pytest.mark.parametrize(("key", "expected"), [
    pytest.param(CN, {"reports": 2, "by_agency": {"CN-MPS": 2}, "job_lure_cases": 1,
                      "by_scam_type": {"investment": 1, "job_lure": 1},
                      "loss_by_currency": {"CNY": "21500.00"}}, id="CN"),
    pytest.param(TH, {"reports": 2, "by_agency": {"CN-MPS": 1, "TH-CCIB": 1},
                      "job_lure_cases": 0,
                      "by_scam_type": {"investment": 1, "romance": 1},
                      "loss_by_currency": {"CNY": "1500.00", "THB": "3000.00"}}, id="TH"),
])
def test_statistics_respect_markings(shared_client: TestClient, shared_world: Any, key: str,
                                     expected: dict[str, Any]) -> None:
    body = get(shared_client, shared_world, "/v1/stats", key=key).json()
    assert {k: body[k] for k in expected} == expected


def test_agencies(shared_client: TestClient, shared_world: Any) -> None:
    body = get(shared_client, shared_world, "/v1/agencies", key="TH-CCIB:operator").json()
    assert body == {"items": [
        {"code": "CN-MPS", "country": "CN", "name": "Ministry of Public Security"},
        {"code": "TH-CCIB", "country": "TH", "name": "Cyber Crime Investigation Bureau"}]}


def _raise_to_amber(client: TestClient, world: Any) -> None:
    response = client.post("/v1/reports", headers=world.key(CN), json={
        "report_id": "CN-GREEN-1", "scam_type": "investment", "marking": "TLP:AMBER",
        "phones": ["+86 138 0013 8000"], "reported_at": "2024-03-01T10:00:00+08:00"})
    assert response.status_code == 200, response.text


def _revoke_the_agreement(client: TestClient, world: Any) -> None:
    [mou] = client.get("/v1/agreements", headers=world.key("CN-MPS:admin")).json()
    response = client.post(f"/v1/agreements/{mou['id']}/revoke",
                           headers=world.key("CN-MPS:admin"))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("write", [
    pytest.param(_raise_to_amber, id="marking-raised-to-amber"),
    pytest.param(_revoke_the_agreement, id="agreement-revoked"),
])
def test_a_write_through_the_api_is_seen_by_the_next_lookup(client: TestClient, world: Any,
                                                            write: Any) -> None:
    """Lookups are answered from kept answers while nothing changed: the same body
    twice, then, after a write that hides CN's report from TH, the new answer."""
    path = "/v1/identifiers/phone/+8613800138000"
    first = get(client, world, path, key=TH)
    assert first.json()["known"] is True
    assert get(client, world, path, key=TH).content == first.content
    write(client, world)
    after = get(client, world, path, key=TH)
    assert after.status_code == 200
    assert (after.json()["known"], after.json()["reports"]) == (False, 0)
    assert get(client, world, path, key=CN).json()["reports"] == 2  # the owner still does


def test_the_lookup_documents_the_security_of_every_route(shared_client: TestClient) -> None:
    paths = shared_client.get("/openapi.json").json()["paths"]
    assert (paths["/v1/identifiers/{kind}/{value}"]["get"]["security"]
            == paths["/v1/stats"]["get"]["security"]
            == [{"APIKeyHeader": []}, {"HTTPBearer": []}])


@pytest.mark.parametrize("headers", [
    pytest.param({}, id="no-key"),
    pytest.param({"X-API-Key": "cf_not-a-key-at-all-0000000000000000000000"}, id="unknown-key"),
    pytest.param({"Authorization": "Basic Y246eA=="}, id="not-a-bearer"),
    pytest.param({"Authorization": "Bearer "}, id="empty-bearer"),
])
def test_a_lookup_without_a_valid_key_is_401(shared_client: TestClient,
                                             headers: dict[str, str]) -> None:
    response = shared_client.get("/v1/identifiers/phone/+8613800138000", headers=headers)
    assert response.status_code == 401, response.text


def test_a_lookup_with_a_bearer_key(shared_client: TestClient, shared_world: Any) -> None:
    response = shared_client.get("/v1/identifiers/phone/+8613800138000", headers={
        "Authorization": f"Bearer {shared_world.keys[TH]}"})
    assert response.status_code == 200 and response.json()["known"] is True
