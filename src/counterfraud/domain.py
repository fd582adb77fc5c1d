"""Core types of counterfraud. Pure: no I/O, no database, no settings.

Controlled vocabularies (markings, scam types, roles) are enums validated here and
nowhere else; every other layer passes the enum members around.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

import phonenumbers

from counterfraud.errors import InvalidInput
from counterfraud.identifiers.types import Identifier, IdentifierKind

__all__ = [
    "EARLIEST_REPORT_TIME",
    "MAX_LOSS_AMOUNT",
    "OPERATOR",
    "Agency",
    "AgencyKind",
    "Agreement",
    "ApiRole",
    "Identifier",
    "IdentifierKind",
    "IdentifierLookup",
    "IdentifierRole",
    "LegalBasis",
    "Link",
    "LinkType",
    "LinkedIdentifier",
    "Marking",
    "RecordType",
    "Report",
    "ReportIdentifier",
    "ScamType",
    "Statistics",
    "Viewer",
    "parse_amount",
    "parse_report_time",
]


class Marking(StrEnum):
    """Traffic Light Protocol 2.0, in order from most to least shareable."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"

    @classmethod
    def parse(cls, raw: str) -> Marking:
        """Read ``TLP:AMBER+STRICT``, ``amber+strict`` or ``tlp:red`` (case-insensitive)."""
        text = raw.strip().upper().replace(" ", "")
        if not text.startswith("TLP:"):
            text = "TLP:" + text
        if text == "TLP:WHITE":  # TLP 1.0 name still common in feeds
            text = "TLP:CLEAR"
        try:
            return cls(text)
        except ValueError:
            known = ", ".join(m.value for m in cls)
            raise InvalidInput(f"unknown marking {raw!r}; known: {known}",
                               field="marking") from None

    @property
    def rank(self) -> int:
        """0 for CLEAR up to 4 for RED: higher is more restricted."""
        return list(Marking).index(self)


class ScamType(StrEnum):
    INVESTMENT = "investment"  # including "pig butchering"
    ROMANCE = "romance"
    IMPERSONATION = "impersonation"  # police, officials
    CUSTOMER_SERVICE = "customer_service"  # refunds
    TASK_JOB = "task_job"  # part-time tasks
    LOAN = "loan"
    SHOPPING = "shopping"
    PRIZE = "prize"
    SEXTORTION = "sextortion"
    GAMBLING = "gambling"  # illegal online gambling
    KIDNAPPING_RANSOM = "kidnapping_ransom"
    JOB_LURE = "job_lure"  # recruitment into compounds, trafficking
    OTHER = "other"

    @classmethod
    def parse(cls, raw: str) -> ScamType:
        text = raw.strip().lower().replace("-", "_").replace(" ", "_")
        aliases = {"pig_butchering": "investment", "refund": "customer_service",
                   "kidnapping": "kidnapping_ransom", "ransom": "kidnapping_ransom"}
        try:
            return cls(aliases.get(text, text))
        except ValueError:
            known = ", ".join(s.value for s in cls)
            raise InvalidInput(f"unknown scam type {raw!r}; known: {known}",
                               field="scam_type") from None


class IdentifierRole(StrEnum):
    """What an identifier was to the victim in one report."""

    CONTACTED_FROM = "contacted_from"
    PAID_TO = "paid_to"
    WEBSITE = "website"
    RECRUITER = "recruiter"
    SUSPECT = "suspect"
    VICTIM = "victim"
    MENTIONED = "mentioned"


class LinkType(StrEnum):
    CO_REPORTED = "co_reported"  # seen together in one report
    HOSTED_ON = "hosted_on"  # url -> its domain, domain -> ip
    MONEY_FLOW = "money_flow"  # account/wallet -> account/wallet
    USES = "uses"  # person -> identifier, handle <-> phone


class ApiRole(StrEnum):
    ADMIN = "admin"  # everything, including agencies and keys
    ANALYST = "analyst"  # reports, lookups, statistics
    OPERATOR = "operator"  # lookups and screening for telcos and banks


_AGENCY_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,16}$")
# ISO 3166-1 alpha-2 as libphonenumber keeps it (every country and territory with phone
# numbers, plus XK for Kosovo and the reserved AC and TA), and the uninhabited
# territories it has no numbering plan for.
COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS) | {"AQ", "BV", "GS", "HM", "PN",
                                                         "TF", "UM"}
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def parse_agency_code(raw: str) -> str:
    """Agency codes are ``CC-NAME``: an ISO country code, a dash, 2-16 letters/digits."""
    code = raw.strip().upper()
    if not _AGENCY_CODE.match(code):
        raise InvalidInput(f"agency code {raw!r} must look like CN-MPS (country, dash, name)",
                           field="agency")
    return code


