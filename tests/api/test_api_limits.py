"""Size limits over HTTP (docs/formats.md, "Limits"): a body over the limit is refused
by the server before it is parsed (413, JSON); inside a batch, a report over a field
or row limit, or repeating an id, rejects only itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from test_api_server import running_server, server_env

BODY_LIMIT = 8 * 1024 * 1024
ANALYST = "CN-MPS:analyst"


def _oversized_batch() -> bytes:
    narrative = "x" * 50_000
    reports = ",".join(f'{{"report_id": "R{i}", "narrative": "{narrative}"}}'
                       for i in range(BODY_LIMIT // 50_000 + 10))
    return f'{{"reports": [{reports}]}}'.encode()


def _chunks(body: bytes, size: int = 1 << 20) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start:start + size]


@pytest.mark.server
def test_real_server_refuses_a_body_over_the_limit(world: Any, tmp_path: Path) -> None:
    body = _oversized_batch()
    assert len(body) > BODY_LIMIT
    headers = {"X-API-Key": world.keys[ANALYST], "content-type": "application/json"}
    log = tmp_path / "uvicorn.log"
    with running_server(server_env(world.settings), log, workers=1) as (url, _), \
            httpx.Client(base_url=url, timeout=60) as http:
        for content in (body, _chunks(body)):  # with a Content-Length, then chunked
            response = http.post("/v1/reports", content=content, headers=headers)
            assert response.status_code == 413, response.text
            assert "8,388,608 bytes" in response.json()["detail"]
        stored = http.get("/v1/reports/CN-MPS/R0", headers={"X-API-Key": world.keys[ANALYST]})
        assert stored.status_code == 404, "nothing of a refused body is stored"


@pytest.mark.parametrize("path", ["/v1/reports", "/v1/screen", "/v1/blocklist"],
                         ids=["reports", "screen", "blocklist"])
def test_every_route_has_the_body_limit(client: TestClient, world: Any, path: str) -> None:
    response = client.post(path, content=b" " * (BODY_LIMIT + 1), headers={
        **world.key(ANALYST), "content-type": "application/json"})
    assert response.status_code == 413
    assert "bytes" in response.json()["detail"]


def test_a_body_at_the_limit_is_read(client: TestClient, world: Any) -> None:
    body = b'{"report_id": "AT-LIMIT"}'
    body += b" " * (BODY_LIMIT - len(body))
    response = client.post("/v1/reports", content=body, headers={
        **world.key(ANALYST), "content-type": "application/json"})
    assert response.status_code == 201, response.text


def test_batch_rejects_oversized_and_repeated_reports_alone(client: TestClient,
                                                            world: Any) -> None:
    batch = {"reports": [
        {"report_id": "B-1", "marking": "TLP:RED"},
        {"report_id": "B-2", "narrative": "n" * 100_001},
        {"report_id": "B-3", "phones": [f"+861380013{i:04d}" for i in range(800)]},
        {"report_id": "B-1", "marking": "TLP:GREEN"},
        {"report_id": "B-4"},
    ]}
    response = client.post("/v1/reports", json=batch, headers=world.key(ANALYST))
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["accepted"], result["rejected"]) == (2, 3)
    assert [(e["index"], e["field"]) for e in result["errors"]] == [
        (2, "narrative"), (3, "phones"), (4, "report_id")]
    assert "report 1" in result["errors"][2]["message"]
    kept = client.get("/v1/reports/CN-MPS/B-1", headers=world.key(ANALYST)).json()
    assert kept["marking"] == "TLP:RED"


def test_one_oversized_report_is_422_naming_the_field(client: TestClient,
                                                      world: Any) -> None:
    response = client.post("/v1/reports", json={"report_id": "BIG", "narrative": "n" * 100_001},
                           headers=world.key(ANALYST))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "narrative"]
