"""The SQL forms of :func:`counterfraud.sharing.policy.can_see` and
:func:`~counterfraud.sharing.policy.can_change`, for any table that has an owning agency
column (and, to be read, a marking column). Tests hold the two forms equal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, true

from counterfraud.domain import RecordType, Viewer
from counterfraud.sharing.policy import NEVER_SHARED, OPERATOR_RECORDS_SHARED, PUBLIC
from counterfraud.store.tables import AgencyRow, AgreementGrantRow, AgreementRow, ReportRow


def visible_to(viewer: Viewer, record_type: RecordType, *, owner_id: Any, marking: Any,
               at: datetime | None = None) -> ColumnElement[bool]:
    """A WHERE clause keeping the rows ``viewer`` may read.

    ``owner_id`` is the column holding the owning agency's id (NULL for the operator's
    own records), ``marking`` the column holding the TLP marking.
    """
    if viewer.agency is None:
        return true()
    now = at or datetime.now(UTC)
    own = select(AgencyRow.id).where(AgencyRow.code == viewer.agency).scalar_subquery()
    granted = (
        select(AgreementGrantRow.agreement_id)
        .join(AgreementRow, AgreementRow.id == AgreementGrantRow.agreement_id)
        .where(AgreementRow.grantor_id == owner_id, AgreementRow.grantee_id == own,
               AgreementGrantRow.record_type == record_type.value,
               AgreementGrantRow.marking == marking,
               AgreementRow.valid_from <= now,
               or_(AgreementRow.valid_to.is_(None), AgreementRow.valid_to > now),
               or_(AgreementRow.revoked_at.is_(None), AgreementRow.revoked_at > now))
        .exists())
    return or_(
        owner_id == own,
        marking.in_([m.value for m in PUBLIC]),
        and_(owner_id.is_(None), marking.in_([m.value for m in OPERATOR_RECORDS_SHARED])),
        and_(owner_id.is_not(None), marking.not_in([m.value for m in NEVER_SHARED]), granted),
    )


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