def parse_country(raw: str, *, field_name: str = "country") -> str:
    """An ISO 3166-1 alpha-2 code of an existing country or territory (see COUNTRIES)."""
    code = raw.strip().upper()
    if code not in COUNTRIES:
        raise InvalidInput(f"{field_name} {raw!r} is not an ISO 3166-1 alpha-2 country code "
                           "(like TH, CN, LA, MM)", field=field_name)
    return code


def parse_time(raw: str, *, field_name: str) -> datetime:
    """An ISO 8601 date or time; one without a zone is read as UTC."""
    try:
        parsed = datetime.fromisoformat(raw.strip())
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except ValueError:
        raise InvalidInput(f"{field_name} {raw!r} is not an ISO 8601 date or time",
                           field=field_name) from None
    except OverflowError:  # 0001-01-01T00:00+01:00 is in year 0 in UTC
        raise InvalidInput(f"{field_name} {raw!r} is out of range",
                           field=field_name) from None


# Online fraud reports cannot be older than the web; earlier dates are typing errors
# (year 0001, a spreadsheet's 1900). A day ahead allows for clocks and time zones.
EARLIEST_REPORT_TIME = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)


def parse_report_time(raw: str, *, field_name: str, now: datetime | None = None) -> datetime:
    """When something about a report happened: an ISO 8601 date or time (UTC when no
    zone is given) from :data:`EARLIEST_REPORT_TIME` to a day after ``now`` (default:
    the clock). Raises InvalidInput naming ``field_name``; the message omits the name."""
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(f"{raw!r} is not an ISO 8601 date or time",
                           field=field_name) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    # compared before moving to UTC, which overflows at the ends of the calendar
    if parsed < EARLIEST_REPORT_TIME:
        raise InvalidInput(f"{raw!r} is before {EARLIEST_REPORT_TIME.date().isoformat()}",
                           field=field_name)
    if parsed > (now or datetime.now(UTC)) + FUTURE_TOLERANCE:
        raise InvalidInput(f"{raw!r} is in the future (more than a day from now)",
                           field=field_name)
    return parsed.astimezone(UTC)


# SQLite keeps NUMERIC amounts as binary floating point, exact to 15 significant digits:
# below 10^13 with cents, every store gives back the amount it was given.
MAX_LOSS_AMOUNT = Decimal(10) ** 13
_CENT = Decimal("0.01")
_AMOUNT = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")


def parse_amount(raw: str, *, field_name: str = "loss_amount") -> Decimal:
    """A money amount: ``1500``, ``1500.50`` or ``1,500.50``; ASCII digits, at least 0,
    below :data:`MAX_LOSS_AMOUNT`, at most two decimal places (trailing zeros aside).
    Returned with exactly two decimal places. Raises InvalidInput naming ``field_name``;
    the message omits the name."""
    text = raw.strip()
    if text.startswith("-"):
        raise InvalidInput(f"{raw!r} is negative", field=field_name)
    if not _AMOUNT.match(text):
        raise InvalidInput(f"{raw!r} is not an amount like 1500 or 1,500.00",
                           field=field_name)
    amount = Decimal(text.replace(",", ""))
    if amount >= MAX_LOSS_AMOUNT:
        raise InvalidInput(f"{raw!r} is too large: amounts are below 10,000,000,000,000 "
                           "(10^13)", field=field_name)
    cents = amount.quantize(_CENT)
    if cents != amount:
        raise InvalidInput(f"{raw!r} has fractions of cents: at most two decimal places",
                           field=field_name)
    return cents


def parse_currency(raw: str) -> str:
    code = raw.strip().upper()
    if not _CURRENCY.match(code):
        raise InvalidInput(f"currency {raw!r} is not an ISO 4217 code", field="loss_currency")
    return code


class AgencyKind(StrEnum):
    """What an agency is to this instance: police, regulators and operators, or a bank or
    exchange that answers freeze requests (its keys see the freeze queue addressed to it)."""

    AGENCY = "agency"
    BANK = "bank"

    @classmethod
    def parse(cls, raw: str) -> AgencyKind:
        try:
            return cls(raw.strip().lower())
        except (ValueError, AttributeError):
            known = ", ".join(k.value for k in cls)
            raise InvalidInput(f"unknown agency kind {raw!r}; known: {known}",
                               field="kind") from None


