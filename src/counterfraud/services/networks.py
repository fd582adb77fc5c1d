"""Networks as a service: build them from every report in the store, keep their ids
across rebuilds, read them (filtered by what the viewer may see), expand from one
identifier (``network_expansion``), and feed a network back to interception.

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

from sqlalchemy.exc import IntegrityError

from counterfraud.domain import (
    OPERATOR,
    EntrySource,
    Identifier,
    IdentifierRole,
    LinkType,
    MatchType,
    RecordType,
    ScamType,
    Viewer,
)
from counterfraud.errors import Conflict
from counterfraud.identifiers import display_name
from counterfraud.networks import (
    ExplicitLink,
    IdentifierGraph,
    PreviousNetwork,
    ReportFacts,
    Sighting,
    analyse,
    build_graph,
    format_amount,
    network_report,
    report_markdown,
)
from counterfraud.services import audit, blocklist
from counterfraud.services.store import Store
from counterfraud.store import blocklist as blocklist_rows
from counterfraud.store import network_views as views
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
        groups=len(network.groups), summary=json_ready(network_report(network, graph)),
        members=members)


def json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_ready(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Identifier):
        return {"kind": value.kind.value, "value": value.value,
                "display": display_name(value)}
    return value


def networks(store: Store, viewer: Viewer, *, min_size: int = 2, limit: int = 100,
             offset: int = 0, via: audit.Access | None = None) -> list[rows.StoredNetwork]:
    """One page of networks as ``viewer`` may see them (see :func:`agency_view`); the
    read goes on the audit trail."""
    who = audit.access_of(via, viewer, path="cli networks list")
    view_id = agency_view(store, viewer)
    with store.transaction() as session:
        if view_id is None:
            found = rows.list_networks(session, min_size=min_size, limit=limit,
                                       offset=offset)
        else:
            found = views.list_view(session, view_id, min_size=min_size, limit=limit,
                                    offset=offset)
        if found:
            read_on_trail(session, who, [n.id for n in found],
                  {"members": sum(len(n.members) for n in found)})
        return found


def network(store: Store, network_id: str, viewer: Viewer, *,
            via: audit.Access | None = None) -> rows.StoredNetwork:
    """One network as ``viewer`` may see it (see :func:`agency_view`); NotFound when the
    viewer sees no network of that id."""
    who = audit.access_of(via, viewer, path="cli networks show")
    view_id = agency_view(store, viewer)
    with store.transaction() as session:
        found = (rows.get_network(session, network_id) if view_id is None
                 else views.get_view_network(session, view_id, network_id))
        read_on_trail(session, who, [found.id], {"members": len(found.members)})
        return found


def agency_view(store: Store, viewer: Viewer) -> int | None:
    """The id of the networks as ``viewer``'s agency may see them, analysed anew when
    what it may read has changed; ``None`` for the local operator, who reads the build.

    Every derived figure an agency is shown — which identifiers form one network, its
    groups, core members, their scores, ranks and reasons, report counts, victims,
    losses, timeline, overlap — comes from the same analysis run over only the reports it
    may read as network evidence (the reports of the latest build, through the sharing
    policy). Nothing computed from a hidden report reaches it, not even the fact that two
    identifiers it sees are linked through one."""
    if viewer.agency is None:
        return None
    with store.transaction() as session:
        last = rows.latest_build(session)
        up_to = (last.last_report_id or 0) if last else 0
        fingerprint = views.readable_fingerprint(session, viewer, up_to)
        found = views.find_view(session, viewer.agency, fingerprint)
        if found is not None:
            return found
        readable = views.readable_reports(session, viewer, up_to)
        previous = views.latest_view_members(session, viewer.agency)
    graph, stored, _ = load_graph(store, set(readable))
    mine = [PreviousNetwork(network_id, frozenset(members))
            for network_id, members in previous.items()]
    mine += [p for p in stored if p.id not in previous]
    analysis = analyse(graph, previous=mine)
    computed = [_stored(network, graph) for network in analysis.networks]
    try:
        with store.transaction() as session:
            return views.save_view(session, viewer.agency, build_id=last.id if last else 0,
                                   fingerprint=fingerprint, networks=computed)
    except (IntegrityError, Conflict):  # another worker stored the same view first
        with store.transaction() as session:
            found = views.find_view(session, viewer.agency, fingerprint)
        if found is None:
            raise
        return found


def refresh_views(store: Store) -> tuple[int, float]:
    """Bring up to date the views of the agencies whose keys may read networks (after a
    build, so that their first read is fast): how many, and the seconds it took."""
    started = time.perf_counter()
    with store.transaction() as session:
        agencies = views.agencies_reading(session)
    for agency in agencies:
        agency_view(store, Viewer(agency=agency))
    return len(agencies), time.perf_counter() - started


def read_on_trail(session: Any, who: audit.Access, records: list[str],
          detail: dict[str, Any]) -> None:
    audit.record(session, actor=who.actor, action=audit.Action.READ, path=who.path,
                 record_type=RecordType.NETWORK.value, records=records, detail=detail,
                 read_only=True)


def _identifier(identifier: Identifier) -> dict[str, str]:
    return {"kind": identifier.kind.value, "value": identifier.value,
            "display": display_name(identifier)}


def _core(found: rows.StoredNetwork) -> list[rows.StoredMember]:
    return sorted((m for m in found.members if m.core_rank is not None),
                  key=lambda m: m.core_rank or 0)


def as_json(found: rows.StoredNetwork) -> dict[str, Any]:
    """The documented JSON of one network: members, core members best first (each with
    ``display``, what people read, beside ``kind`` and ``value``), and the figures of its
    report that a list shows (reports, groups, losses, agencies, first and last seen)."""
    summary = found.summary or {}
    return {"id": found.id, "size": found.size, "reports": found.reports,
            "groups": found.groups,
            "loss_by_currency": summary.get("loss_by_currency", {}),
            "agencies": summary.get("agencies", {}),
            "first_seen": summary.get("first_seen"), "last_seen": summary.get("last_seen"),
            "members": [{**_identifier(m.identifier), "group": m.group_id}
                        for m in found.members],
            "core_members": [{**_identifier(m.identifier), "score": m.core_score,
                              "why": m.why} for m in _core(found)]}


def list_row(found: rows.StoredNetwork) -> dict[str, Any]:
    """One network as a line of a list people read: counts with thousands separators,
    losses (one per currency, in whole units), agencies, first and last day seen, the
    first core member by its display name."""
    summary = found.summary or {}
    top = next(iter(_core(found)), None)
    return {"id": found.id, "size": f"{found.size:,}", "reports": f"{found.reports:,}",
            "groups": f"{found.groups:,}",
            "losses": [f"{c} {format_amount(v, whole=True)}"
                       for c, v in sorted(summary.get("loss_by_currency", {}).items())],
            "agencies": sorted(summary.get("agencies", {})),
            "first_seen": (summary.get("first_seen") or "")[:10],
            "last_seen": (summary.get("last_seen") or "")[:10],
            "top": display_name(top.identifier) if top else ""}


def markdown(found: rows.StoredNetwork) -> str:
    """The report document (the same for the CLI and the API): from the network's stored
    report, or, should a network have none, from its members."""
    if found.summary:
        return report_markdown(found.summary)
    return report_markdown({
        "id": found.id, "size": found.size,
        "core_members": [{**_identifier(m.identifier), "score": m.core_score or 0,
                          "why": m.why or ""} for m in _core(found)],
        "members_by_kind": {kind: [m.identifier.value for m in found.members
                                   if m.identifier.kind.value == kind]
                            for kind in sorted({m.identifier.kind.value
                                                for m in found.members})}})


def block(store: Store, network_id: str, *, actor: str, viewer: Viewer = OPERATOR,
          via: audit.Access | None = None) -> blocklist.PromoteResult:
    """Put every blockable member of a network that ``viewer`` may see on the blocklist,
    with the network as provenance, owned by the viewer's agency (which alone may then
    delist them); the allowlist still wins. A network the viewer may not see is NotFound."""
    found = network(store, network_id, viewer, via=via)
    return blocklist.list_identifiers(
        store, [m.identifier for m in found.members], actor=actor,
        reason=f"member of network {network_id}", source=EntrySource.NETWORK,
        network_id=network_id, agency=viewer.agency, via=via)
