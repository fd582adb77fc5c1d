"""Our records as STIX 2.1 objects. Pure: the store hands in records already filtered
by the sharing policy; this module decides only their form.

Objects are plain dicts (building ``stix2`` objects costs several times more for a
50,000-report bundle); tests hold them to the OASIS validator and to ``stix2`` itself.
Every property comes from the records, so the same records give the same bytes.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counterfraud.domain import (
    Agency,
    BlocklistEntry,
    Confidence,
    EntryStatus,
    IdentifierKind,
    LinkType,
    Marking,
    MatchType,
    Report,
)
from counterfraud.identifiers import Identifier
from counterfraud.sharing.stix import (
    EXTENSION_ID,
    NAMESPACE,
    SPEC,
    TLP2_IDS,
    Dialect,
    agency_identity,
    agency_identity_id,
    bank_account_property,
    extension_definitions,
    marking_definition,
    observable,
    producer_identity,
    stable_id,
    timestamp,
)

CONFIDENCE = {Confidence.CONFIRMED: 85, Confidence.PREDICTED: 50}
RANK = {m: m.rank for m in Marking}
_ORDER = {"marking-definition": 0, "extension-definition": 1, "identity": 2,
          "report": 4, "relationship": 5, "indicator": 6}


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """A report and what the viewer may see of it: the report itself (``full``) and/or
    the identifiers it names (``sightings``; ``report.identifiers`` is empty without)."""

    report: Report
    created: datetime
    modified: datetime
    full: bool = True
    sightings: bool = True


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """A link as one agency's visible reports show it (``evidence``: their external ids)."""

    owner: str
    source: Identifier
    target: Identifier
    link_type: LinkType
    marking: Marking
    evidence: tuple[str, ...]
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    entry: BlocklistEntry
    marking: Marking
    modified: datetime


def report_id(agency: str, external_id: str) -> str:
    return stable_id("report", f"report:{agency}/{external_id}")


def indicator_id(entry: BlocklistEntry) -> str:
    return stable_id("indicator", f"blocklist:{entry.agency or ''}:{entry.kind.value}:"
                                  f"{entry.match.value}:{entry.value}")


