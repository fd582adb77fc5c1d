"""The timeline every record of a case keeps: who did what, when.

Records never change in place; each change builds a new record whose timeline is
the old one plus one entry. Entries are in time order, so a later change cannot be
dated before an earlier one, and none is ever dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from counterfraud.cases import fields
from counterfraud.errors import InvalidInput

__all__ = ["TimelineEntry", "append", "check_timeline"]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """``actor`` (an officer or an agency) did ``action`` at ``at``; ``detail`` says more."""

    at: datetime
    actor: str
    action: str
    detail: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", fields.moment(self.at, "at"))
        object.__setattr__(self, "actor", fields.text(self.actor, "actor", max_length=200))
        object.__setattr__(self, "action", fields.text(self.action, "action", max_length=100))
        # a blank detail is no detail: the record's own check names its blank field
        detail = self.detail.strip() if isinstance(self.detail, str) else self.detail
        object.__setattr__(self, "detail", fields.text(detail, "detail") if detail else "")


def check_timeline(timeline: tuple[TimelineEntry, ...]) -> None:
    """Refuse an empty timeline or one out of time order (field ``timeline``)."""
    if not timeline:
        raise InvalidInput("timeline must record at least the creation", field="timeline")
    for before, after in pairwise(timeline):
        if after.at < before.at:
            raise InvalidInput("timeline entries must be in time order", field="timeline")


def append(timeline: tuple[TimelineEntry, ...], *, actor: str, at: datetime, action: str,
           detail: str = "") -> tuple[TimelineEntry, ...]:
    """``timeline`` plus one entry; InvalidInput (field ``at``) if ``at`` is earlier
    than the last entry, so that a replayed or back-dated change is caught."""
    entry = TimelineEntry(at, actor, action, detail)
    if timeline and entry.at < timeline[-1].at:
        raise InvalidInput(f"at {entry.at.isoformat()} is earlier than the last change "
                           f"({timeline[-1].at.isoformat()})", field="at")
    return (*timeline, entry)
