"""Who may call what: every route against every kind of caller."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

# name -> (method, path, json body); posting writes a report per caller, nothing else.
ROUTES: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "POST /v1/reports": ("POST", "/v1/reports", {"report_id": "MATRIX"}),
    "GET /v1/reports": ("GET", "/v1/reports", None),
    "GET /v1/reports/{agency}/{id}": ("GET", "/v1/reports/CN-MPS/CN-GREEN-1", None),
    "GET /v1/identifiers": ("GET", "/v1/identifiers/phone/+8613800138000", None),
    "GET /v1/stats": ("GET", "/v1/stats", None),
    "GET /v1/agencies": ("GET", "/v1/agencies", None),
    "GET /health": ("GET", "/health", None),
}
OPEN = {"GET /health"}
EVERY_ROLE = {"GET /v1/identifiers", "GET /v1/agencies"}
SUCCESS = {"POST /v1/reports": 201}
CALLERS = ["no key", "bad key", "revoked key", "CN-MPS:operator", "CN-MPS:analyst",
           "CN-MPS:admin", "TH-CCIB:operator", "TH-CCIB:analyst"]


def expected_status(caller: str, route: str) -> int:
    if route in OPEN:
        return 200
    if caller in {"no key", "bad key", "revoked key"}:
        return 401
    if caller.endswith(":operator") and route not in EVERY_ROLE:
        return 403
    return SUCCESS.get(route, 200)


MATRIX = [pytest.param(caller, route, expected_status(caller, route),
                       id=f"{caller}-{route}-{expected_status(caller, route)}")
          for caller in CALLERS for route in ROUTES]


def headers_for(keys: dict[str, str], caller: str) -> dict[str, str]:
    if caller == "no key":
        return {}
    if caller == "bad key":
        return {"X-API-Key": "cf_not-a-key-of-this-instance"}
    return {"X-API-Key": keys["revoked" if caller == "revoked key" else caller]}


@pytest.mark.parametrize(("caller", "route", "status"), MATRIX)
def test_permission_matrix(shared_client: TestClient, shared_world: Any, caller: str,
                           route: str, status: int) -> None:
    method, path, body = ROUTES[route]
    if body is not None:
        body = {**body, "report_id": f"MATRIX-{caller}"}
    response = shared_client.request(method, path, json=body,
                                     headers=headers_for(shared_world.keys, caller))
    assert response.status_code == status, response.text
    if status == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert response.json()["detail"]
    if status == 403:
        assert "operator" in response.json()["detail"]


@pytest.mark.parametrize(("header", "status"), [
    pytest.param("Bearer {key}", 200, id="bearer-200"),
    pytest.param("bearer {key}", 200, id="bearer-lowercase-scheme-200"),
    pytest.param("Basic {key}", 401, id="basic-scheme-401"),
    pytest.param("Bearer cf_wrong", 401, id="bearer-wrong-key-401"),
    pytest.param("Bearer", 401, id="bearer-without-key-401"),
])
def test_authorization_bearer(shared_client: TestClient, shared_world: Any, header: str,
                              status: int) -> None:
    value = header.format(key=shared_world.keys["CN-MPS:analyst"])
    response = shared_client.get("/v1/stats", headers={"Authorization": value})
    assert response.status_code == status, response.text


def test_error_bodies_never_echo_the_key(shared_client: TestClient) -> None:
    response = shared_client.get("/v1/stats", headers={"X-API-Key": "cf_secret-guess-123"})
    assert response.status_code == 401
    assert "cf_secret-guess-123" not in response.text


@pytest.mark.parametrize(("caller", "status"), [
    pytest.param("no key", 401, id="no-key-401-before-422"),
    pytest.param("CN-MPS:operator", 403, id="operator-403-before-422"),
    pytest.param("CN-MPS:analyst", 422, id="analyst-422"),
])
def test_credentials_are_checked_before_the_body(shared_client: TestClient, shared_world: Any,
                                                 caller: str, status: int) -> None:
    response = shared_client.post("/v1/reports", json={"colour": "red"},
                                  headers=headers_for(shared_world.keys, caller))
    assert response.status_code == status
