"""The SQL of the ministry's figures (services.kpi) and of the interception counts.

Every figure counts (or sums) the rows of one table whose event time falls in
``[start, end)``, kept to what the viewer may read by the one visibility rule
(:func:`~counterfraud.store.visibility.visible_to`, joint-case agreements included
through :func:`~counterfraud.store.case_records.case_visible`'s case column, and for
freeze requests the bank they are addressed to, as store.freeze reads them).

For a viewer with an agency the rows are first added up per (owner, marking[, case])
and the rule is applied to those groups, not to each row: the rule depends on nothing
else, so the answer is the same, and its agreement sub-query runs once a group instead
of once a row (a million reports fall into a few dozen groups). The local operator reads
everything and needs no rule at all.

Each figure may be split by the owning agency, its country, or the month (UTC) of the
figure's own event time. Interception counts are the instance's own, read by everyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Float, cast, extract, func, literal_column, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from counterfraud.domain import RecordType, Viewer
from counterfraud.store.case_tables import (
    CaseRow,
    FreezeRequestRow,
    InterceptionCountRow,
    SuspectRow,
    TakedownRequestRow,
    VictimRow,
)
from counterfraud.store.tables import AgencyRow, AgreementRow, BlocklistEntryRow, ReportRow
from counterfraud.store.visibility import visible_to

GROUPINGS = ("agency", "country", "month")
FROZEN = ("frozen", "partly_frozen")
CASE_TABLES = (CaseRow, VictimRow, FreezeRequestRow, TakedownRequestRow, SuspectRow)

__all__ = ["GROUPINGS", "Measure", "Tally", "add_interceptions", "agency_exists", "durations",
           "interceptions", "measures", "tally"]


@dataclass(frozen=True, slots=True)
class Tally:
    """One added-up figure: ``group`` is the agency code, country or month (None when
    not split, or for records no agency owns), ``key`` the currency or kind it is per."""

    figure: str
    group: str | None
    key: str | None
    value: Decimal | int


@dataclass(frozen=True, slots=True)
class Measure:
    """A figure: the rows of ``table`` (read as ``record_type``) whose ``when`` is in the
    period and that meet ``where``; counted, or ``total`` summed per ``key``."""

    figure: str
    table: type[Any]
    record_type: RecordType
    when: Any
    where: tuple[ColumnElement[bool], ...] = ()
    total: Any = None
    key: Any = None


def measures() -> list[Measure]:
    """Every figure the store adds up (services.kpi names them in its figures)."""
    c, v, f, t, s = CaseRow, VictimRow, FreezeRequestRow, TakedownRequestRow, SuspectRow
    b = BlocklistEntryRow
    return [
        Measure("losses", ReportRow, RecordType.REPORT, ReportRow.reported_at,
                (ReportRow.loss_amount.is_not(None), ReportRow.loss_currency.is_not(None)),
                total=ReportRow.loss_amount, key=ReportRow.loss_currency),
        Measure("blocked", b, RecordType.BLOCKLIST_ENTRY, b.created_at,
                (b.status != "delisted", b.confidence == "confirmed"), key=b.kind),
        Measure("cases_opened", c, RecordType.CASE, c.opened_at),
        Measure("cases_solved", c, RecordType.CASE, c.closed_at,
                (c.status == "closed_solved",)),
        Measure("arrests", s, RecordType.SUSPECT, s.arrested_at),
        Measure("handovers", s, RecordType.SUSPECT, s.handed_over_at),
        Measure("freezes_requested", f, RecordType.FREEZE_REQUEST, f.requested_at),
        Measure("freezes_frozen", f, RecordType.FREEZE_REQUEST, f.answered_at,
                (f.status.in_(FROZEN),)),
        Measure("amount_frozen", f, RecordType.FREEZE_REQUEST, f.answered_at,
                (f.status.in_(FROZEN), f.amount_frozen.is_not(None),
                 f.frozen_currency.is_not(None)),
                total=f.amount_frozen, key=f.frozen_currency),
        Measure("takedowns_requested", t, RecordType.TAKEDOWN_REQUEST, t.sent_at),
        Measure("taken_down", t, RecordType.TAKEDOWN_REQUEST, t.answered_at,
                (t.status == "taken_down",)),
        Measure("victims_located", v, RecordType.VICTIM, v.located_at),
        Measure("victims_rescued", v, RecordType.VICTIM, v.rescued_at),
        Measure("victims_repatriated", v, RecordType.VICTIM, v.repatriated_at),
    ]


def tally(session: Session, viewer: Viewer, measure: Measure, *, start: datetime,
          end: datetime, by: str | None) -> list[Tally]:
    """``measure`` over ``[start, end)`` as ``viewer`` may read it, split ``by``."""
    table = measure.table
    value = func.count() if measure.total is None else func.sum(measure.total)
    in_period = (measure.when >= start, measure.when < end, *measure.where)
    keys = [measure.key] if measure.key is not None else []
    if viewer.agency is None:
        groups = _groups(session, by, when=measure.when)
        query = select(*groups, *keys, value).select_from(table)
        if by in ("agency", "country"):
            query = query.outerjoin(AgencyRow, AgencyRow.id == table.agency_id)
        rows = session.execute(query.where(*in_period).group_by(*groups, *keys))
    else:
        rows = session.execute(_visible_groups(session, viewer, measure, in_period,
                                               keys=keys, value=value, by=by))
    money = measure.total is not None
    return [Tally(measure.figure, _text(row[0]) if by else None,
                  _text(row[-2]) if keys else None, _number(row[-1], money))
            for row in rows if row[-1]]


def _visible_groups(session: Session, viewer: Viewer, measure: Measure,
                    in_period: Iterable[Any], *, keys: list[Any], value: Any,
                    by: str | None) -> Any:
    """The rows added up per owner, marking (and case, for case records) and what the
    figure is split by; the rule applied to those groups; the groups added up again."""
    table = measure.table
    rows: Any = table
    owners = [table.agency_id, table.marking]
    if table in CASE_TABLES:
        # the case matters only where a joint-case agreement names it: rows of every
        # other case fall into their (owner, marking) group, with no case
        joint = (select(AgreementRow.case_id).where(AgreementRow.case_id.is_not(None))
                 .distinct().subquery())
        case = table.id if table is CaseRow else table.case_id
        rows = table.__table__.outerjoin(joint, joint.c.case_id == case)
        owners.append(joint.c.case_id)
    if table is FreezeRequestRow:  # the bank it is addressed to reads it (unless RED)
        owners.append(FreezeRequestRow.institution_id)
    month = [_month(session, measure.when)] if by == "month" else []
    inner = (select(*(c.label(f"c{i}") for i, c in enumerate(owners)),
                    *(m.label("month") for m in month), *(k.label("key") for k in keys),
                    value.label("n"))
             .select_from(rows).where(*in_period)
             .group_by(*owners, *month, *keys).subquery())
    rule = visible_to(viewer, measure.record_type, owner_id=inner.c.c0, marking=inner.c.c1,
                      case_id=inner.c.c2 if table in CASE_TABLES else None,
                      addressee_id=inner.c.c3 if table is FreezeRequestRow else None)
    groups: list[Any] = ([inner.c.month] if by == "month"
                         else _groups(session, by, when=None))
    outer_keys = [inner.c.key] if keys else []
    query = select(*groups, *outer_keys, func.sum(inner.c.n)).select_from(inner)
    if by in ("agency", "country"):
        query = query.outerjoin(AgencyRow, AgencyRow.id == inner.c.c0)
    return query.where(rule).group_by(*groups, *outer_keys)


def _groups(session: Session, by: str | None, *, when: Any) -> list[Any]:
    """The columns a figure is split by: none, the owner's code or country, the month."""
    if by == "agency":
        return [AgencyRow.code]
    if by == "country":
        return [AgencyRow.country]
    if by == "month":
        return [_month(session, when)]
    return []


