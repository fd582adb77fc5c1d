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
from itertools import chain, pairwise

import igraph as ig
import numpy as np

from counterfraud.domain import ScamType
from counterfraud.identifiers import Identifier
from counterfraud.networks.graph import IdentifierGraph, gc_paused
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


def _edge_ends(g: ig.Graph) -> np.ndarray:
    m = g.ecount()
    return np.fromiter(chain.from_iterable(g.get_edgelist()), dtype=np.int64,
                       count=2 * m).reshape(m, 2)


def effective_resolution(g: ig.Graph, resolution: float, ends: np.ndarray | None = None,
                         ) -> float:
    """``resolution`` x (total weight / weight-averaged component weight): see the
    module docstring. ``ends``: ``g``'s edge list as an (m, 2) array, if at hand."""
    if g.ecount() == 0:
        return resolution
    weights = np.asarray(g.es["weight"], dtype=np.float64)
    comp = np.asarray(g.connected_components().membership, dtype=np.int64)
    ends = _edge_ends(g) if ends is None else ends
    per = np.bincount(comp[ends[:, 0]], weights=weights)
    total = float(per.sum())
    typical = float((per ** 2).sum() / total) if total > 0 else 0.0
    return resolution * total / typical if typical > 0 else resolution


def communities(g: ig.Graph, options: GraphOptions, ends: np.ndarray | None = None,
                ) -> list[int]:
    """Leiden (modularity, tuned resolution) membership, deterministic for a seed."""
    if g.vcount() == 0:
        return []
    gamma = effective_resolution(g, options.resolution, ends)
    ig.set_random_number_generator(random.Random(options.seed))
    try:
        found = g.community_leiden(objective_function="modularity", weights="weight",
                                   resolution=gamma, n_iterations=options.leiden_iterations)
    finally:
        ig.set_random_number_generator(random)
    return list(found.membership)


def _bridging(g: ig.Graph, memb: np.ndarray, options: GraphOptions, edges: np.ndarray,
              ) -> set[int]:
    """Vertices with >= hub_min_links neighbours in each of >= hub_min_communities
    communities (see GraphOptions)."""
    if g.ecount() == 0:
        return set()
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
             report_nos: set[int], scam: list[ScamType]) -> list[Identifier]:
    """Identifiers named in both gambling and fraud reports and linked to a gambling
    group and to a fraud group of the network (a group's side is its reports' majority).
    ``scam``: the scam type of each report, by report number."""
    types = {scam[r] for r in report_nos}
    if ScamType.GAMBLING not in types or not types - _FRAUD_EXCLUDED:
        return []
    side: dict[int, bool] = {}  # vertex -> its group is a gambling group
    for members in groups:
        scams = [scam[r] for v in members for r in graph.node_reports[v]]
        gambling = sum(1 for t in scams if t is ScamType.GAMBLING) * 2 > len(scams)
        side.update((v, gambling) for v in members)
    out = []
    for members in groups:
        for v in members:
            seen = {scam[r] for r in graph.node_reports[v]}
            if ScamType.GAMBLING not in seen or not seen - _FRAUD_EXCLUDED:
                continue
            sides = {side[u] for u in pruned.neighbors(v) if u in side} | {side[v]}
            if len(sides) == 2:
                out.append(graph.identifiers[v])
    return sorted(out, key=_key)


def _components(pruned: ig.Graph, bridges: set[int], min_size: int) -> list[list[int]]:
    """The vertex lists (ascending) of ``pruned``'s components with bridges left out,
    of at least ``min_size`` vertices."""
    comp = np.asarray(pruned.connected_components().membership, dtype=np.int64)
    alive = np.ones(len(comp), dtype=bool)
    alive[sorted(bridges)] = False
    verts = np.flatnonzero(alive)
    if len(verts) == 0:
        return []
    order = verts[np.argsort(comp[verts], kind="stable")]
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(comp[order])) + 1, [len(order)]])
    big = np.flatnonzero(np.diff(bounds) >= min_size)
    flat = order.tolist()
    return [flat[lo:hi] for lo, hi in zip(bounds[big].tolist(), bounds[big + 1].tolist(),
                                          strict=True)]


def analyse(graph: IdentifierGraph, *, previous: Sequence[PreviousNetwork] = (),
            min_size: int = 2, options: GraphOptions | None = None) -> Analysis:
    """Find the networks of ``graph`` with their groups, core members and overlap."""
    with gc_paused():
        return _analyse(graph, previous, min_size, options or graph.options)


def _analyse(graph: IdentifierGraph, previous: Sequence[PreviousNetwork], min_size: int,
             options: GraphOptions) -> Analysis:
    g = graph.g
    ends = graph.edge_array()
    membership = communities(g, options, ends)
    bridges = _bridging(g, np.asarray(membership, dtype=np.int64), options, ends)
    hubs = list(graph.hubs)
    for v in sorted(bridges):
        reached = len({membership[u] for u in g.neighbors(v)})
        hubs.append(Hub(graph.identifiers[v],
                        f"bridging: linked to {reached} separate communities"))
    pruned = g
    if bridges:
        cut = np.zeros(g.vcount(), dtype=bool)
        cut[sorted(bridges)] = True
        keep = np.flatnonzero(~(cut[ends[:, 0]] | cut[ends[:, 1]])).tolist()
        pruned = g.subgraph_edges(keep, delete_vertices=False)
    comps = _components(pruned, bridges, min_size)
    comps.sort(key=lambda vs: (-len(vs), _key(graph.identifiers[vs[0]])))
    ids = stable_ids([frozenset(_key(graph.identifiers[v]) for v in vs) for vs in comps],
                     previous)
    scores = rank_members(graph, pruned, options)
    keys = [r.key for r in graph.reports]
    keys_sorted = all(a < b for a, b in pairwise(keys))  # then number order is key order
    scam = [r.scam_type for r in graph.reports]
    node_reports, identifiers = graph.node_reports, graph.identifiers
    networks = []
    for nid, vs in zip(ids, comps, strict=True):
        groups_v: dict[int, list[int]] = {}
        for v in vs:
            groups_v.setdefault(membership[v], []).append(v)
        ordered = sorted(groups_v.values(), key=lambda m: (-len(m), m[0]))
        group_of = {v: k for k, m in enumerate(ordered) for v in m}
        groups = [Group(f"{nid}.G{k + 1:02d}", [identifiers[v] for v in m])
                  for k, m in enumerate(ordered)]
        report_nos = {r for v in vs for r in node_reports[v]}
        networks.append(Network(
            id=nid, members=[identifiers[v] for v in vs],
            core_members=scores.core(vs, group_of, limit=options.core_size * len(groups)),
            groups=groups,
            report_keys=([keys[r] for r in sorted(report_nos)] if keys_sorted
                         else sorted(keys[r] for r in report_nos)),
            overlap=_overlap(graph, pruned, ordered, report_nos, scam)))
    networks.sort(key=lambda n: n.id)
    return Analysis(networks=networks, hubs=hubs, resolution=options.resolution)
