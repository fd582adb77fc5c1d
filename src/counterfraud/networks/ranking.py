"""Core members: who holds a network together.

Four measures on the graph with hubs cut: weighted PageRank (influence), betweenness
(gatekeepers: shortest paths through the identifier; exact on graphs up to
``betweenness_max_nodes`` vertices, otherwise limited to paths of ``betweenness_cutoff``
hops), weighted degree (how much evidence ties it) and the number of reports naming it
(how often victims met it).

Each measure is scaled to [0, 1] among the members of the same kind in the same group
(like with like: a domain always has its URLs, and each group has its own bosses — a
small group's boss must not be hidden behind a big group's lieutenants), square-rooted
(an order of magnitude matters, not the exact ratio: a boss named in one report is still
a boss) and combined with ``GraphOptions.rank_weights`` (default 0.3 / 0.1 / 0.1 / 0.5).
Within a group, the r-th best member of a kind is divided by ``1 + rank_decay x r``
(the first phones of a group are its bosses', the tenth a worker's: leave room for the
other kinds), then multiplied by a prior per identifier kind
(``GraphOptions.kind_weights``: people first, then what they operate; mule accounts and
rented infrastructure last). ``benchmarks/networks_quality.py`` prints the recall of the
true core members this gives on the demo worlds. ``why`` says what the member connects
and where it stands among its kind in its group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import igraph as ig
import numpy as np

from counterfraud.networks.graph import IdentifierGraph
from counterfraud.networks.model import GraphOptions, RankedMember

__all__ = ["Scores", "rank_members"]

EXPLAINED = 20  # members per network whose ``why`` is worked out in full


@dataclass(slots=True)
class Scores:
    """The measures of every vertex, computed once per analysis; :meth:`core` ranks the
    members of one network with them."""

    graph: IdentifierGraph
    pruned: ig.Graph
    measures: np.ndarray  # (4, vertices): pagerank, betweenness, strength, reports
    weights: tuple[float, ...]
    kind_factor: np.ndarray  # prior of each vertex's kind
    kind_code: np.ndarray  # a small integer per kind
    decay: float = 0.5
    ends: list[tuple[int, int]] = field(default_factory=list)
    edge_weight: list[float] = field(default_factory=list)

    @property
    def betweenness(self) -> np.ndarray:
        row: np.ndarray = self.measures[1]
        return row

    def core(self, vertices: list[int], group_of: dict[int, int], *, limit: int,
             explained: int = EXPLAINED) -> list[RankedMember]:
        """The ``limit`` best members of one network, best first; the first ``explained``
        say in full what they connect, the rest only how many reports name them."""
        if not vertices:
            return []
        vs = np.asarray(vertices, dtype=np.int64)
        groups = np.fromiter((group_of.get(v, -1) for v in vertices), dtype=np.int64,
                             count=len(vertices))
        keys = (groups + 1) * (int(self.kind_code.max()) + 1) + self.kind_code[vs]
        bucket = np.unique(keys, return_inverse=True)[1].reshape(-1)
        combined = self._within(vs, bucket)
        # place of each member among its kind in its group: best first, ties by vertex
        order = np.lexsort((vs, -combined, bucket))
        first = np.searchsorted(bucket[order], bucket[order], side="left")
        place = np.empty(len(vs), dtype=np.int64)
        place[order] = np.arange(len(vs)) - first
        sizes = np.bincount(bucket)[bucket]
        score = combined / (1 + self.decay * place) * self.kind_factor[vs]
        ranked = np.lexsort((vs, -score))[:limit].tolist()
        return [RankedMember(self.graph.identifiers[int(vs[i])], round(float(score[i]), 4),
                             self._why(int(vs[i]), group_of, (int(place[i]), int(sizes[i])))
                             if rank < explained else self._count(int(vs[i])))
                for rank, i in enumerate(ranked)]

    def _within(self, vs: np.ndarray, bucket: np.ndarray) -> np.ndarray:
        """Each member's measures scaled by the best of its bucket (same kind, same
        group), square-rooted and weighted."""
        combined = np.zeros(len(vs))
        for w, measure in zip(self.weights, self.measures, strict=True):
            x = measure[vs]
            top = np.zeros(int(bucket.max()) + 1)
            np.maximum.at(top, bucket, x)
            top[top == 0] = 1.0
            combined += w * np.sqrt(x / top[bucket])
        return combined

    def _count(self, v: int) -> str:
        n = len(self.graph.node_reports[v])
        return f"in {n} report{'s' if n != 1 else ''}"

    def _why(self, v: int, group_of: dict[int, int], place: tuple[int, int]) -> str:
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
        parts.append(self._count(v))
        parts.append(f"tied to {len(nbrs)} identifier{'s' if len(nbrs) != 1 else ''}")
        r, n = place
        if n > 1:
            parts.append(f"{_ordinal(r + 1)} of {n} {ids[v].kind.value}s in its group")
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


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_members(graph: IdentifierGraph, pruned: ig.Graph, options: GraphOptions) -> Scores:
    """PageRank, betweenness, weighted degree and report count for every vertex of
    ``pruned``."""
    prior = dict(options.kind_weights)
    codes: dict[str, int] = {}
    kind_code = np.fromiter((codes.setdefault(i.kind.value, len(codes))
                             for i in graph.identifiers), dtype=np.int64,
                            count=len(graph.identifiers))
    factor = np.asarray([prior.get(i.kind.value, 1.0) for i in graph.identifiers],
                        dtype=np.float64)
    if pruned.vcount() == 0:
        return Scores(graph, pruned, np.zeros((4, 0)), options.rank_weights, factor,
                      kind_code, options.rank_decay)
    weights = "weight" if pruned.ecount() else None
    cutoff = None if pruned.vcount() <= options.betweenness_max_nodes \
        else options.betweenness_cutoff
    measures = np.asarray([
        pruned.pagerank(weights=weights, directed=False),
        pruned.betweenness(directed=False, cutoff=cutoff),
        pruned.strength(weights=weights),
        [len(r) for r in graph.node_reports]], dtype=np.float64)
    return Scores(graph, pruned, measures, options.rank_weights, factor, kind_code,
                  options.rank_decay)
