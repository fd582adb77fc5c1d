"""Core members: who holds a network together.

Three measures on the graph with hubs cut, each scaled to [0, 1] among the members of
the same kind in the network (like with like: a domain always has its URLs),
combined with ``GraphOptions.rank_weights`` (default 0.5 / 0.25 / 0.25):
weighted PageRank (influence), betweenness (gatekeepers: shortest paths through the
identifier; exact on graphs up to ``betweenness_max_nodes`` vertices, otherwise
limited to paths of ``betweenness_cutoff`` hops) and weighted degree (how much evidence ties
it), then multiplied by a prior per identifier kind (``GraphOptions.kind_weights``:
people first, then what they operate, rented infrastructure last). ``why`` says what
the member connects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import igraph as ig

from counterfraud.networks.graph import IdentifierGraph
from counterfraud.networks.model import GraphOptions, RankedMember

__all__ = ["Scores", "rank_members"]

EXPLAINED = 20  # members per network whose ``why`` is worked out in full


@dataclass(slots=True)
class Scores:
    graph: IdentifierGraph
    pruned: ig.Graph
    pagerank: list[float]
    betweenness: list[float]
    strength: list[float]
    weights: tuple[float, float, float]
    kind_factor: list[float]
    ends: list[tuple[int, int]] = field(default_factory=list)
    edge_weight: list[float] = field(default_factory=list)

    def core(self, vertices: list[int], group_of: dict[int, int], *, limit: int,
             explained: int = EXPLAINED) -> list[RankedMember]:
        """The ``limit`` best members of one network, best first; the first ``explained``
        say in full what they connect, the rest only how many reports name them."""
        kinds: dict[str, list[int]] = {}
        for v in vertices:
            kinds.setdefault(self.graph.identifiers[v].kind.value, []).append(v)
        tops: dict[int, list[float]] = {}
        for same in kinds.values():  # like with like: a domain always has its URLs
            top = [max(m[v] for v in same) or 1.0
                   for m in (self.pagerank, self.betweenness, self.strength)]
            tops.update((v, top) for v in same)
        wp, wb, ws = self.weights
        scored = sorted((((wp * self.pagerank[v] / tops[v][0]
                           + wb * self.betweenness[v] / tops[v][1]
                           + ws * self.strength[v] / tops[v][2]) * self.kind_factor[v], v)
                         for v in vertices),
                        key=lambda t: (-t[0], t[1]))
        return [RankedMember(self.graph.identifiers[v], round(s, 4),
                             self._why(v, group_of) if rank < explained else self._count(v))
                for rank, (s, v) in enumerate(scored[:limit])]

    def _count(self, v: int) -> str:
        n = len(self.graph.node_reports[v])
        return f"in {n} report{'s' if n != 1 else ''}"

    def _why(self, v: int, group_of: dict[int, int]) -> str:
        g, ids = self.pruned, self.graph.identifiers
        if not self.ends:
            self.ends = g.get_edgelist()
            self.edge_weight = g.es["weight"] if g.ecount() else []
        eids = g.incident(v)
        other = {e: (a if a != v else b) for e in eids for a, b in (self.ends[e],)}
        nbrs = [other[e] for e in eids]
        groups = {group_of[u] for u in nbrs if u in group_of} | {group_of.get(v, -1)}
        groups.discard(-1)
        parts = []
        if len(groups) > 1:
            parts.append(f"links {len(groups)} groups")
        n = len(self.graph.node_reports[v])
        parts.append(f"in {n} report{'s' if n != 1 else ''}")
        parts.append(f"tied to {len(nbrs)} identifier{'s' if len(nbrs) != 1 else ''}")
        by_weight = [other[e] for e in sorted(eids, key=lambda e: (-self.edge_weight[e],
                                                                   other[e]))]
        picked: list[int] = []
        for u in by_weight:  # strongest ties, from different groups when there are several
            if not picked or group_of.get(u) != group_of.get(picked[0]) or len(groups) < 2:
                picked.append(u)
            if len(picked) == 2:
                break
        if len(picked) == 2:
            a, b = (ids[u] for u in picked)
            verb = "bridges" if group_of.get(picked[0]) != group_of.get(picked[1]) else "with"
            parts.append(f"{verb} {a.kind.value} {a.value} and {b.kind.value} {b.value}")
        if self.betweenness[v] > 0:
            parts.append("gatekeeper on shortest paths")
        return "; ".join(parts)


def rank_members(graph: IdentifierGraph, pruned: ig.Graph, options: GraphOptions) -> Scores:
    """PageRank, betweenness and weighted degree for every vertex of ``pruned``."""
    if pruned.vcount() == 0:
        return Scores(graph, pruned, [], [], [], options.rank_weights, [])
    weights = "weight" if pruned.ecount() else None
    pagerank = pruned.pagerank(weights=weights, directed=False)
    strength = pruned.strength(weights=weights)
    cutoff = None if pruned.vcount() <= options.betweenness_max_nodes \
        else options.betweenness_cutoff
    betweenness = pruned.betweenness(directed=False, cutoff=cutoff)
    prior = dict(options.kind_weights)
    factor = [prior.get(i.kind.value, 1.0) for i in graph.identifiers]
    return Scores(graph, pruned, list(pagerank), list(betweenness), list(strength),
                  options.rank_weights, factor)
