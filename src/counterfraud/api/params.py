"""Bounds of what a request may carry in its path, query and body fields, checked before
any service runs, so that no value reaches the database that it would refuse with an
error of its own (a 500).

* Integers: ids, blocklist versions, sizes and offsets are at most :data:`MAX_INT`, the
  largest PostgreSQL ``integer`` (the columns they are compared with); larger ones are
  a 422 naming the parameter (SQLite overflows at 2^63, PostgreSQL at 2^31).
* Text: no path or query parameter, and no field of a request body, may hold a NUL
  character (U+0000). PostgreSQL cannot store one and SQLite can; refusing it in both,
  rather than dropping it, keeps what is stored exactly what was sent (report rows apply
  the same rule, in ``report_rows``).
* Times: a date-time in a body or query is moved to UTC here; one that falls off the
  calendar on the way (``0001-01-01T00:00+01:00``) is a 422.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Path, Query, Request
from pydantic import AfterValidator

from counterfraud.errors import InvalidInput

MAX_INT = 2**31 - 1
NUL_MESSAGE = "has a NUL character (U+0000), which no field may hold"

RecordId = Annotated[int, Path(ge=1, le=MAX_INT, description="The record's number.")]
Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="Skip this many records.")]


def has_nul(value: Any) -> bool:
    """Whether ``value`` (text, or lists and mappings of it) holds a NUL character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    return False


async def no_nul_in_parameters(request: Request) -> None:
    """Refuse a path or query parameter holding a NUL character, naming it (422).

    Installed on the whole app, so that every route, present or future, is covered."""
    for name, value in [*request.path_params.items(), *request.query_params.multi_items()]:
        if has_nul(value):
            raise InvalidInput(NUL_MESSAGE, field=name)


def _in_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range once moved to UTC") from None


UtcDateTime = Annotated[datetime, AfterValidator(_in_utc)]
"""A date-time, moved to UTC (UTC when it has no zone); 422 when that overflows."""