@dataclass(frozen=True, slots=True)
class Agency:
    code: str
    country: str
    name: str
    kind: AgencyKind = AgencyKind.AGENCY


@dataclass(frozen=True, slots=True)
class ReportIdentifier:
    identifier: Identifier
    role: IdentifierRole = IdentifierRole.MENTIONED


@dataclass(frozen=True, slots=True)
class RejectedValue:
    """A value of a report's identifier field that could not be read: kept as it was
    written, with the reason, so that an analyst sees it and the report is not lost."""

    field: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "value": self.value, "reason": self.reason}


@dataclass(slots=True)
class Report:
    """A victim's report as one agency recorded it; (agency, report_id) is its key.
    ``rejected_values`` holds the identifier values that could not be read."""

    agency: str
    report_id: str
    reported_at: datetime | None = None
    occurred_at: datetime | None = None
    scam_type: ScamType = ScamType.OTHER
    narrative: str = ""
    loss_amount: Decimal | None = None
    loss_currency: str | None = None
    victim_country: str | None = None
    marking: Marking = Marking.AMBER
    identifiers: list[ReportIdentifier] = field(default_factory=list)
    rejected_values: list[RejectedValue] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "report_id": self.report_id,
            "reported_at": self.reported_at.isoformat() if self.reported_at else None,
            "occurred_at": self.occurred_at.isoformat() if self.occurred_at else None,
            "scam_type": self.scam_type.value,
            "narrative": self.narrative,
            "loss_amount": str(self.loss_amount) if self.loss_amount is not None else None,
            "loss_currency": self.loss_currency,
            "victim_country": self.victim_country,
            "marking": self.marking.value,
            "identifiers": [{**ri.identifier.as_dict(), "role": ri.role.value}
                            for ri in self.identifiers],
            "rejected_values": [v.as_dict() for v in self.rejected_values],
        }


@dataclass(frozen=True, slots=True)
class Link:
    """Two identifiers tied together, with the reports that show it."""

    source: Identifier
    target: Identifier
    link_type: LinkType
    evidence: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is reading: an agency with a role, or ``agency=None`` for the local operator
    of this instance (the CLI on the server), who sees every record it holds."""

    agency: str | None
    role: ApiRole = ApiRole.ADMIN


OPERATOR = Viewer(agency=None)  # the local operator: the instance's own engines and console


@dataclass(frozen=True, slots=True)
class LinkedIdentifier:
    identifier: Identifier
    reports: int  # visible reports that mention both
    link_types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IdentifierLookup:
    """What the records a viewer may see say about one identifier."""

    identifier: Identifier
    known: bool
    reports: int = 0
    agencies: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    scam_types: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    linked: tuple[LinkedIdentifier, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.identifier.as_dict(),
            "known": self.known,
            "reports": self.reports,
            "agencies": list(self.agencies),
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "scam_types": dict(self.scam_types),
            "roles": dict(self.roles),
            "linked": [{"kind": li.identifier.kind.value, "value": li.identifier.value,
                        "reports": li.reports, "link_types": list(li.link_types)}
                       for li in self.linked],
        }


@dataclass(frozen=True, slots=True)
class Statistics:
    """The figures a ministry publishes, over the records the viewer may see."""

    reports: int
    by_scam_type: dict[str, int]
    by_agency: dict[str, int]
    by_victim_country: dict[str, int]
    loss_by_currency: dict[str, str]
    identifiers_by_kind: dict[str, int]
    kidnapping_ransom_cases: int
    job_lure_cases: int

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


# --- Interception vocabulary (shared by screening, store, services, API) -------------


class EntrySource(StrEnum):
    """Where a blocklist entry came from."""

    REPORTS = "reports"  # victims' reports name it
    NETWORK = "network"  # a dismantled network holds it
    MANUAL = "manual"  # an analyst added it
    FEED = "feed"  # an imported feed (STIX, partner, public list)


class Confidence(StrEnum):
    """Kept apart, as the Global Signal Exchange does: a model's guess never counts as fact."""

    CONFIRMED = "confirmed"  # backed by reports or an analyst
    PREDICTED = "predicted"  # from a model


class EntryStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    DELISTED = "delisted"


class MatchType(StrEnum):
    """How an entry matches: one value, everything under a phone prefix, a CIDR network,
    or a domain with all its subdomains."""

    EXACT = "exact"
    PHONE_PREFIX = "phone_prefix"  # value "+8617012" covers +8617012xxxxx
    NETWORK = "network"  # value is a CIDR, covers every address in it
    DOMAIN_TREE = "domain_tree"  # value is a domain, covers it and its subdomains


