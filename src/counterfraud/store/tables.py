"""SQLAlchemy tables. API schemas live in ``counterfraud.api``, never here.

Times are stored in UTC; ``UTCDateTime`` gives them back timezone-aware on every
backend (SQLite forgets the zone, PostgreSQL keeps it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class AgencyRow(Base):
    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # False for agencies of partner instances, learnt through federation sync
    home: Mapped[bool] = mapped_column(Boolean, default=True)
    # "agency" (police, regulators, operators) or "bank" (a bank or exchange that
    # answers freeze requests)
    kind: Mapped[str] = mapped_column(String(16), default="agency",
                                      server_default=text("'agency'"))


class ApiKeyRow(Base):
    """Only a peppered SHA-256 of the secret is kept; the prefix helps people tell keys apart."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # written at most once a minute per key, off the request path (services.access)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)


class ReportRow(Base):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("agency_id", "external_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    external_id: Mapped[str] = mapped_column(String(128))
    reported_at: Mapped[datetime | None] = mapped_column(index=True)
    occurred_at: Mapped[datetime | None]
    scam_type: Mapped[str] = mapped_column(String(32), index=True)
    narrative: Mapped[str] = mapped_column(Text, default="")
    loss_amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 2))
    loss_currency: Mapped[str | None] = mapped_column(String(3))
    victim_country: Mapped[str | None] = mapped_column(String(2))
    marking: Mapped[str] = mapped_column(String(20), index=True)
    # identifier values that could not be read: [{"field", "value", "reason"}]
    rejected_values: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentifierRow(Base):
    __tablename__ = "identifiers"
    __table_args__ = (UniqueConstraint("kind", "value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(2048))
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ReportIdentifierRow(Base):
    """One identifier in one report, with its role and where it was found."""

    __tablename__ = "report_identifiers"
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    source: Mapped[str] = mapped_column(String(10))  # "column" or "narrative"


Index("ix_report_identifiers_identifier_id", ReportIdentifierRow.identifier_id)
# the keyset order of STIX exports and federation pages: changes since a cursor
Index("ix_reports_updated_at_id", ReportRow.updated_at, ReportRow.id)
Index("ix_reports_agency_id_marking_updated_at", ReportRow.agency_id, ReportRow.marking,
      ReportRow.updated_at)
# the ministry's figures (store.kpi) summed from the index alone, by when reported
Index("ix_reports_figures", ReportRow.reported_at, ReportRow.agency_id, ReportRow.marking,
      ReportRow.loss_currency, ReportRow.loss_amount)


class LinkRow(Base):
    __tablename__ = "links"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "link_type"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"))
    target_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), index=True)
    link_type: Mapped[str] = mapped_column(String(20))
    first_seen: Mapped[datetime | None]
    last_seen: Mapped[datetime | None]


class LinkEvidenceRow(Base):
    __tablename__ = "link_evidence"
    link_id: Mapped[int] = mapped_column(
        ForeignKey("links.id", ondelete="CASCADE"), primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True, index=True)


