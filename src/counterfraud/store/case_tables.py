"""The tables of the fourth capability: cases, victims, freeze and takedown requests,
suspects, and the screening engine's interception counts.

Each case record is kept whole as JSON (``document``: the pure record of
``counterfraud.cases``, validated again when read) beside the columns that reads filter
and the figures add up: owner, marking, case, status and the times of each step.
``version`` is the optimistic lock: a write names the version it read, so of two racing
writers one wins and the other gets a conflict (a bank's two answers to one request).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from counterfraud.store.tables import Base, utcnow


class CaseRow(Base):
    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    title: Mapped[str] = mapped_column(String(200))
    scam_type: Mapped[str] = mapped_column(String(32))
    marking: Mapped[str] = mapped_column(String(20))
    pap: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24))
    opened_at: Mapped[datetime] = mapped_column(index=True)
    closed_at: Mapped[datetime | None]  # the last close; None while open
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[dict[str, Any]] = mapped_column(default=dict)


Index("ix_cases_agency_id_marking", CaseRow.agency_id, CaseRow.marking)
Index("ix_cases_closed_at_status", CaseRow.closed_at, CaseRow.status)


class CaseIdentifierRow(Base):
    """An identifier a case holds: how linked cases are found."""

    __tablename__ = "case_identifiers"
    case_id: Mapped[str] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), primary_key=True,
                                               index=True)


class CaseNetworkRow(Base):
    """A network a case links: with ``case_identifiers``, how linked cases are found
    (migration 0015)."""

    __tablename__ = "case_networks"
    case_id: Mapped[str] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    network_id: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class VictimRow(Base):
    """Personal data: TLP:RED unless the owner marks it otherwise."""

    __tablename__ = "victims"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    marking: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(32))
    nationality: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    located_at: Mapped[datetime | None] = mapped_column(index=True)
    rescued_at: Mapped[datetime | None] = mapped_column(index=True)
    repatriated_at: Mapped[datetime | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[dict[str, Any]] = mapped_column(default=dict)


class FreezeRequestRow(Base):
    """A freeze or stop-payment request; ``institution_id`` is the bank or exchange
    (an agency of kind ``bank``) whose key answers it, when it is registered here."""

    __tablename__ = "freeze_requests"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    addressee: Mapped[str] = mapped_column(String(200))
    marking: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    deadline: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(24))
    requested_at: Mapped[datetime] = mapped_column(index=True)
    answered_at: Mapped[datetime | None]
    amount_frozen: Mapped[Decimal | None] = mapped_column(Numeric(20, 2))
    # the answer's currency: a bank may freeze in another currency than was asked, and
    # a request raised from a ransom demand asks no amount at all
    frozen_currency: Mapped[str | None] = mapped_column(String(3))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[dict[str, Any]] = mapped_column(default=dict)


# a bank's queue: its open requests, oldest first
Index("ix_freeze_requests_institution_id_status_requested_at", FreezeRequestRow.institution_id,
      FreezeRequestRow.status, FreezeRequestRow.requested_at)


class FreezeAccountRow(Base):
    """An account or wallet a freeze request names: the freeze feed banks poll."""

    __tablename__ = "freeze_accounts"
    request_id: Mapped[str] = mapped_column(
        ForeignKey("freeze_requests.id", ondelete="CASCADE"), primary_key=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), primary_key=True,
                                               index=True)


class TakedownRequestRow(Base):
    __tablename__ = "takedown_requests"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    addressee: Mapped[str] = mapped_column(String(200))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_value: Mapped[str] = mapped_column(String(2048))
    marking: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(index=True)
    answered_at: Mapped[datetime | None]  # taken down or refused
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SuspectRow(Base):
    __tablename__ = "suspects"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    marking: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16))
    identified_at: Mapped[datetime]
    arrested_at: Mapped[datetime | None] = mapped_column(index=True)
    handed_over_at: Mapped[datetime | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[dict[str, Any]] = mapped_column(default=dict)


class InterceptionCountRow(Base):
    """What the screening engine stopped, per day, channel and decision: counted in
    memory and added here in the background (services.interceptions)."""

    __tablename__ = "interception_counts"
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, UTC
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    decision: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)  # allowed messages pass 2^31


__all__ = ["CaseIdentifierRow", "CaseNetworkRow", "CaseRow", "FreezeAccountRow",
           "FreezeRequestRow", "InterceptionCountRow", "SuspectRow", "TakedownRequestRow",
           "VictimRow"]
