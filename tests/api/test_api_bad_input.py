"""Inputs an outside fuzzing review sent: each one is a 422 naming its field (or, in a
batch, a rejected item), never a 500, and alike on SQLite and PostgreSQL; nothing of a
refused input is stored, and the good reports beside it are."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from counterfraud.api import create_app
from counterfraud.domain import ApiRole
from counterfraud.errors import CounterfraudError
from counterfraud.services import access
from counterfraud.services.store import open_store
from counterfraud.settings import Settings

AGENCY = "CN-MPS"
PHONE = "+8613800138000"
LARGEST = 2**31 - 1  # PostgreSQL's integer: ids, versions, sizes and offsets
TOO_LARGE = [2**31, 2**63, 10**30]


@dataclass(frozen=True)
class Api:
    client: TestClient
    analyst: dict[str, str]
    admin: dict[str, str]

    def reports(self) -> int:
        response = self.client.get("/v1/reports", headers=self.analyst)
        assert response.status_code == 200, response.text
        total: int = response.json()["total"]
        return total


def _world(settings: Settings) -> Iterator[Api]:
    """One agency (and a partner) with an analyst and an admin key; server errors come
    back as 500 answers instead of being raised into the test."""
    store = open_store(settings)
    try:
        access.add_agency(store, code=AGENCY, country="CN", name="Ministry of Public Security")
        access.add_agency(store, code="TH-CCIB", country="TH", name="CCIB")
        keys = {role: access.create_key(store, agency=AGENCY, role=role).secret
                for role in (ApiRole.ANALYST, ApiRole.ADMIN)}
    finally:
        store.close()
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Api(client, {"X-API-Key": keys[ApiRole.ANALYST]},
                  {"X-API-Key": keys[ApiRole.ADMIN]})


@pytest.fixture
def api(backend_settings: Settings) -> Iterator[Api]:
    """A fresh world on each backend, for the tests that store reports."""
    yield from _world(backend_settings)


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def refusing(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One world per backend for the tests whose every input is refused (so nothing is
    written); on PostgreSQL in a database of its own, which no other test resets."""
    folder = tmp_path_factory.mktemp("refusing")
    if request.param == "sqlite":
        yield from _world(Settings(data_dir=folder, database_url=f"sqlite:///{folder}/t.db"))
        return
    url = make_url(request.getfixturevalue("postgres_url"))
    name = f"{url.database}_refusing"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        own = url.set(database=name).render_as_string(hide_password=False)
        yield from _world(Settings(data_dir=folder, database_url=own))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def named(response: Any, loc: list[str], words: str = "") -> bool:
    """A 422 whose errors name ``loc`` (with ``words`` in the message)."""
    assert response.status_code == 422, response.text
    return any(e["loc"][:len(loc)] == loc and words in e["msg"]
               for e in response.json()["detail"])


# ---------------------------------------------------------------- NUL characters

AGREEMENT = {"grantee": "TH-CCIB", "markings": ["TLP:GREEN"], "record_types": ["all"],
             "purpose": "fraud investigations", "legal_basis": "mlat"}
APPEAL = {"contact": "owner@example.com", "statement": "not mine", "kind": "phone",
          "value": PHONE}
NUL_BODIES = [
    pytest.param("/v1/reports", {"report_id": "R\x001"}, "report_id", id="report-id"),
    pytest.param("/v1/reports", {"report_id": "R1", "narrative": "a\x00b"}, "narrative",
                 id="report-narrative"),
    pytest.param("/v1/reports", {"report_id": "R1", "phones": [PHONE + "\x00"]}, "phones",
                 id="report-phone"),
    pytest.param("/v1/reports", {"report_id": "R1", "urls": "https://a.com/\x00"}, "urls",
                 id="report-url"),
    pytest.param("/v1/reports", {"report_id": "R1", "persons": "Zhang\x00Wei"}, "persons",
                 id="report-person"),
    pytest.param("/v1/blocklist", {"kind": "phone", "value": PHONE, "reason": "r\x00"},
                 "reason", id="blocklist-reason"),
    pytest.param("/v1/blocklist", {"kind": "url", "value": "https://a.com/\x00",
                                   "reason": "r"}, "value", id="blocklist-value"),
    pytest.param("/v1/blocklist", {"kind": "phone", "value": PHONE, "reason": "r",
                                   "marking": "TLP:GREEN\x00"}, "marking",
                 id="blocklist-marking"),
    pytest.param("/v1/blocklist/1/delist", {"reason": "\x00"}, "reason", id="delist-reason"),
    pytest.param("/v1/appeals", {**APPEAL, "contact": "a\x00"}, "contact", id="appeal-contact"),
    pytest.param("/v1/appeals", {**APPEAL, "statement": "s\x00"}, "statement",
                 id="appeal-statement"),
    pytest.param("/v1/appeals/1/decision", {"uphold": True, "reason": "r\x00"}, "reason",
                 id="decision-reason"),
    pytest.param("/v1/messages/reported", {"text": "win\x00"}, "text", id="message-text"),
    pytest.param("/v1/messages/reported", {"text": "win", "sender": "\x00"}, "sender",
                 id="message-sender"),
    pytest.param("/v1/agreements", {**AGREEMENT, "purpose": "p\x00"}, "purpose",
                 id="agreement-purpose"),
    pytest.param("/v1/agreements", {**AGREEMENT, "reference": "\x00"}, "reference",
                 id="agreement-reference"),
    pytest.param("/v1/agreements", {**AGREEMENT, "markings": ["TLP:GREEN\x00"]}, "markings",
                 id="agreement-markings"),
]


