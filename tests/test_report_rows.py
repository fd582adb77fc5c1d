from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterfraud.domain import (
    MAX_LOSS_AMOUNT,
    IdentifierKind,
    IdentifierRole,
    Marking,
    ScamType,
)
from counterfraud.report_rows import (
    KNOWN_COLUMNS,
    RowRejected,
    misspelled_columns,
    parse_report_row,
)


def parse(**fields: object):  # type: ignore[no-untyped-def]
    return parse_report_row({"report_id": "R1", **fields}, agency="TH-CCIB", country="TH")


def test_a_full_row() -> None:
    report = parse(reported_at="2024-05-01T10:00:00+07:00", occurred_at="2024-04-30",
                   scam_type="Pig-Butchering", loss_amount="12,500.00", loss_currency="thb",
                   victim_country="th", marking="tlp:amber+strict",
                   phones="081 234 5678", urls="https://shop-th.top/pay",
                   handles="line:@shop88", persons="Somchai Jaidee|1980-01-02|TH|")
    assert report.reported_at == datetime(2024, 5, 1, 3, 0, tzinfo=UTC)
    assert report.scam_type is ScamType.INVESTMENT
    assert report.marking is Marking.AMBER_STRICT
    assert (report.loss_amount, report.loss_currency) == (Decimal("12500.00"), "THB")
    kinds = {ri.identifier.kind: ri for ri in report.identifiers}
    assert kinds[IdentifierKind.PHONE].identifier.value == "+66812345678"
    assert kinds[IdentifierKind.DOMAIN].identifier.value == "shop-th.top"
    assert kinds[IdentifierKind.PERSON].role is IdentifierRole.SUSPECT


def test_defaults() -> None:
    report = parse(loss_amount="100")
    assert report.marking is Marking.AMBER
    assert report.scam_type is ScamType.OTHER
    assert report.loss_currency == "THB"  # the agency's national currency


def test_narrative_identifiers_are_mentioned_and_columns_win() -> None:
    report = parse(phones="0812345678",
                   narrative="He called from 081-234-5678 and sent hxxps://scam[.]xyz/a")
    roles = {(ri.identifier.kind, ri.role) for ri in report.identifiers}
    assert (IdentifierKind.PHONE, IdentifierRole.CONTACTED_FROM) in roles
    assert (IdentifierKind.PHONE, IdentifierRole.MENTIONED) not in roles
    assert (IdentifierKind.URL, IdentifierRole.MENTIONED) in roles


def test_recruiting_scams_mark_contacts_as_recruiters() -> None:
    report = parse(scam_type="job_lure", handles="telegram:@hr_jobs_thai")
    assert report.identifiers[0].role is IdentifierRole.RECRUITER


@pytest.mark.parametrize(("fields", "bad_field"), [
    ({"report_id": ""}, "report_id"),
    ({"reported_at": "yesterday"}, "reported_at"),
    ({"occurred_at": "2024-13-01"}, "occurred_at"),
    ({"loss_amount": "-5"}, "loss_amount"),
    ({"loss_amount": "1.000,50"}, "loss_amount"),
    ({"loss_currency": "baht"}, "loss_currency"),
    ({"marking": "TLP:PURPLE"}, "marking"),
    ({"scam_type": "phishing-ish"}, "scam_type"),
    ({"victim_country": "Thailand"}, "victim_country"),
    ({"victim_country": "XX"}, "victim_country"),
], ids=lambda v: str(v) if isinstance(v, str) else None)
def test_bad_fields_are_named(fields: dict[str, str], bad_field: str) -> None:
    with pytest.raises(RowRejected) as caught:
        parse(**fields)
    assert [e.field for e in caught.value.errors] == [bad_field]


