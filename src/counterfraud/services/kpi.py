"""The figures a ministry publishes (docs/kpi.md): what was intercepted and blocked,
cases opened and solved, arrests and handovers, freezes, takedowns, victims helped and
losses, over a period, as one viewer may read them.

Each figure counts its records by the record's own event time (a case solved in March
counts in March whenever it was opened), in ``[first day 00:00 UTC, day after the last
00:00 UTC)``. Records the viewer may not read are never counted (store.kpi applies the
one visibility rule), so two agencies can see different totals; interceptions are the
instance's own screening and every viewer sees them. Reading the figures is one entry
on the audit trail (the period, the split and the viewer; no record references).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from counterfraud.domain import Channel, Decision, Viewer, parse_agency_code
from counterfraud.errors import InvalidInput, NotFound
from counterfraud.services import audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.store import Store
from counterfraud.store import kpi as rows

EARLIEST = date(1990, 1, 1)  # as reports: nothing of online fraud is older
LATEST = date(2100, 12, 31)  # a bound on the months a split by month lists
GROUPINGS = rows.GROUPINGS
# blocklist kinds per published figure; email addresses, handles and persons are not
# among them (ministries publish sites, addresses, numbers and accounts)
BLOCKED_KINDS: dict[str, tuple[str, ...]] = {
    "domains": ("domain",), "urls": ("url",), "ips": ("ip", "cidr"), "phones": ("phone",),
    "accounts": ("bank_account", "crypto_wallet")}
CHANNELS: dict[str, Channel] = {"messages": Channel.MESSAGE, "calls": Channel.CALL,
                                "urls": Channel.URL}
INTERCEPTED = Decision.BLOCK  # a warning lets the message through: not intercepted
_MONTH = re.compile(r"^\d{4}-\d{2}$")

__all__ = ["BLOCKED_KINDS", "CHANNELS", "GROUPINGS", "Figures", "Kpi", "Period", "kpi",
           "parse_grouping", "parse_period", "viewer_for"]


@dataclass(frozen=True, slots=True)
class Period:
    """The days ``first`` to ``last``, both included, in UTC."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.last + timedelta(days=1), time(), UTC)

    def months(self) -> list[str]:
        """``YYYY-MM`` of every month the period touches, in order."""
        found, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def as_dict(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


def parse_period(first: str | None, last: str | None, *, today: date | None = None) -> Period:
    """``--from``/``--to``: a day (``2025-03-31``) or a month (``2025-03``: from its first
    day, to its last). Without ``to``: today (UTC); without ``from``: the first day of
    the twelfth month back from ``to``'s, so by default the last twelve calendar months.
    Raises InvalidInput naming ``from`` or ``to``."""
    today = today or datetime.now(UTC).date()
    end = _day(last, field_name="to", end=True) if last is not None else today
    if first is not None:
        start = _day(first, field_name="from", end=False)
    else:
        back = end.year * 12 + end.month - 1 - 11
        start = date(back // 12, back % 12 + 1, 1)
    if start > end:
        raise InvalidInput(f"from {start.isoformat()} is after to {end.isoformat()}",
                           field="from")
    return Period(max(start, EARLIEST), end)


def _day(raw: str, *, field_name: str, end: bool) -> date:
    text = raw.strip()
    try:
        if _MONTH.match(text):
            day = date.fromisoformat(text + "-01")
            if end:
                following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
                day = following - timedelta(days=1)
        else:
            day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{field_name} {raw!r} is not a date like 2025-03-31 or a month "
                           "like 2025-03", field=field_name) from None
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(f"{field_name} {raw!r} is outside {EARLIEST.isoformat()} to "
                           f"{LATEST.isoformat()}", field=field_name)
    return day


def parse_grouping(raw: str | None) -> str | None:
    """``--by``: agency, country or month (None: totals only)."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip().lower()
    if text not in GROUPINGS:
        raise InvalidInput(f"by {raw!r}: split by one of {', '.join(GROUPINGS)}", field="by")
    return text


@dataclass(slots=True)
class Figures:
    """One set of figures. ``intercepted`` is None in a split by agency or country:
    interceptions belong to the instance, not to an agency."""

    intercepted: dict[str, int] | None = field(default_factory=lambda: dict.fromkeys(
        CHANNELS, 0))
    blocked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BLOCKED_KINDS, 0))
    counts: dict[str, int] = field(default_factory=dict)  # store.kpi figure -> count
    amount_frozen: dict[str, Decimal] = field(default_factory=dict)
    losses: dict[str, Decimal] = field(default_factory=dict)
    freeze_hours: list[float] = field(default_factory=list)
    takedown_hours: list[float] = field(default_factory=list)

    def count(self, figure: str) -> int:
        return self.counts.get(figure, 0)

    def add(self, tally: rows.Tally) -> None:
        if tally.figure == "blocked":
            bucket = next((b for b, kinds in BLOCKED_KINDS.items() if tally.key in kinds),
                          None)
            if bucket is not None:
                self.blocked[bucket] += int(tally.value)
        elif tally.figure in ("losses", "amount_frozen"):
            money = self.losses if tally.figure == "losses" else self.amount_frozen
            key = tally.key or ""
            money[key] = money.get(key, Decimal(0)) + Decimal(tally.value)
        else:
            self.counts[tally.figure] = self.count(tally.figure) + int(tally.value)

    def merge(self, other: Figures) -> None:
        """Add ``other``'s figures to these (the totals of a split); interceptions are
        not split by owner and are added up on their own."""
        for key, n in other.blocked.items():
            self.blocked[key] += n
        for figure, n in other.counts.items():
            self.counts[figure] = self.count(figure) + n
        for mine, theirs in ((self.amount_frozen, other.amount_frozen),
                             (self.losses, other.losses)):
            for currency, amount in theirs.items():
                mine[currency] = mine.get(currency, Decimal(0)) + amount
        self.freeze_hours.extend(other.freeze_hours)
        self.takedown_hours.extend(other.takedown_hours)

    def as_dict(self) -> dict[str, Any]:
        count = self.count
        return {
            "intercepted": None if self.intercepted is None else dict(self.intercepted),
            "blocked": dict(self.blocked),
            "cases": {"opened": count("cases_opened"), "solved": count("cases_solved")},
            "arrests": count("arrests"),
            "handovers": count("handovers"),
            "freezes": {"requested": count("freezes_requested"),
                        "frozen": count("freezes_frozen"),
                        "amount_frozen": _amounts(self.amount_frozen),
                        "median_hours_to_freeze": _median(self.freeze_hours)},
            "takedowns": {"requested": count("takedowns_requested"),
                          "taken_down": count("taken_down"),
                          "median_hours_to_takedown": _median(self.takedown_hours)},
            "victims": {"located": count("victims_located"),
                        "rescued": count("victims_rescued"),
                        "repatriated": count("victims_repatriated")},
            "losses": _amounts(self.losses),
        }


@dataclass(slots=True)
class Kpi:
    """The figures of a period as ``viewer`` (an agency code, None for the local operator)
    reads them, with their split ``by`` one of GROUPINGS (``groups`` in order)."""

    period: Period
    viewer: str | None
    by: str | None
    totals: Figures
    groups: list[tuple[str | None, Figures]]

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"period": self.period.as_dict(), **self.totals.as_dict()}
        if self.by is not None:
            found["groups"] = [{self.by: key, **figures.as_dict()}
                               for key, figures in self.groups]
        return found


def viewer_for(store: Store, agency: str | None) -> Viewer:
    """Whose view: the local operator (None) or a registered agency's (NotFound)."""
    if agency is None:
        return Viewer(agency=None)
    code = parse_agency_code(agency)
    with store.transaction() as session:
        if not rows.agency_exists(session, code):
            raise NotFound(f"no agency {code!r}: `counterfraud agency list` shows them")
    return Viewer(agency=code)


def kpi(store: Store, viewer: Viewer, *, period: Period, by: str | None = None,
        via: Access | None = None) -> Kpi:
    """The figures of ``period`` over what ``viewer`` may read, split ``by`` (None, or
    one of GROUPINGS); one read entry on the audit trail."""
    if by is not None and by not in GROUPINGS:
        raise InvalidInput(f"by {by!r}: split by one of {', '.join(GROUPINGS)}", field="by")
    who = audit.access_of(via, viewer, path="cli kpi")
    split: dict[str | None, Figures] = defaultdict(lambda: Figures(
        intercepted=None if by in ("agency", "country") else dict.fromkeys(CHANNELS, 0)))
    if by == "month":
        for name in period.months():  # every month listed, those with nothing too
            split[name] = split[name]
    start, end = period.start, period.end
    with store.transaction() as session:
        for measure in rows.measures():
            for tally in rows.tally(session, viewer, measure, start=start, end=end, by=by):
                split[tally.group].add(tally)
        for kind, target in (("freeze", "freeze_hours"), ("takedown", "takedown_hours")):
            for group, hours in rows.durations(session, viewer, figure=kind, start=start,
                                               end=end, by=by):
                getattr(split[group], target).append(hours)
        intercepted = rows.interceptions(session, first=period.first, last=period.last,
                                         by_month=by == "month")
    totals = Figures(intercepted=dict.fromkeys(CHANNELS, 0))
    for figures in split.values():
        totals.merge(figures)
    names = {c.value: name for name, c in CHANNELS.items()}
    for month, channel, decision, n in intercepted:
        if decision == INTERCEPTED.value and channel in names:
            for counted in (totals, split[month]) if by == "month" else (totals,):
                if counted.intercepted is not None:
                    counted.intercepted[names[channel]] += n
    groups = [] if by is None else sorted(split.items(), key=lambda g: (g[0] is None,
                                                                         g[0] or ""))
    audit.record(store, actor=who.actor, action=Action.READ, path=who.path,
                 record_type="kpi", records=[],
                 detail={**period.as_dict(), "by": by, "viewer": viewer.agency})
    return Kpi(period=period, viewer=viewer.agency, by=by, totals=totals, groups=groups)


def _median(hours: list[float]) -> float | None:
    return round(statistics.median(hours), 2) if hours else None


def _amounts(money: dict[str, Decimal]) -> dict[str, float]:
    """JSON numbers with cents: exact below 10^13, as every amount the store keeps."""
    return {currency: float(amount.quantize(Decimal("0.01")))
            for currency, amount in sorted(money.items()) if amount}