@pytest.mark.parametrize(("path", "body", "field"), NUL_BODIES)
def test_nul_in_a_body_field_is_named(refusing: Api, path: str, body: dict[str, Any],
                                      field: str) -> None:
    response = refusing.client.post(path, json=body, headers=refusing.admin)
    assert named(response, ["body", field], "NUL"), response.json()
    assert refusing.reports() == 0


def test_nul_in_a_batch_rejects_only_that_report(api: Api) -> None:
    batch = {"reports": [{"report_id": "B1", "narrative": "x\x00"}, {"report_id": "B2"}]}
    response = api.client.post("/v1/reports", json=batch, headers=api.analyst)
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["accepted"], result["rejected"]) == (1, 1)
    assert [(e["index"], e["field"]) for e in result["errors"]] == [(1, "narrative")]
    assert api.reports() == 1


NUL_PARAMETERS = [
    pytest.param("get", "/v1/reports/CN-MPS/R%001", ["path", "report_id"], id="report-id"),
    pytest.param("get", "/v1/reports/CN-MPS%00/R1", ["path", "agency"], id="report-agency"),
    pytest.param("get", "/v1/identifiers/url/https%3A%2F%2Fa.com%2F%00", ["path", "value"],
                 id="lookup-url"),
    pytest.param("get", "/v1/identifiers/person/Zhang%00Wei", ["path", "value"],
                 id="lookup-person"),
    pytest.param("get", "/v1/networks/N%001", ["path", "network_id"], id="network-id"),
    pytest.param("post", "/v1/networks/N%001/block", ["path", "network_id"],
                 id="block-network"),
    pytest.param("get", "/v1/networks/expand/person/Zhang%00Wei", ["path", "value"],
                 id="expand"),
    pytest.param("get", "/v1/reports?agency=CN-MPS%00", ["query", "agency"],
                 id="reports-agency"),
    pytest.param("get", "/v1/federation/pull?cursor=%00", ["query", "cursor"],
                 id="federation-cursor"),
]


@pytest.mark.parametrize(("method", "url", "loc"), NUL_PARAMETERS)
def test_nul_in_a_path_or_query_parameter_is_named(refusing: Api, method: str, url: str,
                                                   loc: list[str]) -> None:
    response = refusing.client.request(method, url, headers=refusing.analyst)
    assert named(response, loc, "NUL"), response.json()


# ---------------------------------------------------------------- integers

INTEGER_PARAMETERS = [
    pytest.param("get", "/v1/reports?offset={}", None, ["query", "offset"], id="reports-offset"),
    pytest.param("get", "/v1/reports?limit={}", None, ["query", "limit"], id="reports-limit"),
    pytest.param("get", "/v1/blocklist?offset={}", None, ["query", "offset"],
                 id="blocklist-offset"),
    pytest.param("get", "/v1/blocklist/feed?since={}", None, ["query", "since"],
                 id="feed-since"),
    pytest.param("get", "/v1/blocklist/{}", None, ["path", "entry_id"], id="entry-id"),
    pytest.param("post", "/v1/blocklist/{}/delist", {"reason": "r"}, ["path", "entry_id"],
                 id="delist-entry-id"),
    pytest.param("post", "/v1/appeals/{}/decision", {"uphold": False, "reason": "r"},
                 ["path", "appeal_id"], id="appeal-id"),
    pytest.param("post", "/v1/agreements/{}/revoke", None, ["path", "agreement_id"],
                 id="agreement-id"),
    pytest.param("get", "/v1/networks?min_size={}", None, ["query", "min_size"],
                 id="networks-min-size"),
    pytest.param("get", "/v1/networks?offset={}", None, ["query", "offset"],
                 id="networks-offset"),
    pytest.param("get", "/v1/federation/pull?limit={}", None, ["query", "limit"],
                 id="federation-limit"),
    pytest.param("post", "/v1/appeals", {"contact": "c", "statement": "s", "entry_id": "{}"},
                 ["body", "entry_id"], id="appeal-entry-id"),
]


