"""What an analyst hands over about one network, as a JSON-ready dict (rendered by
:func:`counterfraud.networks.markdown.report_markdown`).

Everything in it is computed from the graph the network was found in — for an agency's
view, from only the reports it may read: members, groups and their names, core members
and why, victims, losses, agencies, timeline, overlap. Nothing is looked up afterwards.
Identifiers carry ``display`` (what people read: a person's name and nationality) beside
``kind`` and ``value`` (the key machines match on).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from counterfraud.identifiers import Identifier, IdentifierKind, display_name
from counterfraud.networks.explain import group_label, ranking_legend
from counterfraud.networks.graph import IdentifierGraph
from counterfraud.networks.groups import group_profile
from counterfraud.networks.model import Network

__all__ = ["CORE_SHOWN", "identifier_json", "network_report"]

CORE_SHOWN = 20  # the ranking covers every member; a report shows its head
GROUP_CORE_SHOWN = 3  # core members named beside each group


def identifier_json(identifier: Identifier) -> dict[str, str]:
    return {"kind": identifier.kind.value, "value": identifier.value,
            "display": display_name(identifier)}


def _count(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def network_report(network: Network, graph: IdentifierGraph) -> dict[str, Any]:
    """Members by kind, core (the first ``CORE_SHOWN`` of the ranking), groups with their
    names, victims, losses, agencies, time line, overlap."""
    facts = [graph.reports[graph.report_index[k]] for k in network.report_keys
             if k in graph.report_index]
    members: dict[str, list[str]] = {}
    for m in network.members:
        members.setdefault(m.kind.value, []).append(m.value)
    loss: dict[str, Decimal] = {}
    countries: dict[str, int] = {}
    agencies: dict[str, int] = {}
    scams: dict[str, int] = {}
    months: dict[str, int] = {}
    for r in facts:
        if r.loss_amount is not None and r.loss_currency:
            loss[r.loss_currency] = loss.get(r.loss_currency, Decimal(0)) + r.loss_amount
        if r.victim_country:
            _count(countries, r.victim_country)
        _count(agencies, r.agency)
        _count(scams, r.scam_type.value)
        if r.reported_at is not None:
            _count(months, r.reported_at.strftime("%Y-%m"))
    times = sorted(r.reported_at for r in facts if r.reported_at is not None)
    return {
        "id": network.id,
        "size": len(network.members),
        "members_by_kind": {k: sorted(v) for k, v in sorted(members.items())},
        "ranking": ranking_legend(graph.options.rank_weights, graph.options.rank_decay,
                                  graph.options.kind_weights),
        "core_members": _core(network),
        "groups": _groups(network, graph),
        "victims": {"reports": len(facts), "countries": dict(sorted(countries.items()))},
        "loss_by_currency": {c: str(v) for c, v in sorted(loss.items())},
        "agencies": dict(sorted(agencies.items())),
        "countries": sorted({a.split("-")[0] for a in agencies} | set(countries)),
        "first_seen": times[0].isoformat() if times else None,
        "last_seen": times[-1].isoformat() if times else None,
        "scam_types": dict(sorted(scams.items())),
        "timeline": dict(sorted(months.items())),
        "overlap": [identifier_json(o) for o in network.overlap],
        "report_keys": list(network.report_keys),
    }


def _group_numbers(network: Network) -> dict[Identifier, int]:
    return {m: k for k, g in enumerate(network.groups) for m in g.members}


def _core(network: Network) -> list[dict[str, Any]]:
    number = _group_numbers(network)
    return [{**identifier_json(c.identifier), "score": c.score, "why": c.why,
             "group": group_label(number[c.identifier]) if c.identifier in number else None,
             "parts": dict(c.parts)}
            for c in network.core_members[:CORE_SHOWN]]


def _groups(network: Network, graph: IdentifierGraph) -> list[dict[str, Any]]:
    number = _group_numbers(network)
    leaders: dict[int, list[dict[str, str]]] = {}
    phones: dict[int, Identifier] = {}
    for c in network.core_members:
        k = number.get(c.identifier)
        if k is None:
            continue
        if len(leaders.setdefault(k, [])) < GROUP_CORE_SHOWN:
            leaders[k].append(identifier_json(c.identifier))
        if c.identifier.kind is IdentifierKind.PHONE:
            phones.setdefault(k, c.identifier)
    out = []
    for k, g in enumerate(network.groups):
        profile = group_profile(graph, g.members, leading_phone=phones.get(k))
        out.append({"id": g.id, "label": group_label(k), "name": profile.name,
                    "size": len(g.members), "reports": profile.reports,
                    "scam_type": profile.scam_type, "base": profile.base,
                    "victims": profile.victims, "core": leaders.get(k, []),
                    "members": [identifier_json(m) for m in g.members]})
    return out
