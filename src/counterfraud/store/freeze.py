"""Freeze requests in the store: each row keeps the whole pure
:class:`~counterfraud.cases.requests.FreezeRequest` as JSON (``document``) beside the
columns a bank's queue, the lists and the figures read (case, owner, the institution it
is addressed to, marking, amount, deadline, status, when requested and answered, the
amount frozen); ``freeze_accounts`` holds the accounts and wallets it names, by their
row in ``identifiers``, which is what the freeze feed reads.

A request belongs to its case's owning agency. Who may read it is the one visibility
rule (``store.visibility.visible_to``) with the request's addressee: the institution
it is addressed to reads it whatever the agreements (unless TLP:RED), and sees that
request only. Writes go through :func:`insert_request` and :func:`save_request`:
:func:`save_request` is the optimistic lock, so of two racing answers one wins and the
other gets Conflict naming the request.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from counterfraud.cases.requests import FreezeRequest
from counterfraud.cases.states import FreezeStatus
from counterfraud.domain import AgencyKind, Marking, RecordType, Viewer
from counterfraud.errors import Conflict, NotFound
from counterfraud.store.bulk import identifier_ids
from counterfraud.store.case_records import from_document, save_version, to_document
from counterfraud.store.case_tables import FreezeAccountRow, FreezeRequestRow
from counterfraud.store.tables import AgencyRow, IdentifierRow
from counterfraud.store.visibility import viewer_parameters, visible_to, visible_to_any

_OWNER = aliased(AgencyRow, name="owner")
_INSTITUTION = aliased(AgencyRow, name="institution")


@dataclass(frozen=True, slots=True)
class QueuedRow:
    """The columns of a request a reader needs (the queue reads only these)."""

    id: str
    version: int
    marking: str
    document: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredRequest:
    """A request's row with the codes of its owner and of the institution it is
    addressed to (None: not registered here)."""

    row: FreezeRequestRow | QueuedRow
    owner: str
    institution: str | None

    @property
    def marking(self) -> Marking:
        return Marking(self.row.marking)

    def load(self) -> FreezeRequest:
        """The pure request, validated whole."""
        request: FreezeRequest = from_document(FreezeRequest, self.row.document,
                                               where=f"freeze request {self.row.id}")
        return request


def freeze_visible(viewer: Viewer) -> ColumnElement[bool]:
    """The rows of ``freeze_requests`` ``viewer`` may read: the one rule, with the
    request's case (joint-case agreements) and its addressee."""
    return visible_to(viewer, RecordType.FREEZE_REQUEST, owner_id=FreezeRequestRow.agency_id,
                      marking=FreezeRequestRow.marking, case_id=FreezeRequestRow.case_id,
                      addressee_id=FreezeRequestRow.institution_id)


def insert_request(session: Session, request: FreezeRequest, *, agency_id: int,
                   institution_id: int | None, marking: Marking) -> None:
    """Store a new request (version 1) and the accounts it names."""
    if session.get(FreezeRequestRow, request.id) is not None:
        raise Conflict(f"freeze request {request.id} already exists")
    session.add(FreezeRequestRow(
        id=request.id, case_id=request.case_id, agency_id=agency_id,
        institution_id=institution_id, marking=marking.value, version=1,
        **_values(request)))
    session.flush()
    ids = identifier_ids(session, request.accounts)
    session.add_all([FreezeAccountRow(request_id=request.id, identifier_id=ids[a])
                     for a in request.accounts])
    session.flush()


def save_request(session: Session, stored: StoredRequest, request: FreezeRequest) -> int:
    """Write ``request`` over the row if it still holds the version it was read at; the
    new version, or Conflict naming the request (another answer came first)."""
    return save_version(session, FreezeRequestRow, stored.row.id,
                        read_version=stored.row.version, values=_values(request),
                        what=f"freeze request {stored.row.id}")


def _values(request: FreezeRequest) -> dict[str, Any]:
    return {"addressee": request.addressee, "status": request.status.value,
            "amount": request.amount.amount if request.amount else None,
            "currency": request.amount.currency if request.amount else None,
            "deadline": request.deadline, "requested_at": request.requested_at,
            "answered_at": request.answered_at,
            "amount_frozen": request.amount_frozen.amount if request.amount_frozen else None,
            "frozen_currency": (request.amount_frozen.currency if request.amount_frozen
                                else None),
            "document": to_document(request)}


def _stored() -> Select[FreezeRequestRow, str, str | None]:
    return (select(FreezeRequestRow, _OWNER.code, _INSTITUTION.code)
            .join(_OWNER, _OWNER.id == FreezeRequestRow.agency_id)
            .outerjoin(_INSTITUTION, _INSTITUTION.id == FreezeRequestRow.institution_id))


