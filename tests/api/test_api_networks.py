"""Networks over HTTP: analysts see, list and expand what their agency may read."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from counterfraud.domain import ApiRole, Viewer
from counterfraud.services import networks
from counterfraud.services.store import open_store


@pytest.fixture
def built(client: TestClient, world: Any) -> TestClient:
    store = open_store(world.settings)
    try:
        networks.build(store, min_size=1)
    finally:
        store.close()
    return client


def _values(body: list[dict[str, Any]]) -> set[str]:
    return {m["value"] for n in body for m in n["members"]}


def test_each_agency_sees_its_own_view(built: TestClient, world: Any) -> None:
    cn = built.get("/v1/networks", params={"min_size": 1}, headers=world.key("CN-MPS:analyst"))
    th = built.get("/v1/networks", params={"min_size": 1}, headers=world.key("TH-CCIB:analyst"))
    assert cn.status_code == th.status_code == 200
    assert {"+8613800138000", "+8613900139000"} <= _values(cn.json())
    assert "+66812345678" not in _values(cn.json())  # TH's RED report
    assert "+8613900139000" not in _values(th.json())  # only in CN's AMBER report
    assert "+8613800138000" in _values(th.json())  # CN's GREEN report names it
    for network in cn.json():
        assert {"id", "size", "members", "core_members"} <= network.keys()


def test_show_markdown_and_block(built: TestClient, world: Any) -> None:
    headers = world.key("CN-MPS:analyst")
    [first, *_] = built.get("/v1/networks", params={"min_size": 1}, headers=headers).json()
    text = built.get(f"/v1/networks/{first['id']}", params={"format": "markdown"},
                     headers=headers)
    assert text.headers["content-type"].startswith("text/markdown")
    assert text.text.startswith(f"# Network {first['id']}")
    blocked = built.post(f"/v1/networks/{first['id']}/block", headers=headers)
    assert blocked.status_code == 200 and blocked.json()["added"] >= 1
    missing = built.get("/v1/networks/N-999999", headers=headers)
    assert missing.status_code == 404


def _expand(client: TestClient, world: Any, key: str, phone: str) -> Any:
    return client.get(f"/v1/networks/expand/phone/{phone}", params={"hops": 3},
                      headers=world.key(key))


def _seen(body: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(node values, every report key cited as evidence) of an expansion."""
    values = {n["identifier"]["value"] for n in body["nodes"]}
    cited = {k for n in body["nodes"] for step in n["path"] for k in step["evidence"]}
    return values, cited


@pytest.mark.parametrize(("key", "sees_amber"), [
    ("CN-MPS:analyst", True), ("CN-MPS:admin", True), ("TH-CCIB:analyst", False),
    ("TH-CCIB:admin", False),
], ids=["owner-analyst", "owner-admin", "partner-analyst", "partner-admin"])
def test_expand_shows_what_the_agency_may_read(built: TestClient, world: Any, key: str,
                                               sees_amber: bool) -> None:
    response = _expand(built, world, key, "+8613800138000")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["seed"]["value"] == "+8613800138000"
    values, cited = _seen(body)
    assert "example-scam.top" in values  # CN's GREEN report, shared with TH
    assert ("+8613900139000" in values) is sees_amber  # only in CN's AMBER report
    assert ("CN-MPS/CN-AMBER-1" in cited) is sees_amber
    assert "+66812345678" not in values and "TH-CCIB/TH-RED-1" not in cited


def test_expand_from_an_identifier_only_hidden_reports_name(built: TestClient,
                                                            world: Any) -> None:
    assert _expand(built, world, "TH-CCIB:analyst", "+8613900139000").status_code == 404
    assert _expand(built, world, "CN-MPS:analyst", "+8613900139000").status_code == 200


def test_expand_is_not_for_operators(built: TestClient, world: Any) -> None:
    assert _expand(built, world, "CN-MPS:operator", "+8613800138000").status_code == 403


def _core_numbers(text: str) -> list[int]:
    section = text.split("## Core members", 1)[1].split("\n## ", 1)[0]
    return [int(n) for n in re.findall(r"^(\d+)\. ", section, flags=re.MULTILINE)]


@pytest.mark.parametrize(("agency", "losses"), [
    ("CN-MPS", "Losses: CNY 21,500.00."),  # its GREEN and AMBER reports
    ("TH-CCIB", "Losses: CNY 1,500.00."),  # CN's GREEN report only
], ids=["owner", "partner"])
def test_markdown_is_the_report_document(built: TestClient, world: Any, agency: str,
                                         losses: str) -> None:
    """The API serves the document the CLI prints, with victims, losses and timeline,
    core members numbered from 1 without gaps, computed from what the agency may read."""
    headers = world.key(f"{agency}:analyst")
    listed = built.get("/v1/networks", params={"min_size": 1}, headers=headers).json()
    network_id = next(n["id"] for n in listed
                      if "+8613800138000" in {m["value"] for m in n["members"]})
    text = built.get(f"/v1/networks/{network_id}", params={"format": "markdown"},
                     headers=headers).text
    store = open_store(world.settings)
    try:
        found = networks.network(store, network_id, Viewer(agency, ApiRole.ANALYST))
        assert text == networks.markdown(found)
    finally:
        store.close()
    for heading in ("## Victims", "## Losses", "## Timeline", "## Groups"):
        assert heading in text
    assert losses in text
    numbers = _core_numbers(text)
    assert numbers == list(range(1, len(numbers) + 1)) and numbers


def test_json_gives_display_names_and_score_parts(built: TestClient, world: Any) -> None:
    headers = world.key("CN-MPS:analyst")
    [first, *_] = built.get("/v1/networks", params={"min_size": 1}, headers=headers).json()
    assert {"loss_by_currency", "agencies", "first_seen", "last_seen"} <= first.keys()
    shown = built.get(f"/v1/networks/{first['id']}", headers=headers).json()
    assert all(m["display"] for m in shown["members"] + shown["core_members"])
    for member in shown["report"]["core_members"]:
        parts = member["parts"]
        assert member["score"] == pytest.approx(
            parts["kind"] * parts["place"] * parts["evidence"], abs=1e-3)
    assert all(g["name"] and g["label"].startswith("G") for g in shown["report"]["groups"])


def test_expand_answers_node_link_json(built: TestClient, world: Any) -> None:
    body = _expand(built, world, "CN-MPS:analyst", "+8613800138000").json()
    graph = nx.node_link_graph(body)
    assert graph.number_of_nodes() == len(body["nodes"]) > 1
    assert graph.number_of_edges() == len(body["edges"])
    assert graph.graph["seed"] == "phone:+8613800138000"
    assert "phone:+8613900139000" in graph  # CN's AMBER report, its own
