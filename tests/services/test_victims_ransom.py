"""Ransom demands: recording one blocks every payment identifier at once (when the
case's PAP allows it) and raises the freeze requests for its accounts and wallets, all
in one transaction; under PAP:AMBER or RED nothing is blocked and the result says so."""

from __future__ import annotations

import pytest
from tests.services.freeze_world import (
    ACCOUNT,
    ACCOUNT_2,
    CN,
    CN_BANK,
    HANDLE,
    LA_BANK,
    PHONE,
    RANSOM,
    TH,
    WALLET,
    add_banks,
    add_victim,
    analyst,
    grant,
    open_case,
)

from counterfraud.domain import OPERATOR, EntryStatus
from counterfraud.errors import InvalidInput, NotFound
from counterfraud.services import audit, blocklist, freeze, victims
from counterfraud.services.store import Store
from counterfraud.services.victims import Payment

PAYMENTS = [Payment(ACCOUNT, CN_BANK), Payment(WALLET), Payment(PHONE), Payment(HANDLE)]


@pytest.fixture
def banked(store: Store) -> Store:
    add_banks(store)
    return store


def test_under_pap_green_every_payment_identifier_is_blocked_at_once(banked: Store) -> None:
    case_id = open_case(banked, CN, tlp="TLP:AMBER", pap="PAP:GREEN")
    add_victim(banked, case_id, "V-3001")
    result = victims.record_ransom(banked, analyst(CN), "V-3001", RANSOM, PAYMENTS)
    assert result.blocking == "blocked" and result.blocked is not None
    assert result.blocked.added == 4
    entries = {(e.kind.value, e.value): e for e in blocklist.entries(banked)}
    assert set(entries) == {(i.kind.value, i.value) for i in (ACCOUNT, WALLET, PHONE, HANDLE)}
    for entry in entries.values():
        assert entry.agency == CN and entry.marking.value == "TLP:AMBER"
        assert case_id in entry.reason and entry.status is EntryStatus.ACTIVE
    [to_bank, by_letter] = result.requests
    assert (to_bank.institution, to_bank.request.accounts) == (CN_BANK, (ACCOUNT,))
    assert by_letter.institution is None and by_letter.request.accounts == (WALLET,)
    assert by_letter.request.addressee == "exchange or custodian of this bitcoin wallet " \
                                          "(unknown)"
    shown = victims.get_victim(banked, analyst(CN), "V-3001").as_dict()
    [demand] = shown["ransom_demands"]
    assert (demand["amount"], demand["currency"]) == ("30000.00", "USD")
    assert len(demand["payment_identifiers"]) == 4
    written = [e for e in audit.entries(banked) if e.path == "cli victims ransom"]
    assert {e.record_type for e in written} == {"victim", "freeze_request", "blocklist_entry"}


@pytest.mark.parametrize("pap", ["PAP:RED", "PAP:AMBER"])
def test_under_pap_red_or_amber_the_demand_is_kept_and_nothing_blocked(banked: Store,
                                                                      pap: str) -> None:
    case_id = open_case(banked, CN, pap=pap)
    add_victim(banked, case_id, "V-3002")
    result = victims.record_ransom(banked, analyst(CN), "V-3002", RANSOM, PAYMENTS)
    assert result.blocked is None and pap in result.blocking
    assert blocklist.entries(banked) == []
    assert len(result.requests) == 2  # the freeze requests are the owner's own acts
    assert result.as_dict()["blocked"] is None


def test_one_request_per_institution_named_and_per_unaddressed_account(banked: Store) -> None:
    case_id = open_case(banked, CN)
    add_victim(banked, case_id, "V-3003")
    result = victims.record_ransom(
        banked, analyst(CN), "V-3003", RANSOM,
        [Payment(ACCOUNT), Payment(ACCOUNT_2), Payment(WALLET, CN_BANK)],
        institution=CN_BANK)
    [request] = result.requests
    assert request.institution == CN_BANK
    assert set(request.request.accounts) == {ACCOUNT, ACCOUNT_2, WALLET}
    unaddressed = victims.record_ransom(banked, analyst(CN), "V-3003", RANSOM,
                                        [Payment(ACCOUNT), Payment(ACCOUNT_2)])
    assert [r.request.accounts for r in unaddressed.requests] == [(ACCOUNT,), (ACCOUNT_2,)]
    assert all(r.institution is None for r in unaddressed.requests)


def test_a_refused_freeze_is_said_and_the_rest_kept(banked: Store) -> None:
    case_id = open_case(banked, CN)
    add_victim(banked, case_id, "V-3004", nationality="TH")  # the victim is Thai
    result = victims.record_ransom(banked, analyst(CN), "V-3004", RANSOM,
                                   [Payment(ACCOUNT, LA_BANK), Payment(ACCOUNT_2, CN_BANK)])
    assert [r.institution for r in result.requests] == [CN_BANK]  # domestic: always
    [refused] = result.not_requested
    assert refused["institution"] == LA_BANK
    assert "police of the victim's country (TH)" in refused["reason"]


def test_an_unknown_institution_writes_nothing(banked: Store) -> None:
    case_id = open_case(banked, CN, pap="PAP:GREEN")
    add_victim(banked, case_id, "V-3005")
    before = len(audit.entries(banked))
    with pytest.raises(NotFound):
        victims.record_ransom(banked, analyst(CN), "V-3005", RANSOM,
                              [Payment(PHONE), Payment(ACCOUNT, "LA-NOBANK")])
    with pytest.raises(InvalidInput) as raised:  # an agency, not a bank
        victims.record_ransom(banked, analyst(CN), "V-3005", RANSOM,
                              [Payment(PHONE), Payment(ACCOUNT, TH)])
    assert raised.value.field == "institution"
    assert len(audit.entries(banked)) == before
    assert blocklist.entries(banked) == []
    assert victims.get_victim(banked, OPERATOR, "V-3005").victim.ransom_demands == ()
    assert freeze.list_requests(banked, OPERATOR) == []


def test_a_partner_that_cannot_see_the_victim_records_no_demand(banked: Store) -> None:
    case_id = open_case(banked, CN)
    add_victim(banked, case_id, "V-3006")
    grant(banked, CN, TH, ["TLP:AMBER+STRICT"], ["case"])
    with pytest.raises(NotFound):
        victims.record_ransom(banked, analyst(TH), "V-3006", RANSOM, PAYMENTS)


def test_payment_identifiers_are_payment_kinds(banked: Store) -> None:
    from counterfraud.identifiers import normalize
    case_id = open_case(banked, CN)
    add_victim(banked, case_id, "V-3007")
    with pytest.raises(InvalidInput) as raised:
        victims.record_ransom(banked, analyst(CN), "V-3007", RANSOM,
                              [Payment(normalize("url", "https://pay.example-scam.top/x"))])
    assert raised.value.field == "payment_identifiers"
