"""The words of the controlled vocabularies as people read them, and links to an
identifier's page, shared by the console's record pages.

Each label is an English msgid marked with ``N_`` (collected into the catalogues) and
translated in the template: ``{{ _(labels.scam_type.get(value, value)) }}``. A value
without a label (a vocabulary grown since) shows as itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from counterfraud.domain import (
    Channel,
    Confidence,
    Decision,
    EntrySource,
    EntryStatus,
    IdentifierKind,
    IdentifierRole,
    LegalBasis,
    MatchType,
    RecordType,
    ScamType,
)
from counterfraud.identifiers import Identifier, display_name
from counterfraud.web.nav import N_

SCAM_TYPES: Mapping[str, str] = {
    ScamType.INVESTMENT: N_("Investment"),
    ScamType.ROMANCE: N_("Romance"),
    ScamType.IMPERSONATION: N_("Impersonation"),
    ScamType.CUSTOMER_SERVICE: N_("Customer service"),
    ScamType.TASK_JOB: N_("Task job"),
    ScamType.LOAN: N_("Loan"),
    ScamType.SHOPPING: N_("Shopping"),
    ScamType.PRIZE: N_("Prize"),
    ScamType.SEXTORTION: N_("Sextortion"),
    ScamType.GAMBLING: N_("Gambling"),
    ScamType.KIDNAPPING_RANSOM: N_("Kidnapping for ransom"),
    ScamType.JOB_LURE: N_("Job lure"),
    ScamType.OTHER: N_("Other"),
}
KINDS: Mapping[str, str] = {
    IdentifierKind.PHONE: N_("Phone number"),
    IdentifierKind.URL: N_("URL"),
    IdentifierKind.DOMAIN: N_("Domain"),
    IdentifierKind.IP: N_("IP address"),
    IdentifierKind.CIDR: N_("IP network"),
    IdentifierKind.EMAIL: N_("Email address"),
    IdentifierKind.BANK_ACCOUNT: N_("Bank account"),
    IdentifierKind.CRYPTO_WALLET: N_("Crypto wallet"),
    IdentifierKind.HANDLE: N_("Messaging handle"),
    IdentifierKind.PERSON: N_("Person"),
}
ROLES: Mapping[str, str] = {
    IdentifierRole.CONTACTED_FROM: N_("Contacted from"),
    IdentifierRole.PAID_TO: N_("Paid to"),
    IdentifierRole.WEBSITE: N_("Website"),
    IdentifierRole.RECRUITER: N_("Recruiter"),
    IdentifierRole.SUSPECT: N_("Suspect"),
    IdentifierRole.VICTIM: N_("Victim"),
    IdentifierRole.MENTIONED: N_("Mentioned"),
}
DECISIONS: Mapping[str, str] = {
    Decision.ALLOW: N_("Allow"),
    Decision.WARN: N_("Warn"),
    Decision.BLOCK: N_("Block"),
}
CHANNELS: Mapping[str, str] = {Channel.MESSAGE: N_("Message"), Channel.CALL: N_("Call"),
                               Channel.URL: N_("Link")}
DECISION_BADGES: Mapping[str, str] = {Decision.ALLOW: "ok", Decision.WARN: "warn",
                                      Decision.BLOCK: "danger"}
ENTRY_STATUSES: Mapping[str, str] = {
    EntryStatus.ACTIVE: N_("Active"),
    EntryStatus.EXPIRED: N_("Expired"),
    EntryStatus.DELISTED: N_("Delisted"),
}
APPEAL_STATUSES: Mapping[str, str] = {"open": N_("Open"), "upheld": N_("Upheld"),
                                      "rejected": N_("Rejected")}
CONFIDENCES: Mapping[str, str] = {Confidence.CONFIRMED: N_("Confirmed"),
                                  Confidence.PREDICTED: N_("Predicted")}
SOURCES: Mapping[str, str] = {
    EntrySource.REPORTS: N_("Victims' reports"),
    EntrySource.NETWORK: N_("Network"),
    EntrySource.MANUAL: N_("Added by an analyst"),
    EntrySource.FEED: N_("Imported feed"),
}
MATCHES: Mapping[str, str] = {
    MatchType.EXACT: N_("This value only"),
    MatchType.PHONE_PREFIX: N_("Number range"),
    MatchType.NETWORK: N_("IP network"),
    MatchType.DOMAIN_TREE: N_("Domain and subdomains"),
}
LEGAL_BASES: Mapping[str, str] = {
    LegalBasis.BILATERAL_MOU: N_("Bilateral MoU"),
    LegalBasis.MLAT: N_("Mutual legal assistance treaty"),
    LegalBasis.INTERPOL: N_("INTERPOL"),
    LegalBasis.JOINT_OPERATION: N_("Joint operation"),
}
RECORD_TYPES: Mapping[str, str] = {
    RecordType.REPORT: N_("Reports"),
    RecordType.SIGHTING: N_("Sightings"),
    RecordType.LINK: N_("Links"),
    RecordType.BLOCKLIST_ENTRY: N_("Blocklist entries"),
    RecordType.NETWORK: N_("Networks"),
    RecordType.CASE: N_("Cases"),
    RecordType.VICTIM: N_("Victims"),
    RecordType.FREEZE_REQUEST: N_("Freeze requests"),
    RecordType.TAKEDOWN_REQUEST: N_("Takedown requests"),
    RecordType.SUSPECT: N_("Suspects"),
}
ACTIONS: Mapping[str, str] = {"read": N_("Read"), "write": N_("Write"),
                              "delete": N_("Delete"), "export": N_("Export"),
                              "import": N_("Import")}

LABELS: Mapping[str, Mapping[str, str]] = {
    "scam_type": SCAM_TYPES, "kind": KINDS, "role": ROLES, "decision": DECISIONS,
    "decision_badge": DECISION_BADGES, "channel": CHANNELS, "entry_status": ENTRY_STATUSES,
    "appeal_status": APPEAL_STATUSES, "confidence": CONFIDENCES, "source": SOURCES,
    "match": MATCHES, "legal_basis": LEGAL_BASES, "record_type": RECORD_TYPES,
    "action": ACTIONS,
}
"""Every vocabulary by name, as templates get it (``labels``)."""


def identifier_href(kind: str, value: str) -> str:
    """The console page of one identifier; the value percent-encoded as one path segment
    (``/`` too, so a browser never folds ``..`` or ``//`` in it; ``:``, ``@`` and ``+``
    stay as they are)."""
    return f"/console/identifiers/{quote(kind, safe='')}/{quote(value, safe=':@+')}"


def identifier_link(identifier: Identifier) -> dict[str, str]:
    """What a template needs to show and link one identifier."""
    return {"kind": identifier.kind.value, "value": identifier.value,
            "display": display_name(identifier),
            "href": identifier_href(identifier.kind.value, identifier.value)}


def report_href(agency: str, report_id: str) -> str:
    return f"/console/reports/{quote(agency, safe='')}/{quote(report_id, safe='')}"
