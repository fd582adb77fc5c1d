"""When things happen within each case of the demo's case world: its opening, the
invitations, the network's link, the suspects' steps and the case's own moves.

Every time is drawn from a generator of the case's own (:func:`clock`, keyed by the
case's key), never from the one that draws what happens: the times leave every other
draw of the world as it was, and the same seed gives the same times. Times are whole
seconds, in order within each record, and after the case's opening:

- a case from a report opens when the report was made; one to dismantle a network
  opens six weeks to three months before the raid;
- partners are invited within hours, the network linked (its suspects identified)
  within hours of that, the investigation starts within a day;
- a network's suspects are wanted weeks before the raid and arrested in it; a report's
  suspect is wanted within two weeks and arrested within six; a handover follows within
  three weeks, the charge within ten days, the conviction one to three months later;
- ``action`` comes days before the raid, or hours to days into the investigation; the
  close comes one to fourteen days after the last thing done within the case (answers
  to its requests, its victims' moves, its suspects' steps but the convictions, which
  may come after the case is closed).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from counterfraud.simulate.case_specs import CaseMove, CaseSpec
from counterfraud.simulate.groups import rng_for

__all__ = ["Opening", "case_moves", "clock", "last_event", "opening", "suspect_times"]

HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def clock(seed: int, size: str, key: str) -> random.Random:
    """The generator of case ``key``'s times."""
    return rng_for(seed, size, f"case-times:{key}")


def _between(rng: random.Random, low: timedelta, high: timedelta) -> timedelta:
    return timedelta(seconds=round(rng.uniform(low.total_seconds(), high.total_seconds())))


@dataclass(frozen=True, slots=True)
class Opening:
    """When the case was opened, its partners invited and its network linked (the last
    two used only when the case has partners, or links its network)."""

    opened_at: datetime
    invited_at: datetime
    linked_at: datetime


def opening(rng: random.Random, *, report_at: datetime | None = None,
            raid: datetime | None = None) -> Opening:
    """The opening of a case from a report made at ``report_at``, or of one that
    dismantles a network in a raid at ``raid``."""
    if report_at is not None:
        opened = report_at.replace(microsecond=0)
        invited = opened + _between(rng, HOUR / 2, 6 * HOUR)
        return Opening(opened, invited, invited + _between(rng, HOUR / 2, 12 * HOUR))
    assert raid is not None
    opened = raid - _between(rng, 45 * DAY, 90 * DAY)
    invited = opened + _between(rng, 2 * HOUR, 48 * HOUR)
    return Opening(opened, invited, invited + _between(rng, HOUR, 24 * HOUR))


def suspect_times(rng: random.Random, statuses: Sequence[str], *, identified: datetime,
                  raid: datetime | None) -> list[datetime]:
    """When a suspect identified at ``identified`` reached each of ``statuses`` (in the
    suspect lifecycle's order), arrested in the ``raid`` if there is one."""
    times, at = [], identified
    for status in statuses:
        if status == "wanted":
            at = max(at, raid - _between(rng, 5 * DAY, 30 * DAY)) if raid is not None \
                else at + _between(rng, DAY, 14 * DAY)
        elif status == "arrested":
            at = max(at, raid) if raid is not None else at + _between(rng, 2 * DAY, 40 * DAY)
        elif status == "handed_over":
            at += _between(rng, 3 * DAY, 21 * DAY)
        elif status == "charged":
            at += _between(rng, DAY, 10 * DAY)
        else:  # convicted
            at += _between(rng, 30 * DAY, 90 * DAY)
        times.append(at)
    return times


def last_event(case: CaseSpec) -> datetime:
    """The last thing done within ``case`` that its close must follow: everything but its
    own moves and its suspects' convictions."""
    times: list[datetime] = [case.opened_at]
    times += [t for t in (case.invited_at, case.linked_at) if t is not None]
    times += [m.at for v in case.victims for m in v.moves]
    times += [v.ransom.at for v in case.victims if v.ransom is not None]
    times += [t for f in case.freezes for t in (f.requested_at, f.answered_at) if t]
    times += [t.at(h) for t in case.takedowns for _, h in t.steps]
    times += [t.sent_at for t in case.takedowns]
    for suspect in case.suspects:
        times.append(suspect.identified_at)
        times += [s.at for s in suspect.steps if s.status != "convicted"]
    return max(times)


def case_moves(rng: random.Random, statuses: Iterable[str], *, since: datetime,
               raid: datetime | None, end: datetime) -> tuple[CaseMove, ...]:
    """The case's moves to ``statuses``: the investigation within a day of ``since``
    (the last entry of the case's timeline before its moves), action days before the
    ``raid`` or hours to days later, a close after ``end`` (:func:`last_event`)."""
    investigating = since + _between(rng, HOUR, 24 * HOUR)
    action = investigating + _between(rng, 6 * HOUR, 72 * HOUR)
    if raid is not None:
        action = max(investigating + HOUR, raid - _between(rng, 24 * HOUR, 72 * HOUR))
    closing = max(end, action) + _between(rng, DAY, 14 * DAY)
    when = {"investigating": investigating, "action": action}
    return tuple(CaseMove(s, when.get(s, closing)) for s in statuses)
