"""Identifier lookups: what the reports a viewer may see say about one identifier.

A lookup is the most frequent request an agency makes, so its statements are built once,
at import, and run with bound parameters: the identifier, and for a viewer with an
agency that agency's code and the time the sharing policy is read at
(store.visibility.visible_to_any). Built per request, the policy's clause and its
agreement subquery, three times over, cost SQLAlchemy several times more than the
database took to run the statements; built once, they are also compiled once.

An answer depends on the tables in :data:`TABLES_READ` and, through agreements, on the
time: :func:`next_agreement_change` says until when an answer read at a given time
stays what the policy gives (services.lookup_cache).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    distinct,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.util import find_tables

from counterfraud.domain import (
    Identifier,
    IdentifierKind,
    IdentifierLookup,
    LinkedIdentifier,
    LinkType,
    RecordType,
    Viewer,
)
from counterfraud.errors import NotFound
from counterfraud.store.tables import (
    AgencyRow,
    AgreementRow,
    IdentifierRow,
    LinkEvidenceRow,
    LinkRow,
    ReportIdentifierRow,
    ReportRow,
)
from counterfraud.store.visibility import viewer_parameters, visible_to_any

LINKED_LIMIT = 50

_ID: BindParameter[int] = bindparam("identifier_id", type_=Integer)
_IDENTIFIER_COLUMNS = (IdentifierRow.id, IdentifierRow.kind, IdentifierRow.value,
                       IdentifierRow.valid, IdentifierRow.details)
_FIND = select(*_IDENTIFIER_COLUMNS).where(IdentifierRow.kind == bindparam("kind"),
                                           IdentifierRow.value == bindparam("value"))
_COUNTRY = select(AgencyRow.country).where(AgencyRow.code == bindparam("code"))


@dataclass(frozen=True, slots=True)
class _Statements:
    """The three policy-filtered reads of a lookup, for one kind of viewer."""

    sightings: Select[*tuple[Any, ...]]
    co_reported: Select[*tuple[Any, ...]]
    explicit_links: Select[*tuple[Any, ...]]


def _statements(sighting_visible: ColumnElement[bool],
                link_visible: ColumnElement[bool]) -> _Statements:
    sightings = (
        select(ReportRow.id, AgencyRow.code, ReportRow.reported_at, ReportRow.scam_type,
               ReportIdentifierRow.role)
        .join(ReportIdentifierRow, ReportIdentifierRow.report_id == ReportRow.id)
        .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
        .where(ReportIdentifierRow.identifier_id == _ID, sighting_visible))
    mine = aliased(ReportIdentifierRow)
    other = aliased(ReportIdentifierRow)
    reports = func.count(distinct(other.report_id)).label("reports")
    most_reported = (
        select(other.identifier_id, reports)
        .join(mine, and_(mine.report_id == other.report_id, mine.identifier_id == _ID))
        .join(ReportRow, ReportRow.id == other.report_id)
        .where(other.identifier_id != _ID, sighting_visible)
        .group_by(other.identifier_id)
        .order_by(reports.desc(), other.identifier_id)
        .limit(LINKED_LIMIT)).subquery()
    co_reported = (
        select(most_reported.c.reports, *_IDENTIFIER_COLUMNS)
        .join(IdentifierRow, IdentifierRow.id == most_reported.c.identifier_id))
    evidence_visible = (
        select(LinkEvidenceRow.link_id)
        .join(ReportRow, ReportRow.id == LinkEvidenceRow.report_id)
        .where(LinkEvidenceRow.link_id == LinkRow.id, link_visible)
        .exists())
    far_end = case((LinkRow.source_id == _ID, LinkRow.target_id), else_=LinkRow.source_id)
    explicit_links = (
        select(LinkRow.link_type, *_IDENTIFIER_COLUMNS)
        .join(IdentifierRow, IdentifierRow.id == far_end)
        .where(or_(LinkRow.source_id == _ID, LinkRow.target_id == _ID), evidence_visible))
    return _Statements(sightings, co_reported, explicit_links)


def _policy(record_type: RecordType) -> ColumnElement[bool]:
    return visible_to_any(record_type, owner_id=ReportRow.agency_id, marking=ReportRow.marking)


_FOR_AGENCY = _statements(_policy(RecordType.SIGHTING), _policy(RecordType.LINK))
_FOR_OPERATOR = _statements(true(), true())  # the local operator sees every record

_AT: BindParameter[datetime] = bindparam("at", type_=AgreementRow.valid_from.type)
_NEXT_CHANGE = select(*(
    select(func.min(column)).where(column > _AT).scalar_subquery()
    for column in (AgreementRow.valid_from, AgreementRow.valid_to, AgreementRow.revoked_at)))

TABLES_READ = frozenset(  # every table a lookup's statements read, policy included
    table.name
    for statement in (_FIND, _COUNTRY, _FOR_AGENCY.sightings, _FOR_AGENCY.co_reported,
                      _FOR_AGENCY.explicit_links)
    for table in find_tables(statement))


def agency_country(session: Session, code: str) -> str:
    """The country of agency ``code``: where its analysts' national phone numbers are."""
    country = session.connection().execute(_COUNTRY, {"code": code}).scalar()
    if country is None:
        raise NotFound(f"no agency {code}; add it with `counterfraud agency add`")
    return str(country)


