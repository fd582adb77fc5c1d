"""The freeze rule's full truth table, and what each PAP level lets partners do."""

from __future__ import annotations

import itertools

import pytest

from counterfraud.cases.freeze import freeze_refusal, may_request_freeze, pap_allows_blocking
from counterfraud.cases.model import Pap
from counterfraud.errors import InvalidInput

# (requester is the victim's country, cross border, agreement allows) -> may request
TRUTH_TABLE = {
    (True, False, False): True, (True, False, True): True,
    (False, False, False): True, (False, False, True): True,  # domestic: the account is here
    (True, True, False): False,  # no agreement
    (True, True, True): True,  # I-GRIP: the victim's police, under an agreement
    (False, True, False): False, (False, True, True): False,  # not the victim's police
}


@pytest.mark.parametrize(("own", "cross_border", "agreement"),
                         list(itertools.product([True, False], repeat=3)),
                         ids=lambda v: str(v).lower())
def test_freeze_truth_table(own: bool, cross_border: bool, agreement: bool) -> None:
    requester = "CN" if own else "TH"
    expected = TRUTH_TABLE[(own, cross_border, agreement)]
    assert may_request_freeze(requester, "cn", cross_border, agreement) is expected
    reason = freeze_refusal(requester, "CN", cross_border=cross_border,
                            agreement_allows=agreement)
    assert (reason is None) is expected
    if reason is not None:
        assert ("victim's country" in reason) is (not own)


@pytest.mark.parametrize(("requester", "victim", "field"), [
    pytest.param("China", "CN", "requesting_agency_country", id="requester-name"),
    pytest.param("CN", "", "victim_nationality", id="blank-nationality"),
    pytest.param("CN", "ZZ", "victim_nationality", id="unknown-code"),
])
def test_countries_are_checked_even_for_domestic_requests(requester: str, victim: str,
                                                          field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        may_request_freeze(requester, victim, False, False)
    assert raised.value.field == field


@pytest.mark.parametrize(("pap", "allowed"), [
    pytest.param(Pap.CLEAR, True, id="clear"), pytest.param(Pap.GREEN, True, id="green"),
    pytest.param(Pap.AMBER, False, id="amber"), pytest.param(Pap.RED, False, id="red"),
])
def test_pap_allows_blocking(pap: Pap, allowed: bool) -> None:
    assert pap_allows_blocking(pap) is allowed
