"""Submitting, reading and listing reports through the API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

ANALYST = "CN-MPS:analyst"
NEW_REPORT: dict[str, Any] = {
    "report_id": "CN-API-1",
    "reported_at": "2024-06-01T08:00:00Z",
    "scam_type": "pig-butchering",
    "narrative": "Paid a 'tax' to unlock withdrawals.",
    "loss_amount": 2500.5,
    "marking": "green",
    "phones": ["+86 138 0013 8000"],
    "urls": "https://pay.example-scam.top/app/login?id=7",
    "crypto_wallets": [],
}


def post(client: TestClient, world: Any, body: object, *, key: str = ANALYST) -> Any:
    return client.post("/v1/reports", json=body, headers=world.key(key))


def test_create_one_report_returns_it_as_stored(client: TestClient, world: Any) -> None:
    response = post(client, world, NEW_REPORT)
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["agency"] == "CN-MPS"  # the caller's own, never taken from the body
    assert report["report_id"] == "CN-API-1"
    assert report["scam_type"] == "investment"
    assert report["marking"] == "TLP:GREEN"
    assert report["loss_amount"] == "2500.50"
    assert report["loss_currency"] == "CNY"  # the agency's national currency
    assert report["reported_at"].startswith("2024-06-01T08:00:00")
    found = {(i["kind"], i["value"]) for i in report["identifiers"]}
    assert {("phone", "+8613800138000"), ("domain", "example-scam.top"),
            ("url", "https://pay.example-scam.top/app/login?id=7")} <= found
    assert response.headers["Location"].endswith("/v1/reports/CN-MPS/CN-API-1")

    again = client.get("/v1/reports/CN-MPS/CN-API-1", headers=world.key(ANALYST))
    assert again.status_code == 200
    assert again.json() == report


def test_same_report_id_replaces_the_report(client: TestClient, world: Any) -> None:
    assert post(client, world, NEW_REPORT).status_code == 201
    response = post(client, world, {**NEW_REPORT, "narrative": "Updated account."})
    assert response.status_code == 200
    assert response.json()["narrative"] == "Updated account."
    listed = client.get("/v1/reports", params={"agency": "CN-MPS"}, headers=world.key(ANALYST))
    assert [r["report_id"] for r in listed.json()["items"]].count("CN-API-1") == 1


def test_admin_may_submit_for_its_agency(client: TestClient, world: Any) -> None:
    response = post(client, world, {"report_id": "TH-API-1"}, key="TH-CCIB:admin")
    assert response.status_code == 201
    assert response.json()["agency"] == "TH-CCIB"
    assert response.json()["marking"] == "TLP:AMBER"  # the default


@pytest.mark.parametrize(("change", "loc", "words"), [
    pytest.param({"marking": "TLP:PURPLE"}, ["body", "marking"], "unknown marking",
                 id="bad-marking"),
    pytest.param({"loss_amount": -5}, ["body", "loss_amount"], "negative",
                 id="negative-amount-number"),
    pytest.param({"loss_amount": "-1,000"}, ["body", "loss_amount"], "negative",
                 id="negative-amount-string"),
    pytest.param({"colour": "red"}, ["body", "colour"], "Extra inputs", id="unknown-field"),
    pytest.param({"agency": "TH-CCIB"}, ["body", "agency"], "Extra inputs",
                 id="agency-not-settable"),
    pytest.param({"scam_type": "alchemy"}, ["body", "scam_type"], "unknown scam type",
                 id="bad-scam-type"),
    pytest.param({"reported_at": "yesterday"}, ["body", "reported_at"], "ISO 8601",
                 id="bad-date"),
    pytest.param({"victim_country": "Thailand"}, ["body", "victim_country"], "ISO 3166",
                 id="bad-country"),
    pytest.param({"phones": {"a": 1}}, ["body", "phones"], "", id="phones-not-a-list"),
])
def test_invalid_report_is_422_naming_the_field(client: TestClient, world: Any,
                                                change: dict[str, Any], loc: list[str],
                                                words: str) -> None:
    response = post(client, world, {**NEW_REPORT, **change})
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    assert any(e["loc"][:2] == loc and words in e["msg"] for e in errors), errors
    gone = client.get("/v1/reports/CN-MPS/CN-API-1", headers=world.key(ANALYST))
    assert gone.status_code == 404  # nothing stored


def test_a_bad_identifier_value_is_flagged_and_the_report_stored(client: TestClient,
                                                                 world: Any) -> None:
    response = post(client, world, {**NEW_REPORT, "phones": ["+86 138 0013 8000", "call me"],
                                    "handles": "line:@ab"})
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["loss_amount"] == "2500.50"
    assert ("phone", "+8613800138000") in {(i["kind"], i["value"])
                                           for i in report["identifiers"]}
    assert [(v["field"], v["value"]) for v in report["rejected_values"]] == [
        ("phones", "call me"), ("handles", "line:@ab")]
    assert "invalid phone" in report["rejected_values"][0]["reason"]
    again = client.get("/v1/reports/CN-MPS/CN-API-1", headers=world.key(ANALYST))
    assert again.json()["rejected_values"] == report["rejected_values"]


def test_a_batch_counts_new_and_updated_and_lists_warnings(client: TestClient,
                                                          world: Any) -> None:
    assert post(client, world, {"report_id": "B-1"}).status_code == 201
    batch = {"reports": [{"report_id": "B-1", "phones": "0"}, {"report_id": "B-2"},
                         {"report_id": "B-3", "marking": "pink"}]}
    result = post(client, world, batch).json()
    assert {k: result[k] for k in ("accepted", "new", "updated", "rejected")} == {
        "accepted": 2, "new": 1, "updated": 1, "rejected": 1}
    assert [(w["index"], w["field"]) for w in result["warnings"]] == [(1, "phones")]
    assert "too short" in result["warnings"][0]["message"]


def test_missing_report_id_is_named(client: TestClient, world: Any) -> None:
    body = {k: v for k, v in NEW_REPORT.items() if k != "report_id"}
    response = post(client, world, body)
    assert response.status_code == 422
    assert ["body", "report_id"] in [e["loc"] for e in response.json()["detail"]]


def test_all_bad_fields_are_reported_together(client: TestClient, world: Any) -> None:
    response = post(client, world, {"report_id": "X", "marking": "pink", "loss_amount": "-1"})
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["detail"]} == {
        ("body", "marking"), ("body", "loss_amount")}


@pytest.mark.parametrize("body", [
    pytest.param([NEW_REPORT], id="a-list"),
    pytest.param("CN-API-1", id="a-string"),
])
def test_body_must_be_an_object(client: TestClient, world: Any, body: object) -> None:
    response = post(client, world, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_batch_keeps_the_good_reports(client: TestClient, world: Any) -> None:
    batch = {"reports": [
        {"report_id": "BATCH-1", "phones": "+66 81 234 5678"},
        {"report_id": "BATCH-2", "marking": "TLP:PURPLE"},
        {"report_id": "BATCH-3", "colour": "red"},
        {"report_id": "BATCH-4", "loss_amount": "12"},
        "not an object",
    ]}
    response = post(client, world, batch)
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["accepted"], result["rejected"]) == (2, 3)
    assert [(e["index"], e["field"]) for e in result["errors"]] == [
        (2, "marking"), (3, "colour"), (5, "-")]
    for report_id, status in [("BATCH-1", 200), ("BATCH-2", 404), ("BATCH-3", 404),
                              ("BATCH-4", 200)]:
        got = client.get(f"/v1/reports/CN-MPS/{report_id}", headers=world.key(ANALYST))
        assert got.status_code == status, report_id


def test_batch_of_more_than_1000_is_refused(client: TestClient, world: Any) -> None:
    batch = {"reports": [{"report_id": f"R{i}"} for i in range(1001)]}
    response = post(client, world, batch)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reports"]


def test_batch_of_1000_is_accepted(client: TestClient, world: Any) -> None:
    batch = {"reports": [{"report_id": f"R{i}", "scam_type": "loan"} for i in range(1000)]}
    response = post(client, world, batch)
    assert response.json() == {"accepted": 1000, "new": 1000, "updated": 0, "rejected": 0,
                               "errors": [], "warnings": []}
    listed = client.get("/v1/reports", params={"scam_type": "loan", "limit": 1},
                        headers=world.key(ANALYST))
    assert listed.json()["total"] == 1000


@pytest.mark.parametrize(("params", "expected_ids", "total"), [
    pytest.param({}, ["CN-AMBER-1", "CN-GREEN-1"], 2, id="all-newest-first"),
    pytest.param({"scam_type": "job_lure"}, ["CN-AMBER-1"], 1, id="by-scam-type"),
    pytest.param({"since": "2024-03-15"}, ["CN-AMBER-1"], 1, id="since-date"),
    pytest.param({"since": "2024-04-01T09:30:00+00:00"}, ["CN-AMBER-1"], 1,
                 id="since-time-with-zone"),
    pytest.param({"agency": "th-ccib"}, [], 0, id="other-agency-red-invisible"),
    pytest.param({"limit": 1}, ["CN-AMBER-1"], 2, id="limit"),
    pytest.param({"limit": 1, "offset": 1}, ["CN-GREEN-1"], 2, id="offset"),
])
def test_list_reports(client: TestClient, world: Any, params: dict[str, Any],
                      expected_ids: list[str], total: int) -> None:
    response = client.get("/v1/reports", params=params, headers=world.key(ANALYST))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [r["report_id"] for r in body["items"]] == expected_ids
    assert body["total"] == total


@pytest.mark.parametrize(("params", "loc"), [
    pytest.param({"limit": 0}, ["query", "limit"], id="limit-0"),
    pytest.param({"limit": 1001}, ["query", "limit"], id="limit-1001"),
    pytest.param({"offset": -1}, ["query", "offset"], id="negative-offset"),
    pytest.param({"since": "last week"}, ["query", "since"], id="bad-since"),
    pytest.param({"scam_type": "alchemy"}, ["query", "scam_type"], id="bad-scam-type"),
    pytest.param({"agency": "nowhere"}, ["query", "agency"], id="bad-agency-code"),
])
def test_list_reports_bad_query(client: TestClient, world: Any, params: dict[str, Any],
                                loc: list[str]) -> None:
    response = client.get("/v1/reports", params=params, headers=world.key(ANALYST))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_unknown_report_is_404(client: TestClient, world: Any) -> None:
    response = client.get("/v1/reports/CN-MPS/NOPE", headers=world.key(ANALYST))
    assert response.status_code == 404
    assert "NOPE" in response.json()["detail"]


def test_report_id_with_a_slash(client: TestClient, world: Any) -> None:
    assert post(client, world, {"report_id": "2024/07/001"}).status_code == 201
    response = client.get("/v1/reports/CN-MPS/2024/07/001", headers=world.key(ANALYST))
    assert response.status_code == 200
    assert response.json()["report_id"] == "2024/07/001"