def next_agreement_change(session: Session, at: datetime) -> datetime | None:
    """The first moment after ``at`` at which an agreement starts, ends or is revoked:
    until then, what any viewer may see changes only by a write."""
    row = session.connection().execute(_NEXT_CHANGE, {"at": at}).one()
    return min((moment for moment in row if moment is not None), default=None)


def lookup_identifier(session: Session, identifier: Identifier, viewer: Viewer, *,
                      at: datetime | None = None) -> IdentifierLookup:
    """Reports, agencies, first/last seen, scam types, roles and linked identifiers, all
    from what ``viewer`` may see at ``at`` (now by default); ``known`` is False when it
    may see no sighting."""
    connection = session.connection()
    row = connection.execute(_FIND, {"kind": identifier.kind.value,
                                     "value": identifier.value}).first()
    if row is None:
        return IdentifierLookup(identifier=identifier, known=False)
    if viewer.agency is None:
        statements, params = _FOR_OPERATOR, {"identifier_id": row[0]}
    else:
        statements = _FOR_AGENCY
        params = {"identifier_id": row[0], **viewer_parameters(viewer.agency, at)}
    sightings = connection.execute(statements.sightings, params).all()
    stored = _identifier(row)
    if not sightings:
        return IdentifierLookup(identifier=stored, known=False)
    by_report = {s[0]: s for s in sightings}
    times = [s[2] for s in by_report.values() if s[2] is not None]
    return IdentifierLookup(
        identifier=stored, known=True, reports=len(by_report),
        agencies=tuple(sorted({s[1] for s in sightings})),
        first_seen=min(times, default=None), last_seen=max(times, default=None),
        scam_types=dict(Counter(s[3] for s in by_report.values()).most_common()),
        roles=dict(Counter(s[4] for s in sightings).most_common()),
        linked=_linked(connection, statements, params))


def _linked(connection: Connection, statements: _Statements,
            params: dict[str, Any]) -> tuple[LinkedIdentifier, ...]:
    """Identifiers in the same visible reports, and explicit links with visible evidence."""
    found: dict[int, tuple[Identifier, int, list[str]]] = {
        row[1]: (_identifier(row, 1), int(row[0]), [LinkType.CO_REPORTED.value])
        for row in connection.execute(statements.co_reported, params)}
    for row in connection.execute(statements.explicit_links, params):
        _, _, types = found.setdefault(row[1], (_identifier(row, 1), 0, []))
        if row[0] not in types:
            types.append(row[0])
    linked = [LinkedIdentifier(identifier, n, tuple(types))
              for identifier, n, types in found.values()]
    return tuple(sorted(linked, key=lambda li: (-li.reports, li.identifier.kind,
                                                li.identifier.value)))


def _identifier(row: Any, start: int = 0) -> Identifier:
    """The identifier in ``row``'s columns id, kind, value, valid, details from ``start``."""
    return Identifier(IdentifierKind(row[start + 1]), row[start + 2], row[start + 3],
                      dict(row[start + 4]))
