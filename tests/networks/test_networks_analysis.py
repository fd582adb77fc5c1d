from __future__ import annotations

import pytest
from networks_world import (
    ALLOWLIST,
    BITLY,
    BOSS,
    GAMBLING,
    GANG_A,
    GANG_B,
    HOTLINE,
    WALLET,
    K,
    World,
    ident,
    make_world,
)

from counterfraud.domain import LinkType, ScamType
from counterfraud.identifiers import Identifier
from counterfraud.networks import (
    Analysis,
    ExplicitLink,
    GraphOptions,
    Network,
    PreviousNetwork,
    ReportFacts,
    Sighting,
    analyse,
    build_graph,
    expand,
)

# Hand-made worlds are one component; resolution 1 is plain modularity on them.
SPLIT = GraphOptions(resolution=1.0)


def _network_of(analysis: Analysis, identifier: Identifier) -> Network:
    found = analysis.network_of(identifier)
    assert found is not None, identifier
    return found


@pytest.mark.parametrize(("allowlist", "options"), [
    pytest.param(ALLOWLIST, GraphOptions(), id="allowlist"),
    pytest.param((), GraphOptions(hub_max_report_share=0.5, hub_min_reports=5),
                 id="ubiquitous-rule"),
])
def test_hubs_do_not_glue_gangs(world: World, allowlist, options) -> None:  # type: ignore[no-untyped-def]
    graph = build_graph(*world, allowlist=allowlist, options=options)
    analysis = analyse(graph)
    assert _network_of(analysis, GANG_A[0]).id != _network_of(analysis, GANG_B[0]).id
    hubs = {h.identifier for h in analysis.hubs}
    assert {BITLY, HOTLINE} <= hubs
    assert BITLY not in graph and HOTLINE not in graph


def test_bridging_rule_cuts_an_identifier_reaching_many_communities() -> None:
    facts: list[ReportFacts] = []
    sightings: list[Sighting] = []
    platform = ident(K.DOMAIN, "some-platform.com")
    for gang in range(5):
        members = [ident(K.PHONE, f"+8613{gang}0000000{i}") for i in range(4)]
        for r in range(4):
            key = f"CN-MPS/{gang}-{r}"
            facts.append(ReportFacts(key, "CN-MPS", ScamType.LOAN))
            chosen = [members[r], members[(r + 1) % 4], members[(r + 2) % 4]]
            if r == 0:
                chosen.append(platform)
            sightings += [Sighting(key, i) for i in chosen]
    analysis = analyse(build_graph(facts, sightings, options=SPLIT))
    assert platform in {h.identifier for h in analysis.hubs}
    assert len(analysis.networks) == 5


def test_shared_wallet_joins_fraud_and_gambling(world: World) -> None:
    analysis = analyse(build_graph(*world, allowlist=ALLOWLIST, options=SPLIT))
    network = _network_of(analysis, WALLET)
    assert _network_of(analysis, GAMBLING[0]).id == network.id
    assert _network_of(analysis, GANG_A[0]).id == network.id
    assert WALLET in network.overlap
    assert GANG_A[1] not in network.overlap
    assert len(network.groups) >= 2


@pytest.mark.parametrize(("change", "same_id"), [
    pytest.param("add-report", True, id="one-report-added"),
    pytest.param("nothing", True, id="rebuild"),
])
def test_ids_are_stable_across_rebuilds(change: str, same_id: bool) -> None:
    first = analyse(build_graph(*make_world(), allowlist=ALLOWLIST))
    previous = [PreviousNetwork(n.id, frozenset((m.kind.value, m.value) for m in n.members))
                for n in first.networks]
    facts, sightings = make_world()
    if change == "add-report":
        facts.append(ReportFacts("LA-MPS/L1", "LA-MPS", ScamType.ROMANCE))
        sightings += [Sighting("LA-MPS/L1", GANG_B[0]), Sighting("LA-MPS/L1",
                                                                  ident(K.PHONE, "+8562055512345"))]
    second = analyse(build_graph(facts, sightings, allowlist=ALLOWLIST), previous=previous)
    for anchor in (GANG_A[0], GANG_B[0]):
        assert (_network_of(first, anchor).id == _network_of(second, anchor).id) is same_id


def test_new_network_gets_next_number() -> None:
    previous = [PreviousNetwork("N-000041", frozenset({("phone", "+10000000000")}))]
    analysis = analyse(build_graph(*make_world(), allowlist=ALLOWLIST), previous=previous)
    assert sorted(n.id for n in analysis.networks) == ["N-000042", "N-000043"]