@pytest.mark.parametrize(("column", "bad", "good", "kept"), [
    ("emails", "not-an-email", "a@shop-th.top", "a@shop-th.top"),
    ("crypto_wallets", "0xnothex", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
     "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ("bank_accounts", "GB00WEST12345698765432", "123456789012", "123456789012"),
    ("handles", "line:@ab", "line:@shop88", "line:shop88"),
    ("phones", "0", "081 234 5678", "+66812345678"),
], ids=["email", "wallet", "iban", "short-line-handle", "phone"])
def test_a_bad_identifier_value_is_kept_raw_and_the_report_with_it(
        column: str, bad: str, good: str, kept: str) -> None:
    report = parse(loss_amount="5000", **{column: f"{good}; {bad} "})
    assert report.loss_amount == Decimal("5000.00")
    assert kept in {ri.identifier.value for ri in report.identifiers}
    [rejected] = report.rejected_values
    assert (rejected.field, rejected.value) == (column, bad)
    assert bad in rejected.reason


def test_a_row_with_only_bad_identifiers_is_still_a_report() -> None:
    report = parse(phones="0;00", handles="wa:0")
    assert report.identifiers == []
    assert [(v.field, v.value) for v in report.rejected_values] == [
        ("phones", "0"), ("phones", "00"), ("handles", "wa:0")]


@pytest.mark.parametrize(("columns", "meant"), [
    (["report_id", "phone", "url"], [("phone", "phones"), ("url", "urls")]),
    (["report_id", "Email", " handle "], [("Email", "emails"), (" handle ", "handles")]),
    (["reportid", "narative", "crypto_wallet"],
     [("reportid", "report_id"), ("narative", "narrative"),
      ("crypto_wallet", "crypto_wallets")]),
    (["report_id", "colour", "officer", "notes"], []),
    (["report_id", "phones", "urls"], []),
], ids=["singulars", "case-and-space", "close-spellings", "unrelated", "all-known"])
def test_unknown_columns_that_look_like_known_ones(columns: list[str],
                                                   meant: list[tuple[str, str]]) -> None:
    assert misspelled_columns(columns) == meant


def test_every_bad_field_of_a_row_is_reported_at_once() -> None:
    with pytest.raises(RowRejected) as caught:
        parse(marking="nope", loss_amount="-1", scam_type="x")
    assert {e.field for e in caught.value.errors} == {"marking", "loss_amount", "scam_type"}


# ---------------------------------------------------------------- amounts

@pytest.mark.parametrize(("raw", "amount"), [
    ("0", Decimal("0.00")),
    ("1,500.5", Decimal("1500.50")),
    ("1500.500", Decimal("1500.50")),
    ("9999999999999.99", Decimal("9999999999999.99")),
    ("9,999,999,999,999", Decimal("9999999999999.00")),
], ids=["zero", "one-decimal", "trailing-zeros", "largest", "largest-whole-grouped"])
def test_amounts_up_to_the_bound_are_kept_to_the_cent(raw: str, amount: Decimal) -> None:
    report = parse(loss_amount=raw)
    assert report.loss_amount == amount
    assert report.loss_amount is not None and report.loss_amount.as_tuple().exponent == -2


@pytest.mark.parametrize(("raw", "words"), [
    ("10000000000000", "below 10,000,000,000,000"),
    ("1" + "0" * 29, "below 10,000,000,000,000"),
    ("10,000,000,000,000.00", "below 10,000,000,000,000"),
    ("1500.505", "cents"),
    ("0.001", "cents"),
    ("-1", "negative"),
    ("-0.01", "negative"),
    ("NaN", "not an amount"),
    ("nan", "not an amount"),
    ("Infinity", "not an amount"),
    ("-inf", "negative"),
    ("1e3", "not an amount"),
    ("1E+29", "not an amount"),
    ("١٢٣", "not an amount"),  # Arabic-Indic digits: Decimal reads them, people do not
], ids=["10^13", "10^29", "10^13-grouped", "half-cent", "tenth-of-cent", "minus-one",
        "minus-cent", "NaN", "nan", "Infinity", "-inf", "exponent", "huge-exponent",
        "arabic-indic-digits"])
def test_bad_amounts_are_named(raw: str, words: str) -> None:
    with pytest.raises(RowRejected) as caught:
        parse(loss_amount=raw)
    [error] = caught.value.errors
    assert error.field == "loss_amount"
    assert words in error.message


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=30),
                 st.decimals(allow_nan=True, allow_infinity=True).map(str),
                 st.integers().map(str), st.floats().map(str)))
