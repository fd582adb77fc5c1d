"""Expansion from one identifier over the reports a viewer may read: only the seed's
neighbourhood is read from the store, and the result is the one the graph of every
readable report gives."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from counterfraud.domain import (
    Identifier,
    IdentifierKind,
    IdentifierRole,
    LinkType,
    ScamType,
    Viewer,
)
from counterfraud.errors import NotFound
from counterfraud.identifiers import normalize
from counterfraud.networks import (
    Expansion,
    ExplicitLink,
    GraphOptions,
    IdentifierGraph,
    ReportFacts,
    Sighting,
    build_graph,
    expand,
)
from counterfraud.networks.explain import kind_label, link_label
from counterfraud.networks.persons import MAX_BUCKET, person_fields
from counterfraud.services import audit
from counterfraud.services.networks import json_ready, load_graph, read_on_trail
from counterfraud.services.store import Store
from counterfraud.store import blocklist as blocklist_rows
from counterfraud.store import networks as rows


def expand_from(store: Store, kind: str, value: str, *, viewer: Viewer, hops: int = 2,
                region: str | None = None,
                via: audit.Access | None = None) -> dict[str, Any]:
    """Everything reachable from one identifier within ``hops``, each node with its
    shortest evidence path back to the seed.

    The graph is built from the reports ``viewer`` may read as network evidence and
    nothing else: a hidden report is never evidence, an identifier reachable only through
    hidden reports is not reached, and explicit links keep only their visible evidence
    (a link with none is left out). The local operator (``Viewer(agency=None)``) reads
    every report. Raises NotFound when no report the viewer may read names the seed.

    Only the seed's neighbourhood is read (see :func:`_expand_nearby`); the result is the
    one the graph of every readable report gives (:func:`_expand_whole`)."""
    seed = normalize(kind, value, region=region)
    result = _expand_nearby(store, seed, viewer, hops)
    if result is None:
        result = _expand_whole(store, seed, viewer, hops)
    who = audit.access_of(via, viewer, path="cli networks expand")
    with store.transaction() as session:
        read_on_trail(session, who, [f"{seed.kind.value}:{seed.value}"],
              {"expand": True, "hops": hops, "nodes": len(result.nodes)})
    return as_node_link(seed, result, hops=hops)


def node_id(identifier: Identifier) -> str:
    """An identifier's id in an expansion's node-link JSON: ``kind:value``."""
    return f"{identifier.kind.value}:{identifier.value}"


def as_node_link(seed: Identifier, result: Expansion, *, hops: int) -> dict[str, Any]:
    """The expansion as node-link JSON (networkx's ``node_link_graph`` reads it): nodes
    with an ``id`` (``kind:value``), their identifier (with ``display``), hops and path
    back to the seed; ``edges`` (also as ``links``, the key older networkx reads) with
    ``source`` and ``target`` ids, both ends (``a``, ``b``), link types and weight."""
    edges = [{"source": node_id(a), "target": node_id(b), "a": a, "b": b,
              "types": list(types), "weight": weight}
             for a, b, types, weight in sorted(result.edges, key=_edge_order)]
    ready: dict[str, Any] = json_ready({
        "directed": False, "multigraph": False,
        "graph": {"seed": node_id(seed), "hops": hops},
        "seed": seed,
        "nodes": [{"id": node_id(n.identifier), "identifier": n.identifier, "hops": n.hops,
                   "path": [{"identifier": s.identifier, "via": s.link_type,
                             "evidence": list(s.evidence)} for s in n.path]}
                  for n in result.nodes],
        "edges": edges,
    })
    ready["links"] = ready["edges"]
    return ready


def table_rows(found: dict[str, Any], *, evidence_shown: int = 3) -> list[dict[str, str]]:
    """The nodes of :func:`expand_from`'s answer as rows people read: hop, kind,
    identifier (its display name), via (the node one hop nearer the seed and how they are
    linked) and evidence (the first ``evidence_shown`` reports showing that link)."""
    rows = []
    for node in found["nodes"]:
        ident = node["identifier"]
        step = node["path"][0] if node["path"] else None
        evidence = step["evidence"] if step else []
        more = len(evidence) - evidence_shown
        rows.append({
            "hop": str(node["hops"]), "kind": kind_label(ident["kind"]),
            "identifier": ident["display"],
            "via": (f"{step['identifier']['display']} ({link_label(step['via'])})" if step
                    else "(the seed)"),
            "evidence": ", ".join(evidence[:evidence_shown])
                        + (f" (+{more:,} more)" if more > 0 else "")})
    return rows


def _edge_order(edge: tuple[Identifier, Identifier, tuple[str, ...], float]) -> tuple[
        str, str, str, str]:
    """Edges by their ends: ``expand`` lists them in an order that depends on the edge
    numbers of the graph it ran on, which differ between the neighbourhood and the
    whole graph."""
    a, b, _, _ = edge
    return a.kind.value, a.value, b.kind.value, b.value


def _not_found(seed: Identifier) -> NotFound:
    return NotFound(f"{seed.kind.value} {seed.value} is named in no report visible to you")


def _expand_whole(store: Store, seed: Identifier, viewer: Viewer, hops: int) -> Expansion:
    """The expansion over the graph of every report ``viewer`` may read."""
    with store.transaction() as session:
        readable = rows.visible_report_ids(session, viewer)
    graph, _, _ = load_graph(store, readable)
    if seed not in graph.index:
        raise _not_found(seed)
    return expand(graph, seed, hops=hops)


# With the default scores a person-match edge (score >= person_edge_threshold) needs the
# same document or the same birth date: the other reasons add up to at most 0.65
# (nationality 0.05, names 0.3, shared neighbours 0.3; see networks.persons).
_PERSON_EDGES_NEED_DOCUMENT_OR_BIRTH = GraphOptions().person_edge_threshold > 0.65


@dataclass
class _Nearby:
    """The part of the readable reports an expansion has read so far."""

    viewer: Viewer
    options: GraphOptions
    records: dict[int, rows.ReportRecord] = field(default_factory=dict)
    sightings: list[tuple[int, Identifier, str]] = field(default_factory=list)
    links: dict[int, tuple[Identifier, Identifier, str, list[int]]] = field(
        default_factory=dict)
    hub: dict[Identifier, bool] = field(default_factory=dict)  # too common to be a vertex
    full: set[Identifier] = field(default_factory=set)  # every readable report and link
    # naming it is read (or it is a hub: no vertex, nothing to read)
    partners: dict[Identifier, set[Identifier]] = field(default_factory=dict)
    limit: float | None = None  # above this many readable reports, an identifier is a hub


def _expand_nearby(store: Store, seed: Identifier, viewer: Viewer,
                   hops: int) -> Expansion | None:
    """The expansion over a graph of the seed's neighbourhood only, equal to the one
    over every readable report; None when that cannot be vouched for (then the whole
    graph decides).

    The neighbourhood grows until every identifier the expansion reaches is *full*: all
    the readable reports naming it and all its links are in the graph. Then each reached
    identifier has all its edges, and the weights of the edges between reached
    identifiers (which count the reports naming both ends) are exact, so breadth-first
    search, paths and edges are the whole graph's. Hub rules keep their global inputs:
    an identifier named in more readable reports than the whole graph allows is dropped
    before the build (its count against the count of every readable report), and the
    allowlist is applied by ``build_graph`` itself. Person-match edges of a reached
    person need the persons sharing its document or birth date and their neighbours to
    be full too; the one bucket rule that stays global (more than ``MAX_BUCKET``
    persons sharing a document) falls back to the whole graph."""
    # hubs are dropped before the build, so the build itself finds none
    local = replace(GraphOptions(), hub_max_report_share=1.0)
    with store.transaction() as session:
        allow = blocklist_rows.load_allowlist(session)
        near = _Nearby(viewer, GraphOptions())
        need = {seed}
        while True:
            _read_more(session, near, need - near.full)
            graph = _nearby_graph(near, allow, local)
            if seed not in graph.index:
                raise _not_found(seed)
            # what expand reaches: everything within ``hops`` (igraph's breadth-first)
            need = {graph.identifiers[v] for v in graph.g.neighborhood(
                graph.index[seed], order=max(hops, 0))}
            persons = [i for i in need if i.kind is IdentifierKind.PERSON]
            if persons and not _PERSON_EDGES_NEED_DOCUMENT_OR_BIRTH:
                return None
            for person in persons:
                need |= _person_context(session, near, graph, person)
            if need <= near.full:
                if _crowded_document(graph, persons):
                    return None
                return expand(graph, seed, hops=hops)


def _read_more(session: Any, near: _Nearby, fresh: set[Identifier]) -> None:
    """Make ``fresh`` full: read every readable report naming them and their links
    (not a hub's: it is no vertex of the graph), and tell the hubs among the
    identifiers those name."""
    _tell_hubs(session, near, fresh)
    near.full |= fresh
    fresh = {i for i in fresh if not near.hub[i]}
    if not fresh:
        return
    links = rows.links_touching(session, fresh, near.viewer)
    near.links.update(links)
    wanted = rows.visible_reports_naming(session, fresh, near.viewer)
    wanted.update(r for _, _, _, evidence in links.values() for r in evidence)
    wanted -= near.records.keys()
    near.records.update(rows.report_records(session, sorted(wanted)))
    new = list(rows.sightings(session, sorted(wanted)))
    near.sightings.extend(new)
    _tell_hubs(session, near, {i for _, i, _ in new}
               | {end for s, t, _, _ in links.values() for end in (s, t)})


def _tell_hubs(session: Any, near: _Nearby, identifiers: set[Identifier]) -> None:
    """The graph's ubiquity rule (named in more than ``hub_max_report_share`` of all
    readable reports and in at least ``hub_min_reports``) with its global counts; the
    readable reports naming an identifier are counted only when it has enough sightings
    to be a hub at all."""
    unknown = identifiers - near.hub.keys()
    floor = near.options.hub_min_reports - 1
    bound = rows.naming_counts(session, unknown)
    busy = {i for i in unknown if bound.get(i, 0) > floor}
    if busy and near.limit is None:
        total = rows.visible_report_count(session, near.viewer)
        near.limit = max(floor, near.options.hub_max_report_share * total)
    limit = floor if near.limit is None else near.limit
    busy = {i for i in busy if bound[i] > limit}
    counts = rows.visible_report_counts(session, busy, near.viewer) if busy else {}
    near.hub.update({i: counts.get(i, 0) > limit for i in unknown})


def _nearby_graph(near: _Nearby, allow: list[Any], options: GraphOptions) -> IdentifierGraph:
    keys = {row_id: record.key for row_id, record in near.records.items()}
    facts = [ReportFacts(key=r.key, agency=r.agency, scam_type=ScamType(r.scam_type),
                         reported_at=r.reported_at, loss_amount=r.loss_amount,
                         loss_currency=r.loss_currency, victim_country=r.victim_country)
             for r in near.records.values()]
    sightings = [Sighting(keys[report_id], identifier, IdentifierRole(role))
                 for report_id, identifier, role in near.sightings if not near.hub[identifier]]
    links = [ExplicitLink(source, target, LinkType(kind), tuple(keys[r] for r in evidence))
             for _, (source, target, kind, evidence) in sorted(near.links.items())
             if not near.hub[source] and not near.hub[target]]
    return build_graph(facts, sightings, links, allowlist=allow, options=options)


def _person_context(session: Any, near: _Nearby, graph: IdentifierGraph,
                    person: Identifier) -> set[Identifier]:
    """What must be full for ``person``'s match edges to be the whole graph's: the
    persons sharing its document or birth date (the only ones it can match strongly
    enough) and, for the shared-neighbour score, their neighbours that are no person."""
    if person not in near.partners:
        fields = person_fields(person)
        near.partners[person] = {person} | {
            other for other in rows.persons_sharing(
                session, document=fields["document"], birth_date=fields["birth_date"])
            if _shares_document_or_birth(fields, person_fields(other))}
    found = set(near.partners[person])
    for other in near.partners[person]:
        if other in graph.index:
            found.update(graph.identifiers[v] for v in graph.g.neighbors(graph.index[other])
                         if graph.identifiers[v].kind is not IdentifierKind.PERSON)
    return found


def _shares_document_or_birth(a: dict[str, str], b: dict[str, str]) -> bool:
    return any(a[key] and a[key] == b[key] for key in ("document", "birth_date"))


def _crowded_document(graph: IdentifierGraph, persons: list[Identifier]) -> bool:
    """Whether a reached person's document is shared by more persons than a matching
    bucket takes: the whole graph then decides which of them are candidates."""
    documents = {person_fields(p)["document"] for p in persons} - {""}
    if not documents:
        return False
    shared = Counter(person_fields(i)["document"] for i in graph.identifiers
                     if i.kind is IdentifierKind.PERSON)
    return any(shared[d] > MAX_BUCKET for d in documents)
