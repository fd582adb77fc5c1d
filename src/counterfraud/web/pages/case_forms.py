"""Reading the case pages' forms: text limits the API's schemas hold (checked here so a
too long value is an error next to its field, not a page about the request), lines of
identifiers, dates, and the errors of one form among several on a page.

Several forms share the case page, so each form's fields carry its prefix
(``task-title``, ``victim-kind`` ...): :func:`errors_of` names the field of an
InvalidInput with that prefix, or ``<prefix>form`` when the error names no field of the
form (the template shows that one at the form's top).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time

from counterfraud.errors import CounterfraudError, InvalidInput

NAME = 200  # titles, names, addressees (the API's limits)
CODE = 32  # codes, statuses, markings
TEXT = 10_000  # notes, logs, reasons
LINES = 1000  # identifiers given at once


def text(value: str | None, field: str, *, limit: int = NAME, required: bool = False,
         label: str | None = None) -> str:
    """``value`` stripped; InvalidInput naming ``field`` when it is longer than ``limit``
    or, if ``required``, empty."""
    found = (value or "").strip()
    if len(found) > limit:
        raise InvalidInput(f"{label or field} is longer than {limit:,} characters",
                           field=field)
    if required and not found:
        raise InvalidInput(f"{label or field} is required", field=field)
    return found


def optional(value: str | None, field: str, *, limit: int = NAME) -> str | None:
    """``value`` stripped, or None when empty."""
    return text(value, field, limit=limit) or None


def lines(value: str | None, field: str, *, limit: int = LINES) -> list[str]:
    """The non-empty lines of a textarea (one identifier a line), at most ``limit``."""
    found = [line.strip() for line in (value or "").splitlines() if line.strip()]
    if len(found) > limit:
        raise InvalidInput(f"{field}: at most {limit:,} lines", field=field)
    for line in found:
        text(line, field, limit=2100)
    return found


def day(value: str | None, field: str, *, end: bool = True) -> datetime | None:
    """A date field (``YYYY-MM-DD``) as the end (or start) of that day in UTC; None when
    empty; InvalidInput naming ``field`` otherwise."""
    found = (value or "").strip()
    if not found:
        return None
    try:
        parsed = date.fromisoformat(found)
    except ValueError:
        raise InvalidInput(f"{field} {found[:40]!r} is not a date like 2025-03-31",
                           field=field) from None
    at = time(23, 59, 59) if end else time()
    return datetime.combine(parsed, at, UTC)


def errors_of(exc: CounterfraudError, prefix: str, fields: Iterable[str], *,
              renames: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{prefix + field: message}`` for an error naming one of ``fields`` (the
    service's names, or the core's that ``renames`` maps to them), else
    ``{prefix + "form": message}``."""
    named = getattr(exc, "field", None)
    named = (renames or {}).get(named or "", named)
    key = f"{prefix}{named}" if named in set(fields) else f"{prefix}form"
    return {key: str(exc)}
