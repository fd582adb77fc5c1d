"""Small request helpers shared by the API tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def add_entry(client: TestClient, world: Any, key: str, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/blocklist", json=body, headers=world.key(key))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def screen_one(client: TestClient, world: Any, key: str, kind: str,
               item: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v1/screen", json={"kind": kind, "items": [item]},
                           headers=world.key(key))
    assert response.status_code == 200, response.text
    [verdict] = response.json()["verdicts"]
    result: dict[str, Any] = verdict
    client.app.state.screener.check_every = 0  # type: ignore[attr-defined]
    return result
