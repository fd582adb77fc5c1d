"""Phone normalization: E.164, default region, kept-but-invalid numbers, short codes."""

from __future__ import annotations

import pytest

from counterfraud.errors import InvalidInput
from counterfraud.identifiers import IdentifierKind, InvalidIdentifier, normalize

ACCEPT = [
    # (raw, region, value, details region)
    ("+8613800138000", None, "+8613800138000", "CN"),
    ("+86 138 0013 8000", None, "+8613800138000", "CN"),
    ("138 0013 8000", "CN", "+8613800138000", "CN"),
    ("010-1234-5678", "CN", "+861012345678", "CN"),
    ("081 234 5678", "TH", "+66812345678", "TH"),
    ("+66-81-234-5678", None, "+66812345678", "TH"),
    ("0066812345678", None, "+66812345678", "TH"),
    ("02 123 4567", "th", "+6621234567", "TH"),
    ("020 23 123 456", "LA", "+8562023123456", "LA"),
    ("+856 20 2312 3456", None, "+8562023123456", "LA"),
    ("09 212 3456", "MM", "+9592123456", "MM"),
    ("tel:+66812345678", None, "+66812345678", "TH"),
    ("(02) 123-4567", "TH", "+6621234567", "TH"),
    ("+66812345678", "CN", "+66812345678", "TH"),  # '+' wins over the default region
    ("＋６６８１２３４５６７８", None, "+66812345678", "TH"),  # full-width
]


@pytest.mark.parametrize(("raw", "region", "value", "where"), ACCEPT,
                         ids=[f"{r}-{g}" for r, g, _, _ in ACCEPT])
def test_accepts_and_canonicalizes(raw: str, region: str | None, value: str,
                                   where: str) -> None:
    identifier = normalize("phone", raw, region)
    assert identifier.kind is IdentifierKind.PHONE
    assert identifier.value == value
    assert identifier.valid
    assert identifier.details["region"] == where


KEPT_INVALID = ["+8610000000000", "+1 555 010 0000"]


@pytest.mark.parametrize("raw", KEPT_INVALID, ids=KEPT_INVALID)
def test_parseable_but_unallocated_is_kept_invalid(raw: str) -> None:
    identifier = normalize("phone", raw)
    assert not identifier.valid
    assert identifier.value.startswith("+")
    assert "reason" in identifier.details


REJECT = [
    # (raw, region, fragment of the reason)
    ("96110", "CN", "short code"),
    ("110", "CN", "short code"),
    ("1199", "TH", "short code"),
    ("96110", None, "short codes"),
    ("0812345678", None, "no region"),
    ("+12", None, "phone number"),
    ("abc", None, "only digits"),
    ("+66 81 234 5678 9999 1111", None, "too long"),
    ("++66812345678", None, "only digits"),
    ("", None, "empty"),
]


@pytest.mark.parametrize(("raw", "region", "reason"), REJECT,
                         ids=[f"{r or 'empty'}-{g}" for r, g, _ in REJECT])
def test_rejects_with_reason(raw: str, region: str | None, reason: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("phone", raw, region)
    assert reason in caught.value.reason
    assert caught.value.kind == "phone"
    assert caught.value.raw == raw


def test_unknown_region_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize("phone", "0812345678", "XX")
    assert caught.value.field == "region"


def test_valid_number_details_carry_type() -> None:
    assert normalize("phone", "+66812345678").details["type"] == "mobile"
    assert normalize("phone", "+6621234567").details["type"] == "fixed_line"


TOO_SHORT = [("0", "TH"), ("+1", "TH"), ("(0)", "TH"), ("00", "CN"), ("001", "US"),
             ("0", None), ("+1", None), ("00", None), ("1", "LA")]


@pytest.mark.parametrize(("raw", "region"), TOO_SHORT,
                         ids=[f"{r}-{g}" for r, g in TOO_SHORT])
def test_values_too_short_to_parse_are_invalid_identifiers(raw: str,
                                                           region: str | None) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("phone", raw, region)
    assert (caught.value.field, caught.value.raw) == ("phone", raw)
    assert "short" in caught.value.reason
    assert "(1)" not in caught.value.reason  # phonenumbers' codes are not shown
