"""``/v1/cases`` end to end: the bodies, the status codes each refusal maps to, what a
reader through an agreement is shown of a case's reports, joint cases, linked cases and
the audit trail's paths. (Who may do what: test_cases_permissions.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import A, B, World

from counterfraud.services import audit
from counterfraud.services.store import open_store

OWNER = f"{A}:analyst"


def _open(client: TestClient, world: World, key: str = OWNER,
          **body: Any) -> dict[str, Any]:
    made = client.post("/v1/cases", headers=world.key(key),
                       json={"scam_type": "investment", "title": "Gold VIP"} | body)
    assert made.status_code == 201, made.text
    result: dict[str, Any] = made.json()
    return result


def _post(client: TestClient, world: World, path: str, body: dict[str, Any] | None = None,
          key: str = OWNER) -> Any:
    return client.post(path, headers=world.key(key), json=body)


def test_opening_answers_the_case_where_it_lives(client: TestClient, world: World) -> None:
    made = client.post("/v1/cases", headers=world.key(OWNER), json={
        "scam_type": "kidnapping_ransom", "title": "Held in a compound",
        "identifiers": [{"kind": "phone", "value": "138 0013 8000"},
                        {"kind": "phone", "value": "081 234 5678", "region": "TH"}]})
    assert made.status_code == 201, made.text
    case = made.json()
    assert made.headers["location"].endswith(f"/v1/cases/{case['id']}")
    assert (case["owner"], case["tlp"], case["pap"], case["status"], case["version"]) == (
        A, "TLP:AMBER+STRICT", "PAP:RED", "open", 1)
    # national formats are read in the owner's country unless a region is given
    assert [i["value"] for i in case["identifiers"]] == ["+8613800138000", "+66812345678"]
    assert case["tasks"][0]["number"] == 1 and case["timeline"][0]["action"] == "created"
    assert client.get(made.headers["location"], headers=world.key(OWNER)).json() == case


@pytest.mark.parametrize(("body", "loc"), [
    pytest.param({"scam_type": "pyramid"}, ["body", "scam_type"], id="scam-type"),
    pytest.param({"tlp": "purple"}, ["body", "marking"], id="tlp"),
    pytest.param({"identifiers": [{"kind": "phone", "value": "nope"}]},
                 ["body", "identifiers"], id="identifier"),
    pytest.param({"title": "a\x00b"}, ["body", "title"], id="nul"),
    pytest.param({"owner": "TH-CCIB"}, ["body", "owner"], id="unknown-field"),
])
def test_a_bad_opening_is_a_422_naming_the_field(client: TestClient, world: World,
                                                 body: dict[str, Any], loc: list[str]) -> None:
    response = _post(client, world, "/v1/cases",
                     {"scam_type": "investment", "title": "t"} | body)
    assert response.status_code == 422, response.text
    assert any(e["loc"][:2] == loc for e in response.json()["detail"]), response.text
    assert client.get("/v1/cases", headers=world.key(OWNER)).json()["total"] == 0


def test_a_move_the_lifecycle_refuses_says_which_moves_it_allows(
        client: TestClient, world: World) -> None:
    case_id = _open(client, world)["id"]
    refused = _post(client, world, f"/v1/cases/{case_id}/status", {"status": "action"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == [{
        "loc": ["body", "status"], "type": "invalid_input",
        "msg": "case: cannot go from 'open' to 'action'; allowed next: investigating"}]
    moved = _post(client, world, f"/v1/cases/{case_id}/status",
                  {"status": "investigating", "reason": "evidence"})
    assert moved.status_code == 200 and moved.json()["status"] == "investigating"


def test_a_closed_case_is_a_409_except_for_notes(client: TestClient, world: World) -> None:
    case_id = _open(client, world)["id"]
    for status in ("investigating", "action", "closed_solved"):
        assert _post(client, world, f"/v1/cases/{case_id}/status",
                     {"status": status}).status_code == 200
    for path, body in [("tasks", {"title": "more"}), ("tasks/1/done", None),
                       ("identifiers", {"kind": "phone", "value": "+8613900139000"}),
                       ("participants", {"agency": B, "purpose": "joint"})]:
        response = _post(client, world, f"/v1/cases/{case_id}/{path}", body)
        assert response.status_code == 409, (path, response.text)
    assert _post(client, world, f"/v1/cases/{case_id}/notes",
                 {"text": "sentenced"}).status_code == 200


def test_tasks_through_the_api(client: TestClient, world: World) -> None:
    case_id = _open(client, world)["id"]
    added = _post(client, world, f"/v1/cases/{case_id}/tasks",
                  {"title": "Trace the wallet", "due": "2026-01-01T12:00:00+08:00"})
    assert added.status_code == 200, added.text
    number = added.json()["tasks"][-1]["number"]
    assert added.json()["tasks"][-1]["due"] == "2026-01-01T04:00:00+00:00"
    base = f"/v1/cases/{case_id}/tasks/{number}"
    assert _post(client, world, f"{base}/assign", {"assignee": B}).status_code == 200
    assert _post(client, world, f"{base}/log", {"text": "asked Binance"}).status_code == 200
    done = _post(client, world, f"{base}/done")
    task = done.json()["tasks"][-1]
    assert (task["assignee"], task["done"], [e["text"] for e in task["log"]]) == (
        B, True, ["asked Binance"])
    assert _post(client, world, f"{base}/done").status_code == 409
    assert _post(client, world, f"/v1/cases/{case_id}/tasks/99/done").status_code == 404
    assert _post(client, world, f"/v1/cases/{case_id}/tasks/0/done").status_code == 422
    unknown = _post(client, world, f"{base}/assign", {"assignee": "MM-CCID"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "assignee"]


def test_identifiers_and_reports_link_and_readers_see_only_their_reports(
        client: TestClient, world: World) -> None:
    case_id = _open(client, world, tlp="green")["id"]
    added = _post(client, world, f"/v1/cases/{case_id}/identifiers",
                  {"kind": "phone", "value": "081 234 5678", "region": "TH"})
    assert added.json()["identifiers"][-1]["value"] == "+66812345678"
    bad = _post(client, world, f"/v1/cases/{case_id}/identifiers",
                {"kind": "email", "value": "not an email"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "value"]
    for report_id in ("CN-GREEN-1", "CN-AMBER-1"):
        linked = _post(client, world, f"/v1/cases/{case_id}/reports",
                       {"agency": A, "report_id": report_id})
        assert linked.status_code == 200, linked.text
    assert linked.json()["reports"] == [f"{A}/CN-GREEN-1", f"{A}/CN-AMBER-1"]
    hidden = _post(client, world, f"/v1/cases/{case_id}/reports",
                   {"agency": B, "report_id": "TH-RED-1"})
    assert hidden.status_code == 404
    # TH reads CN's GREEN case through the MoU, and CN's GREEN report, not the AMBER one
    shown = client.get(f"/v1/cases/{case_id}", headers=world.key(f"{B}:analyst")).json()
    assert (shown["reports"], shown["reports_hidden"]) == ([f"{A}/CN-GREEN-1"], 1)
    assert "CN-AMBER-1" not in str(shown)


def test_unknown_and_hidden_cases_are_404_and_readers_may_not_write(
        client: TestClient, world: World) -> None:
    amber = _open(client, world)["id"]
    green = _open(client, world, tlp="green")["id"]
    th = f"{B}:analyst"
    assert client.get("/v1/cases/CN-MPS-999999", headers=world.key(OWNER)).status_code == 404
    assert client.get(f"/v1/cases/{amber}", headers=world.key(th)).status_code == 404
    assert client.get(f"/v1/cases/{green}", headers=world.key(th)).status_code == 200
    refused = _post(client, world, f"/v1/cases/{green}/notes", {"text": "x"}, key=th)
    assert refused.status_code == 403 and "participant" in refused.json()["detail"]
    listed = client.get("/v1/cases", headers=world.key(th)).json()
    assert [c["id"] for c in listed["items"]] == [green]
    filtered = client.get("/v1/cases", headers=world.key(OWNER),
                          params={"status": ["open"], "agency": A}).json()
    assert filtered["total"] == 2


def test_a_joint_case_through_the_api(client: TestClient, world: World) -> None:
    case_id = _open(client, world)["id"]
    th = f"{B}:analyst"
    invited = _post(client, world, f"/v1/cases/{case_id}/participants",
                    {"agency": B, "purpose": "joint rescue",
                     "record_types": ["case", "victim"]})
    assert invited.status_code == 201, invited.text
    assert (invited.json()["agency"], invited.json()["record_types"]) == (
        B, ["case", "victim"])
    assert _post(client, world, f"/v1/cases/{case_id}/notes", {"text": "on it"},
                 key=th).status_code == 200
    listed = client.get(f"/v1/cases/{case_id}/participants", headers=world.key(th)).json()
    assert [(p["agency"], p["revoked_at"]) for p in listed] == [(B, None)]
    removed = client.delete(f"/v1/cases/{case_id}/participants/{B}", headers=world.key(OWNER))
    assert removed.status_code == 200 and removed.json()[0]["revoked_at"] is not None
    assert client.get(f"/v1/cases/{case_id}", headers=world.key(th)).status_code == 404


def test_linked_cases_through_the_api(client: TestClient, world: World) -> None:
    phone = [{"kind": "phone", "value": "+8613800138000"}]
    first = _open(client, world, identifiers=phone)["id"]
    second = _open(client, world, identifiers=phone, title="Second")["id"]
    found = client.get(f"/v1/cases/{first}/linked", headers=world.key(OWNER))
    assert found.status_code == 200
    [linked] = found.json()
    assert linked["case"]["id"] == second
    assert [i["value"] for i in linked["identifiers"]] == ["+8613800138000"]
    assert client.get(f"/v1/cases/{first}/linked",
                      headers=world.key(f"{B}:analyst")).status_code == 404


def test_the_trail_names_the_route_and_the_key(client: TestClient, world: World) -> None:
    case_id = _open(client, world)["id"]
    _post(client, world, f"/v1/cases/{case_id}/notes", {"text": "x"})
    client.get(f"/v1/cases/{case_id}", headers=world.key(OWNER))
    store = open_store(world.settings)
    try:
        entries = [e for e in audit.entries(store) if e.record_type == "case"]
    finally:
        store.close()
    assert [(e.action, e.path) for e in entries] == [
        ("write", "api POST /v1/cases"),
        ("write", "api POST /v1/cases/{case_id}/notes"),
        ("read", "api GET /v1/cases/{case_id}")]
    assert all(e.actor.startswith(f"{A}:cf_") for e in entries)


def test_a_case_recorded_after_the_fact(client: TestClient, world: World) -> None:
    case = _open(client, world, at="2025-03-03T09:30:00+08:00")
    case_id = case["id"]
    assert case["opened_at"] == "2025-03-03T01:30:00+00:00"
    base = f"/v1/cases/{case_id}"
    writes = [("/notes", {"text": "paper file received", "at": "2025-03-04T08:00:00Z"}),
              ("/tasks", {"title": "Trace the wallet", "at": "2025-03-04T09:00:00Z"}),
              ("/tasks/1/assign", {"assignee": B, "at": "2025-03-04T10:00:00Z"}),
              ("/tasks/1/log", {"text": "asked the bank", "at": "2025-03-04T11:00:00Z"}),
              ("/tasks/1/done", {"at": "2025-03-04T12:00:00Z"}),
              ("/identifiers", {"kind": "phone", "value": "+8613900139000",
                                "at": "2025-03-04T13:00:00Z"}),
              ("/markings", {"pap": "amber", "at": "2025-03-04T14:00:00Z"}),
              ("/participants", {"agency": B, "purpose": "joint", "at": "2025-03-05"}),
              ("/status", {"status": "investigating", "at": "2025-03-06T00:00:00Z"}),
              ("/status", {"status": "action", "at": "2025-03-20T00:00:00Z"}),
              ("/status", {"status": "closed_solved", "at": "2025-04-02T12:00:00Z"})]
    for path, body in writes:
        response = _post(client, world, base + path, body)
        assert response.status_code in (200, 201), (path, response.text)
    shown = client.get(base, headers=world.key(OWNER)).json()
    assert [e["at"] for e in shown["timeline"]] == [
        "2025-03-03T01:30:00+00:00",
        *(f"2025-03-04T{h:02d}:00:00+00:00" for h in range(8, 15)),
        "2025-03-05T00:00:00+00:00", "2025-03-06T00:00:00+00:00",
        "2025-03-20T00:00:00+00:00", "2025-04-02T12:00:00+00:00"]
    assert shown["closed_at"] == "2025-04-02T12:00:00+00:00"


@pytest.mark.parametrize(("at", "words"), [
    pytest.param("2999-01-01T00:00:00Z", "at is too far in the future", id="future"),
    pytest.param("1989-12-31T00:00:00Z", "at is before 1990", id="before-1990"),
    pytest.param("2025-03-02T00:00:00Z", "earlier than the last change", id="before-last"),
])
def test_an_impossible_time_is_a_422_naming_at(client: TestClient, world: World, at: str,
                                               words: str) -> None:
    case_id = _open(client, world, at="2025-03-03T00:00:00Z")["id"]
    for path, body in [("status", {"status": "investigating"}), ("notes", {"text": "x"}),
                       ("tasks/1/done", {})]:
        response = _post(client, world, f"/v1/cases/{case_id}/{path}", body | {"at": at})
        assert response.status_code == 422, (path, response.text)
        [error] = response.json()["detail"]
        assert error["loc"] == ["body", "at"] and words in error["msg"], error
    assert client.get(f"/v1/cases/{case_id}", headers=world.key(OWNER)).json()["version"] == 1


def test_a_case_is_not_opened_in_the_future(client: TestClient, world: World) -> None:
    response = _post(client, world, "/v1/cases", {"scam_type": "investment", "title": "t",
                                                  "at": "2999-01-01T00:00:00Z"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "at"]
    assert client.get("/v1/cases", headers=world.key(OWNER)).json()["total"] == 0
