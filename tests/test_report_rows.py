from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from counterfraud.domain import IdentifierKind, IdentifierRole, Marking, ScamType
from counterfraud.report_rows import RowRejected, parse_report_row


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
    ({"emails": "not-an-email"}, "emails"),
    ({"crypto_wallets": "0xnothex"}, "crypto_wallets"),
    ({"bank_accounts": "GB00WEST12345698765432"}, "bank_accounts"),
], ids=lambda v: str(v) if isinstance(v, str) else None)
def test_bad_fields_are_named(fields: dict[str, str], bad_field: str) -> None:
    with pytest.raises(RowRejected) as caught:
        parse(**fields)
    assert [e.field for e in caught.value.errors] == [bad_field]


def test_every_bad_field_of_a_row_is_reported_at_once() -> None:
    with pytest.raises(RowRejected) as caught:
        parse(marking="nope", loss_amount="-1", scam_type="x")
    assert {e.field for e in caught.value.errors} == {"marking", "loss_amount", "scam_type"}