def visible_request(session: Session, viewer: Viewer, request_id: str) -> StoredRequest:
    """The request ``viewer`` may read, or NotFound, alike for one that does not exist
    and one it may not see."""
    found = session.execute(_stored().where(FreezeRequestRow.id == request_id,
                                            freeze_visible(viewer))).first()
    if found is None:
        raise NotFound(f"no freeze request {request_id!r}")
    return StoredRequest(found[0], found[1], found[2])


def list_requests(session: Session, viewer: Viewer, *, case_id: str | None = None,
                  status: FreezeStatus | None = None, institution_id: int | None = None,
                  limit: int = 100, offset: int = 0) -> list[StoredRequest]:
    """The requests ``viewer`` may read, oldest first."""
    query = (_stored().where(freeze_visible(viewer))
             .order_by(FreezeRequestRow.requested_at, FreezeRequestRow.id)
             .limit(limit).offset(offset))
    if case_id is not None:
        query = query.where(FreezeRequestRow.case_id == case_id)
    if status is not None:
        query = query.where(FreezeRequestRow.status == status.value)
    if institution_id is not None:
        query = query.where(FreezeRequestRow.institution_id == institution_id)
    return [StoredRequest(row, owner, institution)
            for row, owner, institution in session.execute(query)]


def queue(session: Session, bank: str, *, limit: int = 100) -> list[StoredRequest]:
    """The open requests addressed to the bank or exchange whose code is ``bank``,
    oldest first: what its officers answer next. Empty for an agency that is not of
    kind ``bank``. Banks poll it all day: the statement is built once (the one rule's
    clause with the bank and the time bound when it runs) and reads only the columns
    the answer needs."""
    found = session.execute(_queue_statement(), {
        "bank": bank, "limit": limit, **viewer_parameters(bank)})
    return [StoredRequest(QueuedRow(*values), owner, institution)
            for *values, owner, institution in found]


@functools.cache
def _queue_statement() -> Select[str, int, str, dict[str, Any], str, str | None]:
    return (select(FreezeRequestRow.id, FreezeRequestRow.version, FreezeRequestRow.marking,
                   FreezeRequestRow.document, _OWNER.code, _INSTITUTION.code)
            .join(_OWNER, _OWNER.id == FreezeRequestRow.agency_id)
            .join(_INSTITUTION, _INSTITUTION.id == FreezeRequestRow.institution_id)
            .where(_INSTITUTION.code == bindparam("bank"),
                   _INSTITUTION.kind == AgencyKind.BANK.value,
                   FreezeRequestRow.status == FreezeStatus.REQUESTED.value,
                   visible_to_any(RecordType.FREEZE_REQUEST,
                                  owner_id=FreezeRequestRow.agency_id,
                                  marking=FreezeRequestRow.marking,
                                  case_id=FreezeRequestRow.case_id,
                                  addressee_id=FreezeRequestRow.institution_id))
            .order_by(FreezeRequestRow.requested_at, FreezeRequestRow.id)
            .limit(bindparam("limit")))


@dataclass(frozen=True, slots=True)
class FeedAccount:
    """An account or wallet of an open request addressed to the institution."""

    kind: str
    value: str
    request_id: str
    requested_at: datetime
    deadline: datetime | None


def open_accounts(session: Session, institution: Viewer, institution_id: int, *,
                  since: datetime | None = None) -> list[FeedAccount]:
    """The accounts and wallets named by the open requests addressed to the institution
    (those requested at or after ``since``, when given), by request age."""
    query = (select(IdentifierRow.kind, IdentifierRow.value, FreezeRequestRow.id,
                    FreezeRequestRow.requested_at, FreezeRequestRow.deadline)
             .join(FreezeAccountRow, FreezeAccountRow.identifier_id == IdentifierRow.id)
             .join(FreezeRequestRow, FreezeRequestRow.id == FreezeAccountRow.request_id)
             .where(FreezeRequestRow.institution_id == institution_id,
                    FreezeRequestRow.status == FreezeStatus.REQUESTED.value,
                    freeze_visible(institution))
             .order_by(FreezeRequestRow.requested_at, FreezeRequestRow.id,
                       IdentifierRow.kind, IdentifierRow.value))
    if since is not None:
        query = query.where(FreezeRequestRow.requested_at >= since)
    return [FeedAccount(kind, value, request_id, requested_at, deadline)
            for kind, value, request_id, requested_at, deadline in session.execute(query)]