def test_any_amount_is_read_within_bounds_or_rejected_by_name(raw: str) -> None:
    try:
        report = parse(loss_amount=raw)
    except RowRejected as e:
        assert [x.field for x in e.errors] == ["loss_amount"]
        return
    amount = report.loss_amount
    assert amount is None or (amount.is_finite() and Decimal(0) <= amount < MAX_LOSS_AMOUNT
                              and amount.as_tuple().exponent == -2)


# ---------------------------------------------------------------- dates

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("field", ["reported_at", "occurred_at"])
@pytest.mark.parametrize(("raw", "words"), [
    ("2099-01-01", "in the future"),
    ("2024-06-02T12:00:01Z", "in the future"),
    ("0001-01-01", "before 1990-01-01"),
    ("1989-12-31T23:59:59Z", "before 1990-01-01"),
    ("0001-01-01T00:00:00+01:00", "before 1990-01-01"),  # overflows when moved to UTC
    ("9999-12-31T23:59:59-01:00", "in the future"),
], ids=["2099", "a-day-and-a-second-ahead", "year-1", "just-before-the-floor",
        "year-1-east-of-utc", "year-9999-west-of-utc"])
def test_dates_out_of_range_are_named(field: str, raw: str, words: str) -> None:
    with pytest.raises(RowRejected) as caught:
        parse_report_row({"report_id": "R1", field: raw}, agency="TH-CCIB", country="TH",
                         now=NOW)
    [error] = caught.value.errors
    assert error.field == field
    assert words in error.message


@pytest.mark.parametrize("raw", ["1990-01-01", "2024-06-02T12:00:00Z",
                                 "2024-06-02T18:00:00+07:00"],
                         ids=["the-floor", "a-day-ahead", "a-day-ahead-in-bangkok"])
def test_dates_at_the_bounds_are_kept(raw: str) -> None:
    report = parse_report_row({"report_id": "R1", "reported_at": raw}, agency="TH-CCIB",
                              country="TH", now=NOW)
    assert report.reported_at is not None


def test_without_now_the_clock_decides() -> None:
    with pytest.raises(RowRejected):
        parse(reported_at="2999-01-01")
    assert parse(reported_at="2024-01-01").reported_at == datetime(2024, 1, 1, tzinfo=UTC)


# ---------------------------------------------------------------- NUL characters

GOOD_VALUES = {
    "report_id": "R1", "reported_at": "2024-05-01", "occurred_at": "2024-04-30",
    "scam_type": "loan", "narrative": "He called.", "loss_amount": "100",
    "loss_currency": "THB", "victim_country": "TH", "marking": "TLP:GREEN",
    "phones": "081 234 5678", "urls": "https://shop-th.top/pay", "domains": "shop-th.top",
    "ips": "203.0.113.9", "emails": "a@shop-th.top", "bank_accounts": "123456789012",
    "crypto_wallets": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "handles": "line:@shop88",
    "persons": "Somchai Jaidee",
}


def test_every_column_has_a_good_value_here() -> None:
    assert set(GOOD_VALUES) == KNOWN_COLUMNS
    parse_report_row(GOOD_VALUES, agency="TH-CCIB", country="TH")


@pytest.mark.parametrize("field", sorted(KNOWN_COLUMNS))
@pytest.mark.parametrize("where", ["start", "end", "list-item"])
def test_a_nul_character_is_refused_naming_its_field(field: str, where: str) -> None:
    good = GOOD_VALUES[field]
    value: object = {"start": "\x00" + good, "end": good + "\x00",
                     "list-item": [good[:1] + "\x00" + good[1:]]}[where]
    with pytest.raises(RowRejected) as caught:
        parse_report_row({**GOOD_VALUES, field: value}, agency="TH-CCIB", country="TH")
    assert [(e.field, "NUL" in e.message) for e in caught.value.errors] == [(field, True)]
