"""Networks as a service: build them from every report in the store, keep their ids
across rebuilds, read them (filtered by what the viewer may see), expand from one
identifier, and feed a network back to interception.

A build reads the whole store (reports, sightings, explicit links, the allowlist): the
graph algorithms (components, Leiden, PageRank) are global, so a rebuild after a few new
reports redoes them; what is kept across builds is each network's id (matched by member
overlap) and the time it was first found.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from counterfraud.domain import (
    EntrySource,
    Identifier,
    IdentifierRole,
    LinkType,
    ScamType,
    Viewer,
)
from counterfraud.identifiers import normalize
from counterfraud.networks import (
    ExplicitLink,
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
from counterfraud.services import blocklist
from counterfraud.services.store import Store
from counterfraud.store import blocklist as blocklist_rows
from counterfraud.store import networks as rows


@dataclass
class BuildSummary:
    build_id: int
    networks: int
    reports: int
    identifiers: int
    hubs: list[dict[str, str]]
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {"build": self.build_id, "networks": self.networks, "reports": self.reports,
                "identifiers": self.identifiers, "seconds": round(self.seconds, 3),
                "hubs": self.hubs}


def load_graph(store: Store) -> tuple[IdentifierGraph, list[PreviousNetwork], int]:
    """The identifier graph of every report in the store, the stored networks (for
    stable ids) and how many reports went in."""
    with store.transaction() as session:
        keys: dict[int, str] = {}
        facts = []
        for row_id, record in rows.report_records(session):
            keys[row_id] = record.key
            facts.append(ReportFacts(
                key=record.key, agency=record.agency, scam_type=ScamType(record.scam_type),
                reported_at=record.reported_at, loss_amount=record.loss_amount,
                loss_currency=record.loss_currency, victim_country=record.victim_country))
        sightings = [Sighting(keys[report_id], identifier, IdentifierRole(role))
                     for report_id, identifier, role in rows.sightings(session)]
        links = [ExplicitLink(source, target, LinkType(kind), tuple(keys[r] for r in evidence))
                 for source, target, kind, evidence in rows.explicit_links(session)]
        allow = blocklist_rows.load_allowlist(session)
        previous = [PreviousNetwork(network_id, frozenset(members))
                    for network_id, members in rows.previous_members(session).items()]
    graph = build_graph(facts, sightings, links, allowlist=allow)
    return graph, previous, len(facts)


def build(store: Store, *, min_size: int = 2) -> BuildSummary:
    """Analyse the whole store and replace the stored networks (ids are kept)."""
    started = time.perf_counter()
    graph, previous, report_count = load_graph(store)
    analysis = analyse(graph, previous=previous, min_size=min_size)
    stored = [_stored(network, graph) for network in analysis.networks]
    seconds = time.perf_counter() - started
    with store.transaction() as session:
        build_id = rows.save_build(session, stored, reports=report_count,
                                   identifiers=len(graph), seconds=seconds)
    return BuildSummary(build_id, len(stored), report_count, len(graph),
                        [{"kind": h.identifier.kind.value, "value": h.identifier.value,
                          "reason": h.reason} for h in analysis.hubs], seconds)


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
             offset: int = 0) -> list[rows.StoredNetwork]:
    with store.transaction() as session:
        return rows.list_networks(session, viewer, min_size=min_size, limit=limit,
                                  offset=offset)


def network(store: Store, network_id: str, viewer: Viewer) -> rows.StoredNetwork:
    with store.transaction() as session:
        return rows.get_network(session, network_id, viewer)


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


def expand_from(store: Store, kind: str, value: str, *, hops: int = 2,
                region: str | None = None) -> dict[str, Any]:
    """Everything reachable from one identifier within ``hops``, each node with its
    shortest evidence path back to the seed."""
    seed = normalize(kind, value, region=region)
    graph, _, _ = load_graph(store)
    result = expand(graph, seed, hops=hops)
    ready: dict[str, Any] = _json_ready({
        "seed": seed,
        "nodes": [{"identifier": n.identifier, "hops": n.hops,
                   "path": [{"identifier": s.identifier, "via": s.link_type,
                             "evidence": list(s.evidence)} for s in n.path]}
                  for n in result.nodes],
        "edges": [{"a": a, "b": b, "types": list(types), "weight": weight}
                  for a, b, types, weight in result.edges],
    })
    return ready


def block(store: Store, network_id: str, *, actor: str) -> blocklist.PromoteResult:
    """Put every blockable member of a network on the blocklist, with the network as
    provenance; the allowlist still wins."""
    found = network(store, network_id, Viewer(agency=None))
    return blocklist.list_identifiers(
        store, [m.identifier for m in found.members], actor=actor,
        reason=f"member of network {network_id}", source=EntrySource.NETWORK,
        network_id=network_id)
