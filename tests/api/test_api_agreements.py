from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

GRANT = {"grantee": "CN-MPS", "markings": ["TLP:GREEN"], "record_types": ["report"],
         "purpose": "romance scam ring", "legal_basis": "mlat", "reference": "MLAT 7"}


def test_both_sides_read_the_agreement_that_binds_them(client: TestClient,
                                                        world: Any) -> None:
    for key in ("CN-MPS:analyst", "TH-CCIB:analyst"):
        [mou] = client.get("/v1/agreements", headers=world.key(key)).json()
        assert (mou["grantor"], mou["grantee"], mou["markings"]) == (
            "CN-MPS", "TH-CCIB", ["TLP:GREEN"])
    assert client.get("/v1/agreements",
                      headers=world.key("TH-CCIB:operator")).status_code == 403


def test_an_admin_grants_as_its_own_agency(client: TestClient, world: Any) -> None:
    made = client.post("/v1/agreements", json=GRANT, headers=world.key("TH-CCIB:admin"))
    assert made.status_code == 201, made.text
    assert made.json()["grantor"] == "TH-CCIB" and made.json()["record_types"] == ["report"]
    seen = client.get("/v1/reports", headers=world.key("CN-MPS:analyst")).json()
    assert "TH-RED-1" not in [r["report_id"] for r in seen["items"]]  # RED stays home
    refused = client.post("/v1/agreements", json=GRANT, headers=world.key("TH-CCIB:analyst"))
    assert refused.status_code == 403


def test_red_is_refused_naming_the_field(client: TestClient, world: Any) -> None:
    response = client.post("/v1/agreements", json={**GRANT, "markings": ["TLP:RED"]},
                           headers=world.key("TH-CCIB:admin"))
    assert response.status_code == 422
    assert "markings" in str(response.json()["detail"])


def test_revoking_stops_sharing_at_once_and_only_the_grantor_may(client: TestClient,
                                                                  world: Any) -> None:
    [mou] = client.get("/v1/agreements", headers=world.key("TH-CCIB:admin")).json()
    path = f"/v1/agreements/{mou['id']}/revoke"
    assert client.post(path, headers=world.key("TH-CCIB:admin")).status_code == 404
    green = "/v1/reports/CN-MPS/CN-GREEN-1"
    assert client.get(green, headers=world.key("TH-CCIB:analyst")).status_code == 200
    revoked = client.post(path, headers=world.key("CN-MPS:admin"))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert client.get(green, headers=world.key("TH-CCIB:analyst")).status_code == 404


def test_the_same_agreement_twice_is_a_409_naming_the_first(client: TestClient,
                                                             world: Any) -> None:
    admin = world.key("TH-CCIB:admin")
    first = client.post("/v1/agreements", json=GRANT, headers=admin)
    assert first.status_code == 201, first.text
    again = client.post("/v1/agreements", json=GRANT, headers=admin)
    assert again.status_code == 409, again.text
    assert f"agreement {first.json()['id']} already" in again.json()["detail"]
    other_basis = client.post("/v1/agreements", json={**GRANT, "legal_basis": "interpol"},
                              headers=admin)
    assert other_basis.status_code == 201, other_basis.text
    granted = client.get("/v1/agreements", headers=admin).json()
    assert sum(a["grantor"] == "TH-CCIB" for a in granted) == 2
