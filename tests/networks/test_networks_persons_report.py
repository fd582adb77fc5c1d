from __future__ import annotations

import pytest
from networks_world import ALLOWLIST, BOSS, World

from counterfraud.identifiers import IdentifierKind, normalize
from counterfraud.networks import (
    analyse,
    build_graph,
    network_report,
    person_matches,
    report_markdown,
)


def _p(raw: str):  # type: ignore[no-untyped-def]
    return normalize(IdentifierKind.PERSON, raw)


@pytest.mark.parametrize(("a", "b", "matched"), [
    pytest.param("Zhang Wei|1988-03-14|CN|E123", "张伟||CN|E123", True, id="same-document"),
    pytest.param("Zhang Wei|1988-03-14|CN|E123", "张伟||CN|E999", False, id="other-document"),
    pytest.param("Zhang Wei|1988-03-14|CN|", "Wei Zhang|1988-03-14||", True,
                 id="swapped-name-same-birth"),
    pytest.param("Zhang Wei|1988-03-14", "Zhang Wei|1990-01-01", False, id="other-birth"),
    pytest.param("Somchai Jaidee", "Anan Chaiyo", False, id="strangers"),
])
def test_person_matches(a: str, b: str, matched: bool) -> None:
    found = person_matches([_p(a), _p(b)])
    assert bool(found) is matched
    if matched:
        assert found[0].reasons and 0 < found[0].score <= 1


def test_strong_matches_become_candidate_edges() -> None:
    from counterfraud.domain import ScamType
    from counterfraud.networks import ReportFacts, Sighting
    a, b = _p("Zhang Wei|1988-03-14|CN|E123"), _p("张伟|1988-03-14|CN|E123")
    facts = [ReportFacts("CN-MPS/1", "CN-MPS", ScamType.LOAN),
             ReportFacts("TH-CCIB/1", "TH-CCIB", ScamType.LOAN)]
    graph = build_graph(facts, [Sighting("CN-MPS/1", a), Sighting("TH-CCIB/1", b)])
    assert graph.person_matches and graph.person_matches[0].score >= 0.8
    assert graph.edge(a, b).link_types == ("same_person_candidate",)
    assert len(analyse(graph).networks) == 1


def test_network_report_totals_and_markdown(world: World) -> None:
    graph = build_graph(*world, allowlist=ALLOWLIST)
    network = analyse(graph).network_of(BOSS)
    assert network is not None
    report = network_report(network, graph)
    # gang A: 7 ring reports at 1000 CNY + R100; TH-CCIB/T001 5000 THB; gambling 3 x 200 THB
    assert report["loss_by_currency"] == {"CNY": "8000", "THB": "5600"}
    assert report["agencies"] == {"CN-MPS": 8, "TH-CCIB": 4}
    assert report["victims"]["reports"] == 12
    assert report["scam_types"]["gambling"] == 3
    assert report["first_seen"] < report["last_seen"]
    assert sum(report["timeline"].values()) == 12
    text = report_markdown(report)
    for heading in ("# Network", "## Core members", "## Groups", "## Victims", "## Losses",
                    "## Agencies", "## Timeline", "## Fraud and gambling overlap"):
        assert heading in text