def _fill(method: str, url: str, body: dict[str, Any] | None, value: int,
          api: Api) -> Any:
    if body is not None:
        body = {k: (value if v == "{}" else v) for k, v in body.items()}
    return api.client.request(method, url.format(value), json=body, headers=api.admin)


@pytest.mark.parametrize("value", TOO_LARGE, ids=["2^31", "2^63", "10^30"])
@pytest.mark.parametrize(("method", "url", "body", "loc"), INTEGER_PARAMETERS)
def test_integers_beyond_the_database_are_named(refusing: Api, method: str, url: str,
                                                body: dict[str, Any] | None,
                                                loc: list[str], value: int) -> None:
    assert named(_fill(method, url, body, value, refusing), loc)


@pytest.mark.parametrize(("method", "url", "body", "loc"), [
    p for p in INTEGER_PARAMETERS if p.id not in ("reports-limit", "federation-limit")])
def test_the_largest_integer_is_no_error(refusing: Api, method: str, url: str,
                                         body: dict[str, Any] | None,
                                         loc: list[str]) -> None:
    status = _fill(method, url, body, LARGEST, refusing).status_code
    assert status in (200, 404), status  # nothing that large exists


# ---------------------------------------------------------------- amounts and dates

@pytest.mark.parametrize("amount", [
    10**29, 1e29, "1" + "0" * 29, "10000000000000", float("nan"), float("inf"),
    "Infinity", -0.01, "1500.505"],
    ids=["int-10^29", "float-1e29", "string-10^29", "10^13", "NaN", "inf", "Infinity",
         "minus-cent", "half-cent"])
def test_amounts_out_of_bounds_are_named_and_statistics_stay_up(refusing: Api,
                                                                amount: object) -> None:
    body = json.dumps({"report_id": "R1", "loss_amount": amount})  # NaN as JSON allows
    response = refusing.client.post(
        "/v1/reports", content=body,
        headers={**refusing.analyst, "Content-Type": "application/json"})
    assert named(response, ["body", "loss_amount"])
    stats = refusing.client.get("/v1/stats", headers=refusing.analyst)
    assert stats.status_code == 200, stats.text
    assert refusing.reports() == stats.json()["reports"] == 0


def test_the_largest_amount_reads_back_identical(api: Api) -> None:
    largest = "9999999999999.99"
    batch = {"reports": [{"report_id": "R1", "loss_amount": largest},
                         {"report_id": "R2", "loss_amount": "0.01"}]}
    response = api.client.post("/v1/reports", json=batch, headers=api.analyst)
    assert response.json()["accepted"] == 2, response.text
    stored = api.client.get("/v1/reports/CN-MPS/R1", headers=api.analyst).json()
    assert stored["loss_amount"] == largest
    stats = api.client.get("/v1/stats", headers=api.analyst)
    assert stats.status_code == 200, stats.text
    assert stats.json()["loss_by_currency"] == {"CNY": "10000000000000.00"}


@pytest.mark.parametrize(("field", "raw", "words"), [
    ("reported_at", "2099-01-01", "future"),
    ("occurred_at", "0001-01-01", "before 1990-01-01"),
    ("occurred_at", "0001-01-01T00:00:00+01:00", "before 1990-01-01"),
    ("reported_at", "9999-12-31T23:59:59-01:00", "future"),
], ids=["2099", "year-1", "year-1-east-of-utc", "year-9999-west-of-utc"])
def test_report_dates_out_of_range_are_named(refusing: Api, field: str, raw: str,
                                             words: str) -> None:
    response = refusing.client.post("/v1/reports", json={"report_id": "R1", field: raw},
                                    headers=refusing.analyst)
    assert named(response, ["body", field], words)
    assert refusing.reports() == 0


# ---------------------------------------------------------------- identifiers

