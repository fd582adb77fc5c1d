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

import gc
import ipaddress
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, pairwise
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
                 options: GraphOptions, report_index: dict[str, int] | None = None) -> None:
        self.identifiers = identifiers
        self.index = {ident: i for i, ident in enumerate(identifiers)}
        self.reports = reports  # sorted by key; a report's number is its position
        self.report_index = (report_index if report_index is not None
                             else {r.key: i for i, r in enumerate(reports)})
        self.node_reports = node_reports
        self.g = graph
        self.edge_masks = edge_masks
        self.explicit_evidence = explicit_evidence
        self.hubs = hubs
        self.options = options
        self.person_matches: list[PersonMatch] = []
        self.edge_ends: np.ndarray | None = None  # build_graph's (m, 2) copy of g's edges

    def edge_array(self) -> np.ndarray:
        """The (ecount, 2) int64 array of ``g``'s edge ends (cached while no edge is added)."""
        ends = self.edge_ends
        if ends is None or len(ends) != self.g.ecount():
            m = self.g.ecount()
            ends = np.fromiter(chain.from_iterable(self.g.get_edgelist()), dtype=np.int64,
                               count=2 * m).reshape(m, 2)
            self.edge_ends = ends
        return ends

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
             ) -> tuple[list[ReportFacts], _Coded]:
    """Reports sorted by key, and the sightings integer-coded once: identifiers are
    numbered in order of first sighting, reports by their position in key order."""
    by_key: dict[str, ReportFacts] = {}
    for r in reports:
        by_key[r.key] = r
    facts = [by_key[k] for k in sorted(by_key)]
    report_no = {r.key: i for i, r in enumerate(facts)}
    seen = sightings if isinstance(sightings, list) else list(sightings)
    s_rep = [report_no.get(s.report_key, -1) for s in seen]
    if -1 in s_rep:
        s = seen[s_rep.index(-1)]
        raise InvalidInput(f"sighting of {s.identifier.value!r} names unknown report "
                           f"{s.report_key!r}", field="report_key")
    s_obj = [s.identifier for s in seen]
    codes: dict[Identifier, int] = {}  # numbered in order of first sighting
    s_code = [codes.setdefault(ident, len(codes)) for ident in s_obj]
    objs = list(codes)  # the first-sighted object of each code
    n_codes = len(objs)
    dropped = np.zeros(n_codes, dtype=bool)
    if allow.active:  # in order of first sighting, like the sightings come
        for c, ident in enumerate(objs):
            entry = allow.match(ident)
            if entry is not None:
                dropped[c] = True
                hubs.append(Hub(ident, f"allowlisted ({entry.match.value} {entry.value}"
                                       f"{': ' + entry.reason if entry.reason else ''})"))
    rep = np.asarray(s_rep, dtype=np.int64)
    code = np.asarray(s_code, dtype=np.int64)
    order_s = np.flatnonzero(~dropped[code]) if allow.active else np.arange(len(code))
    rep, code = rep[order_s], code[order_s]
    # one (report, identifier) pair per report naming the identifier; first sighting of it
    pair_keys, first = np.unique(rep * max(n_codes, 1) + code, return_index=True)
    p_rep = pair_keys // max(n_codes, 1)
    p_code = pair_keys % max(n_codes, 1)
    counts = np.bincount(p_code, minlength=n_codes)
    # Which equal-but-not-identical Identifier object represents a code: the one first
    # sighted in the earliest report, reports taken in order of their first sighting.
    report_rank = np.full(len(facts), len(order_s), dtype=np.int64)
    np.minimum.at(report_rank, p_rep, first)
    pick = np.lexsort((report_rank[p_rep], p_code))
    starts = np.flatnonzero(np.r_[True, p_code[pick][1:] != p_code[pick][:-1]]) \
        if len(pick) else np.zeros(0, np.int64)
    for c, f in zip(p_code[pick][starts].tolist(), order_s[first[pick][starts]].tolist(),
                    strict=True):
        objs[c] = s_obj[f]
    return facts, _Coded(codes, objs, counts, p_rep, p_code, report_no)


@dataclass(slots=True)
class _Coded:
    codes: dict[Identifier, int]  # identifier -> code
    objs: list[Identifier]  # code -> identifier
    counts: np.ndarray  # code -> number of reports naming it (0: allowlisted)
    rep: np.ndarray  # (report, code) pairs, one per report naming an identifier
    code: np.ndarray
    report_no: dict[str, int]  # report key -> report number


def _ubiquitous(coded: _Coded, n_reports: int, options: GraphOptions,
                hubs: list[Hub]) -> np.ndarray:
    limit = max(options.hub_min_reports - 1, options.hub_max_report_share * n_reports)
    out = np.flatnonzero(coded.counts > limit)
    for c in sorted(out.tolist(), key=lambda c: (coded.objs[c].kind.value, coded.objs[c].value)):
        hubs.append(Hub(coded.objs[c], f"ubiquitous: in {int(coded.counts[c])} of "
                                       f"{n_reports} reports"))
    return out


