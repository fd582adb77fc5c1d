"""Reads and writes through the API are on the audit trail with the caller's agency, its
key's public prefix (never the secret) and the route they came through."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from counterfraud.services import audit
from counterfraud.services.store import open_store


def _entries(world: Any) -> list[Any]:
    store = open_store(world.settings)
    try:
        report = audit.verify(store)
        assert report.intact, report.problem
        return audit.entries(store)
    finally:
        store.close()


@pytest.mark.parametrize(("method", "url", "body", "path", "records"), [
    ("GET", "/v1/reports/CN-MPS/CN-GREEN-1", None,
     "api GET /v1/reports/{agency}/{report_id}", ["CN-MPS/CN-GREEN-1"]),
    ("GET", "/v1/reports", None, "api GET /v1/reports", ["TH-CCIB/TH-RED-1",
                                                         "CN-MPS/CN-GREEN-1"]),
    ("GET", "/v1/identifiers/phone/+8613800138000", None,
     "api GET /v1/identifiers/{kind}/{value}", ["phone:+8613800138000"]),
    ("GET", "/v1/stats", None, "api GET /v1/stats", []),
    ("POST", "/v1/reports", {"report_id": "TH-9", "scam_type": "investment"},
     "api POST /v1/reports", ["TH-CCIB/TH-9"]),
], ids=["get-report", "list-reports", "lookup", "stats", "submit"])
def test_api_calls_are_audited_with_key_prefix_and_route(
        world: Any, client: TestClient, method: str, url: str, body: Any, path: str,
        records: list[str]) -> None:
    before = len(_entries(world))
    key = world.keys["TH-CCIB:analyst"]
    response = client.request(method, url, json=body, headers={"X-API-Key": key})
    assert response.status_code in (200, 201), response.text
    entries = _entries(world)[before:]
    mine = [e for e in entries if e.path == path]
    assert mine, [e.path for e in entries]
    assert mine[0].actor == f"TH-CCIB:{key[:11]}"
    assert json.loads(mine[0].records) == records
    assert all(key not in e.records + e.detail + e.actor for e in entries)


def test_blocklist_feed_and_changes_are_audited(world: Any, client: TestClient) -> None:
    key = world.keys["CN-MPS:analyst"]
    added = client.post("/v1/blocklist", headers={"X-API-Key": key}, json={
        "kind": "domain", "value": "scam-exchange.top", "reason": "fake exchange"})
    assert added.status_code == 201, added.text
    feed = client.get("/v1/blocklist/feed", headers={"X-API-Key": key})
    assert feed.status_code == 200
    entries = _entries(world)
    write, read = entries[-2], entries[-1]
    assert (write.action, write.path, json.loads(write.records)) == (
        "write", "api POST /v1/blocklist", [f"blocklist/{added.json()['id']}"])
    assert (read.action, read.path) == ("read", "api GET /v1/blocklist/feed")
    assert f"blocklist/{added.json()['id']}" in json.loads(read.records)
