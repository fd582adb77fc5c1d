"""Networks over HTTP: analysts see what their agency may read; expansion is for admins."""

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


@pytest.mark.parametrize(("key", "status"), [
    ("CN-MPS:analyst", 403), ("CN-MPS:admin", 200), ("CN-MPS:operator", 403),
], ids=["analyst", "admin", "operator"])
def test_expand_is_for_admins(built: TestClient, world: Any, key: str, status: int) -> None:
    response = built.get("/v1/networks/expand/phone/+8613800138000", headers=world.key(key))
    assert response.status_code == status, response.text
    if status == 200:
        assert response.json()["seed"]["value"] == "+8613800138000"
