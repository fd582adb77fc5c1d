"""What the case and network pages read from forms and queries themselves, without a
server: any text is either read or refused with an error naming its field (never
another exception), dates, lines of identifiers, accounts and payments, and the
timeline's bars always inside their box."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.errors import Conflict, InvalidInput
from counterfraud.web.pages import case_forms as forms
from counterfraud.web.pages.freeze import accounts_of
from counterfraud.web.pages.networks import _safe, group_colours, timeline
from counterfraud.web.pages.victims import payments_of

TEXT = st.text(max_size=300)


@given(TEXT)
def test_a_date_field_is_a_day_or_its_error(text: str) -> None:
    try:
        found = forms.day(text, "due")
    except InvalidInput as e:
        assert e.field == "due"
        return
    assert found is None or (found.tzinfo is UTC and found.hour == 23)


@pytest.mark.parametrize(("text", "expected"), [
    ("", None), ("  ", None),
    ("2025-03-31", datetime(2025, 3, 31, 23, 59, 59, tzinfo=UTC)),
], ids=["empty", "blank", "day"])
def test_a_date_field_reads_the_end_of_the_day(text: str, expected: datetime | None) -> None:
    assert forms.day(text, "due") == expected


@given(TEXT, st.integers(1, 50))
def test_text_fields_hold_their_limit(text: str, limit: int) -> None:
    try:
        found = forms.text(text, "title", limit=limit, required=True)
    except InvalidInput as e:
        assert e.field == "title"
        assert len(text.strip()) > limit or not text.strip()
        return
    assert found == text.strip() and 0 < len(found) <= limit


@given(TEXT)
def test_lines_are_the_non_empty_lines(text: str) -> None:
    try:
        found = forms.lines(text, "identifiers", limit=5)
    except InvalidInput as e:
        assert e.field == "identifiers"
        return
    assert found == [line.strip() for line in text.splitlines() if line.strip()]


IDENTIFIER_LINES = st.lists(st.one_of(
    st.text(max_size=40),
    st.builds(lambda k, v: f"{k}:{v}",
              st.sampled_from(["bank_account", "crypto_wallet", "phone", "handle", "nope"]),
              st.text(max_size=30))), max_size=6).map("\n".join)


@given(IDENTIFIER_LINES)
def test_accounts_are_read_or_refused_naming_the_field(text: str) -> None:
    try:
        found = accounts_of(text)
    except InvalidInput as e:
        assert e.field == "accounts"
        return
    assert found and all(kind and value for kind, value, _ in found)


@given(IDENTIFIER_LINES)
def test_payments_are_read_or_refused_naming_the_field(text: str) -> None:
    try:
        found = payments_of(text)
    except InvalidInput as e:
        assert e.field == "payment_identifiers"
        return
    assert found and all(p.identifier.value for p in found)


def test_a_bare_number_is_a_bank_account() -> None:
    assert accounts_of("6222 0212 3456 7890 123")[0][0] == "bank_account"
    assert payments_of("crypto_wallet:1BoatSLRHtKNngkdXEeobR76b53LETtpyT")[0] \
        .identifier.kind.value == "crypto_wallet"


@pytest.mark.parametrize(("error", "expected"), [
    (InvalidInput("bad", field="title"), {"task-title": "bad"}),
    (InvalidInput("bad", field="task.due"), {"task-due": "bad"}),
    (InvalidInput("bad", field="elsewhere"), {"task-form": "bad"}),
    (InvalidInput("bad"), {"task-form": "bad"}),
    (Conflict("closed"), {"task-form": "closed"}),
], ids=["named", "renamed", "other-field", "no-field", "conflict"])
def test_errors_go_next_to_their_field(error: Exception, expected: dict[str, str]) -> None:
    assert forms.errors_of(error, "task-", ("title", "due"),  # type: ignore[arg-type]
                           renames={"task.due": "due"}) == expected


@given(st.dictionaries(st.text(max_size=10), st.integers(0, 10_000), max_size=30))
def test_the_timeline_stays_in_its_box(months: dict[str, int]) -> None:
    found = timeline(months)
    for bar in found["bars"]:
        assert bar["x"] >= 0 and bar["x"] + bar["width"] <= found["width"] + 0.1
        assert 0 <= bar["height"] <= found["height"] and bar["y"] >= 0
    assert sum(b["count"] for b in found["bars"]) <= sum(months.values())


def test_the_timeline_fills_the_months_between() -> None:
    found = timeline({"2024-11": 2, "2025-02": 4})
    assert [b["month"] for b in found["bars"]] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert [b["count"] for b in found["bars"]] == [2, 0, 0, 4]
    assert found["bars"][3]["height"] == 2 * found["bars"][0]["height"]


@given(st.text(max_size=100))
def test_download_names_are_plain(text: str) -> None:
    assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in _safe(text))


def test_groups_keep_their_colour_in_order() -> None:
    colours = group_colours([{"id": "N.G01"}, {"id": "N.G02"}, {"no": "id"}])
    assert list(colours) == ["N.G01", "N.G02"] and len(set(colours.values())) == 2
