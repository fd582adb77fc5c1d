"""STIX 2.1 bundles read into our records. Pure: no I/O.

Reads our own bundles (reports, links and blocklist indicators in our property
extension) and those MISP and OpenCTI export: observables and simple indicator patterns
(``[type:prop = 'v']``, ``ISSUBSET`` for networks, ORs of them), MISP's
``x-misp-attribute``/``x-misp-object`` forms of phone numbers, bank accounts and wallets.
Any JSON is accepted: each object that cannot be read is named in ``skipped`` with the
reason, and never stops the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from counterfraud.domain import (
    Agency,
    IdentifierRole,
    LinkType,
    Marking,
    MatchType,
    Report,
    ReportIdentifier,
    ScamType,
    parse_agency_code,
    parse_country,
    parse_currency,
)
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, IdentifierKind, normalize
from counterfraud.sharing.stix import (
    EXTENSION_ID,
    KIND_BY_SCO_TYPE,
    marking_of_definition,
    misp_identifiers,
    parse_timestamp,
    raw_identifier,
)

UNMARKED = Marking.AMBER  # what unmarked foreign data is treated as: shared, not public
CONTAINERS = frozenset({"report", "grouping", "observed-data", "note", "opinion"})
READ_ONLY = frozenset({"marking-definition", "extension-definition", "language-content",
                       "relationship", "sighting", "identity"}) | CONTAINERS
_COMPARISON = re.compile(
    r"([a-z0-9-]+):([a-z_]+)\s+(=|ISSUBSET)\s+'((?:[^'\\]|\\.)*)'")
_ROLES = {r.value for r in IdentifierRole}
_MAX_AMOUNT = Decimal(10) ** 18  # what the store's loss column holds


@dataclass(frozen=True, slots=True)
class ImportedReport:
    report: Report
    created: datetime
    modified: datetime


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something a bundle says to block, with its owner and marking."""

    object_id: str
    kind: IdentifierKind
    value: str
    match: MatchType
    owner: str | None
    marking: Marking
    reason: str


@dataclass(frozen=True, slots=True)
class ImportedLink:
    owner: str
    source: Identifier
    target: Identifier
    link_type: LinkType
    evidence: tuple[str, ...]


@dataclass
class ImportPlan:
    agencies: dict[str, Agency] = field(default_factory=dict)
    reports: list[ImportedReport] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    links: list[ImportedLink] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)  # understood, no record of ours


def bundle_objects(bundle: Any, *, source: str) -> list[Any]:
    """The objects of a bundle, or InvalidInput naming ``source`` and why it is none."""
    if not isinstance(bundle, dict):
        raise InvalidInput(f"{source}: not a STIX bundle (a JSON object is expected, "
                           f"got {type(bundle).__name__})", field="type")
    if bundle.get("type") != "bundle":
        raise InvalidInput(f"{source}: not a STIX bundle (type is {bundle.get('type')!r}, "
                           "expected 'bundle')", field="type")
    objects = bundle.get("objects", [])
    if not isinstance(objects, list):
        raise InvalidInput(f"{source}: the bundle's objects must be a list", field="objects")
    return objects


def read_bundle(bundle: Any, *, source: str, default_agency: str | None = None) -> ImportPlan:
    return _Reader(bundle_objects(bundle, source=source), default_agency).read()


