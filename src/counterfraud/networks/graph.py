"""The identifier graph: identifiers as vertices, linked when seen in the same report,
by explicit links (hosting, money flows, use) and by person-match candidates.

Every edge keeps its provenance: the reports that show it (co-reported edges read them
off the reports both ends appear in, explicit links carry their own), first and last
seen, and a weight. Heavy lifting happens in python-igraph; ``index`` maps identifiers
to vertex numbers and ``identifiers`` maps back. Vertices are numbered in sorted
(kind, value) order so every run gives the same graph.

Weights: a co-reported edge weighs ``c / sqrt(n_u * n_v)`` where ``c`` is the number of
reports naming both ends and ``n_x`` the number of reports naming ``x`` (the cosine of
their report sets): an edge through an identifier seen in many reports counts less.
Explicit links add ``explicit_link_weight`` each, person-match candidates
``person_edge_weight * score``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import igraph as ig
import numpy as np

from counterfraud.domain import AllowlistEntry, LinkType, MatchType
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, IdentifierKind
from counterfraud.networks.model import (
    SAME_PERSON,
    ExplicitLink,
    GraphOptions,
    Hub,
    PersonMatch,
    ReportFacts,
    Sighting,
)

__all__ = ["LINK_BITS", "EdgeInfo", "IdentifierGraph", "build_graph", "link_types_of"]

LINK_BITS: dict[str, int] = {LinkType.CO_REPORTED.value: 1, LinkType.HOSTED_ON.value: 2,
                             LinkType.MONEY_FLOW.value: 4, LinkType.USES.value: 8,
                             SAME_PERSON: 16}


def link_types_of(mask: int) -> tuple[str, ...]:
    return tuple(name for name, bit in LINK_BITS.items() if mask & bit)


@dataclass(frozen=True, slots=True)
class EdgeInfo:
    link_types: tuple[str, ...]
    evidence: tuple[str, ...]
    weight: float
    first_seen: datetime | None
    last_seen: datetime | None


class IdentifierGraph:
    """Built by :func:`build_graph`; read it, don't mutate it."""

    def __init__(self, *, identifiers: list[Identifier], reports: list[ReportFacts],
                 node_reports: list[list[int]], graph: ig.Graph, edge_masks: list[int],
                 explicit_evidence: dict[int, tuple[str, ...]], hubs: list[Hub],
                 options: GraphOptions) -> None:
        self.identifiers = identifiers
        self.index = {ident: i for i, ident in enumerate(identifiers)}
        self.reports = reports  # sorted by key; a report's number is its position
        self.report_index = {r.key: i for i, r in enumerate(reports)}
        self.node_reports = node_reports
        self.g = graph
        self.edge_masks = edge_masks
        self.explicit_evidence = explicit_evidence
        self.hubs = hubs
        self.options = options
        self.person_matches: list[PersonMatch] = []

    def __len__(self) -> int:
        return len(self.identifiers)

    def __contains__(self, identifier: object) -> bool:
        return identifier in self.index

    def vertex(self, identifier: Identifier) -> int:
        try:
            return self.index[identifier]
        except KeyError:
            raise InvalidInput(f"{identifier.kind}:{identifier.value} is not in the graph",
                               field="identifier") from None

    def reports_of(self, vertex: int) -> list[ReportFacts]:
        return [self.reports[r] for r in self.node_reports[vertex]]

    def edge_evidence(self, eid: int) -> tuple[str, ...]:
        u, v = self.g.es[eid].tuple
        keys: set[str] = set(self.explicit_evidence.get(eid, ()))
        if self.edge_masks[eid] & 1:
            shared = set(self.node_reports[u]).intersection(self.node_reports[v])
            keys.update(self.reports[r].key for r in shared)
        return tuple(sorted(keys))

    def edge(self, a: Identifier, b: Identifier) -> EdgeInfo:
        eid = self.g.get_eid(self.vertex(a), self.vertex(b), error=False)
        if eid < 0:
            raise InvalidInput(f"no link between {a.value} and {b.value}", field="identifier")
        evidence = self.edge_evidence(eid)
        times = sorted(t for k in evidence
                       if k in self.report_index
                       and (t := self.reports[self.report_index[k]].reported_at) is not None)
        return EdgeInfo(link_types_of(self.edge_masks[eid]), evidence,
                        float(self.g.es[eid]["weight"]),
                        times[0] if times else None, times[-1] if times else None)


