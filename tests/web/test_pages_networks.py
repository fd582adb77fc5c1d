"""The network explorer over real HTTP to a real uvicorn and store: each agency sees its
own view of the networks (never the operator's graph, never a TLP:RED report of
another agency, not even as a link, an edge's evidence or a neighbour), members by their
display names, the drawing's data, expansion, exports, role refusals and the audit
trail."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.web.pages_world import (
    CN,
    NEW_PHONE,
    PERSON_1,
    PERSON_1_SHOWN,
    PHONE_1,
    TH_SECRET_ACCOUNT,
    TH_SECRET_PHONE,
    Seeded,
    start,
)

from conftest import Console, sign_in
from counterfraud.services import audit
from counterfraud.services.store import open_store

pytestmark = pytest.mark.server
TH_SECRETS = (TH_SECRET_PHONE, TH_SECRET_ACCOUNT, "TH-SECRET-2", "TH-SECRET-3")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, Seeded]]:
    yield from start(tmp_path_factory.mktemp("networks"))


@pytest.fixture(scope="module")
def cn(served: tuple[Console, Seeded]) -> Iterator[httpx.Client]:
    console, _ = served
    with console.client() as http:
        sign_in(http, console, f"{CN}:analyst")
        yield http


def visible_text(page: str) -> str:
    """The page's text as read (tags and attributes dropped, entities read)."""
    without = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", without))


def test_list_shows_the_agencys_networks_only(served: tuple[Console, Seeded],
                                              cn: httpx.Client) -> None:
    _, seeded = served
    page = cn.get("/console/networks")
    assert page.status_code == 200, page.text
    assert f'href="/console/networks/{seeded.cn_network}"' in page.text
    for secret in TH_SECRETS:
        assert secret not in page.text


def test_network_page_is_the_agencys_view_with_display_names(
        served: tuple[Console, Seeded], cn: httpx.Client) -> None:
    _, seeded = served
    page = cn.get(f"/console/networks/{seeded.cn_network}")
    assert page.status_code == 200, page.text
    text = visible_text(page.text)
    assert PERSON_1_SHOWN in text and PHONE_1 in text
    assert PERSON_1 not in text and "E12345678" not in text  # the key, not what people read
    assert "Why it ranks here" in text and "persons count" in text
    for secret in TH_SECRETS:
        assert secret not in page.text
    assert NEW_PHONE not in page.text  # reported after the build: not in the view
    assert 'src="/console/static/network.js"' in page.text
    assert "<script>" not in page.text  # the policy refuses inline scripts
    assert "<svg" in page.text and "2024-02" in page.text  # the timeline


def test_graph_json_holds_only_what_the_agency_may_read(
        served: tuple[Console, Seeded], cn: httpx.Client) -> None:
    _, seeded = served
    answer = cn.get(f"/console/networks/{seeded.cn_network}/graph.json")
    assert answer.status_code == 200, answer.text
    graph = answer.json()
    values = {n["value"] for n in graph["nodes"]}
    assert PHONE_1 in values and TH_SECRET_PHONE not in values
    assert all(n["colour"].startswith("#") for n in graph["nodes"])
    evidence = {key for e in graph["edges"] for key in e["evidence"]}
    assert evidence and all(key.startswith(f"{CN}/") for key in evidence)
    ends = {end for e in graph["edges"] for end in (e["source"], e["target"])}
    assert ends <= {n["id"] for n in graph["nodes"]}
    for secret in TH_SECRETS:
        assert secret not in answer.text


def test_expansion_reaches_new_reports_but_never_hidden_ones(
        served: tuple[Console, Seeded], cn: httpx.Client) -> None:
    _, seeded = served
    answer = cn.get(f"/console/networks/{seeded.cn_network}/expand",
                    params={"node": f"phone:{PHONE_1}"})
    assert answer.status_code == 200, answer.text
    found = answer.json()
    ids = {n["id"] for n in found["nodes"]}
    assert f"phone:{NEW_PHONE}" in ids
    assert f"phone:{TH_SECRET_PHONE}" not in ids
    seeded_edges = [e for e in found["edges"] if e["source"] == f"phone:{PHONE_1}"]
    assert seeded_edges and all(e["reports"] == len(e["evidence"]) for e in seeded_edges)
    for secret in TH_SECRETS:
        assert secret not in answer.text
    hidden = cn.get(f"/console/networks/{seeded.cn_network}/expand",
                    params={"node": f"phone:{TH_SECRET_PHONE}"})
    assert hidden.status_code == 404
    assert TH_SECRET_ACCOUNT not in hidden.text