class CounterRow(Base):
    """Named monotonic counters; ``blocklist_version`` orders every blocklist change."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class BlocklistEntryRow(Base):
    __tablename__ = "blocklist_entries"
    __table_args__ = (UniqueConstraint("kind", "value", "match"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(2048))
    match: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(128), default="")
    network_id: Mapped[str | None] = mapped_column(String(64))
    marking: Mapped[str] = mapped_column(String(20), default="TLP:GREEN")
    version: Mapped[int] = mapped_column(Integer, index=True)  # of the last change
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]


# the ministry's figures (store.kpi): entries by when they were listed
Index("ix_blocklist_entries_figures", BlocklistEntryRow.created_at, BlocklistEntryRow.agency_id,
      BlocklistEntryRow.marking, BlocklistEntryRow.kind, BlocklistEntryRow.status,
      BlocklistEntryRow.confidence)


class BlocklistEvidenceRow(Base):
    """The reports behind an entry: its provenance."""

    __tablename__ = "blocklist_evidence"
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("blocklist_entries.id", ondelete="CASCADE"), primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True, index=True)


class BlocklistChangeRow(Base):
    """Every change to an entry, never updated or deleted: who, when, why."""

    __tablename__ = "blocklist_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("blocklist_entries.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AppealRow(Base):
    __tablename__ = "appeals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("blocklist_entries.id"), index=True)
    contact: Mapped[str] = mapped_column(String(256))
    statement: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)  # open, upheld, rejected
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decision_reason: Mapped[str | None] = mapped_column(Text)


class AllowlistEntryRow(Base):
    __tablename__ = "allowlist_entries"
    __table_args__ = (UniqueConstraint("kind", "value", "match"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(2048))
    match: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportedMessageRow(Base):
    """A message people forwarded as a scam (as to 7726 or an anti-fraud app), or an
    analyst marked legitimate: labelled data for the next training run."""

    __tablename__ = "reported_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(8))  # scam or legit
    sender: Mapped[str | None] = mapped_column(String(256))
    reporter: Mapped[str] = mapped_column(String(128))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class DemoBuildRow(Base):
    """One build of the demo world: ``finished_at`` is empty until it ends whole, so an
    interrupted build is known (services.demo)."""

    __tablename__ = "demo_builds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seed: Mapped[int] = mapped_column(Integer)
    size: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class NetworkBuildRow(Base):
    """One run of the network analysis over the whole store."""

    __tablename__ = "network_builds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    built_at: Mapped[datetime] = mapped_column(default=utcnow)
    reports: Mapped[int] = mapped_column(Integer)
    identifiers: Mapped[int] = mapped_column(Integer)
    networks: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Numeric(12, 3))
    last_report_id: Mapped[int | None] = mapped_column(Integer)  # newest report it saw
    incremental: Mapped[bool] = mapped_column(Boolean, default=False)


class NetworkRow(Base):
    """A criminal network as of its latest build; its id survives rebuilds."""

    __tablename__ = "networks"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    build_id: Mapped[int] = mapped_column(ForeignKey("network_builds.id"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer)
    groups: Mapped[int] = mapped_column(Integer)
    first_built_at: Mapped[datetime] = mapped_column(default=utcnow)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class NetworkMemberRow(Base):
    __tablename__ = "network_members"
    network_id: Mapped[str] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), primary_key=True,
                                               index=True)
    group_id: Mapped[str | None] = mapped_column(String(48))
    core_rank: Mapped[int | None] = mapped_column(Integer)
    core_score: Mapped[float | None] = mapped_column(Numeric(12, 6))
    why: Mapped[str | None] = mapped_column(Text)


class NetworkViewRow(Base):
    """The networks as one agency may see them: analysed from only the reports it may read
    as network evidence. ``fingerprint`` is the SHA-256 of those reports' row ids, so a
    view is recomputed whenever what the agency may read changes."""

    __tablename__ = "network_views"
    __table_args__ = (UniqueConstraint("agency_id", "fingerprint"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    build_id: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NetworkViewNetworkRow(Base):
    __tablename__ = "network_view_networks"
    view_id: Mapped[int] = mapped_column(
        ForeignKey("network_views.id", ondelete="CASCADE"), primary_key=True)
    network_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer)
    groups: Mapped[int] = mapped_column(Integer)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class NetworkViewMemberRow(Base):
    __tablename__ = "network_view_members"
    view_id: Mapped[int] = mapped_column(
        ForeignKey("network_views.id", ondelete="CASCADE"), primary_key=True)
    network_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), primary_key=True)
    group_id: Mapped[str | None] = mapped_column(String(48))
    core_rank: Mapped[int | None] = mapped_column(Integer)
    core_score: Mapped[float | None] = mapped_column(Numeric(12, 6))
    why: Mapped[str | None] = mapped_column(Text)


class AgreementRow(Base):
    """One direction of sharing; what it carries is in ``agreement_grants``."""

    __tablename__ = "agreements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grantor_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    grantee_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    purpose: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(24))
    reference: Mapped[str] = mapped_column(String(256), default="")
    valid_from: Mapped[datetime]
    valid_to: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # a joint-case agreement: it opens this one case only (Agreement.case_id)
    case_id: Mapped[str | None] = mapped_column(String(64), index=True)


class AgreementGrantRow(Base):
    """One (record type, marking) pair an agreement lets flow: the form SQL filters join."""

    __tablename__ = "agreement_grants"
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(24), primary_key=True)
    marking: Mapped[str] = mapped_column(String(20), primary_key=True)


class PartnerRow(Base):
    """A partner instance this one pulls from, with where the last pull stopped."""

    __tablename__ = "partners"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(String(512))
    api_key: Mapped[str] = mapped_column(String(256))
    public_key: Mapped[str] = mapped_column(String(128))  # Ed25519, base64 of the raw 32 bytes
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))  # pulls for
    cursor: Mapped[str] = mapped_column(Text, default="")
    # the agencies whose records this partner may send, space-separated; empty until the
    # first sync pins what the partner declares (or set when the partner is added)
    speaks_for: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")


class AuditEntryRow(Base):
    """Append-only and hash-chained: ``hash`` covers every field and ``prev_hash``."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(String(128))
    record_type: Mapped[str] = mapped_column(String(24))
    records: Mapped[str] = mapped_column(Text)  # JSON list of record references
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The chain's last id and hash (one row): appends lock it, so entries never fork,
    and a removed tail is detected against it."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
