"""The app itself: health, OpenAPI, the error mapping, the lifespan, log redaction."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import counterfraud.api.app as app_module
from counterfraud import __version__
from counterfraud.api import create_app
from counterfraud.api.redact import RedactIdentifiers, redact_path
from counterfraud.api.schemas import ReportIn
from counterfraud.errors import (
    AuthenticationFailed,
    Conflict,
    CounterfraudError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
)
from counterfraud.identifiers.types import InvalidIdentifier
from counterfraud.report_rows import KNOWN_COLUMNS
from counterfraud.settings import Settings


def test_health_needs_no_key(shared_client: TestClient) -> None:
    response = shared_client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


def test_openapi_document(shared_client: TestClient) -> None:
    response = shared_client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["version"] == __version__
    assert set(document["paths"]) == {
        "/health", "/v1/reports", "/v1/reports/{agency}/{report_id}",
        "/v1/identifiers/{kind}/{value}", "/v1/stats", "/v1/kpi", "/v1/agencies", "/v1/screen",
        "/v1/blocklist", "/v1/blocklist/feed", "/v1/blocklist/{entry_id}",
        "/v1/blocklist/{entry_id}/delist", "/v1/appeals", "/v1/appeals/{appeal_id}/decision",
        "/v1/messages/reported", "/v1/networks", "/v1/networks/{network_id}",
        "/v1/networks/{network_id}/block", "/v1/networks/expand/{kind}/{value}",
        "/v1/agreements", "/v1/agreements/{agreement_id}/revoke",
        "/v1/federation/pull", "/v1/federation/public-key",
        "/v1/cases", "/v1/cases/{case_id}", "/v1/cases/{case_id}/status",
        "/v1/cases/{case_id}/markings", "/v1/cases/{case_id}/tasks",
        "/v1/cases/{case_id}/tasks/{number}/log", "/v1/cases/{case_id}/tasks/{number}/assign",
        "/v1/cases/{case_id}/tasks/{number}/done", "/v1/cases/{case_id}/notes",
        "/v1/cases/{case_id}/identifiers", "/v1/cases/{case_id}/reports",
        "/v1/cases/{case_id}/networks", "/v1/cases/{case_id}/linked",
        "/v1/cases/{case_id}/participants", "/v1/cases/{case_id}/participants/{agency}",
        "/v1/takedowns", "/v1/takedowns/{request_id}", "/v1/takedowns/{request_id}/status",
        "/v1/takedowns/{request_id}/abuse-report", "/v1/suspects", "/v1/suspects/confirm",
        "/v1/suspects/{suspect_id}", "/v1/suspects/{suspect_id}/status",
        "/v1/cases/{case_id}/suspect-proposals",
        "/v1/victims", "/v1/victims/{victim_id}", "/v1/victims/{victim_id}/location",
        "/v1/victims/{victim_id}/losses", "/v1/victims/{victim_id}/marking",
        "/v1/victims/{victim_id}/move", "/v1/victims/{victim_id}/ransom",
        "/v1/freeze", "/v1/freeze/feed", "/v1/freeze/queue", "/v1/freeze/{request_id}",
        "/v1/freeze/{request_id}/answer"}
    schemas = document["components"]["schemas"]
    assert schemas["ReportIn"]["additionalProperties"] is False
    assert schemas["ReportBatchIn"]["properties"]["reports"]["maxItems"] == 1000
    assert {"APIKeyHeader", "HTTPBearer"} <= set(document["components"]["securitySchemes"])
    stats = document["paths"]["/v1/stats"]["get"]
    assert {"401", "403"} <= set(stats["responses"])
    assert "security" in stats
    assert "security" not in document["paths"]["/health"]["get"]


def test_docs_page(shared_client: TestClient) -> None:
    response = shared_client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()


def test_report_schema_matches_the_ingest_columns() -> None:
    assert set(ReportIn.model_fields) == KNOWN_COLUMNS


@pytest.mark.parametrize(("error", "status"), [
    pytest.param(InvalidInput("bad thing", field="thing"), 422, id="InvalidInput-422"),
    pytest.param(InvalidIdentifier("phone", "12", "too short"), 422,
                 id="InvalidIdentifier-422"),
    pytest.param(NotFound("no such thing"), 404, id="NotFound-404"),
    pytest.param(Conflict("exists already"), 409, id="Conflict-409"),
    pytest.param(AuthenticationFailed("who are you"), 401, id="AuthenticationFailed-401"),
    pytest.param(PermissionDenied("not you"), 403, id="PermissionDenied-403"),
    pytest.param(StoreUnavailable("database error: disk I/O error"), 503,
                 id="StoreUnavailable-503"),
    pytest.param(CounterfraudError("unmapped"), 500, id="base-class-500"),
])
def test_exception_tree_maps_to_http(tmp_path: Path, error: CounterfraudError,
                                     status: int) -> None:
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/t.db"))

    def fail(thing: str) -> None:
        raise error

    app.add_api_route("/fail/{thing}", fail)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/fail/12")
    assert response.status_code == status
    detail = response.json()["detail"]
    if status == 422:
        assert detail[0]["loc"] == ["path", "thing"]
        assert detail[0]["msg"] == str(error)
    elif status == 503:
        assert "disk" not in detail  # backend details stay in the server log
        assert response.headers["Retry-After"]
    elif status == 500:
        assert detail == "internal error"
    else:
        assert detail == str(error)
    assert ("WWW-Authenticate" in response.headers) == (status == 401)


def test_lifespan_opens_and_closes_the_store(tmp_path: Path) -> None:
    app: FastAPI = create_app(Settings(data_dir=tmp_path,
                                       database_url=f"sqlite:///{tmp_path}/t.db"))
    assert not (tmp_path / "t.db").exists()  # no work before start-up
    with TestClient(app) as client:
        assert app.state.store is not None
        assert client.get("/v1/agencies").status_code == 401
    assert app.state.store is None
    assert (tmp_path / "t.db").exists()


def test_unreachable_database_fails_start_up(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "OPEN_ATTEMPTS", 2)
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}"))
    with pytest.raises(StoreUnavailable), TestClient(app):
        pass  # a folder is no database file


@pytest.mark.parametrize(("path", "logged"), [
    pytest.param("/v1/identifiers/phone/%2B66812345678?region=TH",
                 "/v1/identifiers/phone/<redacted>", id="phone-lookup"),
    pytest.param("/v1/identifiers/url/https%3A//x.top/pay", "/v1/identifiers/url/<redacted>",
                 id="url-lookup"),
    pytest.param("/v1/networks/expand/crypto_wallet/TXyz123?hops=2",
                 "/v1/networks/expand/crypto_wallet/<redacted>", id="expansion"),
    pytest.param("/console/identifiers/phone/%2B66812345678/block",
                 "/console/identifiers/phone/<redacted>", id="console-identifier-page"),
    pytest.param("/console/search?q=%2B66812345678", "/console/search?<redacted>",
                 id="console-search"),
    pytest.param("/console/networks/N1/expand?node=phone%3A%2B6681",
                 "/console/networks/N1/expand?<redacted>", id="console-expansion"),
    pytest.param("/console/cases", "/console/cases", id="console-page-kept"),
    pytest.param("/v1/reports?limit=5", "/v1/reports?limit=5", id="other-routes-kept"),
])
def test_access_log_redacts_identifiers(path: str, logged: str) -> None:
    assert redact_path(path) == logged
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", path, "1.1", 200), None)
    assert RedactIdentifiers().filter(record)
    assert record.getMessage() == f'127.0.0.1:5000 - "GET {logged} HTTP/1.1" 200'


def test_validation_errors_do_not_echo_input(client: TestClient, world: Any) -> None:
    response = client.post("/v1/reports", headers=world.key("CN-MPS:analyst"),
                           json={"report_id": "X", "secret_field": "+8613800138000"})
    assert response.status_code == 422
    assert "+8613800138000" not in response.text
    assert set(response.json()["detail"][0]) == {"loc", "msg", "type"}