class _Allowlist:
    def __init__(self, entries: Iterable[AllowlistEntry]) -> None:
        self.exact: dict[tuple[str, str], AllowlistEntry] = {}
        self.trees: dict[str, AllowlistEntry] = {}
        self.nets: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network,
                              AllowlistEntry]] = []
        for e in entries:
            if e.match is MatchType.DOMAIN_TREE:
                self.trees[e.value.lower().strip(".")] = e
            elif e.match is MatchType.NETWORK:
                self.nets.append((ipaddress.ip_network(e.value, strict=False), e))
            else:  # exact; phone prefixes are matched exactly here (kept simple)
                self.exact[(e.kind.value, e.value)] = e
        self.active = bool(self.exact or self.trees or self.nets)

    def match(self, ident: Identifier) -> AllowlistEntry | None:
        hit = self.exact.get((ident.kind.value, ident.value))
        if hit is not None:
            return hit
        if ident.kind is IdentifierKind.DOMAIN:
            return self._tree(ident.value)
        if ident.kind is IdentifierKind.URL:
            parts = urlsplit(ident.value)
            # A URL with a path names one thing (a short link, a channel): it stays.
            if parts.path.strip("/") or parts.query:
                return None
            return self._tree(parts.hostname or "")
        if ident.kind in (IdentifierKind.IP, IdentifierKind.CIDR) and self.nets:
            return self._net(ident.value)
        return None

    def _tree(self, host: str) -> AllowlistEntry | None:
        labels = host.lower().strip(".").split(".")
        for i in range(len(labels) - 1):
            hit = self.trees.get(".".join(labels[i:]))
            if hit is not None:
                return hit
        return None

    def _net(self, value: str) -> AllowlistEntry | None:
        try:
            net = ipaddress.ip_network(value, strict=False)
        except ValueError:
            return None
        for allowed, entry in self.nets:
            if net.version == allowed.version and net.subnet_of(allowed):  # type: ignore[arg-type]
                return entry
        return None


def _collect(reports: Iterable[ReportFacts], sightings: Iterable[Sighting],
             allow: _Allowlist, hubs: list[Hub],
             ) -> tuple[list[ReportFacts], dict[str, set[Identifier]]]:
    by_key: dict[str, ReportFacts] = {}
    for r in reports:
        by_key[r.key] = r
    seen: dict[str, set[Identifier]] = {}
    dropped: set[Identifier] = set()
    for s in sightings:
        if s.report_key not in by_key:
            raise InvalidInput(f"sighting of {s.identifier.value!r} names unknown report "
                               f"{s.report_key!r}", field="report_key")
        if not allow.active:
            seen.setdefault(s.report_key, set()).add(s.identifier)
            continue
        if s.identifier in dropped:
            continue
        entry = allow.match(s.identifier)
        if entry is not None:
            dropped.add(s.identifier)
            hubs.append(Hub(s.identifier, f"allowlisted ({entry.match.value} {entry.value}"
                                          f"{': ' + entry.reason if entry.reason else ''})"))
            continue
        seen.setdefault(s.report_key, set()).add(s.identifier)
    return [by_key[k] for k in sorted(by_key)], seen


def _ubiquitous(counts: dict[Identifier, int], n_reports: int, options: GraphOptions,
                hubs: list[Hub]) -> set[Identifier]:
    limit = max(options.hub_min_reports - 1, options.hub_max_report_share * n_reports)
    out = {i for i, n in counts.items() if n > limit}
    for ident in sorted(out, key=lambda i: (i.kind.value, i.value)):
        hubs.append(Hub(ident, f"ubiquitous: in {counts[ident]} of {n_reports} reports"))
    return out


