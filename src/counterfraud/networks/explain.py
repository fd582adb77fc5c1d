"""Why a member is core, in words a reader can check: each part of its score
(:mod:`counterfraud.networks.ranking`) and what it connects.

    persons count x3 (people before what they use); 1st of 2 persons in G02;
    named in 3 reports by 2 agencies; links 9 identifiers, closest email admin@example.com
    and wallet TRTg...; the only link between G02 and G04

Persons are written by their display names (name and nationality), never by their keys.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

import igraph as ig
import numpy as np

from counterfraud.identifiers import Identifier, display_name
from counterfraud.networks.graph import IdentifierGraph

__all__ = ["Explainer", "group_label", "kind_label", "link_label", "named", "ordinal",
           "plural", "ranking_legend"]

KIND_LABELS = {"phone": "phone", "url": "URL", "domain": "domain", "ip": "IP address",
               "cidr": "IP range", "email": "email", "bank_account": "bank account",
               "crypto_wallet": "wallet", "handle": "handle", "person": "person"}
LINK_LABELS = {"co_reported": "same report", "hosted_on": "hosted on",
               "money_flow": "money flow", "uses": "uses",
               "same_person_candidate": "maybe the same person"}
# why a kind counts more or less than a phone (GraphOptions.kind_weights)
KIND_REASONS = {"person": "people before what they use",
                "bank_account": "mostly mules' accounts", "email": "mostly mules' mail boxes",
                "domain": "mostly rented", "url": "mostly rented", "ip": "mostly rented",
                "cidr": "mostly rented"}


def kind_label(kind: str, count: int = 1) -> str:
    """``crypto_wallet`` -> ``wallet``; plural when ``count`` is not 1."""
    label = KIND_LABELS.get(kind, kind.replace("_", " "))
    return label if count == 1 else f"{label}es" if label.endswith("s") else f"{label}s"


def link_label(link_types: str) -> str:
    """``co_reported,money_flow`` -> ``same report, money flow``."""
    return ", ".join(LINK_LABELS.get(t, t.replace("_", " ")) for t in link_types.split(",")
                     if t)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 report``, ``1,204 reports``; ``many``: the plural when it is not noun + s."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def group_label(number: int) -> str:
    """The short name of a network's ``number``-th group (from 0): ``G01``."""
    return f"G{number + 1:02d}"


def named(identifier: Identifier) -> str:
    """``wallet TRTg...``, ``person Chan Vannak (KH)``."""
    return f"{kind_label(identifier.kind.value)} {display_name(identifier)}"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


