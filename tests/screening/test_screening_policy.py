"""Policy: defaults, parsing from dicts/JSON, errors that name the field."""

from __future__ import annotations

import json

import pytest

from counterfraud.domain import Channel, Decision
from counterfraud.errors import InvalidInput
from counterfraud.screening import ChannelPolicy, Policy


def test_defaults_favour_precision() -> None:
    policy = Policy.default()
    message = policy[Channel.MESSAGE]
    assert (message.warn_at, message.block_at) == (0.85, 0.97)
    assert message.confirmed_hit is Decision.BLOCK
    assert message.predicted_hit is Decision.WARN
    assert policy[Channel.CALL].model is False
    assert policy[Channel.URL].block_at > message.block_at
    assert set(policy[Channel.CALL].rules) == {"spoofed_domestic_caller",
                                               "hidden_or_invalid_caller"}


@pytest.mark.parametrize(("score", "expected"), [
    pytest.param(0.5, Decision.ALLOW, id="low"),
    pytest.param(0.85, Decision.WARN, id="at-warn"),
    pytest.param(0.96, Decision.WARN, id="below-block"),
    pytest.param(0.97, Decision.BLOCK, id="at-block"),
])
def test_model_decision(score: float, expected: Decision) -> None:
    assert ChannelPolicy().model_decision(score) is expected


def test_from_dict_overrides_only_what_it_names() -> None:
    policy = Policy.from_dict({"message": {"block_at": 0.99, "rules": []},
                               "URL": {"model": False, "predicted_hit": "block"}})
    assert policy[Channel.MESSAGE].block_at == 0.99
    assert policy[Channel.MESSAGE].warn_at == 0.85
    assert policy[Channel.MESSAGE].rules == ()
    assert policy[Channel.URL].model is False
    assert policy[Channel.URL].predicted_hit is Decision.BLOCK
    assert policy[Channel.CALL] == Policy.default()[Channel.CALL]


def test_round_trip_through_json() -> None:
    policy = Policy.from_dict({"call": {"rules": ["hidden_or_invalid_caller"]}})
    assert Policy.from_json(json.dumps(policy.as_dict())) == policy


@pytest.mark.parametrize(("raw", "field", "words"), [
    pytest.param({"sms": {}}, "sms", "unknown channel", id="unknown-channel"),
    pytest.param({"message": {"block": 0.9}}, "message.block", "unknown field",
                 id="unknown-field"),
    pytest.param({"message": {"block_at": "high"}}, "message.block_at", "between 0 and 1",
                 id="threshold-not-number"),
    pytest.param({"message": {"warn_at": 1.5}}, "message.warn_at", "between 0 and 1",
                 id="threshold-out-of-range"),
    pytest.param({"message": {"warn_at": True}}, "message.warn_at", "between 0 and 1",
                 id="threshold-bool"),
    pytest.param({"url": {"warn_at": 0.99, "block_at": 0.9}}, "url.warn_at", "above block_at",
                 id="warn-above-block"),
    pytest.param({"call": {"confirmed_hit": "drop"}}, "call.confirmed_hit", "one of",
                 id="bad-decision"),
    pytest.param({"call": {"model": "yes"}}, "call.model", "true or false", id="bad-bool"),
    pytest.param({"call": {"rules": "hidden_or_invalid_caller"}}, "call.rules", "list",
                 id="rules-not-list"),
    pytest.param({"call": {"rules": ["no_such_rule"]}}, "call.rules", "unknown rule",
                 id="unknown-rule"),
    pytest.param({"message": {"rules": ["spoofed_domestic_caller"]}}, "message.rules",
                 "does not apply", id="rule-wrong-channel"),
    pytest.param([], "policy", "object", id="not-an-object"),
    pytest.param({"message": 3}, "message", "object", id="channel-not-object"),
])
def test_parse_errors_name_the_field(raw: object, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as err:
        Policy.from_dict(raw)
    assert err.value.field == field
    assert words in str(err.value)
    assert str(err.value).startswith(field)


def test_bad_json() -> None:
    with pytest.raises(InvalidInput, match="not valid JSON"):
        Policy.from_json("{message:")
