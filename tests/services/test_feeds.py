"""The CSV feed is opened by people in spreadsheets: no cell may start a formula."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.domain import BlocklistEntry, IdentifierKind, MatchType
from counterfraud.services.feeds import FeedFormat, render, spreadsheet_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _entry(value: str = "+8613800138000", reason: str = "named in reports",
           kind: IdentifierKind = IdentifierKind.PHONE) -> BlocklistEntry:
    return BlocklistEntry(id=1, kind=kind, value=value, match=MatchType.EXACT, reason=reason,
                          network_id=None)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(("cell", "expected"), [
    ("=HYPERLINK(\"https://evil.example\",\"x\")", "'=HYPERLINK(\"https://evil.example\",\"x\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("+8613800138000", "+8613800138000"),
    ("-12.5", "-12.5"),
    ("named in 3 reports", "named in 3 reports"),
    ("", ""),
], ids=["equals", "plus-dde", "minus-formula", "at", "tab", "carriage-return",
        "phone-number", "negative-number", "text", "empty"])
def test_spreadsheet_safe(cell: str, expected: str) -> None:
    assert spreadsheet_safe(cell) == expected


def test_the_csv_feed_neutralises_every_column() -> None:
    """The value can start a formula too: an e-mail address may begin with ``=``."""
    text = render([_entry("=1+1@example.com", "=HYPERLINK(\"x\")", IdentifierKind.EMAIL)],
                  FeedFormat.CSV, version=1)
    [row] = _rows(text)
    assert (row["value"], row["reason"]) == ("'=1+1@example.com", "'=HYPERLINK(\"x\")")


def test_phone_numbers_stay_as_they_are() -> None:
    [row] = _rows(render([_entry()], FeedFormat.CSV, version=1))
    assert row["value"] == "+8613800138000"


def test_json_feed_is_not_altered() -> None:
    assert "\"reason\": \"=1+1\"" in render([_entry(reason="=1+1")], FeedFormat.JSON, version=1)


@given(st.text(max_size=40))
def test_no_cell_of_the_csv_feed_starts_a_formula(reason: str) -> None:
    [row] = _rows(render([_entry(reason=reason)], FeedFormat.CSV, version=1))
    cell = row["reason"]
    assert not cell.startswith(FORMULA_STARTS) or _is_number(cell)
    assert cell in (reason, "'" + reason) or reason.replace("\r\n", "\n") in cell


def _is_number(cell: str) -> bool:
    return re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", cell) is not None