def test_analysis_is_deterministic() -> None:
    def run() -> list[tuple[str, list[str], list[str]]]:
        a = analyse(build_graph(*make_world(), allowlist=ALLOWLIST))
        return [(n.id, [m.value for m in n.members], [c.identifier.value for c in n.core_members])
                for n in a.networks]
    assert run() == run()


def test_boss_linking_both_groups_ranks_first(world: World) -> None:
    analysis = analyse(build_graph(*world, allowlist=ALLOWLIST, options=SPLIT))
    network = _network_of(analysis, BOSS)
    first = network.core_members[0]
    assert first.identifier == BOSS
    # G01 the gambling ring (with the boss), G02 gang A's phones, G03 gang A's handles:
    # only the boss's report ties the handles to the ring
    assert "named in 3 reports by 2 agencies" in first.why
    assert "the only link between G01 and G03" in first.why
    assert "persons count ×3" in first.why


def test_expand_paths_carry_evidence(world: World) -> None:
    eth = ident(K.CRYPTO_WALLET, "0x52908400098527886E0F7030069857D2E4169EE7")
    link = ExplicitLink(WALLET, eth, LinkType.MONEY_FLOW, ("CN-MPS/SEIZURE-1",))
    graph = build_graph(*world, [link], allowlist=ALLOWLIST)
    result = expand(graph, GAMBLING[0], hops=3)
    nodes = {n.identifier: n for n in result.nodes}
    assert nodes[GAMBLING[0]].hops == 0 and nodes[GAMBLING[0]].path == ()
    assert nodes[WALLET].hops == 1
    assert nodes[GANG_A[0]].hops == 2
    for node in result.nodes:
        assert len(node.path) == node.hops
        for step in node.path:
            assert step.evidence and step.link_type
        if node.path:
            assert node.path[-1].identifier == GAMBLING[0]
    assert link.target in nodes and link.target not in {
        n.identifier for n in expand(graph, GAMBLING[0], hops=1).nodes}
    deeper = {n.identifier: n for n in expand(graph, GAMBLING[0], hops=2).nodes}
    assert deeper[link.target].path[0].link_type == "money_flow"
    assert deeper[link.target].path[0].evidence == ("CN-MPS/SEIZURE-1",)


def test_edge_info_has_first_and_last_seen(world: World) -> None:
    graph = build_graph(*world, allowlist=ALLOWLIST)
    info = graph.edge(GANG_A[0], GANG_A[1])
    assert info.link_types == ("co_reported",)
    assert info.first_seen is not None and info.last_seen is not None
    assert info.first_seen <= info.last_seen
    assert 0 < info.weight <= 1


def test_unknown_report_key_is_an_error() -> None:
    from counterfraud.errors import InvalidInput
    with pytest.raises(InvalidInput, match="unknown report"):
        build_graph([], [Sighting("X/1", GANG_A[0])])


def test_a_small_groups_boss_ranks_above_a_big_groups_lieutenants() -> None:
    """Measures are scaled within each group: the small group's most reported phone (2
    reports) outranks the big group's second ones (5 reports each)."""
    from counterfraud.networks.ranking import rank_members
    big = [ident(K.PHONE, f"+861380000{i:04d}") for i in range(5)]
    small = [ident(K.PHONE, f"+861390000{i:04d}") for i in range(2)]
    facts, sightings = [], []
    for r in range(20):  # big[0] in every report, the others in five each
        key = f"CN-MPS/B{r:02d}"
        facts.append(ReportFacts(key, "CN-MPS", ScamType.INVESTMENT))
        sightings += [Sighting(key, big[0]), Sighting(key, big[1 + r % 4])]
    for r, named in enumerate(([small[0], small[1]], [small[0]])):
        key = f"TH-CCIB/S{r}"
        facts.append(ReportFacts(key, "TH-CCIB", ScamType.ROMANCE))
        sightings += [Sighting(key, i) for i in named]
    graph = build_graph(facts, sightings, options=GraphOptions(hub_min_reports=1000))
    vertices = [graph.index[i] for i in big + small]
    group_of = {v: 0 if graph.identifiers[v] in big else 1 for v in vertices}
    scores = rank_members(graph, graph.g, graph.options)
    ranked = scores.core(vertices, group_of, limit=len(vertices))
    assert {m.identifier for m in ranked[:2]} == {big[0], small[0]}
    assert "1st of 5 phones in G01" in next(m.why for m in ranked if m.identifier == big[0])
    assert "1st of 2 phones in G02" in next(m.why for m in ranked
                                            if m.identifier == small[0])
