"""The SQL forms of :func:`counterfraud.sharing.policy.can_see` and
:func:`~counterfraud.sharing.policy.can_change`, for any table that has an owning agency
column (and, to be read, a marking column). Tests hold the two forms equal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, or_, select, true

from counterfraud.domain import Marking, RecordType, Viewer
from counterfraud.sharing.policy import NEVER_SHARED, OPERATOR_RECORDS_SHARED, PUBLIC
from counterfraud.store.tables import AgencyRow, AgreementGrantRow, AgreementRow, ReportRow

VIEWER_AGENCY = "viewer_agency"  # the bound parameters of visible_to_any
VISIBLE_AT = "visible_at"


def visible_to(viewer: Viewer, record_type: RecordType, *, owner_id: Any, marking: Any,
               at: datetime | None = None, case_id: Any = None,
               addressee_id: Any = None) -> ColumnElement[bool]:
    """A WHERE clause keeping the rows ``viewer`` may read.

    ``owner_id`` is the column holding the owning agency's id (NULL for the operator's
    own records), ``marking`` the column holding the TLP marking, ``case_id`` (case
    records only) the column holding the case the row belongs to, for joint-case
    agreements, ``addressee_id`` (requests only) the column holding the id of the
    agency a request is addressed to (NULL: none registered here).
    """
    if viewer.agency is None:
        return true()
    return _visible(viewer.agency, record_type, owner_id=owner_id, marking=marking,
                    at=at or datetime.now(UTC), case_id=case_id, addressee_id=addressee_id)


def visible_to_any(record_type: RecordType, *, owner_id: Any, marking: Any,
                   case_id: Any = None, addressee_id: Any = None) -> ColumnElement[bool]:
    """:func:`visible_to` for a statement built once and run for any viewer with an
    agency: the agency's code and the time are bound when it runs, as
    ``VIEWER_AGENCY`` and ``VISIBLE_AT`` (:func:`viewer_parameters`). The local
    operator needs no clause at all."""
    return _visible(bindparam(VIEWER_AGENCY), record_type, owner_id=owner_id,
                    marking=marking, at=bindparam(VISIBLE_AT), case_id=case_id,
                    addressee_id=addressee_id)


def viewer_parameters(agency: str, at: datetime | None = None) -> dict[str, Any]:
    return {VIEWER_AGENCY: agency, VISIBLE_AT: at or datetime.now(UTC)}


def _visible(agency: str | BindParameter[Any], record_type: RecordType, *, owner_id: Any,
             marking: Any, at: datetime | BindParameter[Any],
             case_id: Any = None, addressee_id: Any = None) -> ColumnElement[bool]:
    own = select(AgencyRow.id).where(AgencyRow.code == agency).scalar_subquery()
    scope = (AgreementRow.case_id.is_(None) if case_id is None
             else or_(AgreementRow.case_id.is_(None), AgreementRow.case_id == case_id))
    granted = (
        select(AgreementGrantRow.agreement_id)
        .join(AgreementRow, AgreementRow.id == AgreementGrantRow.agreement_id)
        .where(AgreementRow.grantor_id == owner_id, AgreementRow.grantee_id == own,
               AgreementGrantRow.record_type == record_type.value,
               AgreementGrantRow.marking == marking,
               AgreementRow.valid_from <= at,
               or_(AgreementRow.valid_to.is_(None), AgreementRow.valid_to > at),
               or_(AgreementRow.revoked_at.is_(None), AgreementRow.revoked_at > at), scope)
        .exists())
    addressed = ([] if addressee_id is None
                 else [and_(addressee_id == own, ~_one_of(marking, NEVER_SHARED))])
    return or_(
        owner_id == own,
        _one_of(marking, PUBLIC),
        and_(owner_id.is_(None), _one_of(marking, OPERATOR_RECORDS_SHARED)),
        and_(owner_id.is_not(None), ~_one_of(marking, NEVER_SHARED), granted),
        *addressed,
    )


def _one_of(marking: Any, markings: frozenset[Marking]) -> ColumnElement[bool]:
    """``marking IN (...)`` written as equalities: an IN list is an expanding parameter,
    rendered into the SQL again on every execution of a statement built once."""
    return or_(*(marking == m.value for m in sorted(markings)))


def changeable_by(viewer: Viewer, *, owner_id: Any) -> ColumnElement[bool]:
    """A WHERE clause keeping the rows ``viewer`` may change (``can_change``): those its
    agency owns; every row for the local operator. ``owner_id`` NULL (the operator's own
    records) never equals an agency."""
    if viewer.agency is None:
        return true()
    own = select(AgencyRow.id).where(AgencyRow.code == viewer.agency).scalar_subquery()
    owned: ColumnElement[bool] = owner_id == own
    return owned


def visible(viewer: Viewer, record_type: RecordType = RecordType.REPORT,
            at: datetime | None = None) -> ColumnElement[bool]:
    """The policy over ``ReportRow``: reports and what derives from them (sightings,
    link evidence, networks) carry their report's owner and marking."""
    return visible_to(viewer, record_type, owner_id=ReportRow.agency_id,
                      marking=ReportRow.marking, at=at)
