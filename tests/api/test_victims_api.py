"""/v1/victims over HTTP: record, read, list, move, locate, losses, re-mark and ransom
demands; the statuses a caller gets (401, 403, 404, 409, 422 naming the field); who sees
what on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.api.victims_api_world import (  # noqa: F401 (fixtures)
    World,
    shared_fixture,
    world_fixture,
)
from tests.services.freeze_world import CN, CN_BANK, LA, LA_BANK, TH

from counterfraud.services import audit
from counterfraud.services.store import open_store


def _victim(case_id: str, victim_id: str, **extra: Any) -> dict[str, Any]:
    return {"case_id": case_id, "id": victim_id, "kind": "held_for_ransom",
            "nationality": "CN", "officer": {"name": "Inspector Zhao"},
            "family_contact": "sister, via the county station", **extra}


def test_a_victim_over_http(world: World) -> None:
    made = world.call("POST", "/v1/victims", json=_victim(
        world.case_id, "V-5001", location={"country": "MM", "place": "KK Park",
                                           "latitude": 16.69, "longitude": 98.51},
        losses=[{"amount": 2000, "currency": "USD"}]))
    assert made.status_code == 201, made.text
    body = made.json()
    assert made.headers["Location"].endswith("/v1/victims/V-5001")
    assert body["marking"] == "TLP:RED" and body["officer"] == {"name": "Inspector Zhao",
                                                                "agency": CN}
    assert body["losses"] == [{"amount": "2000.00", "currency": "USD"}]
    moved = world.call("POST", "/v1/victims/V-5001/move",
                       json={"status": "located", "agencies": ["MM-MPF"]})
    assert moved.status_code == 200 and moved.json()["history"][-1]["agencies"] == ["MM-MPF"]
    wrong = world.call("POST", "/v1/victims/V-5001/move", json={"status": "missing"})
    assert wrong.status_code == 422
    assert "allowed next: rescued" in wrong.json()["detail"][0]["msg"]
    located = world.call("POST", "/v1/victims/V-5001/location",
                         json={"location": {"country": "TH", "place": "Mae Sot"}})
    assert located.json()["location"]["place"] == "Mae Sot"
    loss = world.call("POST", "/v1/victims/V-5001/losses",
                      json={"amount": "500.25", "currency": "usd"})
    assert loss.json()["losses"] == [{"amount": "2500.25", "currency": "USD"}]
    listed = world.call("GET", "/v1/victims", params={"case_id": world.case_id})
    assert [v["id"] for v in listed.json()] == ["V-5001"]
    assert world.call("GET", "/v1/victims/V-5001").json()["version"] == 4
    again = world.call("POST", "/v1/victims", json=_victim(world.case_id, "V-5001"))
    assert again.status_code == 409


@pytest.mark.parametrize(("change", "field"), [
    pytest.param({"id": "Li Na"}, "id", id="pseudonym"),
    pytest.param({"kind": "tourist"}, "kind", id="kind"),
    pytest.param({"nationality": "PRC"}, "nationality", id="nationality"),
    pytest.param({"officer": {"name": "Zhao", "agency": "police"}}, "officer.agency",
                 id="officer-agency"),
    pytest.param({"location": {"country": "MM", "latitude": 120, "longitude": 98}},
                 "location.latitude", id="latitude"),
    pytest.param({"losses": [{"amount": "1.001", "currency": "USD"}]}, "losses",
                 id="loss-amount"),
    pytest.param({"losses": [{"amount": "1", "currency": "dollar"}]}, "currency",
                 id="loss-currency"),
    pytest.param({"marking": "TLP:PURPLE"}, "marking", id="marking"),
])
def test_bad_fields_are_named(shared: World, change: dict[str, Any], field: str) -> None:
    answer = shared.call("POST", "/v1/victims", json=_victim(shared.case_id, "V-5002",
                                                             **change))
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][-1] == field


# caller -> status of: GET the RED victim, GET the re-marked one, GET the case
READS = {
    f"{CN}:analyst": (200, 200, 200),
    f"{CN}:operator": (403, 403, 403),
    f"{TH}:analyst": (404, 200, 200),  # an agreement naming victim: not RED
    f"{LA}:analyst": (404, 404, 200),  # an agreement naming the case only
    f"{CN_BANK}:operator": (403, 403, 403),
    f"{LA_BANK}:analyst": (404, 404, 404),
}


def test_who_reads_victims(world: World) -> None:
    for victim_id in ("V-RED", "V-SHARED"):
        assert world.call("POST", "/v1/victims", json=_victim(
            world.case_id, victim_id)).status_code == 201
    marked = world.call("POST", "/v1/victims/V-SHARED/marking",
                        json={"marking": "TLP:AMBER+STRICT"})
    assert marked.status_code == 200
    assert world.call("POST", "/v1/victims/V-SHARED/marking", key=f"{TH}:analyst",
                      json={"marking": "TLP:RED"}).status_code == 403
    for key, expected in READS.items():
        got = tuple(world.call("GET", path, key=key).status_code for path in (
            "/v1/victims/V-RED", "/v1/victims/V-SHARED", f"/v1/cases/{world.case_id}"))
        assert got == expected, key
    assert world.client.get("/v1/victims/V-RED").status_code == 401


def test_a_ransom_demand_over_http(world: World) -> None:
    assert world.call("POST", "/v1/victims", json=_victim(
        world.green_case_id, "V-5003")).status_code == 201
    answer = world.call("POST", "/v1/victims/V-5003/ransom", json={
        "amount": "30000", "currency": "USD", "institution": CN_BANK,
        "payment_identifiers": [
            {"kind": "bank_account", "value": "0101 2345 6789"},
            {"kind": "crypto_wallet", "value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
             "institution": CN_BANK},
            {"kind": "phone", "value": "020 5555 1234", "region": "la"},
            {"kind": "handle", "value": "telegram:@kk_park_finance"}]})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["blocking"] == "blocked" and body["blocked"]["added"] == 4
    [request] = body["freeze_requests"]
    assert request["institution"] == CN_BANK and len(request["accounts"]) == 2
    queue = world.call("GET", "/v1/freeze/queue", key=f"{CN_BANK}:operator")
    assert [q["id"] for q in queue.json()] == [request["id"]]
    bad = world.call("POST", "/v1/victims/V-5003/ransom", json={
        "amount": "30000", "currency": "USD",
        "payment_identifiers": [{"kind": "bank_account", "value": "12-ab"}]})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "payment_identifiers"
    store = open_store(world.settings)
    try:
        paths = {e.path for e in audit.entries(store)}
    finally:
        store.close()
    assert "api POST /v1/victims/{victim_id}/ransom" in paths


FLOATS = st.floats(allow_nan=False, allow_infinity=False)  # what JSON carries


@given(body=st.dictionaries(st.sampled_from(["case_id", "id", "kind", "nationality",
                                             "officer", "location", "losses", "marking",
                                             "status", "agencies"]),
                            st.one_of(st.none(), st.text(max_size=20), st.integers(),
                                      FLOATS, st.lists(st.text(max_size=5),
                                                            max_size=3),
                                      st.dictionaries(st.text(max_size=8),
                                                      st.text(max_size=8), max_size=3))))
def test_no_body_is_a_server_error(shared: World, body: dict[str, Any]) -> None:
    answer = shared.call("POST", "/v1/victims", json=body)
    assert answer.status_code in (201, 404, 409, 422), answer.text
