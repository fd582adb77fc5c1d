"""A network as a graph to draw (the console's network page): its members as the viewer's
view of the networks has them, and the links between them with the reports that show
each link.

The members, groups, core ranks, scores and reasons are those of
``services.networks.network`` (the viewer's own view, analysed from only the reports it
may read). The links are read from the same reports only: those the viewer may read as
network evidence (``store.networks.visible_report_ids``, the one sharing rule) that the
view counted for the network (its report keys), so no edge, no report id and no date
comes from a report the viewer may not read. The read goes on the audit trail once, as
the network's read.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from counterfraud.domain import IdentifierRole, LinkType, ScamType, Viewer
from counterfraud.identifiers import Identifier, display_name
from counterfraud.networks import (
    ExplicitLink,
    GraphOptions,
    IdentifierGraph,
    ReportFacts,
    Sighting,
    build_graph,
)
from counterfraud.networks.graph import link_types_of
from counterfraud.services import audit, networks
from counterfraud.services.network_expansion import node_id
from counterfraud.services.store import Store
from counterfraud.store import blocklist as blocklist_rows
from counterfraud.store import networks as rows

EVIDENCE_SHOWN = 20  # report keys listed per edge; the count is always whole


def network_graph(store: Store, network_id: str, viewer: Viewer, *,
                  via: audit.Access | None = None) -> dict[str, Any]:
    """``{"network": id, "nodes": [...], "edges": [...], "groups": [...]}`` for
    ``viewer`` (NotFound when it sees no such network).

    Each node: ``id`` (``kind:value``), ``kind``, ``value``, ``display``, ``group`` (the
    group's id or None), ``group_label`` (G01 ...), ``core_rank``, ``core_score``,
    ``why``, ``reports`` (how many readable reports name it), ``first_seen`` and
    ``last_seen`` (ISO days of those reports). Each edge: ``source``, ``target``,
    ``types``, ``weight``, ``reports`` (how many readable reports show the link),
    ``evidence`` (the first ``EVIDENCE_SHOWN`` of their keys), ``first_seen`` and
    ``last_seen``."""
    found = networks.network(store, network_id, viewer, via=via)
    members = {m.identifier: m for m in found.members}
    summary = found.summary or {}
    counted = set(summary.get("report_keys") or ())
    graph = _graph(store, viewer, set(members), counted)
    labels = {g["id"]: g.get("label") for g in summary.get("groups", [])
              if isinstance(g, dict)}
    nodes = []
    for identifier, member in members.items():
        vertex = graph.index.get(identifier)
        times = _times(graph, graph.node_reports[vertex]) if vertex is not None else []
        nodes.append({
            "id": node_id(identifier), "kind": identifier.kind.value,
            "value": identifier.value, "display": display_name(identifier),
            "group": member.group_id, "group_label": labels.get(member.group_id or ""),
            "core_rank": member.core_rank, "core_score": member.core_score,
            "why": member.why,
            "reports": len(graph.node_reports[vertex]) if vertex is not None else 0,
            "first_seen": _day(times[0]) if times else None,
            "last_seen": _day(times[-1]) if times else None})
    nodes.sort(key=lambda n: (n["core_rank"] is None, n["core_rank"] or 0, n["id"]))
    return {"network": found.id, "nodes": nodes, "edges": _edges(graph, set(members)),
            "groups": [{"id": g["id"], "label": g.get("label"), "name": g.get("name"),
                        "size": g.get("size")}
                       for g in summary.get("groups", []) if isinstance(g, dict)]}


def _graph(store: Store, viewer: Viewer, members: set[Identifier],
           counted: set[str]) -> IdentifierGraph:
    """The graph of the readable reports naming a member (those the view counted, when
    it lists them): every member's edges to the others, with their evidence."""
    with store.transaction() as session:
        readable = rows.visible_report_ids(session, viewer)
        naming = rows.reports_naming(session, members) if members else set()
        # the links of the members, with only the evidence the viewer may read
        links = list(rows.links_touching(session, members, viewer).values()) \
            if members else []
        chosen = (naming if readable is None else naming & readable) | {
            r for *_, evidence in links for r in evidence}
        records = dict(rows.report_records(session, sorted(chosen)))
        if counted:
            records = {i: r for i, r in records.items() if r.key in counted}
        ids = sorted(records)
        sightings = list(rows.sightings(session, ids))
        allow = blocklist_rows.load_allowlist(session)
    keys = {row_id: record.key for row_id, record in records.items()}
    facts = [ReportFacts(key=r.key, agency=r.agency, scam_type=ScamType(r.scam_type),
                         reported_at=r.reported_at, loss_amount=r.loss_amount,
                         loss_currency=r.loss_currency, victim_country=r.victim_country)
             for r in records.values()]
    seen = [Sighting(keys[report_id], identifier, IdentifierRole(role))
            for report_id, identifier, role in sightings]
    explicit = [ExplicitLink(source, target, LinkType(kind),
                             tuple(keys[r] for r in evidence if r in keys))
                for source, target, kind, evidence in links
                if any(r in keys for r in evidence)]
    # the members are known: no identifier of them is a hub of this small graph
    options = replace(GraphOptions(), hub_max_report_share=1.0)
    return build_graph(facts, seen, explicit, allowlist=allow, options=options)


def _edges(graph: IdentifierGraph, members: set[Identifier]) -> list[dict[str, Any]]:
    inside = [graph.index[m] for m in members if m in graph.index]
    found = []
    for edge in graph.g.es.select(_within=sorted(inside)) if inside else []:
        a, b = (graph.identifiers[v] for v in edge.tuple)
        a, b = sorted((a, b), key=lambda i: (i.kind.value, i.value))
        evidence = graph.edge_evidence(edge.index)
        times = _times(graph, [graph.report_index[k] for k in evidence
                               if k in graph.report_index])
        found.append({"source": node_id(a), "target": node_id(b),
                      "types": list(link_types_of(graph.edge_masks[edge.index])),
                      "weight": round(float(edge["weight"]), 4), "reports": len(evidence),
                      "evidence": list(evidence[:EVIDENCE_SHOWN]),
                      "first_seen": _day(times[0]) if times else None,
                      "last_seen": _day(times[-1]) if times else None})
    found.sort(key=lambda e: (e["source"], e["target"]))
    return found


def _times(graph: IdentifierGraph, report_numbers: list[int]) -> list[datetime]:
    return sorted(t for r in report_numbers
                  if (t := graph.reports[r].reported_at) is not None)


def _day(at: datetime) -> str:
    return at.date().isoformat()