def test_unreadable_identifiers_are_flagged_and_their_reports_kept(api: Api) -> None:
    bad = [{"phones": "0"}, {"phones": "(0)"}, {"phones": "00"}, {"domains": "http://[::1/x"},
           {"urls": "http://[x]/"}, {"handles": "wa:0"}, {"domains": "ex\x85ample.com"}]
    batch = {"reports": [{"report_id": f"B{i}", **fields} for i, fields in enumerate(bad)]
             + [{"report_id": "GOOD", "phones": PHONE}]}
    response = api.client.post("/v1/reports", json=batch, headers=api.analyst)
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["accepted"], result["rejected"]) == (len(bad) + 1, 0)
    assert [(w["index"], w["field"]) for w in result["warnings"]] == [
        (i, next(iter(f))) for i, f in enumerate(bad, 1)]


@pytest.mark.parametrize(("url", "loc"), [
    ("/v1/identifiers/phone/0?region=TH", ["path", "value"]),
    ("/v1/identifiers/phone/00?region=CN", ["path", "value"]),
    ("/v1/identifiers/phone/001?region=US", ["path", "value"]),
    ("/v1/identifiers/phone/%2B1?region=TH", ["path", "value"]),
    ("/v1/identifiers/domain/http%3A%2F%2F%5B%3A%3A1%2Fx", ["path", "value"]),
    ("/v1/identifiers/url/http%3A%2F%2Fa%C2%80b.com%2F", ["path", "value"]),
    ("/v1/identifiers/handle/wa%3A0?region=TH", ["path", "value"]),
], ids=["phone-0", "phone-00", "phone-001", "phone-+1", "domain-open-ipv6", "url-c1",
        "whatsapp-0"])
def test_unreadable_lookups_are_named(refusing: Api, url: str, loc: list[str]) -> None:
    assert named(refusing.client.get(url, headers=refusing.analyst), loc)


@pytest.mark.parametrize("host", ["ex\x85ample.com", "a\x80b.com", "\x9f", "a..com"],
                         ids=["NEL", "PAD", "APC-alone", "empty-label"])
def test_domain_tree_hosts_idna_cannot_encode_are_refused(refusing: Api, host: str) -> None:
    entry = {"kind": "domain", "value": host, "match": "domain_tree", "reason": "r"}
    added = refusing.client.post("/v1/blocklist", json=entry, headers=refusing.analyst)
    assert added.status_code == 422, added.text
    appeal = {"contact": "c", "statement": "s", "kind": "domain", "value": host,
              "match": "domain_tree"}
    filed = refusing.client.post("/v1/appeals", json=appeal, headers=refusing.analyst)
    assert filed.status_code == 422, filed.text


@pytest.mark.parametrize("edge", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"],
                         ids=["year-1-east-of-utc", "year-9999-west-of-utc"])
def test_times_off_the_calendar_in_utc_are_named(refusing: Api, edge: str) -> None:
    for field in ("valid_from", "valid_to"):
        response = refusing.client.post("/v1/agreements", json={**AGREEMENT, field: edge},
                                        headers=refusing.admin)
        assert named(response, ["body", field], "out of range")
    listed = refusing.client.get("/v1/reports", params={"since": edge},
                                 headers=refusing.analyst)
    assert named(listed, ["query", "since"], "out of range")


# ---------------------------------------------------------------- the last resort

SECRET = "+8613800138000 narrative-canary"


@pytest.mark.parametrize("error", [
    pytest.param(ValueError(f"bad value {SECRET}"), id="ValueError"),
    pytest.param(OverflowError(SECRET), id="OverflowError"),
    pytest.param(CounterfraudError(SECRET), id="unmapped-CounterfraudError"),
])
def test_an_unexpected_error_is_a_500_naming_its_class_and_request_id_only(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, error: Exception) -> None:
    """What no test above foresaw still gets a JSON answer: the class of the exception
    and an id to find it in the log by; never its message (it may quote the records)."""
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/t.db"))

    def fail() -> None:
        raise error

    app.add_api_route("/fail", fail)
    with TestClient(app) as client, caplog.at_level(logging.ERROR):
        response = client.get("/fail")  # answered, never raised into the client
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"detail", "error", "request_id"}
    assert body["detail"].startswith("internal error")
    assert body["error"] == type(error).__name__
    assert body["request_id"] == response.headers["X-Request-ID"]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert body["request_id"] in logged and type(error).__name__ in logged
    assert "canary" not in logged and "canary" not in response.text
    assert "Traceback" not in caplog.text