class Explainer:
    """The reasons of the members of one network; ``group_of`` maps each vertex to its
    group's number in the network."""

    def __init__(self, graph: IdentifierGraph, pruned: ig.Graph, vertices: list[int],
                 group_of: dict[int, int], *, kind_factor: np.ndarray,
                 betweenness: np.ndarray) -> None:
        self.graph, self.pruned, self.group_of = graph, pruned, group_of
        self.vertices = sorted(vertices)
        self.kind_factor, self.betweenness = kind_factor, betweenness
        self._sub: ig.Graph | None = None
        self._cross: Counter[tuple[int, int]] | None = None

    def count(self, v: int) -> str:
        reports = self.graph.node_reports[v]
        agencies = len({self.graph.reports[r].agency for r in reports})
        return (f"named in {plural(len(reports), 'report')} by "
                f"{plural(agencies, 'agency', 'agencies')}")

    def why(self, v: int, *, place: tuple[int, int]) -> str:
        """``place``: (r, n), the member is the (r+1)-th of the n of its kind in its group."""
        kind = self.graph.identifiers[v].kind.value
        parts = []
        factor = float(self.kind_factor[v])
        if factor != 1.0:
            reason = KIND_REASONS.get(kind)
            parts.append(f"{kind_label(kind, 2)} count ×{factor:g}"
                         + (f" ({reason})" if reason else ""))
        r, n = place
        group = group_label(self.group_of[v]) if v in self.group_of else "its network"
        parts.append(f"the only {kind_label(kind)} in {group}" if n == 1
                     else f"{ordinal(r + 1)} of {n} {kind_label(kind, n)} in {group}")
        parts.append(self.count(v))
        parts.append(self._links(v))
        between = self._between(v)
        if between:
            parts.append(between)
        return "; ".join(parts)

    def _links(self, v: int) -> str:
        g, ids = self.pruned, self.graph.identifiers
        eids = g.incident(v)
        text = f"links {plural(len(eids), 'identifier')}"
        if not eids:
            return text
        weights = g.es[eids]["weight"] if "weight" in g.es.attributes() else [1.0] * len(eids)
        ends = [a if a != v else b for a, b in (g.es[e].tuple for e in eids)]
        closest = sorted(zip(weights, ends, strict=True), key=lambda t: (-t[0], t[1]))[:2]
        return f"{text}, closest {_listed([named(ids[u]) for _, u in closest])}"

    def _between(self, v: int) -> str:
        """Which groups it links (and whether it is their only link), or how many
        identifiers only it links to the rest of the network."""
        own = self.group_of.get(v)
        others = Counter(self.group_of[u] for u in self.pruned.neighbors(v)
                         if u in self.group_of and self.group_of[u] != own)
        if own is not None and others:
            cross = self._crossings()
            only = sorted(b for b, k in others.items() if cross[(own, b)] == k)
            also = sorted(set(others) - set(only))
            found = []
            if only:
                found.append(f"the only link between {group_label(own)} and "
                             f"{_listed([group_label(b) for b in only])}")
            if also:
                found.append(f"{'also ' if only else ''}links {group_label(own)} with "
                             f"{_listed([group_label(b) for b in also])}")
            return "; ".join(found)
        cut = self._cut_off(v) if self.betweenness[v] > 0 else 0
        return f"the only link to {plural(cut, 'identifier')}" if cut else ""

    def _subgraph(self) -> ig.Graph:
        if self._sub is None:
            self._sub = self.pruned.induced_subgraph(self.vertices)
        return self._sub

    def _crossings(self) -> Counter[tuple[int, int]]:
        """Edges between each pair of groups, both ways round."""
        if self._cross is None:
            sub = self._subgraph()
            groups = [self.group_of.get(v, -1) for v in self.vertices]
            self._cross = Counter()
            for a, b in sub.get_edgelist():
                ga, gb = groups[a], groups[b]
                if ga != gb:
                    self._cross[(ga, gb)] += 1
                    self._cross[(gb, ga)] += 1
        return self._cross

    def _cut_off(self, v: int) -> int:
        """Members that lose every link to the rest of the network without ``v``."""
        sub = self._subgraph().copy()
        sub.delete_vertices([bisect_left(self.vertices, v)])
        sizes: list[int] = sub.connected_components().sizes()
        return sum(sizes) - max(sizes, default=0)


def ranking_legend(weights: tuple[float, ...], decay: float,
                   kind_weights: tuple[tuple[str, float], ...]) -> str:
    """How the score is made, in one paragraph (from the options the analysis used)."""
    by_factor: dict[float, list[str]] = {}
    for kind, factor in kind_weights:
        by_factor.setdefault(factor, []).append(kind_label(kind, 2))
    kinds = "; ".join(f"{_listed(labels)} ×{factor:g}"
                      for factor, labels in sorted(by_factor.items(), reverse=True))
    reports, links, paths = (f"{round(100 * w)}%" for w in weights)
    return (f"Score = kind × place × evidence. Kind: {kinds}. Place: the best of its kind "
            f"in its group counts 1, the next 1/{1 + decay:g}, then 1/{1 + 2 * decay:g} "
            f"and so on. Evidence, against the best of its kind in its group: the reports "
            f"naming it ({reports}), the identifiers it links ({links}) and how often it "
            f"stands on the shortest way between others ({paths}).")
