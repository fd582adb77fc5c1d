"""/v1/takedowns, /v1/suspects and /v1/cases/{id}/suspect-proposals: bodies, status
codes, the abuse report in text and JSON, the trail's routes, and who may do what on
SQLite and PostgreSQL (``case_requests_world``)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from case_requests_world import (
    JOINT,
    JOINT_CASE_ONLY,
    OWNER,
    PARTNER,
    READS_CASE,
    SECRET,
    SITE,
    STRANGER,
    build,
)
from counterfraud.api import create_app
from counterfraud.domain import ApiRole
from counterfraud.services import access, audit, ingest, networks
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

BOSS = "zhao lei|n:CN"
PHONE = "+66812340201"


@dataclass
class Api:
    client: TestClient
    store: Store
    case_id: str
    keys: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[who]}

    def post(self, path: str, who: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/v1{path}", json=body, headers=self.as_(who))

    def get(self, path: str, who: str, **params: Any) -> Any:
        return self.client.get(f"/v1{path}", params=params, headers=self.as_(who))


def _empty_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    url = f"sqlite:///{tmp_path}/t.db"
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        _empty_postgres(url)
    settings = Settings(data_dir=tmp_path, database_url=url)
    store = open_store(settings)
    for code in ("CN-MPS", "TH-CCIB", "LA-MPS"):
        access.add_agency(store, code=code, country=code[:2], name=f"Police of {code[:2]}")
    world = build(store)
    ingest.ingest_records(store, enumerate([
        {"report_id": f"NET-{n}", "reported_at": "2025-02-10T09:00:00Z",
         "scam_type": "investment", "marking": "TLP:GREEN", "urls": SITE, "phones": PHONE,
         "persons": BOSS} for n in (1, 2)], 1), agency=OWNER)
    networks.build(store)
    keys = {agency: access.create_key(store, agency=agency, role=ApiRole.ANALYST).secret
            for agency in (OWNER, PARTNER, READS_CASE, JOINT, JOINT_CASE_ONLY, STRANGER)}
    keys["operator"] = access.create_key(store, agency=OWNER, role=ApiRole.OPERATOR).secret
    with TestClient(create_app(settings)) as client:
        yield Api(client, store, world.case_id, keys)
    store.close()


def _send(api: Api, who: str = OWNER, **body: Any) -> Any:
    return api.post("/takedowns", who, {"case_id": api.case_id, "kind": "url", "value": SITE,
                                        "addressee": "Registrar abuse desk", **body})


def test_a_takedown_through_the_api(api: Api) -> None:
    sent = _send(api)
    assert sent.status_code == 201, sent.text
    made = sent.json()
    assert sent.headers["Location"].endswith(f"/v1/takedowns/{made['id']}")
    assert (made["status"], made["requesting_agency"], made["target"]["value"]) == (
        "sent", OWNER, SITE)
    moved = api.post(f"/takedowns/{made['id']}/status", JOINT,
                     {"status": "taken_down", "reason": "ticket 77"})
    assert moved.status_code == 200 and moved.json()["answered_at"] is not None
    again = api.post(f"/takedowns/{made['id']}/status", OWNER, {"status": "refused"})
    assert again.status_code == 422
    assert "allowed next: none" in json.dumps(again.json())
    page = api.get("/takedowns", PARTNER, case_id=api.case_id, status="taken_down")
    assert page.status_code == 200 and [r["id"] for r in page.json()["items"]] == [made["id"]]
    assert api.get(f"/takedowns/{made['id']}", READS_CASE).status_code == 404
    paths = {e.path for e in audit.entries(api.store) if e.record_type == "takedown_request"}
    assert {"api POST /v1/takedowns", "api POST /v1/takedowns/{request_id}/status",
            "api GET /v1/takedowns"} <= paths


def test_the_abuse_report_as_text_and_json(api: Api) -> None:
    made = _send(api).json()
    as_text = api.get(f"/takedowns/{made['id']}/abuse-report", OWNER)
    assert as_text.status_code == 200 and as_text.headers["content-type"].startswith(
        "text/plain")
    assert f"Please reply quoting {made['id']}." in as_text.text
    as_json = api.get(f"/takedowns/{made['id']}/abuse-report", PARTNER, format="json")
    assert as_json.status_code == 200
    document = as_json.json()
    assert document["format"] == "counterfraud.abuse-report/1"
    assert document["target"]["value"] == SITE and document["evidence"]["reports"] >= 1
    for body in (as_text.text, as_json.text):
        assert SECRET not in body and "012-3-45678-9" not in body
    bad = api.get(f"/takedowns/{made['id']}/abuse-report", OWNER, format="pdf")
    assert bad.status_code == 422
    exports = [e for e in audit.entries(api.store) if e.action == "export"]
    assert [e.path for e in exports] == [
        "api GET /v1/takedowns/{request_id}/abuse-report"] * 2


@pytest.mark.parametrize(("body", "status", "field"), [
    pytest.param({"kind": "bank_account", "value": "TH:0123456789"}, 422, "kind",
                 id="not-taken-down"),
    pytest.param({"value": "not a url"}, 422, "value", id="bad-value"),
    pytest.param({"region": "XX"}, 422, "region", id="bad-region"),
    pytest.param({"addressee": ""}, 422, "addressee", id="no-addressee"),
    pytest.param({"case_id": "NO-SUCH"}, 404, None, id="unknown-case"),
    pytest.param({"pap_override": "raid"}, 422, "pap_override", id="needless-override"),
    pytest.param({"surprise": 1}, 422, "surprise", id="unknown-field"),
])
def test_bad_takedowns(api: Api, body: dict[str, Any], status: int,
                       field: str | None) -> None:
    response = _send(api, **body)
    assert response.status_code == status, response.text
    if field is not None:
        assert field in json.dumps(response.json()["detail"])


def test_suspects_through_the_api(api: Api) -> None:
    proposals = api.get(f"/cases/{api.case_id}/suspect-proposals", OWNER)
    assert proposals.status_code == 200, proposals.text
    boss = next(p for p in proposals.json() if p["member"]["kind"] == "person")
    assert boss["member"]["value"] == BOSS and boss["why"] and boss["suspect"] is None
    confirmed = api.post("/suspects/confirm", OWNER, {
        "case_id": api.case_id, "network_id": boss["network"], "member": f"person:{BOSS}"})
    assert confirmed.status_code == 201, confirmed.text
    made = confirmed.json()
    assert (made["name"], made["nationality"]) == ("zhao lei", "CN")
    assert confirmed.headers["Location"].endswith(f"/v1/suspects/{made['id']}")
    for step in ({"status": "wanted", "reference": "red notice A-1"},
                 {"status": "arrested", "agency": "MM-POLICE"},
                 {"status": "handed_over", "handover_from": "MM", "handover_to": "TH",
                  "basis": "mlat", "reference": "MLAT TH-MM 2025/4"}):
        moved = api.post(f"/suspects/{made['id']}/status", JOINT, step)
        assert moved.status_code == 200, moved.text
    shown = api.get(f"/suspects/{made['id']}", PARTNER).json()
    assert shown["handover"]["basis"] == "mlat" and shown["status"] == "handed_over"
    twice = api.post("/suspects", OWNER, {"case_id": api.case_id, "name": "Zhao",
                                          "identifiers": [f"person:{BOSS}"]})
    assert twice.status_code == 409
    bad = api.post(f"/suspects/{made['id']}/status", OWNER, {"status": "charged",
                                                             "basis": "mlat"})
    assert bad.status_code == 422 and "handover.basis" in bad.text
    listed = api.get("/suspects", OWNER, case_id=api.case_id)
    assert listed.json()["total"] == 1
    again = api.get(f"/cases/{api.case_id}/suspect-proposals", OWNER).json()
    assert next(p for p in again if p["member"]["value"] == BOSS)["suspect"] == made["id"]


# who: takedowns listed (a count, or the status), send, show, report, move; suspect
# add, suspects listed after it (one more when the add succeeded), proposals
MATRIX: dict[str, tuple[int | str, int, int, int, int, int, int | str, int]] = {
    OWNER: (1, 201, 200, 200, 200, 201, 2, 200),
    "operator": ("403", 403, 403, 403, 403, 403, "403", 403),
    PARTNER: (1, 403, 200, 200, 403, 403, 1, 200),
    READS_CASE: (0, 403, 404, 404, 404, 403, 0, 200),
    JOINT: (1, 201, 200, 200, 200, 201, 2, 200),
    JOINT_CASE_ONLY: (0, 403, 404, 404, 404, 403, 0, 200),
    STRANGER: (0, 404, 404, 404, 404, 404, 0, 404),
}


def _listed(response: Any) -> int | str:
    return response.json()["total"] if response.status_code == 200 else str(
        response.status_code)


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(api: Api, who: str) -> None:
    made = _send(api).json()
    assert api.post("/suspects", OWNER, {"case_id": api.case_id,
                                         "name": "Boss Li"}).status_code == 201
    got = (
        _listed(api.get("/takedowns", who, case_id=api.case_id)),
        _send(api, who, addressee="Host").status_code,
        api.get(f"/takedowns/{made['id']}", who).status_code,
        api.get(f"/takedowns/{made['id']}/abuse-report", who).status_code,
        api.post(f"/takedowns/{made['id']}/status", who,
                 {"status": "acknowledged"}).status_code,
        api.post("/suspects", who, {"case_id": api.case_id, "name": "Aide"}).status_code,
        _listed(api.get("/suspects", who, case_id=api.case_id, status="identified")),
        api.get(f"/cases/{api.case_id}/suspect-proposals", who).status_code,
    )
    assert got == MATRIX[who]


def test_takedowns_and_suspects_recorded_after_the_fact(api: Api) -> None:
    opened = api.post("/cases", OWNER, {"scam_type": "investment", "title": "Paper file",
                                        "at": "2025-03-03T00:00:00Z"})
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["id"]
    sent = _send(api, case_id=case_id, at="2025-03-03T10:00:00+07:00").json()
    assert sent["sent_at"] == "2025-03-03T03:00:00+00:00"
    down = api.post(f"/takedowns/{sent['id']}/status", OWNER,
                    {"status": "taken_down", "at": "2025-03-04T09:30:00Z"}).json()
    assert (down["answered_at"], down["hours_to_takedown"]) == (
        "2025-03-04T09:30:00+00:00", 30.5)
    made = api.post("/suspects", OWNER, {"case_id": case_id, "name": "Aide Wang",
                                         "at": "2025-03-05T00:00:00Z"}).json()
    network = api.get(f"/cases/{api.case_id}/suspect-proposals", OWNER).json()[0]["network"]
    confirmed = api.post("/suspects/confirm", OWNER, {
        "case_id": case_id, "network_id": network, "member": f"person:{BOSS}",
        "at": "2025-03-05T01:00:00Z"})
    assert confirmed.json()["history"][0]["at"] == "2025-03-05T01:00:00+00:00"
    for body in ({"status": "wanted", "at": "2025-03-06T00:00:00Z"},
                 {"status": "arrested", "at": "2025-03-20T05:00:00Z"},
                 {"status": "handed_over", "handover_from": "MM", "handover_to": "TH",
                  "basis": "deportation", "reference": "MM-DEP-9",
                  "at": "2025-04-01T00:00:00Z"}):
        moved = api.post(f"/suspects/{made['id']}/status", OWNER, body)
        assert moved.status_code == 200, moved.text
    shown = moved.json()
    assert [h["at"] for h in shown["history"]] == [
        "2025-03-05T00:00:00+00:00", "2025-03-06T00:00:00+00:00",
        "2025-03-20T05:00:00+00:00", "2025-04-01T00:00:00+00:00"]
    assert shown["handover"]["at"] == "2025-04-01T00:00:00+00:00"


@pytest.mark.parametrize(("at", "words"), [
    pytest.param("2999-01-01T00:00:00Z", "at is too far in the future", id="future"),
    pytest.param("2025-03-02T00:00:00Z", "before it was opened", id="before-the-case"),
])
def test_an_impossible_time_is_a_422_naming_at(api: Api, at: str, words: str) -> None:
    case_id = api.post("/cases", OWNER, {"scam_type": "investment", "title": "Paper file",
                                         "at": "2025-03-03T00:00:00Z"}).json()["id"]
    for path, body in (("/takedowns", {"case_id": case_id, "kind": "url", "value": SITE,
                                       "addressee": "Registrar", "at": at}),
                       ("/suspects", {"case_id": case_id, "name": "A", "at": at})):
        response = api.post(path, OWNER, body)
        assert response.status_code == 422, response.text
        [error] = response.json()["detail"]
        assert error["loc"] == ["body", "at"] and words in error["msg"], error
    assert api.get("/takedowns", OWNER, case_id=case_id).json()["total"] == 0
    assert api.get("/suspects", OWNER, case_id=case_id).json()["total"] == 0