@pytest.mark.parametrize("fmt, kind, marker", [
    ("json", "application/json", '"core_members"'),
    ("markdown", "text/markdown", "# "),
    ("node-link", "application/json", '"links"'),
], ids=["json", "markdown", "node-link"])
def test_exports_are_the_agencys_view(served: tuple[Console, Seeded], cn: httpx.Client,
                                      fmt: str, kind: str, marker: str) -> None:
    _, seeded = served
    answer = cn.get(f"/console/networks/{seeded.cn_network}/export", params={"format": fmt})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(kind)
    assert "attachment" in answer.headers["content-disposition"]
    assert marker in answer.text and PHONE_1 in answer.text
    for secret in TH_SECRETS:
        assert secret not in answer.text


def test_another_agency_sees_its_own_view(served: tuple[Console, Seeded]) -> None:
    console, seeded = served
    with console.client() as th:
        sign_in(th, console, "TH-CCIB:analyst")
        graph = th.get(f"/console/networks/{seeded.th_network}/graph.json").json()
    values = {n["value"] for n in graph["nodes"]}
    assert TH_SECRET_PHONE in values  # its own RED reports


@pytest.mark.parametrize("path", [
    "/console/networks", "/console/networks/N-000001",
    "/console/networks/N-000001/graph.json",
    "/console/networks/N-000001/expand?node=phone:%2B8613711112222",
    "/console/networks/N-000001/export?format=json",
], ids=["list", "show", "graph", "expand", "export"])
def test_operator_keys_are_refused_like_the_api(served: tuple[Console, Seeded],
                                                path: str) -> None:
    console, _ = served
    with console.client() as bank:
        sign_in(bank, console, f"{CN}:operator")
        answer = bank.get(path)
        home = bank.get("/console/")
    assert answer.status_code == 403
    assert PHONE_1 not in answer.text
    assert 'href="/console/networks"' not in home.text  # the link is hidden too


@pytest.mark.parametrize("path, status", [
    ("/console/networks/N-999999", 404),
    ("/console/networks/N-999999/graph.json", 404),
    ("/console/networks?offset=-1", 422),
    ("/console/networks/N-000001/export?format=gexf", 422),
    ("/console/networks/N-000001/expand?node=nonsense", 422),
    ("/console/networks/N-000001/expand?node=phone:%2B8613799999999", 404),
], ids=["unknown", "unknown-graph", "bad-offset", "bad-format", "bad-node", "no-report"])
def test_bad_requests_get_pages_not_server_errors(cn: httpx.Client, path: str,
                                                  status: int) -> None:
    assert cn.get(path).status_code == status


def test_reads_go_on_the_audit_trail_as_the_consoles(served: tuple[Console, Seeded],
                                                     cn: httpx.Client) -> None:
    console, seeded = served
    assert cn.get(f"/console/networks/{seeded.cn_network}/graph.json").status_code == 200
    store = open_store(console.settings)
    try:
        paths = {e.path for e in audit.entries(store, actor=None)
                 if e.actor.startswith(f"{CN}:")}
    finally:
        store.close()
    assert "console GET /console/networks/{network_id}/graph.json" in paths


def test_signed_out_requests_go_to_sign_in(served: tuple[Console, Seeded]) -> None:
    console, seeded = served
    with console.client() as http:
        page = http.get(f"/console/networks/{seeded.cn_network}")
        data = http.get(f"/console/networks/{seeded.cn_network}/graph.json")
    assert page.status_code == 303 and "/console/sign-in" in page.headers["location"]
    assert data.status_code in (303, 401) and PHONE_1 not in data.text


def test_no_inline_script_reads_the_data(served: tuple[Console, Seeded],
                                         cn: httpx.Client) -> None:
    _, seeded = served
    page = cn.get(f"/console/networks/{seeded.cn_network}").text
    found = re.search(r'data-kind-labels="([^"]*)"', page)
    assert found is not None
    assert json.loads(html.unescape(found.group(1)))["phone"] == "Phone"
    assert Path("src/counterfraud/web/static/network.js").exists()
