"""Networks (connected components once hubs are cut), the groups inside them (Leiden
communities), core members, and network ids that stay stable across rebuilds.

Resolution. ``community_leiden(objective_function="modularity")`` at resolution 1 finds
about one community per component on a graph of many components: modularity compares
each community with the *whole* graph, so every component looks like a great
community. We rescale: ``gamma = resolution x W / W_c`` where ``W`` is the total edge
weight and ``W_c`` the weight-averaged component weight (sum of W_c^2 / W). Each
component is then judged roughly as if it were alone, and the same ``resolution``
means the same on a 40-identifier test world, the demo worlds and a 1M-vertex graph.
``GraphOptions.resolution`` = 0.1 was chosen with ``benchmarks/networks_quality.py
--sweep``: it maximised the group-level ARI on the small and medium demo worlds.

Stable ids. Each new network is matched to the previous ones by the Jaccard overlap of
their (kind, value) members, best pairs first; an overlap of at least 0.5 keeps the old
id, anything else gets a new id numbered after the highest previous one.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

import igraph as ig
import numpy as np

from counterfraud.domain import ScamType
from counterfraud.identifiers import Identifier
from counterfraud.networks.graph import IdentifierGraph
from counterfraud.networks.model import (
    Analysis,
    GraphOptions,
    Group,
    Hub,
    Network,
    PreviousNetwork,
)
from counterfraud.networks.ranking import rank_members

__all__ = ["analyse", "communities", "stable_ids"]

JACCARD_KEEP = 0.5
_ID = re.compile(r"(\d+)$")
_FRAUD_EXCLUDED = frozenset({ScamType.GAMBLING, ScamType.OTHER})


def effective_resolution(g: ig.Graph, resolution: float) -> float:
    """``resolution`` x (total weight / weight-averaged component weight): see the
    module docstring."""
    if g.ecount() == 0:
        return resolution
    weights = np.asarray(g.es["weight"], dtype=np.float64)
    comp = np.asarray(g.connected_components().membership, dtype=np.int64)
    per = np.bincount(comp[np.asarray(g.get_edgelist(), dtype=np.int64)[:, 0]],
                      weights=weights)
    total = float(per.sum())
    typical = float((per ** 2).sum() / total) if total > 0 else 0.0
    return resolution * total / typical if typical > 0 else resolution


def communities(g: ig.Graph, options: GraphOptions) -> list[int]:
    """Leiden (modularity, tuned resolution) membership, deterministic for a seed."""
    if g.vcount() == 0:
        return []
    gamma = effective_resolution(g, options.resolution)
    ig.set_random_number_generator(random.Random(options.seed))
    try:
        found = g.community_leiden(objective_function="modularity", weights="weight",
                                   resolution=gamma, n_iterations=options.leiden_iterations)
    finally:
        ig.set_random_number_generator(random)
    return list(found.membership)


def _bridging(g: ig.Graph, membership: list[int], options: GraphOptions) -> set[int]:
    """Vertices with >= hub_min_links neighbours in each of >= hub_min_communities
    communities (see GraphOptions)."""
    if g.ecount() == 0:
        return set()
    edges = np.asarray(g.get_edgelist(), dtype=np.int64)
    memb = np.asarray(membership, dtype=np.int64)
    ncom = int(memb.max()) + 1
    src = np.concatenate([edges[:, 0], edges[:, 1]])
    com = np.concatenate([memb[edges[:, 1]], memb[edges[:, 0]]])
    keys, counts = np.unique(src * ncom + com, return_counts=True)
    strong = keys[counts >= options.hub_min_links] // ncom
    vertices, reached = np.unique(strong, return_counts=True)
    return set(vertices[reached >= options.hub_min_communities].tolist())


def stable_ids(components: list[frozenset[tuple[str, str]]],
               previous: Sequence[PreviousNetwork]) -> list[str]:
    """An id per component (see the module docstring)."""
    owners: dict[tuple[str, str], list[int]] = {}
    for p_no, p in enumerate(previous):
        for m in p.members:
            owners.setdefault(m, []).append(p_no)
    scored: list[tuple[float, int, int]] = []
    for c_no, comp in enumerate(components):
        shared: dict[int, int] = {}
        for m in comp:
            for p_no in owners.get(m, ()):
                shared[p_no] = shared.get(p_no, 0) + 1
        for p_no, s in shared.items():
            jac = s / (len(comp) + len(previous[p_no].members) - s)
            if jac >= JACCARD_KEEP:
                scored.append((-jac, c_no, p_no))
    ids: list[str | None] = [None] * len(components)
    used: set[int] = set()
    for _, c_no, p_no in sorted(scored):
        if ids[c_no] is None and p_no not in used:
            ids[c_no] = previous[p_no].id
            used.add(p_no)
    numbers = [int(found.group(1)) for p in previous if (found := _ID.search(p.id))]
    nxt = max(numbers, default=0) + 1
    out = []
    for given in ids:
        if given is None:
            out.append(f"N-{nxt:06d}")
            nxt += 1
        else:
            out.append(given)
    return out


def _key(ident: Identifier) -> tuple[str, str]:
    return (ident.kind.value, ident.value)


def _overlap(graph: IdentifierGraph, pruned: ig.Graph, groups: list[list[int]],
             report_nos: set[int]) -> list[Identifier]:
    """Identifiers named in both gambling and fraud reports and linked to a gambling
    group and to a fraud group of the network (a group's side is its reports' majority)."""
    types = {graph.reports[r].scam_type for r in report_nos}
    if ScamType.GAMBLING not in types or not types - _FRAUD_EXCLUDED:
        return []
    side: dict[int, bool] = {}  # vertex -> its group is a gambling group
    for members in groups:
        scams = [graph.reports[r].scam_type for v in members for r in graph.node_reports[v]]
        gambling = sum(1 for t in scams if t is ScamType.GAMBLING) * 2 > len(scams)
        side.update((v, gambling) for v in members)
    out = []
    for members in groups:
        for v in members:
            seen = {graph.reports[r].scam_type for r in graph.node_reports[v]}
            if ScamType.GAMBLING not in seen or not seen - _FRAUD_EXCLUDED:
                continue
            sides = {side[u] for u in pruned.neighbors(v) if u in side} | {side[v]}
            if len(sides) == 2:
                out.append(graph.identifiers[v])
    return sorted(out, key=_key)


def analyse(graph: IdentifierGraph, *, previous: Sequence[PreviousNetwork] = (),
            min_size: int = 2, options: GraphOptions | None = None) -> Analysis:
    """Find the networks of ``graph`` with their groups, core members and overlap."""
    options = options or graph.options
    g = graph.g
    membership = communities(g, options)
    bridges = _bridging(g, membership, options)
    hubs = list(graph.hubs)
    for v in sorted(bridges):
        reached = len({membership[u] for u in g.neighbors(v)})
        hubs.append(Hub(graph.identifiers[v],
                        f"bridging: linked to {reached} separate communities"))
    pruned = g
    if bridges:
        ends = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        cut = np.zeros(g.vcount(), dtype=bool)
        cut[sorted(bridges)] = True
        keep = np.flatnonzero(~(cut[ends[:, 0]] | cut[ends[:, 1]])).tolist()
        pruned = g.subgraph_edges(keep, delete_vertices=False)
    comp = pruned.connected_components().membership
    by_comp: dict[int, list[int]] = {}
    for v, c in enumerate(comp):
        if v not in bridges:
            by_comp.setdefault(c, []).append(v)
    comps = [vs for vs in by_comp.values() if len(vs) >= min_size]
    comps.sort(key=lambda vs: (-len(vs), _key(graph.identifiers[vs[0]])))
    ids = stable_ids([frozenset(_key(graph.identifiers[v]) for v in vs) for vs in comps],
                     previous)
    scores = rank_members(graph, pruned, options)
    networks = []
    for nid, vs in zip(ids, comps, strict=True):
        groups_v: dict[int, list[int]] = {}
        for v in vs:
            groups_v.setdefault(membership[v], []).append(v)
        ordered = sorted(groups_v.values(), key=lambda m: (-len(m), m[0]))
        group_of = {v: k for k, m in enumerate(ordered) for v in m}
        groups = [Group(f"{nid}.G{k + 1:02d}", [graph.identifiers[v] for v in m])
                  for k, m in enumerate(ordered)]
        report_nos = {r for v in vs for r in graph.node_reports[v]}
        networks.append(Network(
            id=nid, members=[graph.identifiers[v] for v in vs],
            core_members=scores.core(vs, group_of, limit=options.core_size * len(groups)),
            groups=groups,
            report_keys=sorted(graph.reports[r].key for r in report_nos),
            overlap=_overlap(graph, pruned, ordered, report_nos)))
    networks.sort(key=lambda n: n.id)
    return Analysis(networks=networks, hubs=hubs, resolution=options.resolution)
