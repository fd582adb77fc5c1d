"""Link analysis at scale: python-igraph (our code) beside networkx on the same graph.

    .venv/bin/python benchmarks/networks_speed.py              # 1M ids, 4M links
    .venv/bin/python benchmarks/networks_speed.py --nodes 100000 --edges 400000

A synthetic fraud-shaped graph: components of ~200 identifiers (gangs), communities of
~30 inside them, identifiers named together in reports of 2-6. Our side goes through the
public API (build_graph, then analyse: components, Leiden communities, hubs, ranking,
networks with their core members) and expand; peak memory is the process's peak RSS
measured before networkx starts. networkx then builds the same weighted graph from the
same sightings and runs components, PageRank (tol=1e-10, weighted) and a 2-hop
expansion; its Louvain is skipped above --nx-max-nodes, its betweenness above 5,000 nodes
(they take tens of minutes at 1M).
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np

from counterfraud.domain import ScamType
from counterfraud.identifiers import Identifier, IdentifierKind
from counterfraud.networks import GraphOptions, ReportFacts, Sighting, analyse, build_graph, expand
from counterfraud.networks.analysis import communities
from counterfraud.networks.ranking import rank_members


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, rows: list[tuple[str, str, float]], side: str,
          fn: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    out = fn()
    rows.append((side, label, time.perf_counter() - t0))
    print(f"  {side:8s} {label:28s} {rows[-1][2]:8.2f} s", flush=True)
    return out


def synthetic(nodes: int, edges: int, seed: int) -> tuple[list[ReportFacts], list[Sighting],
                                                           list[Identifier]]:
    """Reports naming 2-6 identifiers of one community (90%) or of one component."""
    rng = np.random.default_rng(seed)
    comp_size, com_size = 200, 30
    ids = [Identifier(IdentifierKind.PHONE, f"+1{n:010d}") for n in range(nodes)]
    mean_pairs = 5.6  # E[k(k-1)/2] for k uniform in 2..6 is 7, minus repeated pairs
    n_reports = int(edges / mean_pairs)
    scams = list(ScamType)
    facts, sightings = [], []
    sizes = rng.integers(2, 7, n_reports)
    comp = rng.integers(0, max(1, nodes // comp_size), n_reports)
    local = rng.random(n_reports) < 0.9
    com = rng.integers(0, comp_size // com_size, n_reports)
    for r in range(n_reports):
        key = f"XX-SYN/{r:08d}"
        facts.append(ReportFacts(key, "XX-SYN", scams[r % len(scams)]))
        base = int(comp[r]) * comp_size
        if local[r]:
            lo, hi = base + int(com[r]) * com_size, base + (int(com[r]) + 1) * com_size
        else:
            lo, hi = base, base + comp_size
        hi = min(hi, nodes)
        # popular-biased draws inside the block (a few identifiers appear often)
        picks = set((lo + (rng.random(int(sizes[r])) ** 1.2) * (hi - lo)).astype(int).tolist())
        sightings += [Sighting(key, ids[v]) for v in sorted(picks)]
    return facts, sightings, ids


def run_ours(facts: list[ReportFacts], sightings: list[Sighting],
             rows: list[tuple[str, str, float]]) -> Any:
    options = GraphOptions(match_persons=False)
    graph = timed("build graph", rows, "igraph", lambda: build_graph(facts, sightings,
                                                                     options=options))
    print(f"  graph: {graph.g.vcount():,} vertices, {graph.g.ecount():,} edges")
    g = graph.g
    timed("components", rows, "igraph", g.connected_components)
    timed("communities (Leiden)", rows, "igraph", lambda: communities(g, options))
    timed("ranking (PR+btw+strength+reports)", rows, "igraph",
          lambda: rank_members(graph, g, options))
    analysis = timed("analyse (all of it)", rows, "igraph", lambda: analyse(graph))
    seeds = graph.identifiers[::max(1, len(graph.identifiers) // 10)][:10]
    timed("expand 2 hops x10", rows, "igraph",
          lambda: [expand(graph, s, hops=2) for s in seeds])
    took = {step: seconds for lib, step, seconds in rows if lib == "igraph"}
    whole = took["build graph"] + took["analyse (all of it)"] + took["expand 2 hops x10"]
    rows.append(("igraph", "build + analyse + expand", whole))
    print(f"  networks {len(analysis.networks):,}, groups "
          f"{sum(len(n.groups) for n in analysis.networks):,}, hubs {len(analysis.hubs)}")
    return graph


def run_networkx(graph: Any, sightings: list[Sighting], seeds: list[Identifier],
                 rows: list[tuple[str, str, float]], max_nodes: int) -> None:
    import networkx as nx

    def build() -> Any:  # the same job: reports -> co-occurrence counts -> cosine weights
        per_report: dict[str, list[Identifier]] = {}
        for s in sightings:
            per_report.setdefault(s.report_key, []).append(s.identifier)
        g = nx.Graph()
        freq: dict[Identifier, int] = {}
        for idents in per_report.values():
            unique = sorted(set(idents), key=lambda i: i.value)
            for i in unique:
                freq[i] = freq.get(i, 0) + 1
            for a, b in combinations(unique, 2):
                if g.has_edge(a, b):
                    g[a][b]["count"] += 1
                else:
                    g.add_edge(a, b, count=1)
        for a, b, data in g.edges(data=True):
            data["weight"] = data["count"] / (freq[a] * freq[b]) ** 0.5
        return g

    g = timed("build graph", rows, "networkx", build)
    timed("components", rows, "networkx", lambda: list(nx.connected_components(g)))
    if g.number_of_nodes() <= max_nodes:
        timed("communities (Louvain)", rows, "networkx",
              lambda: nx.community.louvain_communities(g, weight="weight", seed=7))
    else:
        print(f"  networkx Louvain skipped: {g.number_of_nodes():,} nodes > --nx-max-nodes "
              f"{max_nodes:,} (> 25 min measured at 1M)")
    if g.number_of_nodes() <= 5_000:
        timed("betweenness", rows, "networkx", lambda: nx.betweenness_centrality(g))
    else:
        print("  networkx betweenness skipped above 5,000 nodes (366 s at 20k nodes)")
    timed("pagerank (tol 1e-10)", rows, "networkx",
          lambda: nx.pagerank(g, weight="weight", tol=1e-10))
    timed("expand 2 hops x10", rows, "networkx",
          lambda: [nx.single_source_shortest_path(g, s, cutoff=2) for s in seeds])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--edges", type=int, default=4_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--nx-max-nodes", type=int, default=200_000)
    parser.add_argument("--skip-networkx", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    facts, sightings, _ = synthetic(args.nodes, args.edges, args.seed)
    print(f"synthetic: {len(facts):,} reports, {len(sightings):,} sightings "
          f"({time.perf_counter() - t0:.1f} s to generate, not counted)")
    rows: list[tuple[str, str, float]] = []
    before = peak_mib()
    graph = run_ours(facts, sightings, rows)
    seeds = graph.identifiers[::max(1, len(graph.identifiers) // 10)][:10]
    ours_peak = peak_mib()
    print(f"  peak RSS after our analysis: {ours_peak:,.0f} MiB "
          f"(inputs alone: {before:,.0f} MiB)")
    del facts
    gc.collect()
    if not args.skip_networkx:
        run_networkx(graph, sightings, seeds, rows, args.nx_max_nodes)
    print("\n| step | igraph (s) | networkx (s) | ratio |\n| --- | --- | --- | --- |")
    ours = {label.split(" (")[0]: t for side, label, t in rows if side == "igraph"}
    theirs = {label.split(" (")[0]: t for side, label, t in rows if side == "networkx"}
    for label in dict.fromkeys([*ours, *theirs]):
        a, b = ours.get(label), theirs.get(label)
        ratio = f"{b / a:.1f}x" if a and b else "-"
        print(f"| {label} | {a if a is None else f'{a:.2f}'} | "
              f"{b if b is None else f'{b:.2f}'} | {ratio} |")


if __name__ == "__main__":
    main()