def build_graph(reports: Iterable[ReportFacts], sightings: Iterable[Sighting],
                links: Iterable[ExplicitLink] = (), *,
                allowlist: Iterable[AllowlistEntry] = (),
                options: GraphOptions | None = None) -> IdentifierGraph:
    """Build the identifier graph (see the module docstring for weights and hubs)."""
    options = options or GraphOptions()
    allow = _Allowlist(allowlist)
    hubs: list[Hub] = []
    facts, seen = _collect(reports, sightings, allow, hubs)
    counts: dict[Identifier, int] = {}
    for idents in seen.values():
        for ident in idents:
            counts[ident] = counts.get(ident, 0) + 1
    gone = _ubiquitous(counts, len(facts), options, hubs)
    explicit = [lk for lk in links if lk.source != lk.target]
    for lk in explicit:
        for end in (lk.source, lk.target):
            if end not in counts and end not in gone and allow.match(end) is None:
                counts[end] = 0
    identifiers = sorted((i for i in counts if i not in gone),
                         key=lambda i: (i.kind.value, i.value))
    index = {ident: n for n, ident in enumerate(identifiers)}
    node_reports: list[list[int]] = [[] for _ in identifiers]
    by_size: dict[int, list[list[int]]] = {}  # reports by how many identifiers they name
    n = len(identifiers)
    for r_no, r in enumerate(facts):
        vs = sorted(index[i] for i in seen.get(r.key, ()) if i in index)
        for v in vs:
            node_reports[v].append(r_no)
        if len(vs) > 1:
            by_size.setdefault(len(vs), []).append(vs)
    pairs: list[np.ndarray] = []
    for k, rows in by_size.items():  # every pair of every report, vectorised per size
        matrix = np.asarray(rows, dtype=np.int64)
        iu, ju = np.triu_indices(k, 1)
        pairs.append((matrix[:, iu] * n + matrix[:, ju]).ravel())
    keys, together = (np.unique(np.concatenate(pairs), return_counts=True) if pairs
                      else (np.zeros(0, np.int64), np.zeros(0, np.int64)))
    freq = np.asarray([len(x) for x in node_reports], dtype=np.float64)
    us, vs_ = keys // max(n, 1), keys % max(n, 1)
    weights = together / np.sqrt(freq[us] * freq[vs_])
    edges: dict[int, list[float]] = {}  # key -> [weight, mask]
    extra: dict[int, set[str]] = {}
    for lk in explicit:
        if lk.source not in index or lk.target not in index:
            continue
        a, b = sorted((index[lk.source], index[lk.target]))
        entry = edges.setdefault(a * n + b, [0.0, 0])
        entry[0] += options.explicit_link_weight
        entry[1] = int(entry[1]) | LINK_BITS[lk.link_type.value]
        extra.setdefault(a * n + b, set()).update(lk.evidence)
    return _assemble(identifiers=identifiers, facts=facts, node_reports=node_reports,
                     co=(keys, weights), explicit=edges, extra=extra, hubs=hubs,
                     options=options)


def _assemble(*, identifiers: list[Identifier], facts: list[ReportFacts],
              node_reports: list[list[int]], co: tuple[np.ndarray, np.ndarray],
              explicit: dict[int, list[float]], extra: dict[int, set[str]], hubs: list[Hub],
              options: GraphOptions) -> IdentifierGraph:
    n = max(len(identifiers), 1)
    keys, weights = co
    masks = np.ones(len(keys), dtype=np.int64)
    weights = weights.astype(np.float64)
    if explicit:
        ex_keys = np.asarray(sorted(explicit), dtype=np.int64)
        ex_w = np.asarray([explicit[k][0] for k in ex_keys.tolist()], dtype=np.float64)
        ex_m = np.asarray([int(explicit[k][1]) for k in ex_keys.tolist()], dtype=np.int64)
        all_keys = np.concatenate([keys, ex_keys])
        uniq, inverse = np.unique(all_keys, return_inverse=True)
        w = np.zeros(len(uniq))
        m = np.zeros(len(uniq), dtype=np.int64)
        np.add.at(w, inverse, np.concatenate([weights, ex_w]))
        np.bitwise_or.at(m, inverse, np.concatenate([masks, ex_m]))
        keys, weights, masks = uniq, w, m
    g = ig.Graph(n=len(identifiers),
                 edges=np.column_stack([keys // n, keys % n]).tolist() if len(keys) else [])
    g.es["weight"] = weights.tolist()
    position = {int(k): i for i, k in enumerate(keys.tolist())} if extra else {}
    evidence = {position[k]: tuple(sorted(v)) for k, v in extra.items() if v}
    graph = IdentifierGraph(identifiers=identifiers, reports=facts, node_reports=node_reports,
                            graph=g, edge_masks=masks.tolist(), explicit_evidence=evidence,
                            hubs=hubs, options=options)
    if options.match_persons:
        from counterfraud.networks.persons import add_person_edges
        add_person_edges(graph)
    return graph