class Decision(StrEnum):
    ALLOW = "allow"
    WARN = "warn"
    BLOCK = "block"

    @property
    def severity(self) -> int:
        return list(Decision).index(self)


class Channel(StrEnum):
    MESSAGE = "message"  # SMS, chat messages
    CALL = "call"
    URL = "url"  # a URL, domain or IP on its own


@dataclass(frozen=True, slots=True)
class BlocklistEntry:
    """One thing to block, with its provenance. ``value`` is canonical for ``kind``
    (an E.164 prefix such as ``+8617012`` for PHONE_PREFIX, a CIDR for NETWORK)."""

    id: int
    kind: IdentifierKind
    value: str
    match: MatchType = MatchType.EXACT
    source: EntrySource = EntrySource.MANUAL
    confidence: Confidence = Confidence.CONFIRMED
    status: EntryStatus = EntryStatus.ACTIVE
    agency: str | None = None
    reason: str = ""
    added_by: str = ""
    report_ids: tuple[str, ...] = ()
    network_id: str | None = None
    created_at: datetime | None = None
    expires_at: datetime | None = None
    marking: Marking = Marking.GREEN

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind.value, "value": self.value,
            "marking": self.marking.value,
            "match": self.match.value, "source": self.source.value,
            "confidence": self.confidence.value, "status": self.status.value,
            "agency": self.agency, "reason": self.reason, "added_by": self.added_by,
            "report_ids": list(self.report_ids), "network_id": self.network_id,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }


@dataclass(frozen=True, slots=True)
class AllowlistEntry:
    """Must never be blocked however often it appears: official hotlines, banks'
    customer-service numbers, government and bank domains, URL shorteners (block the
    short URL, never the shortener)."""

    kind: IdentifierKind
    value: str
    match: MatchType = MatchType.EXACT
    reason: str = ""


class RecordType(StrEnum):
    """The kinds of record an agreement lets flow; each carries an owner and a marking."""

    REPORT = "report"  # the report itself: narrative, loss, victim country
    SIGHTING = "sighting"  # that an identifier was named in a report (counts, dates)
    LINK = "link"  # an explicit link between identifiers, through its evidence
    BLOCKLIST_ENTRY = "blocklist_entry"
    NETWORK = "network"  # network views and reports built from the owner's reports
    CASE = "case"  # a case: its identifiers, links, tasks, notes and timeline
    VICTIM = "victim"  # personal data: shared only where an agreement names victims
    FREEZE_REQUEST = "freeze_request"
    TAKEDOWN_REQUEST = "takedown_request"
    SUSPECT = "suspect"  # suspects, their arrests and handovers


# the records that belong to one case: what a joint-case agreement can carry
CASE_RECORD_TYPES: frozenset[RecordType] = frozenset({
    RecordType.CASE, RecordType.VICTIM, RecordType.FREEZE_REQUEST,
    RecordType.TAKEDOWN_REQUEST, RecordType.SUSPECT})


class LegalBasis(StrEnum):
    BILATERAL_MOU = "bilateral_mou"
    MLAT = "mlat"  # mutual legal assistance treaty
    INTERPOL = "interpol"
    JOINT_OPERATION = "joint_operation"


@dataclass(frozen=True, slots=True)
class Agreement:
    """One direction of sharing: ``grantor``'s records of ``record_types`` marked with one
    of ``markings`` become visible to ``grantee`` from ``valid_from`` until ``valid_to``."""

    grantor: str
    grantee: str
    markings: frozenset[Marking]
    record_types: frozenset[RecordType]
    purpose: str
    legal_basis: LegalBasis
    valid_from: datetime
    valid_to: datetime | None = None
    id: int | None = None
    revoked_at: datetime | None = None
    reference: str = ""  # the MoU or treaty reference, case number of the joint operation
    # a joint-case agreement: it lets ``grantee`` into this one case of ``grantor``'s
    # (its records of ``record_types``, all within CASE_RECORD_TYPES) and nowhere else
    case_id: str | None = None

    def active_at(self, at: datetime) -> bool:
        if self.revoked_at is not None and self.revoked_at <= at:
            return False
        return self.valid_from <= at and (self.valid_to is None or at < self.valid_to)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "grantor": self.grantor, "grantee": self.grantee,
            "markings": sorted((m.value for m in self.markings),
                               key=lambda v: Marking(v).rank),
            "record_types": sorted(r.value for r in self.record_types),
            "purpose": self.purpose, "legal_basis": self.legal_basis.value,
            "reference": self.reference,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        } | ({"case_id": self.case_id} if self.case_id is not None else {})