def durations(session: Session, viewer: Viewer, *, figure: str, start: datetime,
              end: datetime, by: str | None) -> list[tuple[str | None, float]]:
    """(group, hours from request to answer) of each freeze request frozen (``figure``
    "freeze") or takedown request taken down ("takedown") in ``[start, end)``: the
    medians' populations, as ``viewer`` may read them."""
    if figure == "freeze":
        table: Any = FreezeRequestRow
        asked, record_type = FreezeRequestRow.requested_at, RecordType.FREEZE_REQUEST
        done: ColumnElement[bool] = FreezeRequestRow.status.in_(FROZEN)
    else:
        table = TakedownRequestRow
        asked, record_type = TakedownRequestRow.sent_at, RecordType.TAKEDOWN_REQUEST
        done = TakedownRequestRow.status == "taken_down"
    answered = table.answered_at
    groups = _groups(session, by, when=answered)
    rule = (true() if viewer.agency is None else visible_to(
        viewer, record_type, owner_id=table.agency_id, marking=table.marking,
        case_id=table.case_id, addressee_id=FreezeRequestRow.institution_id
        if table is FreezeRequestRow else None))
    query = select(*groups, _hours(session, asked, answered)).select_from(table)
    if by in ("agency", "country"):
        query = query.join(AgencyRow, AgencyRow.id == table.agency_id)
    rows = session.execute(query.where(answered >= start, answered < end, done, rule))
    return [(_text(row[0]) if by else None, float(row[-1])) for row in rows
            if row[-1] is not None]


