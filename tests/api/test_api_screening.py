"""Screening, the blocklist, its feeds and appeals over HTTP, on a real SQLite store."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests_api_helpers import add_entry, screen_one

from counterfraud.services import blocklist, models
from counterfraud.services.store import open_store

OPERATOR = "TH-CCIB:operator"
ANALYST = "CN-MPS:analyst"


def test_a_blocklisted_number_in_a_message_is_blocked_with_provenance(
        client: TestClient, world: Any) -> None:
    entry = add_entry(client, world, ANALYST, kind="phone", value="+8613700137000",
                      reason="named in three reports")
    assert entry["agency"] == "CN-MPS" and entry["added_by"] == "CN-MPS:analyst"
    verdict = screen_one(client, world, OPERATOR, "message",
                         {"id": "m1", "text": "请立即回电 +86 137 0013 7000 领取退款"})
    assert verdict["decision"] == "block"
    [hit] = [r for r in verdict["reasons"] if r["type"] == "blocklist"]
    assert hit["entry_id"] == entry["id"] and hit["value"] == "+8613700137000"


def test_a_plain_message_is_allowed(client: TestClient, world: Any) -> None:
    verdict = screen_one(client, world, OPERATOR, "message",
                         {"id": "m2", "text": "Dinner at 7? Mum says hi."})
    assert verdict["decision"] == "allow"
    assert {"id", "channel", "decision", "score", "reasons", "index_version"} <= verdict.keys()


def test_batch_reports_unreadable_items_and_keeps_the_rest(client: TestClient,
                                                           world: Any) -> None:
    body = {"kind": "url", "items": [{"id": "u1", "value": "https://example.org/a"},
                                      {"id": "u2", "value": "not a url at all"},
                                      {"id": "u3", "value": "203.0.113.9"}]}
    response = client.post("/v1/screen", json=body, headers=world.key(OPERATOR))
    assert response.status_code == 200, response.text
    payload = response.json()
    assert [v["id"] for v in payload["verdicts"]] == ["u1", "u3"]
    assert [(e["index"], e["field"]) for e in payload["errors"]] == [(1, "value")]


@pytest.mark.parametrize(("key", "method", "path", "status"), [
    ("CN-MPS:operator", "post", "/v1/blocklist", 403),
    ("CN-MPS:operator", "get", "/v1/blocklist", 403),
    ("CN-MPS:operator", "get", "/v1/blocklist/feed", 200),
    ("CN-MPS:analyst", "post", "/v1/screen", 200),
    ("CN-MPS:operator", "get", "/v1/appeals", 403),
], ids=["operator-cannot-add", "operator-cannot-list", "operator-pulls-feed",
        "analyst-may-screen", "operator-cannot-read-appeals"])
def test_roles(client: TestClient, world: Any, key: str, method: str, path: str,
               status: int) -> None:
    body = {"kind": "message", "items": [{"text": "hi"}]} if path == "/v1/screen" else {
        "kind": "phone", "value": "+8613700137000", "reason": "r"}
    kwargs: dict[str, Any] = {"json": body} if method == "post" else {}
    response = getattr(client, method)(path, headers=world.key(key), **kwargs)
    assert response.status_code == status, response.text


def test_too_large_a_batch_is_refused(client: TestClient, world: Any) -> None:
    body = {"kind": "message", "items": [{"text": "x"}] * 10_001}
    response = client.post("/v1/screen", json=body, headers=world.key(OPERATOR))
    assert response.status_code == 422


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"kind": "domain", "value": "bit.ly", "reason": "shortener"}, 409, None),
    ({"kind": "phone", "value": "+8617012", "match": "prefix", "reason": "r"}, 422, "match"),
    ({"kind": "phone", "value": "+8613700137000"}, 422, "reason"),
    ({"kind": "fax", "value": "1", "reason": "r"}, 422, "kind"),
], ids=["allowlisted", "bad-match", "no-reason", "unknown-kind"])
def test_bad_entries(client: TestClient, world: Any, body: dict[str, str], status: int,
                     field: str | None) -> None:
    store = open_store(world.settings)
    blocklist.install_allowlist(store, blocklist.default_allowlist(), actor="test")
    store.close()
    response = client.post("/v1/blocklist", json=body, headers=world.key(ANALYST))
    assert response.status_code == status, response.text
    if field is not None:
        assert field in response.json()["detail"][0]["loc"]


def test_feeds_and_deltas(client: TestClient, world: Any) -> None:
    first = add_entry(client, world, ANALYST, kind="domain", value="scam-shop.top",
                      match="domain_tree", reason="fake shop")
    version = client.get("/v1/blocklist", headers=world.key(ANALYST)).json()["version"]
    add_entry(client, world, ANALYST, kind="ip", value="203.0.113.7", reason="phishing host")
    client.post(f"/v1/blocklist/{first['id']}/delist", json={"reason": "taken down"},
                headers=world.key(ANALYST))
    headers = world.key(OPERATOR)
    delta = client.get("/v1/blocklist/feed", params={"since": version}, headers=headers).json()
    assert [e["value"] for e in delta["added"]] == ["203.0.113.7"]
    assert [e["value"] for e in delta["removed"]] == ["scam-shop.top"]
    rpz = client.get("/v1/blocklist/feed", params={"format": "rpz"}, headers=headers)
    assert rpz.headers["content-type"].startswith("text/dns")
    assert "32.7.113.0.203.rpz-ip CNAME ." in rpz.text and "scam-shop.top" not in rpz.text
    csv_feed = client.get("/v1/blocklist/feed", params={"format": "csv"}, headers=headers)
    assert csv_feed.text.splitlines()[1].split(",")[2] == "203.0.113.7"


def test_appeal_upheld_lifts_the_block(client: TestClient, world: Any) -> None:
    entry = add_entry(client, world, ANALYST, kind="phone", value="+8613700137000",
                      reason="named in reports")
    call = {"id": "c", "caller": "+8613700137000", "callee": "+66812345678"}
    assert screen_one(client, world, OPERATOR, "call", call)["decision"] == "block"
    filed = client.post("/v1/appeals", headers=world.key(OPERATOR), json={
        "kind": "phone", "value": "+8613700137000", "contact": "owner@example.com",
        "statement": "this is my pharmacy's number"})
    assert filed.status_code == 201, filed.text
    open_appeals = client.get("/v1/appeals", headers=world.key(ANALYST)).json()
    assert [a["entry_id"] for a in open_appeals] == [entry["id"]]
    decided = client.post(f"/v1/appeals/{filed.json()['id']}/decision",
                          headers=world.key(ANALYST),
                          json={"uphold": True, "reason": "verified pharmacy"})
    assert decided.json()["status"] == "upheld"
    client.app.state.screener.refresh(force=True)  # type: ignore[attr-defined]
    assert screen_one(client, world, OPERATOR, "call", call)["decision"] == "allow"
    history = client.get(f"/v1/blocklist/{entry['id']}", headers=world.key(ANALYST)).json()
    assert [h["action"] for h in history["history"]] == ["added", "appealed", "delisted"]


def test_reported_messages_become_training_data(client: TestClient, world: Any,
                                                tmp_path: Any) -> None:
    for text, label in [("恭喜中奖，点击领取 hxxp://prize[.]top", "scam"),
                        ("Your parcel is at the post office", "legit")]:
        response = client.post("/v1/messages/reported", headers=world.key(OPERATOR),
                               json={"text": text, "label": label})
        assert response.status_code == 201, response.text
    bad = client.post("/v1/messages/reported", headers=world.key(OPERATOR),
                      json={"text": "x", "label": "maybe"})
    assert bad.status_code == 422
    store = open_store(world.settings)
    try:
        assert models.reported_counts(store) == {"scam": 1, "legit": 1}
    finally:
        store.close()
