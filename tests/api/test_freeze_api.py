"""/v1/freeze over HTTP: raise a request, the bank's queue and answer, the feed; who
may do what (owner analyst and operator key, partners with and without an agreement
naming freeze requests, the addressed bank, another bank) on SQLite and PostgreSQL;
bad input names the field."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
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

ACCOUNT = {"kind": "bank_account", "value": "0101 2345 6789"}
WALLET = {"kind": "crypto_wallet", "value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"}


def _raise(w: World, **extra: Any) -> Any:
    body = {"case_id": w.case_id, "institution": CN_BANK, "accounts": [ACCOUNT, WALLET],
            "amount": "50000", "currency": "CNY",
            "deadline": (datetime.now(UTC) + timedelta(hours=2)).isoformat(), **extra}
    body = {k: v for k, v in body.items() if v is not None}
    return w.call("POST", "/v1/freeze", json=body)


def test_request_queue_answer_and_feed(world: World) -> None:
    made = _raise(world)
    assert made.status_code == 201, made.text
    request = made.json()
    assert made.headers["Location"].endswith(f"/v1/freeze/{request['id']}")
    assert request["institution"] == CN_BANK and request["status"] == "requested"
    bank = f"{CN_BANK}:operator"
    [queued] = world.call("GET", "/v1/freeze/queue", key=bank).json()
    assert queued["accounts"] == [{"kind": "bank_account", "value": "010123456789"},
                                  {"kind": "crypto_wallet", "value": WALLET["value"]}]
    feed = world.call("GET", "/v1/freeze/feed", key=bank)
    assert feed.headers["content-type"].startswith("text/csv")
    assert {r["value"] for r in csv.DictReader(io.StringIO(feed.text))} == {
        "010123456789", WALLET["value"]}
    as_json = world.call("GET", "/v1/freeze/feed", key=bank,
                         params={"format": "json", "since": "2099-01-01T00:00:00Z"})
    assert as_json.json()["accounts"] == []
    answered = world.call("POST", f"/v1/freeze/{request['id']}/answer", key=bank,
                          json={"answer": "partly_frozen", "amount": 1200.5})
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["amount_frozen"] == {"amount": "1200.50", "currency": "CNY"}
    assert body["hours_to_answer"] is not None and body["answered_at"] is not None
    again = world.call("POST", f"/v1/freeze/{request['id']}/answer", key=bank,
                       json={"answer": "frozen"})
    assert again.status_code == 409 and request["id"] in again.json()["detail"]
    assert world.call("GET", "/v1/freeze/queue", key=bank).json() == []
    listed = world.call("GET", "/v1/freeze", params={"case_id": world.case_id})
    assert [r["status"] for r in listed.json()] == ["partly_frozen"]


def test_cross_border_is_refused_with_the_reason(world: World) -> None:
    refused = _raise(world, institution=LA_BANK)
    assert refused.status_code == 403
    assert "the case records no victim" in refused.json()["detail"]


# caller -> status of: GET the request, POST an answer, GET /freeze/queue
MATRIX = {
    f"{CN}:analyst": (200, 403, 403),
    f"{CN}:operator": (403, 403, 403),
    f"{TH}:analyst": (200, 403, 403),  # an agreement naming freeze_request
    f"{LA}:analyst": (404, 404, 403),  # an agreement naming the case only
    f"{CN_BANK}:operator": (200, 200, 200),  # the addressed bank, any key
    f"{LA_BANK}:analyst": (404, 404, 200),  # another bank: its own (empty) queue
}


@pytest.mark.parametrize("key", list(MATRIX))
def test_permission_matrix(world: World, key: str) -> None:
    request_id = _raise(world).json()["id"]
    got = (world.call("GET", f"/v1/freeze/{request_id}", key=key).status_code,
           world.call("POST", f"/v1/freeze/{request_id}/answer", key=key,
                      json={"answer": "not_found"}).status_code,
           world.call("GET", "/v1/freeze/queue", key=key).status_code)
    assert got == MATRIX[key]
    if key == f"{LA_BANK}:analyst":
        assert world.call("GET", "/v1/freeze/queue", key=key).json() == []


@pytest.mark.parametrize(("change", "field"), [
    pytest.param({"institution": TH}, "institution", id="not-a-bank"),
    pytest.param({"institution": None}, "institution", id="nobody"),
    pytest.param({"accounts": []}, "accounts", id="no-account"),
    pytest.param({"accounts": [{"kind": "url", "value": "https://x.example-scam.top"}]},
                 "accounts", id="a-site-is-no-account"),
    pytest.param({"accounts": [{"kind": "bank_account", "value": "12-ab"}]}, "accounts",
                 id="bad-account"),
    pytest.param({"amount": "12.345"}, "amount", id="amount"),
    pytest.param({"currency": None}, "currency", id="amount-without-currency"),
    pytest.param({"currency": "yuan"}, "currency", id="currency"),
    pytest.param({"deadline": "2020-01-01T00:00:00Z"}, "deadline", id="deadline-past"),
    pytest.param({"deadline": "2099-01-01T00:00:00Z"}, "deadline", id="deadline-far"),
    pytest.param({"marking": "TLP:RED"}, "marking", id="red"),
])
def test_bad_requests_name_the_field(shared: World, change: dict[str, Any],
                                     field: str) -> None:
    answer = _raise(shared, **change)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][-1] == field


@pytest.mark.parametrize(("body", "field"), [
    pytest.param({"answer": "thawed"}, "answer", id="answer"),
    pytest.param({"answer": "refused"}, "refusal_reason", id="reason"),
    pytest.param({"answer": "partly_frozen"}, "amount_frozen", id="part"),
    pytest.param({"answer": "frozen", "amount": "1e400"}, "amount", id="huge"),
])
def test_bad_answers_name_the_field(shared: World, body: dict[str, Any], field: str) -> None:
    request_id = _raise(shared).json()["id"]
    answer = shared.call("POST", f"/v1/freeze/{request_id}/answer",
                         key=f"{CN_BANK}:operator", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][-1] == field


def test_the_feed_names_a_bad_format(shared: World) -> None:
    answer = shared.call("GET", "/v1/freeze/feed", key=f"{CN_BANK}:operator",
                         params={"format": "rpz"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "format"]


FLOATS = st.floats(allow_nan=False, allow_infinity=False)  # what JSON carries


@given(body=st.fixed_dictionaries({}, optional={
    "answer": st.sampled_from(["frozen", "partly_frozen", "refused", "not_found", "x"]),
    "amount": st.one_of(st.none(), st.text(max_size=12), st.integers(), FLOATS),
    "currency": st.one_of(st.none(), st.text(max_size=5)),
    "reason": st.text(max_size=20)}))
def test_no_answer_is_a_server_error(shared: World, body: dict[str, Any]) -> None:
    answer = shared.call("POST", "/v1/freeze/FRZ-NONE/answer", key=f"{CN_BANK}:operator",
                         json=body)
    assert answer.status_code in (404, 422), answer.text
