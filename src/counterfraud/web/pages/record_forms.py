"""Reading the console's record forms: the same limits as the API's request bodies, each
refusal an InvalidInput naming its field (shown next to that field), and the agency's
country that national phone formats are read in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from fastapi import Request

from counterfraud.errors import InvalidInput
from counterfraud.services import access
from counterfraud.services.store import Store
from counterfraud.web.session import ConsoleUser

MAX_REASON = 2000  # api.schemas_screening: reasons of blocklist changes and decisions
MAX_CONTACT = 256
MAX_STATEMENT = 5000
MAX_VALUE = 2048


def required_text(raw: str | None, *, field: str, limit: int, what: str = "") -> str:
    """``raw`` stripped; InvalidInput naming ``field`` when empty or too long."""
    text = (raw or "").strip()
    if not text:
        raise InvalidInput(f"{what or field.replace('_', ' ')} is required", field=field)
    return checked_length(text, field=field, limit=limit)


def checked_length(text: str, *, field: str, limit: int) -> str:
    if len(text) > limit:
        raise InvalidInput(f"at most {limit:,} characters ({len(text):,} given)",
                           field=field)
    if "\x00" in text:
        raise InvalidInput("contains a NUL character", field=field)
    return text


def optional_int(raw: str | None, *, field: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high``, or None when left empty."""
    text = (raw or "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise InvalidInput(f"{text!r} is not a whole number", field=field)
    number = int(text)
    if not low <= number <= high:
        raise InvalidInput(f"must be from {low:,} to {high:,}", field=field)
    return number


def optional_day(raw: str | None, *, field: str, end: bool = False) -> datetime | None:
    """A day (``2025-03-31``, as a date input sends it) as UTC midnight (the next
    midnight with ``end``, so the day is included), or None when left empty."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
        if end:
            day = date.fromordinal(day.toordinal() + 1)
    except (ValueError, OverflowError):
        raise InvalidInput(f"{text!r} is not a date like 2025-03-31", field=field) from None
    return datetime.combine(day, time(), UTC)


def refused_status(request: Request, status_code: int) -> int:
    """``status_code`` for a refused form, but 200 when htmx sent it: htmx swaps in only
    successful answers, and the form with its errors must replace the one sent."""
    return 200 if request.headers.get("HX-Request") else status_code


def agency_country(store: Store, user: ConsoleUser) -> str | None:
    """The country of the user's agency: where national phone formats are read."""
    if user.agency is None:
        return None
    return next((a.country for a in access.list_agencies(store) if a.code == user.agency),
                None)
