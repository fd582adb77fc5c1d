"""``counterfraud networks ...`` as people read it: lists with losses, agencies and time
span in tables that wrap and stay aligned with Thai and Chinese names; the report rendered
or as Markdown text; expansions as a table and as node-link JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rich.cells import cell_len

from counterfraud.networks import report_markdown

THAI = "สมชาย ใจดี|1984-05-16|TH|AA1234567"
CHINESE = "王志强|1979-02-03|CN|E12345678"
ROWS = [  # (agency, report id, reported at, phones, persons, loss, currency)
    ("CN-MPS", "C1", "2024-03-01", "+8613800138000;+8562020370195", CHINESE, "1234567.5", "CNY"),
    ("CN-MPS", "C2", "2024-04-02", "+8613800138000", "", "100", "CNY"),
    ("TH-CCIB", "T1", "2025-01-15", "+8562020370195;+66812345678", THAI, "250000", "THB"),
    ("TH-CCIB", "T2", "2025-02-20", "+66812345678", "", "", ""),
]


@pytest.fixture
def built(run, tmp_path: Path) -> Any:  # type: ignore[no-untyped-def]
    for code, country in (("CN-MPS", "CN"), ("TH-CCIB", "TH")):
        assert run("agency", "add", code, "--country", country, "--name", code).exit_code == 0
    for code in ("CN-MPS", "TH-CCIB"):
        path = tmp_path / f"{code}.csv"
        lines = ["report_id,reported_at,scam_type,phones,persons,loss_amount,loss_currency"]
        lines += [f"{rid},{when},investment,{phones},{persons},{loss},{currency}"
                  for agency, rid, when, phones, persons, loss, currency in ROWS
                  if agency == code]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        ingested = run("ingest", str(path), "--agency", code)
        assert ingested.exit_code == 0, ingested.output
    assert run("networks", "build").exit_code == 0
    return run


def _network_id(run: Any) -> str:  # type: ignore[no-untyped-def]
    [network] = json.loads(run("networks", "list", "--json").stdout)
    return str(network["id"])


def test_list_shows_losses_agencies_and_time_span(built: Any) -> None:
    result = built("networks", "list")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for shown in ("losses", "agencies", "first seen", "last seen", "top core",
                  "1,234,668", "THB 250,000", "CN-MPS", "TH-CCIB", "2024-03-01",
                  "2025-02-20"):
        assert shown in text, shown
    assert "|b:" not in text and "|d:" not in text and "…" not in text


def test_list_lines_stay_aligned_with_thai_and_chinese_names(built: Any) -> None:
    """Every line of the table is as wide on screen as the others (Rich measures the
    cells); padding by characters would leave the lines with Thai marks short."""
    lines = [line for line in built("networks", "list").stdout.splitlines() if line.strip()]
    assert any("สมชาย" in line or "王志强" in line for line in lines)
    assert len({cell_len(line) for line in lines}) == 1, lines


def test_list_json_has_display_names_and_figures(built: Any) -> None:
    [network] = json.loads(built("networks", "list", "--json").stdout)
    assert network["loss_by_currency"] == {"CNY": "1234667.50", "THB": "250000.00"}
    assert network["agencies"] == {"CN-MPS": 2, "TH-CCIB": 2}
    assert network["first_seen"].startswith("2024-03-01")
    persons = {m["display"] for m in network["members"] if m["kind"] == "person"}
    assert persons == {"สมชาย ใจดี (TH)", "王志强 (CN)"}
    assert all(m["display"] for m in network["core_members"])


def test_show_renders_the_report_and_markdown_gives_its_text(built: Any) -> None:
    network_id = _network_id(built)
    rendered = built("networks", "show", network_id)
    text = built("networks", "show", network_id, "--markdown")
    shown = json.loads(built("networks", "show", network_id, "--json").stdout)
    assert rendered.exit_code == text.exit_code == 0
    assert text.stdout == report_markdown(shown["report"])  # the document, untouched
    assert text.stdout.startswith(f"# Network {network_id}\n") and "**" in text.stdout
    assert rendered.stdout != text.stdout
    assert "# Network" not in rendered.stdout and "**" not in rendered.stdout
    for part in (f"Network {network_id}", "Core members", "王志强 (CN)", "Timeline"):
        assert part in rendered.stdout, part


def test_expand_is_a_table_with_headers(built: Any) -> None:
    result = built("networks", "expand", "phone", "+8562020370195", "--hops", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("4 identifiers within 2 hops of phone +8562020370195")
    assert lines[1].split() == ["hop", "kind", "identifier", "via", "evidence"]
    assert any("สมชาย ใจดี (TH)" in line for line in lines)
    assert "(the seed)" in result.stdout and "CN-MPS/C1" in result.stdout
    assert "+8562020370195 (same report)" in result.stdout


@pytest.mark.parametrize("edges", ["edges", "links"], ids=["networkx-3.4-on", "older"])
def test_expand_json_is_node_link(built: Any, edges: str) -> None:
    found = json.loads(built("networks", "expand", "phone", "+8562020370195", "--json").stdout)
    graph = nx.node_link_graph(found, edges=edges)
    assert not graph.is_directed() and not graph.is_multigraph()
    assert graph.number_of_nodes() == len(found["nodes"]) == 5
    assert graph.number_of_edges() == len(found["edges"]) > 0
    assert graph.graph["seed"] == "phone:+8562020370195"
    assert graph.nodes["person:" + json.loads(
        built("normalize", "person", THAI, "--json").stdout)["value"]]["hops"] == 1
    assert all({"a", "b", "types", "weight"} <= e.keys() for e in found["edges"])
