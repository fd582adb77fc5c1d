"""What an analyst hands over about one network: a JSON-ready dict and its Markdown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from counterfraud.networks.graph import IdentifierGraph
from counterfraud.networks.model import Network

__all__ = ["network_report", "report_markdown"]

CORE_SHOWN = 20  # the ranking covers every member; a report shows its head


def network_report(network: Network, graph: IdentifierGraph) -> dict[str, Any]:
    """Members by kind, core (the first ``CORE_SHOWN`` of the ranking), groups, victims,
    losses, agencies, time line, overlap."""
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
            countries[r.victim_country] = countries.get(r.victim_country, 0) + 1
        agencies[r.agency] = agencies.get(r.agency, 0) + 1
        scams[r.scam_type.value] = scams.get(r.scam_type.value, 0) + 1
        if r.reported_at is not None:
            month = r.reported_at.strftime("%Y-%m")
            months[month] = months.get(month, 0) + 1
    times = sorted(r.reported_at for r in facts if r.reported_at is not None)
    return {
        "id": network.id,
        "size": len(network.members),
        "members_by_kind": {k: sorted(v) for k, v in sorted(members.items())},
        "core_members": [{"kind": c.identifier.kind.value, "value": c.identifier.value,
                          "score": c.score, "why": c.why}
                         for c in network.core_members[:CORE_SHOWN]],
        "groups": [{"id": g.id, "size": len(g.members),
                    "members": [{"kind": m.kind.value, "value": m.value} for m in g.members]}
                   for g in network.groups],
        "victims": {"reports": len(facts), "countries": dict(sorted(countries.items()))},
        "loss_by_currency": {c: str(v) for c, v in sorted(loss.items())},
        "agencies": dict(sorted(agencies.items())),
        "countries": sorted({a.split("-")[0] for a in agencies} | set(countries)),
        "first_seen": times[0].isoformat() if times else None,
        "last_seen": times[-1].isoformat() if times else None,
        "scam_types": dict(sorted(scams.items())),
        "timeline": dict(sorted(months.items())),
        "overlap": [{"kind": o.kind.value, "value": o.value} for o in network.overlap],
        "report_keys": list(network.report_keys),
    }


def _table(rows: dict[str, Any], head: tuple[str, str]) -> list[str]:
    out = [f"| {head[0]} | {head[1]} |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in rows.items()]
    return out


def report_markdown(report: dict[str, Any]) -> str:
    """Markdown of :func:`network_report`'s dict."""
    lines = [f"# Network {report['id']}", "",
             f"{report['size']} identifiers in {report['victims']['reports']} reports; "
             f"first seen {report['first_seen'] or '?'}, last seen {report['last_seen'] or '?'}.",
             "", "## Core members", ""]
    for i, c in enumerate(report["core_members"], 1):
        lines.append(f"{i}. `{c['kind']}` {c['value']} (score {c['score']}): {c['why']}")
    lines += ["", "## Groups", ""]
    lines += [f"- {g['id']}: {g['size']} identifiers" for g in report["groups"]]
    lines += ["", "## Members by kind", ""]
    lines += [f"- {k}: {len(v)}" for k, v in report["members_by_kind"].items()]
    lines += ["", "## Victims", ""]
    lines += _table(report["victims"]["countries"], ("victim country", "reports"))
    lines += ["", "## Losses", ""]
    lines += _table(report["loss_by_currency"], ("currency", "total"))
    lines += ["", "## Agencies", ""]
    lines += _table(report["agencies"], ("agency", "reports"))
    lines += ["", "## Scam types", ""]
    lines += _table(report["scam_types"], ("scam type", "reports"))
    lines += ["", "## Timeline", ""]
    lines += _table(report["timeline"], ("month", "reports"))
    lines += ["", "## Fraud and gambling overlap", ""]
    lines += [f"- `{o['kind']}` {o['value']}" for o in report["overlap"]] or ["- none"]
    return "\n".join(lines) + "\n"
