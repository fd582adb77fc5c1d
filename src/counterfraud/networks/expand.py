"""All the links of one identifier: everything reachable within ``hops``, and for every
node the shortest path back to the seed with the link types and reports that show it
(among equally short paths, the one through the strongest link)."""

from __future__ import annotations

from collections.abc import Iterable

from counterfraud.identifiers import Identifier
from counterfraud.networks.graph import IdentifierGraph, link_types_of
from counterfraud.networks.model import Expansion, ExpansionNode, PathStep

__all__ = ["expand"]


def expand(graph: IdentifierGraph, identifier: Identifier, hops: int = 2, *,
           avoid: Iterable[Identifier] = ()) -> Expansion:
    """Breadth-first from ``identifier``; never through ``avoid`` (e.g. analysis hubs)."""
    g = graph.g
    seed = graph.vertex(identifier)
    blocked = {graph.index[i] for i in avoid if i in graph.index} - {seed}
    parent: dict[int, tuple[int, int]] = {}  # vertex -> (parent, edge id)
    depth = {seed: 0}
    frontier = [seed]
    for level in range(1, max(hops, 0) + 1):
        best: dict[int, tuple[float, int, int]] = {}
        for u in frontier:
            for eid in g.incident(u):
                v = g.es[eid].target if g.es[eid].source == u else g.es[eid].source
                if v in depth or v in blocked:
                    continue
                w = float(g.es[eid]["weight"])
                if v not in best or w > best[v][0]:
                    best[v] = (w, u, eid)
        for v, (_, u, eid) in best.items():
            depth[v] = level
            parent[v] = (u, eid)
        frontier = sorted(best)
        if not frontier:
            break
    nodes = [ExpansionNode(graph.identifiers[v], depth[v], _path(graph, v, parent))
             for v in sorted(depth, key=lambda x: (depth[x], x))]
    reached = set(depth)
    edges = []
    for e in g.es.select(_within=sorted(reached)) if reached else []:
        a, b = e.tuple
        edges.append((graph.identifiers[a], graph.identifiers[b],
                      link_types_of(graph.edge_masks[e.index]), round(float(e["weight"]), 4)))
    return Expansion(seed=identifier, nodes=nodes, edges=edges)


def _path(graph: IdentifierGraph, v: int, parent: dict[int, tuple[int, int]]
          ) -> tuple[PathStep, ...]:
    steps = []
    while v in parent:
        u, eid = parent[v]
        steps.append(PathStep(graph.identifiers[u], ",".join(link_types_of(graph.edge_masks[eid])),
                              graph.edge_evidence(eid)))
        v = u
    return tuple(steps)