class BundleBuilder:
    """Collects objects by id; an observable named by several reports is written once,
    marked with the least restrictive marking among them (each of those reports already
    discloses it at that level)."""

    def __init__(self, dialect: Dialect = Dialect.OPENCTI) -> None:
        self.dialect = dialect
        self.objects: dict[str, dict[str, Any]] = {}
        self.markings: set[Marking] = set()
        self._observable_marking: dict[str, Marking] = {}
        self._observables: dict[tuple[IdentifierKind, str], str] = {}  # -> object id
        self._links: dict[str, LinkRecord] = {}
        self._ends: dict[str, tuple[str, str]] = {}
        self.counts: dict[str, int] = {"report": 0, "indicator": 0, "relationship": 0}

    def add_agency(self, agency: Agency, *, created: datetime | None) -> None:
        identity = agency_identity(agency, created=created)
        self.objects.setdefault(identity["id"], identity)

    def add_report(self, record: ReportRecord) -> None:
        report = record.report
        refs: dict[str, list[str]] = {}
        for named in report.identifiers:
            object_id = self._observable(named.identifier)
            self._mark_observable(object_id, report.marking)
            refs.setdefault(object_id, []).append(named.role.value)
        if not record.full:
            return
        self.markings.add(report.marking)
        obj = _report_object(record, {ref: sorted(set(roles)) for ref, roles in refs.items()})
        self.objects[obj["id"]] = obj
        self.counts["report"] += 1

    def add_link(self, link: LinkRecord) -> None:
        source, target = self._observable(link.source), self._observable(link.target)
        key = stable_id("relationship", f"link:{link.owner}:{link.link_type.value}:"
                                        f"{source}:{target}")
        for object_id in (source, target):
            self._mark_observable(object_id, link.marking)
        known = self._links.get(key)
        self._links[key] = link if known is None else _merge_links(known, link)
        self._ends[key] = (source, target)

    def _observable(self, identifier: Identifier) -> str:
        """The id of the identifier's object, adding the object the first time."""
        key = (identifier.kind, identifier.value)
        object_id = self._observables.get(key)
        if object_id is None:
            obj = observable(identifier, self.dialect)
            object_id = obj["id"]
            self.objects.setdefault(object_id, obj)
            self._observables[key] = object_id
        return object_id

    def add_indicator(self, record: IndicatorRecord) -> None:
        obj = _indicator_object(record)
        if obj is not None:
            self.markings.add(record.marking)
            self.objects[obj["id"]] = obj
            self.counts["indicator"] += 1

    def _mark_observable(self, object_id: str, marking: Marking) -> None:
        known = self._observable_marking.get(object_id)
        if known is None or RANK[marking] < RANK[known]:
            self._observable_marking[object_id] = marking

    def bundle(self) -> dict[str, Any]:
        """The bundle, objects in a stable order; its id is derived from their ids and
        versions, so the same content always has the same bundle id."""
        for key, link in self._links.items():
            self.objects[key] = _relationship_object(key, link, self._ends[key])
            self.markings.add(link.marking)
        self.counts["relationship"] = len(self._links)
        for object_id, marking in self._observable_marking.items():
            self.markings.add(marking)
            self.objects[object_id]["object_marking_refs"] = [TLP2_IDS[marking]]
        for obj in (producer_identity(), *extension_definitions(),
                    *(marking_definition(m) for m in self.markings)):
            self.objects.setdefault(obj["id"], obj)
        ordered = sorted(self.objects.values(),
                         key=lambda o: (_ORDER.get(o["type"], 3), o["id"]))
        digest = hashlib.sha256("\n".join(
            f"{o['id']} {o.get('modified', '')} {o.get('object_marking_refs', '')}"
            for o in ordered).encode()).hexdigest()
        return {"type": "bundle", "id": f"bundle--{uuid.uuid5(NAMESPACE, digest)}",
                "objects": ordered}


def _report_object(record: ReportRecord, roles: dict[str, list[str]]) -> dict[str, Any]:
    report = record.report
    owner = agency_identity_id(report.agency)
    created, modified = timestamp(record.created), timestamp(max(record.created,
                                                                 record.modified))
    facts: dict[str, Any] = {"extension_type": "property-extension",
                             "external_id": report.report_id,
                             "scam_type": report.scam_type.value}
    if report.loss_amount is not None:
        facts["loss_amount"] = str(report.loss_amount)
    optional = {"loss_currency": report.loss_currency,
                "victim_country": report.victim_country,
                "occurred_at": timestamp(report.occurred_at) if report.occurred_at else None}
    facts.update({k: v for k, v in optional.items() if v is not None})
    if roles:
        facts["identifier_roles"] = roles
    obj: dict[str, Any] = {
        "type": "report", "spec_version": SPEC,
        "id": report_id(report.agency, report.report_id),
        "created": created, "modified": modified, "created_by_ref": owner,
        "name": f"{report.agency} victim report {report.report_id}",
        "published": timestamp(report.reported_at or record.created),
        "report_types": ["threat-report"], "labels": [report.scam_type.value],
        "object_refs": sorted(roles) or [owner],
        "object_marking_refs": [TLP2_IDS[report.marking]],
        "extensions": {EXTENSION_ID: facts},
    }
    if report.narrative:
        obj["description"] = report.narrative
    return obj


def _merge_links(a: LinkRecord, b: LinkRecord) -> LinkRecord:
    firsts = [t for t in (a.first_seen, b.first_seen) if t is not None]
    lasts = [t for t in (a.last_seen, b.last_seen) if t is not None]
    return LinkRecord(
        owner=a.owner, source=a.source, target=a.target, link_type=a.link_type,
        marking=a.marking if RANK[a.marking] <= RANK[b.marking] else b.marking,
        evidence=tuple(sorted(set(a.evidence) | set(b.evidence))),
        first_seen=min(firsts, default=None), last_seen=max(lasts, default=None))


