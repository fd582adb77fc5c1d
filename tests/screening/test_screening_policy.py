"""Policy: defaults, operating points by name, parsing from dicts/JSON, errors that name
the field."""

from __future__ import annotations

import json

import pytest

from counterfraud.classifier import model as classifier_model
from counterfraud.domain import Channel, Decision
from counterfraud.errors import CounterfraudError, InvalidInput
from counterfraud.screening import (
    DEFAULT_OPERATING_POINTS,
    ChannelPolicy,
    Policy,
    operating_points_of,
)

POINTS = {"warn": 0.91, "block": 0.98, "strict": 0.995, "lenient": 0.6}


def test_defaults_favour_precision() -> None:
    policy = Policy.default()
    message = policy[Channel.MESSAGE]
    assert (message.warn_at, message.block_at) == ("warn", "block")
    assert message.confirmed_hit is Decision.BLOCK
    assert message.predicted_hit is Decision.WARN
    assert policy[Channel.CALL].model is False
    assert (policy[Channel.URL].warn_at, policy[Channel.URL].block_at) == (0.90, 0.99)
    resolved = policy.resolve(DEFAULT_OPERATING_POINTS)
    assert resolved[Channel.URL].block_threshold > resolved[Channel.MESSAGE].block_threshold
    assert set(policy[Channel.CALL].rules) == {"spoofed_domestic_caller",
                                               "hidden_or_invalid_caller"}


def test_screening_defaults_are_the_classifiers() -> None:
    """Screening cannot import the classifier; the two defaults must not drift apart."""
    assert dict(DEFAULT_OPERATING_POINTS) == classifier_model.DEFAULT_OPERATING_POINTS


@pytest.mark.parametrize(("spec", "expected"), [
    pytest.param({}, (0.91, "warn", 0.98, "block"), id="default-names"),
    pytest.param({"warn_at": "lenient", "block_at": "strict"}, (0.6, "lenient", 0.995, "strict"),
                 id="other-names"),
    pytest.param({"warn_at": 0.5, "block_at": "block"}, (0.5, None, 0.98, "block"),
                 id="number-and-name"),
    pytest.param({"warn_at": 0.5, "block_at": 0.7}, (0.5, None, 0.7, None), id="numbers"),
])
def test_names_resolve_against_the_models_points(spec: dict[str, object],
                                                 expected: tuple[object, ...]) -> None:
    resolved = Policy.from_dict({"message": spec}).resolve(POINTS)[Channel.MESSAGE]
    assert (resolved.warn_at, resolved.warn_point, resolved.block_at,
            resolved.block_point) == expected
    assert resolved.resolved
    assert resolved.resolve(POINTS) == resolved  # resolving twice changes nothing


def test_unknown_name_lists_the_models_points() -> None:
    policy = Policy.from_dict({"message": {"block_at": "strict"}})
    with pytest.raises(InvalidInput) as err:
        policy.resolve(DEFAULT_OPERATING_POINTS)
    assert str(err.value) == ("message.block_at: the model has no operating point 'strict'; "
                              "it has: block, warn")
    assert err.value.field == "message.block_at"


@pytest.mark.parametrize(("spec", "words"), [
    pytest.param({"warn_at": "strict"},
                 "message.warn_at: operating point 'strict' (0.995) is above block_at "
                 "operating point 'block' (0.98)", id="two-names"),
    pytest.param({"warn_at": 0.99},
                 "message.warn_at: 0.99 is above block_at operating point 'block' (0.98)",
                 id="number-above-name"),
    pytest.param({"block_at": "lenient", "warn_at": 0.7},
                 "message.warn_at: 0.7 is above block_at operating point 'lenient' (0.6)",
                 id="name-below-number"),
])
def test_resolved_warn_above_block_names_both(spec: dict[str, object], words: str) -> None:
    policy = Policy.from_dict({"message": spec})  # parses: names are not numbers yet
    with pytest.raises(InvalidInput) as err:
        policy.resolve(POINTS)
    assert str(err.value) == words
    assert err.value.field == "message.warn_at"


def test_unresolved_policy_refuses_to_decide() -> None:
    with pytest.raises(CounterfraudError, match="resolve the policy"):
        ChannelPolicy().model_decision(0.99)


