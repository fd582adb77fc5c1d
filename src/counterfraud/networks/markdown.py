"""The network report as Markdown: the one document the CLI prints (as text with
``--markdown``, rendered in a terminal) and the API serves (``?format=markdown``).

Reads the dict of :func:`counterfraud.networks.report.network_report`, also as stored by
earlier versions (no ``display``, group names or score parts): what is missing is
worked out from the keys or left out.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from counterfraud.identifiers import Identifier, IdentifierKind, display_name
from counterfraud.networks.explain import kind_label, plural

__all__ = ["display_of", "format_amount", "format_losses", "report_markdown"]

_SPECIAL = re.compile(r"([\\*`<>\[\]|])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def _escaped(text: str) -> str:
    """Free text with the characters that would turn into Markdown escaped."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def format_amount(amount: str | Decimal, *, whole: bool = False) -> str:
    """``4456701.87`` -> ``4,456,701.87`` (the digits kept as they are); ``whole``:
    rounded to whole units (half up), ``4,456,702``."""
    try:
        value = Decimal(amount)
        if whole:
            value = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return f"{value:,}"
    except (InvalidOperation, ValueError):
        return str(amount)


def format_losses(loss_by_currency: dict[str, str]) -> str:
    """``CNY 4,456,701.87; THB 8,898,086.18``, or an empty string."""
    return "; ".join(f"{c} {format_amount(v)}" for c, v in sorted(loss_by_currency.items()))


def display_of(item: dict[str, Any]) -> str:
    """What people read for an identifier of a report (``display``, else worked out)."""
    shown = item.get("display")
    if isinstance(shown, str) and shown:
        return shown
    try:
        return display_name(Identifier(IdentifierKind(item["kind"]), str(item["value"])))
    except (KeyError, ValueError):
        return str(item.get("value", ""))


def _member(item: dict[str, Any]) -> str:
    """A person in bold by name, anything else as code."""
    shown = display_of(item)
    if item.get("kind") == "person":
        return f"**{_escaped(shown)}**"
    fence = "``" if "`" in shown else "`"
    return f"{fence}{shown}{fence}"


def _day(stamp: str | None) -> str:
    return stamp[:10] if stamp else "?"


def _table(rows: dict[str, Any], head: tuple[str, str], *, amounts: bool = False
           ) -> list[str]:
    if not rows:
        return ["none"]
    out = [f"| {head[0]} | {head[1]} |", "| --- | ---: |"]
    out += [f"| {_escaped(str(k))} | {format_amount(v) if amounts else f'{v:,}'} |"
            for k, v in rows.items()]
    return out


def _headline(report: dict[str, Any]) -> list[str]:
    agencies = report.get("agencies", {})
    reports = report.get("victims", {}).get("reports", 0)
    groups = report.get("groups", [])
    line = (f"**{plural(report.get('size', 0), 'identifier')}** in "
            f"{plural(len(groups), 'group')}, named in {plural(reports, 'report')} by "
            f"{plural(len(agencies), 'agency', 'agencies')}"
            + (f" ({', '.join(sorted(agencies))})" if agencies else "")
            + f"; first seen {_day(report.get('first_seen'))}, "
              f"last seen {_day(report.get('last_seen'))}.")
    losses = format_losses(report.get("loss_by_currency", {}))
    return [line, "", f"Losses: {losses}." if losses else "No losses reported."]


def _core_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for i, c in enumerate(report.get("core_members", []), 1):
        where = ", ".join(p for p in (kind_label(c.get("kind", "")), c.get("group")) if p)
        lines.append(f"{i}. {_member(c)} — {where}, score {c.get('score') or 0:.2f}: "
                     f"{_escaped(str(c.get('why', '')))}")
    return lines or ["none"]


def _group_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for g in report.get("groups", []):
        label = g.get("label") or str(g.get("id", "")).rsplit(".", 1)[-1]
        name = f" {_escaped(g['name'])}" if g.get("name") else ""
        text = f"- **{label}**{name}: {plural(g.get('size', 0), 'identifier')}"
        if "reports" in g:
            text += f" in {plural(g['reports'], 'report')}"
        if g.get("core"):
            text += f"; core: {', '.join(_member(m) for m in g['core'])}"
        lines.append(text)
    return lines or ["none"]


def report_markdown(report: dict[str, Any]) -> str:
    """Markdown of :func:`network_report`'s dict: headline (size, groups, reports,
    agencies, period, losses), core members numbered from 1, groups by name, victims,
    losses, agencies, scam types, timeline, members by kind, fraud-gambling overlap."""
    lines = [f"# Network {report.get('id', '?')}", "", *_headline(report), "",
             "## Core members", "",
             *([_escaped(report["ranking"]), ""] if report.get("ranking") else []),
             *_core_lines(report), "",
             "## Groups", "", *_group_lines(report), "",
             "## Victims", "",
             *_table(report.get("victims", {}).get("countries", {}),
                     ("victim country", "reports")), "",
             "## Losses", "",
             *_table(report.get("loss_by_currency", {}), ("currency", "total"),
                     amounts=True), "",
             "## Agencies", "", *_table(report.get("agencies", {}), ("agency", "reports")),
             "", "## Scam types", "",
             *_table(report.get("scam_types", {}), ("scam type", "reports")), "",
             "## Timeline", "", *_table(report.get("timeline", {}), ("month", "reports")),
             "", "## Members by kind", "",
             *_table({kind_label(k): len(v)
                      for k, v in report.get("members_by_kind", {}).items()},
                     ("kind", "members")), "",
             "## Fraud and gambling overlap", ""]
    lines += [f"- {kind_label(o.get('kind', ''))} {_member(o)}"
              for o in report.get("overlap", [])] or ["none"]
    return "\n".join(lines) + "\n"
