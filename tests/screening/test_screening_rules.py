"""Every default rule fires where it should and stays quiet where it should not."""

from __future__ import annotations

import pytest
from screening_world import KeywordScorer, build

from counterfraud.domain import Channel, Decision
from counterfraud.screening import (
    DEFAULT_RULES,
    CallItem,
    MessageItem,
    RuleContext,
    ScreeningEngine,
    Verdict,
)
from counterfraud.screening.rules import rules_by_id

CALLS = [
    # (call, rules expected to fire)
    pytest.param(CallItem("c", "+66812000111", "+66899000111", gateway="international"),
                 {"spoofed_domestic_caller"}, id="spoof-domestic-id-intl-gateway"),
    pytest.param(CallItem("c", "0812000111", "0899000111", origin_country="KH"),
                 {"spoofed_domestic_caller"}, id="spoof-domestic-id-foreign-origin"),
    pytest.param(CallItem("c", "96110", "0899000111", gateway="international"),
                 {"spoofed_domestic_caller"}, id="spoof-allowlisted-hotline-from-abroad"),
    pytest.param(CallItem("c", "+66812000111", "+66899000111", gateway="domestic",
                          origin_country="TH"), set(), id="domestic-call-quiet"),
    pytest.param(CallItem("c", "+8613800138000", "+66899000111", gateway="international",
                          origin_country="CN"), set(), id="honest-foreign-call-quiet"),
    pytest.param(CallItem("c", None, "+66899000111"), {"hidden_or_invalid_caller"},
                 id="no-caller-id"),
    pytest.param(CallItem("c", "Anonymous", "+66899000111"), {"hidden_or_invalid_caller"},
                 id="withheld-caller-id"),
    pytest.param(CallItem("c", "12ab", "+66899000111"), {"hidden_or_invalid_caller"},
                 id="garbage-caller-id"),
    pytest.param(CallItem("c", "+66200000000", "+66899000111"), {"hidden_or_invalid_caller"},
                 id="unallocated-number"),
    pytest.param(CallItem("c", "55555", "+66899000111"), {"hidden_or_invalid_caller"},
                 id="unknown-short-code"),
    pytest.param(CallItem("c", "1441", "+66899000111"), set(), id="allowlisted-short-code"),
]


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(build(), KeywordScorer(), default_region="TH")


def fired(verdict: Verdict) -> set[str]:
    return {r.rule_id for r in verdict.reasons if r.as_dict()["type"] == "rule"}  # type: ignore[union-attr]


@pytest.mark.parametrize(("call", "expected"), CALLS)
def test_call_rules(engine: ScreeningEngine, call: CallItem, expected: set[str]) -> None:
    assert fired(engine.screen_call(call)) == expected


MESSAGES = [
    pytest.param(MessageItem("m", "Police notice: your passport is flagged, call back today",
                             sender="+85620 5555 1234"),
                 {"international_caller_claims_official"}, id="foreign-sender-police-en"),
    pytest.param(MessageItem("m", "您好，这里是公安局，请配合调查", sender="+8613800138000"),
                 {"international_caller_claims_official"}, id="foreign-sender-police-zh"),
    pytest.param(MessageItem("m", "แจ้งจากศุลกากร พัสดุของท่านถูกยึด", sender="+95 9 1234 5678"),
                 {"international_caller_claims_official"}, id="foreign-sender-customs-th"),
    pytest.param(MessageItem("m", "Police notice: your passport is flagged",
                             sender="0812345679"), set(), id="domestic-sender-quiet"),
    pytest.param(MessageItem("m", "Lunch at the embankment?", sender="+8613800138000"),
                 set(), id="bank-inside-a-word-quiet"),
    pytest.param(MessageItem("m", "紧急！账户异常，立即点击 bit.ly/x9Yz1 验证"),
                 {"message_with_shortener_and_urgency"}, id="shortener-urgency-zh"),
    pytest.param(MessageItem("m", "URGENT: verify at https://tinyurl.com/abcd now"),
                 {"message_with_shortener_and_urgency"}, id="shortener-urgency-en"),
    pytest.param(MessageItem("m", "ด่วน! บัญชีถูกระงับ คลิก https://cutt.ly/q1w2"),
                 {"message_with_shortener_and_urgency"}, id="shortener-urgency-th"),
    pytest.param(MessageItem("m", "Photos from the trip: https://bit.ly/trip24"), set(),
                 id="shortener-without-urgency-quiet"),
    pytest.param(MessageItem("m", "Urgent: the meeting moved, see https://example.com/agenda"),
                 set(), id="urgency-without-shortener-quiet"),
    pytest.param(MessageItem("m", "Your card is locked, see https://kbank-secure.top/login",
                             sender="+6621111111"),
                 {"sender_is_allowlisted_brand_but_contains_unknown_url"},
                 id="allowlisted-sender-unknown-url"),
    pytest.param(MessageItem("m", "Statement ready: https://www.mps.gov.cn/notice",
                             sender="+6621111111"), set(),
                 id="allowlisted-sender-allowlisted-url-quiet"),
    pytest.param(MessageItem("m", "See https://kbank-secure.top/login", sender="+66812000111"),
                 set(), id="ordinary-sender-url-quiet"),
]


@pytest.mark.parametrize(("message", "expected"), MESSAGES)
def test_message_rules(engine: ScreeningEngine, message: MessageItem,
                       expected: set[str]) -> None:
    verdict = engine.screen_message(message)
    assert fired(verdict) == expected
    if expected:
        assert verdict.decision is Decision.WARN


def test_rules_are_data_with_ids_and_descriptions() -> None:
    ids = rules_by_id(DEFAULT_RULES)
    assert set(ids) >= {"spoofed_domestic_caller", "hidden_or_invalid_caller",
                        "international_caller_claims_official",
                        "message_with_shortener_and_urgency"}
    assert all(r.description and 0 < r.weight <= 1 for r in DEFAULT_RULES)


def test_rule_hit_carries_detail(engine: ScreeningEngine) -> None:
    verdict = engine.screen_call(CallItem("c", "0812000111", "0899000111",
                                          gateway="international", origin_country="KH"))
    rule = verdict.reasons[0].as_dict()
    assert rule["rule_id"] == "spoofed_domestic_caller"
    assert rule["decision"] == "block"
    assert "TH number" in rule["detail"] and "KH" in rule["detail"]
    assert verdict.decision is Decision.BLOCK


def test_rule_apply_gives_a_rule_hit() -> None:
    rule = rules_by_id(DEFAULT_RULES)["hidden_or_invalid_caller"]
    hit = rule.apply(RuleContext(Channel.CALL, "TH", caller_raw=None))
    assert hit is not None
    assert (hit.id, hit.effect, hit.detail) == ("hidden_or_invalid_caller", Decision.WARN,
                                                "no caller ID")
    assert rule.apply(RuleContext(Channel.CALL, "TH", caller_raw="1441",
                                  caller_allowlisted=True)) is None
