"""A real uvicorn whose database refuses a write: the caller gets a 500 with a request
id, and the server's log names the error's class and that id but never the record
(SQLAlchemy errors carry the statement's parameters: narratives, identifiers; and
PostgreSQL's own message quotes the failing row in its DETAIL line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from test_api_server import running_server, server_env

from counterfraud.domain import ApiRole
from counterfraud.services import access
from counterfraud.services.store import open_store
from counterfraud.settings import Settings

pytestmark = pytest.mark.server

CANARY = "CANARY-5f1e9c-narrative"
PHONE = "+8613712345678"
REFUSE = {  # the database itself fails any insert of a report holding the canary
    "sqlite": "CREATE TRIGGER refuse_canary BEFORE INSERT ON reports WHEN NEW.narrative "
              "LIKE '%CANARY-%' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    "postgresql": "ALTER TABLE reports ADD CONSTRAINT refuse_canary "
                  "CHECK (narrative NOT LIKE '%CANARY-%')",
}


def refusing_store(settings: Settings) -> str:
    """CN-MPS and its analyst key (returned) in a store that refuses canary reports."""
    store = open_store(settings)
    try:
        access.add_agency(store, code="CN-MPS", country="CN", name="MPS")
        key = access.create_key(store, agency="CN-MPS", role=ApiRole.ANALYST).secret
        with store.transaction() as session:
            session.execute(text(REFUSE[store.engine.dialect.name]))
    finally:
        store.close()
    return key


@pytest.mark.parametrize("body", [
    pytest.param({"report_id": "CN-CANARY-1", "narrative": f"{CANARY} call {PHONE}",
                  "phones": PHONE}, id="one-report"),
    pytest.param({"reports": [{"report_id": "CN-CANARY-2", "narrative": CANARY,
                               "phones": [PHONE]}]}, id="batch"),
])
def test_database_error_logs_class_and_request_id_only(backend_settings: Settings,
                                                       tmp_path: Path,
                                                       body: dict[str, Any]) -> None:
    key = refusing_store(backend_settings)
    log = tmp_path / "uvicorn.log"
    headers = {"X-API-Key": key}
    with running_server(server_env(backend_settings), log, workers=1) as (url, _):
        response = httpx.post(f"{url}/v1/reports", json=body, headers=headers, timeout=30)
        assert response.status_code == 500, response.text
        request_id = response.json()["request_id"]
        assert response.headers["x-request-id"] == request_id
        assert CANARY not in response.text and "12345678" not in response.text
        assert httpx.get(f"{url}/health", timeout=60).status_code == 200
    text = log.read_text()
    assert request_id in text and "IntegrityError" in text, text
    assert "Traceback" not in text, text
    for secret in (CANARY, "12345678", key):
        assert secret not in text, f"{secret!r} leaked into the server log:\n{text}"


def test_every_response_carries_a_request_id(world: Any, tmp_path: Path) -> None:
    log = tmp_path / "uvicorn.log"
    with running_server(server_env(world.settings), log, workers=1) as (url, _):
        first = httpx.get(f"{url}/health", timeout=60)
        given = httpx.get(f"{url}/health", headers={"X-Request-ID": "proxy-abc-123"},
                          timeout=60)
        odd = httpx.get(f"{url}/health", headers={"X-Request-ID": "x" * 500}, timeout=60)
    assert first.headers["x-request-id"]
    assert given.headers["x-request-id"] == "proxy-abc-123"
    assert odd.headers["x-request-id"] != "x" * 500
