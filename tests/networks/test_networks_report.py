"""The network report people read: display names beside keys, groups named by scam type
and countries, and one Markdown document (also from reports stored by earlier versions)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from networks_world import ALLOWLIST, BOSS, World

from counterfraud.domain import ScamType
from counterfraud.identifiers import IdentifierKind, normalize
from counterfraud.networks import (
    GraphOptions,
    ReportFacts,
    Sighting,
    analyse,
    build_graph,
    format_amount,
    network_report,
    report_markdown,
)
from counterfraud.networks.groups import GroupProfile, group_profile

SPLIT = GraphOptions(resolution=1.0)


def _report(world: World) -> dict[str, Any]:
    graph = build_graph(*world, allowlist=ALLOWLIST, options=SPLIT)
    network = analyse(graph).network_of(BOSS)
    assert network is not None
    return network_report(network, graph)


def _identifiers(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [*report["core_members"], *report["overlap"],
            *(m for g in report["groups"] for m in [*g["members"], *g["core"]])]


def test_every_identifier_has_a_display_beside_its_key(world: World) -> None:
    found = _identifiers(_report(world))
    assert found and all({"kind", "value", "display"} <= item.keys() for item in found)
    boss = [i for i in found if i["value"] == BOSS.value]
    assert boss and {i["display"] for i in boss} == {"Chen Long (CN)"}
    assert all(i["display"] == i["value"] for i in found if i["kind"] != "person")


def test_groups_are_named_by_scam_type_and_countries(world: World) -> None:
    groups = _report(world)["groups"]
    assert [(g["label"], g["name"]) for g in groups] == [
        ("G01", "gambling, victims in TH"),  # the ring: TH-CCIB's reports, no phone
        ("G02", "investment, CN→CN"),  # gang A's phones (+86), Chinese victims
        ("G03", "investment, victims in CN")]  # gang A's handles
    assert groups[0]["core"][0]["display"] == "Chen Long (CN)"
    assert [g["reports"] for g in groups] == [5, 7, 6]


def _graph_of(phones: list[str], scams: list[ScamType], victims: list[str | None]) -> Any:
    facts = [ReportFacts(f"TH-CCIB/R{i}", "TH-CCIB", scam, victim_country=victim)
             for i, (scam, victim) in enumerate(zip(scams, victims, strict=True))]
    sightings = [Sighting(f.key, normalize(IdentifierKind.PHONE, p))
                 for f in facts for p in phones]
    return build_graph(facts, sightings)


@pytest.mark.parametrize(("leading", "scams", "victims", "name"), [
    pytest.param("+8562020370195", [ScamType.INVESTMENT] * 2 + [ScamType.ROMANCE],
                 ["CN", "CN", "TH"], "investment, LA→CN", id="lao-phone-chinese-victims"),
    pytest.param("+959980877325", [ScamType.GAMBLING, ScamType.TASK_JOB, ScamType.TASK_JOB],
                 [None, None, "CN"], "task job, MM→TH", id="agency-country-when-no-victim"),
    pytest.param(None, [ScamType.LOAN], ["VN"], "loan, victims in VN", id="no-phone"),
])
def test_group_profile(leading: str | None, scams: list[ScamType], victims: list[str | None],
                       name: str) -> None:
    phones = ["+8562020370195", "+959980877325"]
    graph = _graph_of(phones, scams, victims)
    members = [graph.identifiers[v] for v in range(len(graph))]
    lead = normalize(IdentifierKind.PHONE, leading) if leading else None
    profile = group_profile(graph, members, leading_phone=lead)
    assert profile.name == name and profile.reports == len(scams)


def test_a_group_without_anything_known_says_so() -> None:
    assert GroupProfile(0, None, None, None).name == "no reports"


@pytest.mark.parametrize(("amount", "whole", "text"), [
    ("4456701.87", False, "4,456,701.87"), ("1982176300.00", False, "1,982,176,300.00"),
    ("8000", False, "8,000"), ("999.5", True, "1,000"), ("4456701.49", True, "4,456,701"),
    ("not a number", False, "not a number"),
], ids=["cny", "lak", "whole", "round-up", "round-down", "kept"])
def test_amounts_have_thousands_separators(amount: str, whole: bool, text: str) -> None:
    assert format_amount(amount, whole=whole) == text


def _numbers(text: str) -> list[int]:
    section = text.split("## Core members", 1)[1].split("\n## ", 1)[0]
    return [int(n) for n in re.findall(r"^(\d+)\. ", section, flags=re.MULTILINE)]


def test_the_markdown_document(world: World) -> None:
    report = _report(world)
    text = report_markdown(report)
    for heading in ("# Network", "## Core members", "## Groups", "## Victims", "## Losses",
                    "## Agencies", "## Scam types", "## Timeline", "## Members by kind",
                    "## Fraud and gambling overlap"):
        assert f"\n{heading}" in f"\n{text}"
    assert _numbers(text) == list(range(1, len(report["core_members"]) + 1))
    assert "Losses: CNY 8,000; THB 5,600." in text
    assert "| CNY | 8,000 |" in text
    assert "**Chen Long (CN)** — person, G01, score 3.00: persons count ×3" in text
    assert "- **G01** gambling, victims in TH: 5 identifiers in 5 reports" in text
    assert "Score = kind × place × evidence." in text
    assert BOSS.value not in text  # the key is for machines


def test_a_report_stored_by_an_earlier_version_renders_the_same_way() -> None:
    """No ``display``, group names or ranking legend: names are worked out from keys, and
    core members are numbered from 1 whatever ranks they were stored with."""
    old = {"id": "N-000007", "size": 3,
           "core_members": [{"kind": "person", "value": BOSS.value, "score": 3.0,
                             "why": "in 3 reports; gatekeeper on shortest paths"},
                            {"kind": "phone", "value": "+8613800000000", "score": 1.0,
                             "why": "in 4 reports"}],
           "groups": [{"id": "N-000007.G01", "size": 3,
                       "members": [{"kind": "person", "value": BOSS.value}]}],
           "victims": {"reports": 4, "countries": {"CN": 4}},
           "loss_by_currency": {"CNY": "12345.5"}, "agencies": {"CN-MPS": 4},
           "first_seen": "2024-01-05T00:00:00+00:00", "last_seen": "2024-03-05T00:00:00+00:00",
           "scam_types": {"investment": 4}, "timeline": {"2024-01": 4}, "overlap": []}
    text = report_markdown(old)
    assert "1. **Chen Long (CN)** — person, score 3.00" in text
    assert "2. `+8613800000000` — phone, score 1.00: in 4 reports" in text
    assert "- **G01**: 3 identifiers" in text and "CNY 12,345.5" in text
    assert "first seen 2024-01-05, last seen 2024-03-05" in text


def test_a_network_with_no_losses_or_times() -> None:
    facts = [ReportFacts("CN-MPS/1", "CN-MPS", ScamType.OTHER)]
    a, b = (normalize(IdentifierKind.PHONE, f"+861380013800{i}") for i in range(2))
    graph = build_graph(facts, [Sighting("CN-MPS/1", a), Sighting("CN-MPS/1", b)])
    [network] = analyse(graph).networks
    text = report_markdown(network_report(network, graph))
    assert "No losses reported." in text and "first seen ?, last seen ?" in text
    assert "## Timeline\n\nnone" in text


def test_markdown_characters_in_values_stay_text() -> None:
    when = datetime(2024, 5, 1, tzinfo=UTC)
    facts = [ReportFacts("CN-MPS/1", "CN-MPS", ScamType.OTHER, when, Decimal(1), "CNY")]
    urls = [normalize(IdentifierKind.URL, "https://scam.top/*win*/_x_"),
            normalize(IdentifierKind.URL, "https://scam.top/a`b")]
    graph = build_graph(facts, [Sighting("CN-MPS/1", u) for u in urls])
    [network] = analyse(graph).networks
    text = report_markdown(network_report(network, graph))
    assert "`https://scam.top/*win*/_x_`" in text  # as code, not emphasis
    assert "``https://scam.top/a`b``" in text
    assert "https://scam.top/\\*win\\*/\\_x\\_" in text  # in the reasons, escaped
    assert "https://scam.top/a\\`b" in text