@pytest.mark.parametrize(("scorer", "expected"), [
    pytest.param(None, {"warn": 0.85, "block": 0.97}, id="no-scorer"),
    pytest.param(object(), {"warn": 0.85, "block": 0.97}, id="scorer-without-points"),
    pytest.param(type("S", (), {"operating_points": {"warn": 0.5, "block": 1}})(),
                 {"warn": 0.5, "block": 1.0}, id="scorer-with-points"),
])
def test_operating_points_of(scorer: object, expected: dict[str, float]) -> None:
    assert operating_points_of(scorer) == expected


@pytest.mark.parametrize("points", [
    pytest.param(["warn"], id="not-a-mapping"),
    pytest.param({"warn": 1.5}, id="out-of-range"),
    pytest.param({"warn": "high"}, id="not-a-number"),
])
def test_bad_scorer_points(points: object) -> None:
    scorer = type("S", (), {"operating_points": points})()
    with pytest.raises(InvalidInput) as err:
        operating_points_of(scorer)
    assert err.value.field == "operating_points"


@pytest.mark.parametrize(("score", "expected"), [
    pytest.param(0.5, Decision.ALLOW, id="low"),
    pytest.param(0.85, Decision.WARN, id="at-warn"),
    pytest.param(0.96, Decision.WARN, id="below-block"),
    pytest.param(0.97, Decision.BLOCK, id="at-block"),
])
def test_model_decision(score: float, expected: Decision) -> None:
    policy = ChannelPolicy().resolve(DEFAULT_OPERATING_POINTS)
    assert policy.model_decision(score) is expected


def test_from_dict_overrides_only_what_it_names() -> None:
    policy = Policy.from_dict({"message": {"block_at": 0.99, "rules": []},
                               "URL": {"model": False, "predicted_hit": "block"}})
    assert policy[Channel.MESSAGE].block_at == 0.99
    assert policy[Channel.MESSAGE].warn_at == "warn"
    assert policy[Channel.MESSAGE].rules == ()
    assert policy[Channel.URL].model is False
    assert policy[Channel.URL].predicted_hit is Decision.BLOCK
    assert policy[Channel.CALL] == Policy.default()[Channel.CALL]


def test_round_trip_through_json() -> None:
    policy = Policy.from_dict({"call": {"rules": ["hidden_or_invalid_caller"]}})
    assert Policy.from_json(json.dumps(policy.as_dict())) == policy


def test_as_dict_shows_the_name_and_the_number_it_resolved_to() -> None:
    policy = Policy.from_dict({"message": {"warn_at": "lenient", "block_at": 0.99}})
    assert policy.as_dict()["message"]["warn_at"] == "lenient"
    assert "warn_threshold" not in policy.as_dict()["message"]  # not known before resolving
    shown = policy.resolve(POINTS).as_dict()
    assert {k: shown["message"][k] for k in ("warn_at", "warn_threshold", "block_at")} == {
        "warn_at": "lenient", "warn_threshold": 0.6, "block_at": 0.99}
    assert "block_threshold" not in shown["message"]  # a number needs no resolving
    # What as_dict shows reads back as the policy it came from, names and all.
    assert Policy.from_json(json.dumps(shown)) == policy


@pytest.mark.parametrize(("raw", "field", "words"), [
    pytest.param({"sms": {}}, "sms", "unknown channel", id="unknown-channel"),
    pytest.param({"message": {"block": 0.9}}, "message.block", "unknown field",
                 id="unknown-field"),
    pytest.param({"message": {"block_at": ""}}, "message.block_at",
                 "between 0 and 1 or the name of an operating point", id="threshold-empty-name"),
    pytest.param({"message": {"block_at": ["block"]}}, "message.block_at", "between 0 and 1",
                 id="threshold-list"),
    pytest.param({"message": {"block_at": "0.9"}}, "message.block_at", "without quotes",
                 id="threshold-quoted-number"),
    pytest.param({"message": {"warn_threshold": 0.5}}, "message.warn_threshold",
                 "never read; set warn_at", id="shown-number-alone"),
    pytest.param({"message": {"warn_at": 0.4, "warn_threshold": 0.5}},
                 "message.warn_threshold", "never read", id="shown-number-beside-number"),
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