def _relationship_object(key: str, link: LinkRecord, ends: tuple[str, str]) -> dict[str, Any]:
    resolves = (link.link_type is LinkType.HOSTED_ON
                and link.source.kind is IdentifierKind.DOMAIN
                and link.target.kind in (IdentifierKind.IP, IdentifierKind.CIDR))
    created = link.first_seen or link.last_seen
    return {
        "type": "relationship", "spec_version": SPEC, "id": key,
        "created": timestamp(created),
        "modified": timestamp(max(t for t in (created, link.last_seen) if t is not None)
                              if created else None),
        "relationship_type": "resolves-to" if resolves else "related-to",
        "source_ref": ends[0], "target_ref": ends[1],
        "created_by_ref": agency_identity_id(link.owner),
        "object_marking_refs": [TLP2_IDS[link.marking]],
        "extensions": {EXTENSION_ID: {"extension_type": "property-extension",
                                      "link_type": link.link_type.value,
                                      "evidence": sorted(set(link.evidence))}},
    }


def _indicator_object(record: IndicatorRecord) -> dict[str, Any] | None:
    entry = record.entry
    pattern = indicator_pattern(entry.kind, entry.value, entry.match)
    if pattern is None:
        return None
    created = entry.created_at or record.modified
    facts = {"extension_type": "property-extension", "kind": entry.kind.value,
             "value": entry.value, "match": entry.match.value,
             "source": entry.source.value, "confidence": entry.confidence.value,
             "status": entry.status.value}
    obj: dict[str, Any] = {
        "type": "indicator", "spec_version": SPEC, "id": indicator_id(entry),
        "created": timestamp(created), "modified": timestamp(max(created, record.modified)),
        "name": f"{entry.kind.value} {entry.value}", "indicator_types": ["malicious-activity"],
        "pattern": pattern, "pattern_type": "stix", "valid_from": timestamp(created),
        "confidence": CONFIDENCE[entry.confidence],
        "object_marking_refs": [TLP2_IDS[record.marking]],
        "extensions": {EXTENSION_ID: facts},
    }
    if entry.reason:
        obj["description"] = entry.reason
    if entry.agency:
        obj["created_by_ref"] = agency_identity_id(entry.agency)
    if entry.expires_at is not None and entry.expires_at > created:
        obj["valid_until"] = timestamp(entry.expires_at)
    if entry.status is EntryStatus.DELISTED:
        obj["revoked"] = True
    return obj


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def indicator_pattern(kind: IdentifierKind, value: str, match: MatchType) -> str | None:
    """The STIX pattern that matches what a blocklist entry blocks (None for persons)."""
    if kind is IdentifierKind.PERSON:
        return None
    if match is MatchType.PHONE_PREFIX:
        return f"[phone-number:value LIKE {_quote(value + '%')}]"
    if match is MatchType.DOMAIN_TREE:
        return (f"[domain-name:value = {_quote(value)} OR "
                f"domain-name:value LIKE {_quote('%.' + value)}]")
    return f"[{_comparison(kind, value, match)}]"


def _comparison(kind: IdentifierKind, value: str, match: MatchType) -> str:
    if kind is IdentifierKind.HANDLE:
        platform, _, login = value.partition(":")
        return (f"user-account:account_type = {_quote(platform)} AND "
                f"user-account:account_login = {_quote(login)}")
    if kind is IdentifierKind.BANK_ACCOUNT:
        return f"bank-account:{bank_account_property(value)} = {_quote(value)}"
    sco_type = observable(Identifier(kind, value))["type"]
    operator = "ISSUBSET" if kind is IdentifierKind.CIDR or match is MatchType.NETWORK else "="
    return f"{sco_type}:value {operator} {_quote(value)}"
