"""Networks as a service: build them from every report in the store, keep their ids
across rebuilds, read them (filtered by what the viewer may see), expand from one
identifier (over the reports the viewer may see), and feed a network back to
interception.

A build reads the whole store (reports, sightings, explicit links, the allowlist): the
graph algorithms (components, Leiden, PageRank) are global, so a rebuild after a few new
reports redoes them; what is kept across builds is each network's id (matched by member
overlap) and the time it was first found.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from counterfraud.domain import (
    OPERATOR,
    EntrySource,
    Identifier,
    IdentifierKind,
    IdentifierRole,
    LinkType,
    MatchType,
    RecordType,
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
    PreviousNetwork,
    ReportFacts,
    Sighting,
    analyse,
    build_graph,
    expand,
    network_report,
    report_markdown,
)
from counterfraud.networks.persons import MAX_BUCKET, person_fields
from counterfraud.services import audit, blocklist
from counterfraud.services.store import Store
from counterfraud.store import blocklist as blocklist_rows
from counterfraud.store import networks as rows

INCREMENTAL_SHARE = 0.2  # above this share of new reports, rebuild everything


@dataclass
class BuildSummary:
    """``networks``, ``reports`` and ``identifiers`` count what this build analysed: all
    of them, or for an incremental build the touched part."""

    build_id: int
    networks: int
    reports: int
    identifiers: int
    hubs: list[dict[str, str]]
    seconds: float
    incremental: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"build": self.build_id, "incremental": self.incremental,
                "networks": self.networks, "reports": self.reports,
                "identifiers": self.identifiers, "seconds": round(self.seconds, 3),
                "hubs": self.hubs}


def load_graph(store: Store, report_ids: set[int] | None = None) -> tuple[
        IdentifierGraph, list[PreviousNetwork], int]:
    """The identifier graph of every report in the store (or of ``report_ids``), the
    stored networks (for stable ids) and how many reports went in."""
    with store.transaction() as session:
        keys: dict[int, str] = {}
        facts = []
        chosen = None if report_ids is None else sorted(report_ids)
        for row_id, record in rows.report_records(session, chosen):
            keys[row_id] = record.key
            facts.append(ReportFacts(
                key=record.key, agency=record.agency, scam_type=ScamType(record.scam_type),
                reported_at=record.reported_at, loss_amount=record.loss_amount,
                loss_currency=record.loss_currency, victim_country=record.victim_country))
        sightings = [Sighting(keys[report_id], identifier, IdentifierRole(role))
                     for report_id, identifier, role in rows.sightings(session, chosen)]
        links = [ExplicitLink(source, target, LinkType(kind), tuple(keys[r] for r in evidence))
                 for source, target, kind, evidence in rows.explicit_links(session, report_ids)]
        allow = blocklist_rows.load_allowlist(session)
        previous = [PreviousNetwork(network_id, frozenset(members))
                    for network_id, members in rows.previous_members(session).items()]
    graph = build_graph(facts, sightings, links, allowlist=allow)
    return graph, previous, len(facts)


def build(store: Store, *, min_size: int = 2, full: bool = False) -> BuildSummary:
    """Bring the stored networks up to date with the reports (ids are kept).

    After a first build, when the reports added since are at most ``INCREMENTAL_SHARE``
    of all reports, only the networks they touch are rebuilt: the graph is read from the
    reports that name the new reports' identifiers or the touched networks' members, and
    every other network stays as it is. Should that local graph reach into a network it
    was not meant to touch (a new hub), the build falls back to a full one."""
    started = time.perf_counter()
    with store.transaction() as session:
        last = rows.latest_build(session)
        total, newest = rows.report_count(session)
        fresh = rows.report_ids_after(session, last.last_report_id or 0) if last else []
    if not full and last is not None and last.last_report_id is not None \
            and len(fresh) <= INCREMENTAL_SHARE * total:
        summary = _incremental(store, fresh, min_size=min_size, newest=newest,
                               started=started)
        if summary is not None:
            return summary
    graph, previous, report_count = load_graph(store)
    analysis = analyse(graph, previous=previous, min_size=min_size)
    return _save(store, analysis, graph, report_count=report_count, newest=newest,
                 started=started, replacing=None)


def _incremental(store: Store, fresh: list[int], *, min_size: int, newest: int,
                 started: float) -> BuildSummary | None:
    with store.transaction() as session:
        allow = blocklist.Allowlist(blocklist_rows.load_allowlist(session))
        named = {identifier for _, identifier, _ in rows.sightings(session, fresh)
                 if allow.protecting(blocklist.Target(identifier.kind, identifier.value,
                                                      MatchType.EXACT)) is None}
        touched = rows.networks_holding(session, named)
        seeds = named.union(*touched.values())
        report_ids = rows.reports_naming(session, seeds) | set(fresh)
        others = {m for network_id, members in rows.previous_members(session).items()
                  if network_id not in touched for m in members}
    graph, previous, report_count = load_graph(store, report_ids)
    analysis = analyse(graph, previous=previous, min_size=min_size)
    reached = {(m.kind.value, m.value) for n in analysis.networks for m in n.members}
    if reached & others:
        return None  # the local graph reached an untouched network: rebuild everything
    return _save(store, analysis, graph, report_count=report_count, newest=newest,
                 started=started, replacing=sorted(touched))


def _save(store: Store, analysis: Any, graph: IdentifierGraph, *, report_count: int,
          newest: int, started: float, replacing: list[str] | None) -> BuildSummary:
    stored = [_stored(network, graph) for network in analysis.networks]
    seconds = time.perf_counter() - started
    with store.transaction() as session:
        build_id = rows.save_build(session, stored, reports=report_count,
                                   identifiers=len(graph), seconds=seconds,
                                   last_report_id=newest, replacing=replacing)
    return BuildSummary(build_id, len(stored), report_count, len(graph),
                        [{"kind": h.identifier.kind.value, "value": h.identifier.value,
                          "reason": h.reason} for h in analysis.hubs], seconds,
                        incremental=replacing is not None)


def _stored(network: Any, graph: IdentifierGraph) -> rows.StoredNetwork:
    ranks = {m.identifier: (rank, m.score, m.why)
             for rank, m in enumerate(network.core_members, start=1)}
    group_of = {member: group.id for group in network.groups for member in group.members}
    members = [rows.StoredMember(identifier, group_of.get(identifier),
                                 *ranks.get(identifier, (None, None, None)))
               for identifier in network.members]
    return rows.StoredNetwork(
        id=network.id, size=len(network.members), reports=len(network.report_keys),
        groups=len(network.groups), summary=_json_ready(network_report(network, graph)),
        members=members)


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_ready(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Identifier):
        return {"kind": value.kind.value, "value": value.value}
    return value


def networks(store: Store, viewer: Viewer, *, min_size: int = 2, limit: int = 100,
             offset: int = 0, via: audit.Access | None = None) -> list[rows.StoredNetwork]:
    """One page of networks as ``viewer`` may see them; the read goes on the audit trail."""
    who = audit.access_of(via, viewer, path="cli networks list")
    with store.transaction() as session:
        found = rows.list_networks(session, viewer, min_size=min_size, limit=limit,
                                   offset=offset)
        if found:
            _read(session, who, [n.id for n in found],
                  {"members": sum(len(n.members) for n in found)})
        return found


def network(store: Store, network_id: str, viewer: Viewer, *,
            via: audit.Access | None = None) -> rows.StoredNetwork:
    who = audit.access_of(via, viewer, path="cli networks show")
    with store.transaction() as session:
        found = rows.get_network(session, network_id, viewer)
        _read(session, who, [found.id], {"members": len(found.members)})
        return found


def _read(session: Any, who: audit.Access, records: list[str],
          detail: dict[str, Any]) -> None:
    audit.record(session, actor=who.actor, action=audit.Action.READ, path=who.path,
                 record_type=RecordType.NETWORK.value, records=records, detail=detail,
                 read_only=True)


def as_json(found: rows.StoredNetwork) -> dict[str, Any]:
    """The documented JSON of one network: members, and core members best first."""
    core = sorted((m for m in found.members if m.core_rank is not None),
                  key=lambda m: m.core_rank or 0)
    return {"id": found.id, "size": found.size,
            "members": [{"kind": m.identifier.kind.value, "value": m.identifier.value,
                         "group": m.group_id} for m in found.members],
            "core_members": [{"kind": m.identifier.kind.value, "value": m.identifier.value,
                              "score": m.core_score, "why": m.why} for m in core]}


def markdown(found: rows.StoredNetwork) -> str:
    """The readable report; the full one for this instance's operator."""
    return report_markdown(found.summary) if found.summary else _brief_markdown(found)


