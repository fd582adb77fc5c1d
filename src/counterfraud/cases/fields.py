"""Checks of single fields shared by every record of a case.

Each returns the normalised value or raises InvalidInput whose ``field`` and
message name the field, so an officer's form or an import row can point at it.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from counterfraud.domain import EARLIEST_REPORT_TIME, FUTURE_TOLERANCE, MAX_LOSS_AMOUNT
from counterfraud.domain import parse_country as _parse_country
from counterfraud.errors import InvalidInput

__all__ = [
    "MAX_AMOUNT",
    "MAX_DUE_AHEAD",
    "MAX_TEXT",
    "amount",
    "coordinate",
    "country",
    "currency",
    "moment",
    "text",
]

MAX_AMOUNT = MAX_LOSS_AMOUNT  # the store keeps amounts below it exactly
MAX_TEXT = 10_000  # a note or a log entry; longer material is evidence, kept elsewhere
# Tasks are planned ahead; a due date beyond two years is a typing error.
MAX_DUE_AHEAD = timedelta(days=2 * 366)
_CENT = Decimal("0.01")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def text(value: str, field: str, *, max_length: int = MAX_TEXT) -> str:
    """Stripped ``value``; refused when empty or longer than ``max_length``."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text", field=field)
    stripped = value.strip()
    if not stripped:
        raise InvalidInput(f"{field} must not be empty", field=field)
    if len(stripped) > max_length:
        raise InvalidInput(f"{field} is longer than {max_length} characters", field=field)
    return stripped


def amount(value: Decimal | int | str, field: str) -> Decimal:
    """A money amount above zero and below :data:`MAX_AMOUNT`, finite, whole cents;
    returned with two decimal places. Floats are refused: they are not exact."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidInput(f"{field} must be a decimal amount, not {type(value).__name__}",
                           field=field)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidInput(f"{field} {value!r} is not an amount", field=field) from None
    if not number.is_finite():
        raise InvalidInput(f"{field} must be finite", field=field)
    if number <= 0:
        raise InvalidInput(f"{field} must be positive", field=field)
    if number >= MAX_AMOUNT:
        raise InvalidInput(f"{field} must be below 10^13", field=field)
    cents = number.quantize(_CENT)
    if cents != number:
        raise InvalidInput(f"{field} has fractions of cents", field=field)
    return cents


def currency(value: str, field: str = "currency") -> str:
    """An ISO 4217 code: three letters, returned in capitals."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if not _CURRENCY.match(code):
        raise InvalidInput(f"{field} {value!r} is not an ISO 4217 code (like THB, CNY, USD)",
                           field=field)
    return code


def country(value: str, field: str) -> str:
    """An ISO 3166-1 alpha-2 code, returned in capitals."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a country code", field=field)
    return _parse_country(value, field_name=field)


def coordinate(value: float, field: str, *, limit: float) -> float:
    """A latitude (``limit`` 90) or longitude (``limit`` 180) in degrees."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{field} must be a number of degrees", field=field)
    number = float(value)
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise InvalidInput(f"{field} must be between -{limit:g} and {limit:g}", field=field)
    return number


def moment(value: datetime, field: str, *, ahead: timedelta = FUTURE_TOLERANCE,
           now: datetime | None = None) -> datetime:
    """A time zone-aware instant from 1990 to ``ahead`` past ``now`` (default: the
    clock), returned in UTC. Times without a zone are refused: an officer in Vientiane
    and one in Beijing must not read the same value differently."""
    if not isinstance(value, datetime):
        raise InvalidInput(f"{field} must be a date and time", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{field} must carry a time zone", field=field)
    if value < EARLIEST_REPORT_TIME:
        raise InvalidInput(f"{field} is before 1990", field=field)
    if value > (now or datetime.now(UTC)) + ahead:
        raise InvalidInput(f"{field} is too far in the future", field=field)
    return value.astimezone(UTC)