def _co_reported(vert: np.ndarray, rep: np.ndarray, n: int, n_reports: int,
                 ) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """Each vertex's report numbers (ascending) and the co-reported edges (pair keys
    ``u * n + v``, u < v, ascending) with their cosine weights, from the (vertex,
    report) pairs (vertex -1: not in the graph)."""
    rep = rep[vert >= 0]
    vert = vert[vert >= 0]
    # node_reports: each vertex's report numbers, ascending
    by_vertex = np.argsort(vert * max(n_reports, 1) + rep)
    flat = rep[by_vertex].tolist()
    freq_int = np.bincount(vert, minlength=n)
    bounds = np.concatenate([[0], np.cumsum(freq_int)]).tolist()
    node_reports: list[list[int]] = [flat[a:b] for a, b in pairwise(bounds)]
    # every pair of every report, vectorised per report size
    by_report = np.argsort(rep * max(n, 1) + vert)
    vs_sorted = vert[by_report]
    sizes = np.bincount(rep, minlength=n_reports)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]) if len(sizes) else sizes
    pairs: list[np.ndarray] = []
    for k in np.unique(sizes[sizes > 1]).tolist():
        matrix = vs_sorted[offsets[sizes == k][:, None] + np.arange(k)]
        iu, ju = np.triu_indices(k, 1)
        pairs.append((matrix[:, iu] * n + matrix[:, ju]).ravel())
    keys, together = (np.unique(np.concatenate(pairs), return_counts=True) if pairs
                      else (np.zeros(0, np.int64), np.zeros(0, np.int64)))
    freq = freq_int.astype(np.float64)
    us, vs_ = keys // max(n, 1), keys % max(n, 1)
    weights = together / np.sqrt(freq[us] * freq[vs_])
    return node_reports, keys, weights


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (restored after): building millions of small
    containers otherwise triggers full collections that walk the whole heap, again and
    again. Reference counting still frees everything that isn't in a cycle."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_graph(reports: Iterable[ReportFacts], sightings: Iterable[Sighting],
                links: Iterable[ExplicitLink] = (), *,
                allowlist: Iterable[AllowlistEntry] = (),
                options: GraphOptions | None = None) -> IdentifierGraph:
    """Build the identifier graph (see the module docstring for weights and hubs)."""
    with gc_paused():
        return _build(reports, sightings, links, allowlist, options)


def _build(reports: Iterable[ReportFacts], sightings: Iterable[Sighting],
           links: Iterable[ExplicitLink], allowlist: Iterable[AllowlistEntry],
           options: GraphOptions | None) -> IdentifierGraph:
    options = options or GraphOptions()
    allow = _Allowlist(allowlist)
    hubs: list[Hub] = []
    facts, coded = _collect(reports, sightings, allow, hubs)
    keep = coded.counts > 0
    keep[_ubiquitous(coded, len(facts), options, hubs)] = False
    explicit = [lk for lk in links if lk.source != lk.target]
    extra_objs: list[Identifier] = []
    for lk in explicit:
        for end in (lk.source, lk.target):
            if end not in coded.codes and allow.match(end) is None:
                coded.codes[end] = len(coded.objs) + len(extra_objs)
                extra_objs.append(end)
    coded.objs.extend(extra_objs)
    keep = np.concatenate([keep, np.ones(len(extra_objs), dtype=bool)])
    kept = np.flatnonzero(keep).tolist()
    objs = coded.objs
    # (kind, value) order: by value, then (stable) by kind; IdentifierKind is a StrEnum,
    # so kinds compare as their values
    values = [objs[c].value for c in kept]
    kinds = [objs[c].kind for c in kept]
    order = sorted(range(len(kept)), key=values.__getitem__)
    order.sort(key=kinds.__getitem__)
    kept = [kept[i] for i in order]
    identifiers = [objs[c] for c in kept]
    n = len(identifiers)
    vertex_of = np.full(len(objs), -1, dtype=np.int64)
    vertex_of[np.asarray(kept, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    node_reports, keys, weights = _co_reported(vertex_of[coded.code], coded.rep, n,
                                               len(facts))
    edges: dict[int, list[float]] = {}  # key -> [weight, mask]
    extra: dict[int, set[str]] = {}
    for lk in explicit:
        cs, ct = coded.codes.get(lk.source), coded.codes.get(lk.target)
        if cs is None or ct is None or not keep[cs] or not keep[ct]:
            continue
        a, b = sorted((int(vertex_of[cs]), int(vertex_of[ct])))
        entry = edges.setdefault(a * n + b, [0.0, 0])
        entry[0] += options.explicit_link_weight
        entry[1] = int(entry[1]) | LINK_BITS[lk.link_type.value]
        extra.setdefault(a * n + b, set()).update(lk.evidence)
    return _assemble(identifiers=identifiers, facts=facts, node_reports=node_reports,
                     co=(keys, weights), explicit=edges, extra=extra, hubs=hubs,
                     options=options, report_index=coded.report_no)


def _assemble(*, identifiers: list[Identifier], facts: list[ReportFacts],
              node_reports: list[list[int]], co: tuple[np.ndarray, np.ndarray],
              explicit: dict[int, list[float]], extra: dict[int, set[str]], hubs: list[Hub],
              options: GraphOptions, report_index: dict[str, int]) -> IdentifierGraph:
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
    us, vs = keys // n, keys % n
    g = ig.Graph(n=len(identifiers), edges=list(zip(us.tolist(), vs.tolist(), strict=True)))
    g.es["weight"] = weights.tolist()
    position = {int(k): i for i, k in enumerate(keys.tolist())} if extra else {}
    evidence = {position[k]: tuple(sorted(v)) for k, v in extra.items() if v}
    graph = IdentifierGraph(identifiers=identifiers, reports=facts, node_reports=node_reports,
                            graph=g, edge_masks=masks.tolist(), explicit_evidence=evidence,
                            hubs=hubs, options=options, report_index=report_index)
    graph.edge_ends = np.column_stack([us, vs]).astype(np.int64)
    if options.match_persons:
        from counterfraud.networks.persons import add_person_edges
        add_person_edges(graph)
    return graph

