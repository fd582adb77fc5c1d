"""Blocklist feeds for the parties that enforce blocks: CSV, JSON, a DNS Response Policy
Zone, a hosts file, and JSON deltas since a version (banks and telcos pull every few
minutes and apply only what changed).

CSV is what people open in spreadsheets, so no cell of it may start a formula
(:func:`spreadsheet_safe`); machines that need values byte for byte read JSON."""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum

from counterfraud.domain import BlocklistEntry, EntryStatus, IdentifierKind, MatchType
from counterfraud.errors import InvalidInput

CSV_COLUMNS = ("id", "kind", "value", "match", "confidence", "source", "status", "agency",
               "network_id", "reason", "report_ids", "expires_at")
RPZ_TTL = 300
# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


class FeedFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    RPZ = "rpz"
    HOSTS = "hosts"

    @classmethod
    def parse(cls, raw: str) -> FeedFormat:
        try:
            return cls(raw.strip().lower())
        except ValueError:
            known = ", ".join(f.value for f in cls)
            raise InvalidInput(f"unknown feed format {raw!r}; known: {known}",
                               field="format") from None


def render(entries: Sequence[BlocklistEntry], fmt: FeedFormat, *, version: int,
           since: int | None = None, zone: str = "rpz.counterfraud",
           now: datetime | None = None) -> str:
    """The feed text. With ``since``, ``entries`` are the changes after that version and
    JSON/CSV carry removals too; RPZ and hosts always describe the active set."""
    now = now or datetime.now(UTC)
    if fmt is FeedFormat.CSV:
        return _csv(entries)
    if fmt is FeedFormat.JSON:
        return _json(entries, version=version, since=since, now=now)
    active = [e for e in entries if e.status is EntryStatus.ACTIVE]
    if fmt is FeedFormat.RPZ:
        return _rpz(active, version=version, zone=zone)
    return _hosts(active, version=version, now=now)


def spreadsheet_safe(cell: object) -> str:
    """``cell`` as text a spreadsheet shows and never evaluates: one starting with
    ``= + - @``, a tab or a carriage return gets a leading single quote (the OWASP rule).
    A plain signed number (a phone number such as ``+8613800138000``) is left as it is: it
    cannot hold a formula, and the quote would change the number people look up."""
    text = str(cell)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv(entries: Sequence[BlocklistEntry]) -> str:
    """RFC 4180 CSV. Its CRLF line ends also make the writer quote a cell holding a lone
    carriage return, which would otherwise end the row in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        row = e.as_dict()
        row["report_ids"] = ";".join(e.report_ids)
        writer.writerow([spreadsheet_safe("" if row[c] is None else row[c])
                         for c in CSV_COLUMNS])
    return out.getvalue()


def _json(entries: Sequence[BlocklistEntry], *, version: int, since: int | None,
          now: datetime) -> str:
    body: dict[str, object] = {"version": version, "generated_at": now.isoformat()}
    if since is None:
        body["entries"] = [e.as_dict() for e in entries]
    else:
        body["since"] = since
        body["added"] = [e.as_dict() for e in entries if e.status is EntryStatus.ACTIVE]
        body["removed"] = [{"id": e.id, "kind": e.kind.value, "value": e.value,
                            "match": e.match.value, "status": e.status.value}
                           for e in entries if e.status is not EntryStatus.ACTIVE]
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _rpz(entries: Sequence[BlocklistEntry], *, version: int, zone: str) -> str:
    """RFC-style RPZ: ``CNAME .`` answers NXDOMAIN; domain trees get a wildcard too;
    IPs and networks become ``rpz-ip`` triggers on answers."""
    lines = [f"$TTL {RPZ_TTL}",
             f"@ IN SOA localhost. hostmaster.localhost. {version} 300 60 604800 {RPZ_TTL}",
             "@ IN NS localhost."]
    for e in sorted(entries, key=lambda e: (e.kind, e.value)):
        if e.kind is IdentifierKind.DOMAIN:
            lines.append(f"{e.value} CNAME .")
            if e.match is MatchType.DOMAIN_TREE:
                lines.append(f"*.{e.value} CNAME .")
        elif e.kind in (IdentifierKind.IP, IdentifierKind.CIDR):
            lines.append(f"{_rpz_ip(e.value)}.rpz-ip CNAME .")
    return "\n".join(lines) + "\n"


def _rpz_ip(value: str) -> str:
    network = ipaddress.ip_network(value, strict=False)
    if network.version == 4:
        labels = str(network.network_address).split(".")[::-1]
    else:
        labels = network.network_address.exploded.split(":")[::-1]
        labels = [label.lstrip("0") or "0" for label in labels]
    return ".".join([str(network.prefixlen), *labels])


def _hosts(entries: Sequence[BlocklistEntry], *, version: int, now: datetime) -> str:
    """hosts files cannot express subdomains or IPs: only the listed domains go in."""
    lines = [f"# counterfraud blocklist version {version}, {now.isoformat()}"]
    lines += [f"0.0.0.0 {e.value}" for e in sorted(entries, key=lambda e: e.value)
              if e.kind is IdentifierKind.DOMAIN]
    return "\n".join(lines) + "\n"
