"""Networks over HTTP: analysts see, list and expand what their agency may read."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from counterfraud.services import networks
from counterfraud.services.store import open_store


@pytest.fixture
def built(client: TestClient, world: Any) -> TestClient:
    store = open_store(world.settings)
    try:
        networks.build(store, min_size=1)
    finally:
        store.close()
    return client


def _values(body: list[dict[str, Any]]) -> set[str]:
    return {m["value"] for n in body for m in n["members"]}


def test_each_agency_sees_its_own_view(built: TestClient, world: Any) -> None:
    cn = built.get("/v1/networks", params={"min_size": 1}, headers=world.key("CN-MPS:analyst"))
    th = built.get("/v1/networks", params={"min_size": 1}, headers=world.key("TH-CCIB:analyst"))
    assert cn.status_code == th.status_code == 200
    assert {"+8613800138000", "+8613900139000"} <= _values(cn.json())
    assert "+66812345678" not in _values(cn.json())  # TH's RED report
    assert "+8613900139000" not in _values(th.json())  # only in CN's AMBER report
    assert "+8613800138000" in _values(th.json())  # CN's GREEN report names it
    for network in cn.json():
        assert {"id", "size", "members", "core_members"} <= network.keys()


def test_show_markdown_and_block(built: TestClient, world: Any) -> None:
    headers = world.key("CN-MPS:analyst")
    [first, *_] = built.get("/v1/networks", params={"min_size": 1}, headers=headers).json()
    text = built.get(f"/v1/networks/{first['id']}", params={"format": "markdown"},
                     headers=headers)
    assert text.headers["content-type"].startswith("text/markdown")
    assert text.text.startswith(f"# Network {first['id']}")
    blocked = built.post(f"/v1/networks/{first['id']}/block", headers=headers)
    assert blocked.status_code == 200 and blocked.json()["added"] >= 1
    missing = built.get("/v1/networks/N-999999", headers=headers)
    assert missing.status_code == 404


def _expand(client: TestClient, world: Any, key: str, phone: str) -> Any:
    return client.get(f"/v1/networks/expand/phone/{phone}", params={"hops": 3},
                      headers=world.key(key))


def _seen(body: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(node values, every report key cited as evidence) of an expansion."""
    values = {n["identifier"]["value"] for n in body["nodes"]}
    cited = {k for n in body["nodes"] for step in n["path"] for k in step["evidence"]}
    return values, cited


@pytest.mark.parametrize(("key", "sees_amber"), [
    ("CN-MPS:analyst", True), ("CN-MPS:admin", True), ("TH-CCIB:analyst", False),
    ("TH-CCIB:admin", False),
], ids=["owner-analyst", "owner-admin", "partner-analyst", "partner-admin"])
def test_expand_shows_what_the_agency_may_read(built: TestClient, world: Any, key: str,
                                               sees_amber: bool) -> None:
    response = _expand(built, world, key, "+8613800138000")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["seed"]["value"] == "+8613800138000"
    values, cited = _seen(body)
    assert "example-scam.top" in values  # CN's GREEN report, shared with TH
    assert ("+8613900139000" in values) is sees_amber  # only in CN's AMBER report
    assert ("CN-MPS/CN-AMBER-1" in cited) is sees_amber
    assert "+66812345678" not in values and "TH-CCIB/TH-RED-1" not in cited


def test_expand_from_an_identifier_only_hidden_reports_name(built: TestClient,
                                                            world: Any) -> None:
    assert _expand(built, world, "TH-CCIB:analyst", "+8613900139000").status_code == 404
    assert _expand(built, world, "CN-MPS:analyst", "+8613900139000").status_code == 200


def test_expand_is_not_for_operators(built: TestClient, world: Any) -> None:
    assert _expand(built, world, "CN-MPS:operator", "+8613800138000").status_code == 403