class _Reader:
    def __init__(self, objects: list[Any], default_agency: str | None) -> None:
        self.plan = ImportPlan()
        self.default = default_agency
        self.objects: dict[str, dict[str, Any]] = {}
        for n, obj in enumerate(objects):
            if isinstance(obj, dict) and isinstance(obj.get("type"), str) and isinstance(
                    obj.get("id"), str):
                self.objects[obj["id"]] = obj
            else:
                self.plan.skipped.append(f"object #{n}: not a STIX object (needs type and id)")
        self.markings = {i: m for i, o in self.objects.items()
                         if o["type"] == "marking-definition"
                         and (m := marking_of_definition(o)) is not None}
        self.owners: dict[str, str] = {}
        self.contained: dict[str, list[dict[str, Any]]] = {}
        self.identifiers: dict[str, Identifier | None] = {}
        self.ours = any(EXTENSION_ID in _extensions(o) for o in self.objects.values())

    def read(self) -> ImportPlan:
        for obj in self.objects.values():
            if obj["type"] == "identity":
                self._identity(obj)
            if obj["type"] in CONTAINERS and isinstance(obj.get("object_refs"), list):
                for ref in obj["object_refs"]:
                    if isinstance(ref, str):
                        self.contained.setdefault(ref, []).append(obj)
        referenced = set()
        for obj in self.objects.values():
            if obj["type"] == "report" and EXTENSION_ID in _extensions(obj):
                referenced.update(self._report(obj))
        for object_id, obj in self.objects.items():
            self._other(object_id, obj, referenced)
        return self.plan

    # -- owners and markings ------------------------------------------------------------

    def _identity(self, obj: dict[str, Any]) -> None:
        facts = _extensions(obj).get(EXTENSION_ID)
        if not isinstance(facts, dict):
            return
        try:
            code = parse_agency_code(str(facts.get("agency_code", "")))
            country = parse_country(str(facts.get("country", "")))
        except InvalidInput as e:
            self.plan.skipped.append(f"{obj['id']}: {e} (field {e.field})")
            return
        name = obj.get("name") if isinstance(obj.get("name"), str) and obj["name"].strip() else code
        self.plan.agencies[code] = Agency(code, country, str(name).strip()[:200])
        self.owners[obj["id"]] = code

    def owner(self, obj: dict[str, Any]) -> str | None:
        ref = obj.get("created_by_ref")
        if isinstance(ref, str) and ref in self.owners:
            return self.owners[ref]
        return self.default

    def marking(self, obj: dict[str, Any]) -> Marking:
        """The object's own TLP marking, else its containers', else UNMARKED; with
        several, the most restrictive wins."""
        found = self._own_markings(obj)
        if not found:
            found = [m for c in self.contained.get(obj["id"], []) for m in self._own_markings(c)]
        return max(found, key=lambda m: m.rank) if found else UNMARKED

    def _own_markings(self, obj: dict[str, Any]) -> list[Marking]:
        refs = obj.get("object_marking_refs")
        return [self.markings[r] for r in refs if isinstance(r, str) and r in self.markings] \
            if isinstance(refs, list) else []

    # -- identifiers --------------------------------------------------------------------

    def identifier(self, object_id: str) -> Identifier | None:
        """The identifier an observable names (normalised), None when it names none; an
        invalid value is reported once in ``skipped``."""
        if object_id in self.identifiers:
            return self.identifiers[object_id]
        obj = self.objects.get(object_id)
        found = raw_identifier(obj) if obj is not None else None
        result = self._normalized(object_id, *found) if found else None
        self.identifiers[object_id] = result
        return result

    def _normalized(self, object_id: str, kind: IdentifierKind, raw: str) -> Identifier | None:
        try:
            return normalize(kind, raw)
        except InvalidInput as e:
            self.plan.skipped.append(f"{object_id}: {e}")
            return None

    # -- our reports --------------------------------------------------------------------

    def _report(self, obj: dict[str, Any]) -> list[str]:
        owner = self.owners.get(str(obj.get("created_by_ref")))
        if owner is None:
            self.plan.skipped.append(f"{obj['id']}: created_by_ref names no agency identity "
                                     "in the bundle (field created_by_ref)")
            return []
        facts = _extensions(obj)[EXTENSION_ID]
        try:
            report = self._report_fields(obj, facts if isinstance(facts, dict) else {}, owner)
        except InvalidInput as e:
            self.plan.skipped.append(f"{obj['id']}: {e} (field {e.field})")
            return []
        created = parse_timestamp(obj.get("created"))
        modified = parse_timestamp(obj.get("modified")) or created
        if created is None or modified is None:
            self.plan.skipped.append(f"{obj['id']}: created/modified missing or unreadable "
                                     "(field modified)")
            return []
        self.plan.reports.append(ImportedReport(report, created, modified))
        return [r for r in _list(obj, "object_refs") if isinstance(r, str)]

    def _report_fields(self, obj: dict[str, Any], facts: dict[str, Any], owner: str) -> Report:
        external = facts.get("external_id")
        if not isinstance(external, str) or not external.strip() or len(external) > 128:
            raise InvalidInput("the report needs an external_id of 1 to 128 characters",
                               field="external_id")
        roles = _dict(facts, "identifier_roles")
        named = []
        for ref in _list(obj, "object_refs"):
            identifier = self.identifier(ref) if isinstance(ref, str) else None
            if identifier is None:
                continue
            wanted = _list(roles, ref)
            kept = [r for r in wanted if isinstance(r, str) and r in _ROLES]
            for role in kept or [IdentifierRole.MENTIONED.value]:
                named.append(ReportIdentifier(identifier, IdentifierRole(role)))
        return Report(
            agency=owner, report_id=external.strip(),
            reported_at=parse_timestamp(obj.get("published")),
            occurred_at=parse_timestamp(facts.get("occurred_at")),
            scam_type=ScamType.parse(str(facts.get("scam_type", "other"))),
            narrative=obj["description"] if isinstance(obj.get("description"), str) else "",
            loss_amount=_amount(facts.get("loss_amount")),
            loss_currency=parse_currency(facts["loss_currency"])
            if isinstance(facts.get("loss_currency"), str) else None,
            victim_country=parse_country(facts["victim_country"], field_name="victim_country")
            if isinstance(facts.get("victim_country"), str) else None,
            marking=self.marking(obj), identifiers=named)

    # -- everything else ----------------------------------------------------------------

    def _other(self, object_id: str, obj: dict[str, Any], referenced: set[str]) -> None:
        object_type = obj["type"]
        if object_type == "indicator":
            self._indicator(obj)
        elif object_type == "relationship" and EXTENSION_ID in _extensions(obj):
            self._link(obj)
        elif object_type in ("x-misp-attribute", "x-misp-object"):
            self._misp(obj, referenced)
        elif object_type in KIND_BY_SCO_TYPE or (
                object_type == "identity" and obj.get("identity_class") == "individual"):
            identifier = self.identifier(object_id)
            if identifier is not None and object_id not in referenced:
                self._standalone(obj, identifier)
        elif object_type in READ_ONLY:
            self.plan.read[object_type] = self.plan.read.get(object_type, 0) + 1
        else:
            self.plan.skipped.append(f"{object_id}: type {object_type} is not imported")

    def _standalone(self, obj: dict[str, Any], identifier: Identifier) -> None:
        self.plan.identifiers.append(identifier)
        if not self.ours:
            self._candidate(obj, identifier.kind, identifier.value, MatchType.EXACT,
                            f"{obj['type']} in an imported STIX bundle")

    def _candidate(self, obj: dict[str, Any], kind: IdentifierKind, value: str,
                   match: MatchType, reason: str) -> None:
        self.plan.candidates.append(Candidate(obj["id"], kind, value, match, self.owner(obj),
                                              self.marking(obj), reason))

    def _indicator(self, obj: dict[str, Any]) -> None:
        if obj.get("revoked") is True:
            self.plan.skipped.append(f"{obj['id']}: revoked by its producer")
            return
        facts = _extensions(obj).get(EXTENSION_ID)
        reason = obj.get("description") if isinstance(obj.get("description"), str) else ""
        reason = reason or f"indicator {obj.get('name') or obj['id']} in an imported STIX bundle"
        if isinstance(facts, dict) and isinstance(facts.get("value"), str):
            try:
                kind = IdentifierKind(str(facts.get("kind")))
                match = MatchType(str(facts.get("match")))
            except ValueError:
                self.plan.skipped.append(f"{obj['id']}: unknown kind or match (field kind)")
                return
            self._candidate(obj, kind, facts["value"], match, reason)
            return
        for kind, raw, match in self._pattern(obj):
            identifier = self._normalized(obj["id"], kind, raw)
            if identifier is not None:
                self.plan.identifiers.append(identifier)
                self._candidate(obj, identifier.kind, identifier.value, match, reason)

    def _pattern(self, obj: dict[str, Any]) -> list[tuple[IdentifierKind, str, MatchType]]:
        pattern = obj.get("pattern")
        if obj.get("pattern_type", "stix") != "stix" or not isinstance(pattern, str):
            self.plan.skipped.append(f"{obj['id']}: not a STIX pattern (field pattern_type)")
            return []
        found = list(_COMPARISON.finditer(pattern))
        rest = _COMPARISON.sub("", pattern).replace("OR", "").strip(" []()\t\n")
        if not found or rest:
            self.plan.skipped.append(f"{obj['id']}: pattern {pattern[:200]!r} is not one "
                                     "comparison or an OR of them (field pattern)")
            return []
        out = []
        for m in found:
            object_type, prop, op, value = m.groups()
            kind = KIND_BY_SCO_TYPE.get(object_type)
            usable = kind is not None and prop in ("value", "iban", "account_number") and (
                kind is not IdentifierKind.HANDLE)
            if not usable or kind is None:
                self.plan.skipped.append(f"{obj['id']}: {object_type}:{prop} in the pattern "
                                         "names no identifier we keep (field pattern)")
                continue
            value = value.replace("\\'", "'").replace("\\\\", "\\")
            network = op == "ISSUBSET" or (kind is IdentifierKind.IP and "/" in value)
            out.append((IdentifierKind.CIDR, value, MatchType.NETWORK) if network
                       else (kind, value, MatchType.EXACT))
        return out

    def _misp(self, obj: dict[str, Any], referenced: set[str]) -> None:
        found = misp_identifiers(obj)
        if not found:
            self.plan.skipped.append(f"{obj['id']}: no MISP attribute of a type we keep")
        if obj["id"] in referenced:
            return
        for kind, value in found:
            identifier = self._normalized(obj["id"], kind, value)
            if identifier is not None:
                self._standalone(obj, identifier)

    def _link(self, obj: dict[str, Any]) -> None:
        owner = self.owners.get(str(obj.get("created_by_ref")))
        source = self.identifier(str(obj.get("source_ref")))
        target = self.identifier(str(obj.get("target_ref")))
        try:
            link_type = LinkType(str(_dict(obj["extensions"], EXTENSION_ID).get("link_type")))
        except ValueError:
            link_type = None
        if owner is None or source is None or target is None or link_type is None:
            self.plan.skipped.append(f"{obj['id']}: link without owner, ends or link_type "
                                     "(field link_type)")
            return
        evidence = _list(_dict(obj["extensions"], EXTENSION_ID), "evidence")
        self.plan.links.append(ImportedLink(owner, source, target, link_type,
                                            tuple(e for e in evidence if isinstance(e, str))))


def _list(obj: dict[str, Any], key: str) -> list[Any]:
    found = obj.get(key)
    return found if isinstance(found, list) else []


def _dict(obj: dict[str, Any], key: str) -> dict[str, Any]:
    found = obj.get(key)
    return found if isinstance(found, dict) else {}


def _extensions(obj: dict[str, Any]) -> dict[str, Any]:
    found = obj.get("extensions")
    return found if isinstance(found, dict) else {}


def _amount(raw: object) -> Decimal | None:
    if raw is None:
        return None
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        raise InvalidInput(f"loss_amount {raw!r} is not a number", field="loss_amount") from None
    if not amount.is_finite() or amount < 0 or amount >= _MAX_AMOUNT:
        raise InvalidInput(f"loss_amount {raw!r} must be a positive number below 10^18",
                           field="loss_amount")
    return amount
