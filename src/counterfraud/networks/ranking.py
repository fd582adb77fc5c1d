"""Core members: who holds a network together, as one score in three parts a reader can
check against the reasons printed beside it.

    score = kind x place x evidence

- **evidence** in [0, 1]: how strongly the reports tie the member, against the best of its
  kind in its group: ``0.8 x reports + 0.1 x links + 0.1 x paths`` (``GraphOptions.
  rank_weights``), where *reports* is the number of reports naming it, *links* the number
  of identifiers it is linked to and *paths* how many shortest paths between other
  identifiers pass through it (betweenness: exact on graphs up to
  ``betweenness_max_nodes`` vertices, otherwise over paths of up to
  ``betweenness_cutoff`` hops). Each is divided by the best of the same kind in the same
  group and square-rooted: like with like (a domain always has its URLs), every group has
  its own bosses (a small group's must not hide behind a big group's lieutenants), and an
  order of magnitude matters, not the exact ratio (a boss named in one report is still a
  boss).
- **place** = 1 / (1 + ``rank_decay`` x r) for the r-th best (from 0) of its kind in its
  group on evidence: a group's first phones are its bosses', the tenth a worker's.
- **kind** (``GraphOptions.kind_weights``): persons x3, the people themselves before what
  they use; phones, handles and wallets x1; bank accounts and mail boxes (mostly mules')
  and domains, URLs and IPs (mostly rented) x0.2.

Without PageRank, which no reader can check, the demo worlds' core recall is as high as
with it (``benchmarks/networks_quality.py``). ``why`` (:mod:`counterfraud.networks.
explain`) says each part in words.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import numpy as np

from counterfraud.networks.explain import Explainer
from counterfraud.networks.graph import IdentifierGraph
from counterfraud.networks.model import GraphOptions, RankedMember

__all__ = ["Scores", "rank_members"]

EXPLAINED = 20  # members per network whose ``why`` is worked out in full
PARTS = ("reports", "links", "paths")


@dataclass(slots=True)
class Scores:
    """The measures of every vertex, computed once per analysis; :meth:`core` ranks the
    members of one network with them."""

    graph: IdentifierGraph
    pruned: ig.Graph
    measures: np.ndarray  # (3, vertices): reports, links, paths
    weights: tuple[float, ...]
    kind_factor: np.ndarray  # prior of each vertex's kind
    kind_code: np.ndarray  # a small integer per kind
    decay: float = 0.5

    @property
    def betweenness(self) -> np.ndarray:
        row: np.ndarray = self.measures[2]
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
        relative = self._relative(vs, bucket)
        evidence = np.asarray(self.weights) @ relative
        # place of each member among its kind in its group: best first, ties by vertex
        order = np.lexsort((vs, -evidence, bucket))
        first = np.searchsorted(bucket[order], bucket[order], side="left")
        place = np.empty(len(vs), dtype=np.int64)
        place[order] = np.arange(len(vs)) - first
        sizes = np.bincount(bucket)[bucket]
        place_factor = 1 / (1 + self.decay * place)
        score = evidence * place_factor * self.kind_factor[vs]
        ranked = np.lexsort((vs, -score))[:limit].tolist()
        explainer = Explainer(self.graph, self.pruned, vertices, group_of,
                              kind_factor=self.kind_factor, betweenness=self.betweenness)
        out = []
        for rank, i in enumerate(ranked):
            v = int(vs[i])
            parts = {"kind": float(self.kind_factor[v]),
                     "place": round(float(place_factor[i]), 4),
                     "evidence": round(float(evidence[i]), 4),
                     **{name: round(float(relative[k, i]), 4)
                        for k, name in enumerate(PARTS)}}
            why = (explainer.why(v, place=(int(place[i]), int(sizes[i])))
                   if rank < explained else explainer.count(v))
            out.append(RankedMember(self.graph.identifiers[v], round(float(score[i]), 4),
                                    why, tuple(parts.items())))
        return out

    def _relative(self, vs: np.ndarray, bucket: np.ndarray) -> np.ndarray:
        """Each member's measures over the best of its bucket (same kind, same group),
        square-rooted: a (3, members) array."""
        out = np.zeros((len(self.measures), len(vs)))
        for k, measure in enumerate(self.measures):
            x = measure[vs]
            top = np.zeros(int(bucket.max()) + 1)
            np.maximum.at(top, bucket, x)
            top[top == 0] = 1.0
            out[k] = np.sqrt(x / top[bucket])
        return out


def rank_members(graph: IdentifierGraph, pruned: ig.Graph, options: GraphOptions) -> Scores:
    """Reports naming it, identifiers linked to it and betweenness, for every vertex of
    ``pruned``."""
    prior = dict(options.kind_weights)
    codes: dict[str, int] = {}
    kind_code = np.fromiter((codes.setdefault(i.kind.value, len(codes))
                             for i in graph.identifiers), dtype=np.int64,
                            count=len(graph.identifiers))
    factor = np.asarray([prior.get(i.kind.value, 1.0) for i in graph.identifiers],
                        dtype=np.float64)
    if pruned.vcount() == 0:
        return Scores(graph, pruned, np.zeros((3, 0)), options.rank_weights, factor,
                      kind_code, options.rank_decay)
    cutoff = None if pruned.vcount() <= options.betweenness_max_nodes \
        else options.betweenness_cutoff
    measures = np.asarray([
        [len(r) for r in graph.node_reports],
        pruned.degree(),
        pruned.betweenness(directed=False, cutoff=cutoff)], dtype=np.float64)
    return Scores(graph, pruned, measures, options.rank_weights, factor, kind_code,
                  options.rank_decay)