def _brief_markdown(found: rows.StoredNetwork) -> str:
    lines = [f"# Network {found.id}", "", f"{found.size} members you may see", "",
             "## Core members", ""]
    lines += [f"{m.core_rank}. {m.identifier.kind.value} `{m.identifier.value}` — {m.why}"
              for m in found.members if m.core_rank is not None]
    return "\n".join(lines) + "\n"


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
        _read(session, who, [f"{seed.kind.value}:{seed.value}"],
              {"expand": True, "hops": hops, "nodes": len(result.nodes)})
    ready: dict[str, Any] = _json_ready({
        "seed": seed,
        "nodes": [{"identifier": n.identifier, "hops": n.hops,
                   "path": [{"identifier": s.identifier, "via": s.link_type,
                             "evidence": list(s.evidence)} for s in n.path]}
                  for n in result.nodes],
        "edges": [{"a": a, "b": b, "types": list(types), "weight": weight}
                  for a, b, types, weight in sorted(result.edges, key=_edge_order)],
    })
    return ready


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


def block(store: Store, network_id: str, *, actor: str, viewer: Viewer = OPERATOR,
          via: audit.Access | None = None) -> blocklist.PromoteResult:
    """Put every blockable member of a network that ``viewer`` may see on the blocklist,
    with the network as provenance; the allowlist still wins. A network the viewer may
    not see is NotFound."""
    found = network(store, network_id, viewer, via=via)
    return blocklist.list_identifiers(
        store, [m.identifier for m in found.members], actor=actor,
        reason=f"member of network {network_id}", source=EntrySource.NETWORK,
        network_id=network_id, via=via)