def interceptions(session: Session, *, first: date, last: date,
                  by_month: bool) -> list[tuple[str | None, str, str, int]]:
    """(month or None, channel, decision, count) of the days ``first`` to ``last``."""
    row = InterceptionCountRow
    month = [func.substr(row.day, literal_column("1"), literal_column("7"))] if by_month else []
    rows = session.execute(
        select(*month, row.channel, row.decision, func.sum(row.count))
        .where(row.day >= first.isoformat(), row.day <= last.isoformat())
        .group_by(*month, row.channel, row.decision))
    return [(str(r[0]) if by_month else None, str(r[-3]), str(r[-2]), int(r[-1]))
            for r in rows if r[-1]]


def agency_exists(session: Session, code: str) -> bool:
    return session.scalar(select(AgencyRow.id).where(AgencyRow.code == code)) is not None


def add_interceptions(session: Session, counts: dict[tuple[str, str, str], int]) -> None:
    """Add ``counts`` ((day, channel, decision) -> n) to the stored counts: one
    ``INSERT ... ON CONFLICT DO UPDATE SET count = count + excluded.count``, so writers
    in several processes add up and never overwrite each other."""
    if not counts:
        return
    values = [{"day": d, "channel": c, "decision": k, "count": n}
              for (d, c, k), n in sorted(counts.items())]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(InterceptionCountRow).values(values)
    session.execute(statement.on_conflict_do_update(
        index_elements=["day", "channel", "decision"],
        set_={"count": InterceptionCountRow.count + statement.excluded.count}))


def _month(session: Session, column: Any) -> Any:
    """The month of a time column, in UTC: ``YYYY-MM`` on SQLite, its first moment on
    PostgreSQL (:func:`_text` names both alike)."""
    # constants written into the SQL, not bound: PostgreSQL matches a GROUP BY expression
    # to the selected one only when they are written alike, and two parameters are not
    if session.get_bind().dialect.name == "postgresql":  # date_trunc: to_char is slower
        return func.date_trunc(literal_column("'month'"),
                               func.timezone(literal_column("'UTC'"), column))
    return func.substr(column, literal_column("1"), literal_column("7"))  # ISO text in UTC


def _hours(session: Session, asked: Any, answered: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return extract("epoch", answered - asked) / 3600.0
    return cast((func.julianday(answered) - func.julianday(asked)) * 24.0, Float)


def _text(value: Any) -> str | None:
    """A group's name; a month (a time on PostgreSQL) as ``YYYY-MM``."""
    if isinstance(value, datetime):
        return f"{value.year:04d}-{value.month:02d}"
    return None if value is None else str(value)


def _number(value: Any, money: bool) -> Decimal | int:
    if money:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    return int(value)
