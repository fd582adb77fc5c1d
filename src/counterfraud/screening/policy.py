"""What each channel does with the evidence: :class:`Policy` of :class:`ChannelPolicy`.

Why the default thresholds are high. Scam messages are about 0.05% of traffic (1 in
2,000). At that base rate a model that wrongly flags even 1% of legitimate messages warns
on ~20 innocent messages for every scam it catches (precision ~5%), and a blocked
legitimate message (a bank's OTP, a parcel notice) costs the operator and its customers
far more than a missed scam costs over the other layers (blocklists, rules, the victim's
own warning). So the model alone blocks only at P(scam) >= 0.97 and warns from 0.85,
where a well-calibrated model's false positive rate is well below 0.1%; recall is bought
back by the blocklist (a CONFIRMED hit blocks) and by rules. A PREDICTED blocklist entry
came from a model, not from reports or an analyst, so it only warns. URLs are scored by
the same text model on the URL string, which it was not trained for: stricter defaults
(0.90 / 0.99). Calls carry no text: the model is off for them, rules do the work.

Parsing (``Policy.from_dict`` / ``from_json``) names the offending field in every error:
``message.block_at: must be a number between 0 and 1, got 'high'``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from counterfraud.domain import Channel, Decision
from counterfraud.errors import InvalidInput
from counterfraud.screening.rules import DEFAULT_RULES, Rule

__all__ = ["ChannelPolicy", "Policy"]

_FIELDS = ("warn_at", "block_at", "confirmed_hit", "predicted_hit", "model", "rules")


@dataclass(frozen=True, slots=True)
class ChannelPolicy:
    """Thresholds on the model score and what each kind of evidence does on one channel."""

    warn_at: float = 0.85
    block_at: float = 0.97
    confirmed_hit: Decision = Decision.BLOCK  # a CONFIRMED blocklist entry matched
    predicted_hit: Decision = Decision.WARN  # a PREDICTED (model-made) entry matched
    model: bool = True  # score the text with the classifier at all
    rules: tuple[str, ...] = ()  # ids of the rules that are on

    def model_decision(self, score: float) -> Decision:
        if score >= self.block_at:
            return Decision.BLOCK
        if score >= self.warn_at:
            return Decision.WARN
        return Decision.ALLOW

    def as_dict(self) -> dict[str, Any]:
        return {"warn_at": self.warn_at, "block_at": self.block_at,
                "confirmed_hit": self.confirmed_hit.value,
                "predicted_hit": self.predicted_hit.value, "model": self.model,
                "rules": list(self.rules)}


def _default_channels() -> dict[Channel, ChannelPolicy]:
    return {
        Channel.MESSAGE: ChannelPolicy(
            warn_at=0.85, block_at=0.97,
            rules=("international_caller_claims_official", "message_with_shortener_and_urgency",
                   "sender_is_allowlisted_brand_but_contains_unknown_url")),
        Channel.CALL: ChannelPolicy(
            warn_at=0.85, block_at=0.97, model=False,
            rules=("spoofed_domestic_caller", "hidden_or_invalid_caller")),
        Channel.URL: ChannelPolicy(warn_at=0.90, block_at=0.99),
    }


@dataclass(frozen=True, slots=True)
class Policy:
    """One :class:`ChannelPolicy` per channel."""

    channels: Mapping[Channel, ChannelPolicy] = field(default_factory=_default_channels)

    def __getitem__(self, channel: Channel) -> ChannelPolicy:
        return self.channels[channel]

    @classmethod
    def default(cls) -> Policy:
        return cls()

    def as_dict(self) -> dict[str, Any]:
        return {c.value: self.channels[c].as_dict() for c in Channel if c in self.channels}

    @classmethod
    def from_json(cls, text: str, *, known_rules: Iterable[Rule] = DEFAULT_RULES) -> Policy:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as e:
            raise InvalidInput(f"policy: not valid JSON: {e}", field="policy") from None
        return cls.from_dict(raw, known_rules=known_rules)

    @classmethod
    def from_dict(cls, raw: Any, *, known_rules: Iterable[Rule] = DEFAULT_RULES) -> Policy:
        """``{"message": {"warn_at": 0.8, ...}, "call": {...}, "url": {...}}``.

        Channels left out keep their defaults, and so do fields left out of a channel.
        Unknown channels, fields and rule ids are errors.
        """
        if not isinstance(raw, Mapping):
            raise InvalidInput("policy: expected an object of channels", field="policy")
        known = {r.id: r for r in known_rules}
        channels = _default_channels()
        for name, body in raw.items():
            try:
                channel = Channel(str(name).strip().lower())
            except ValueError:
                valid = ", ".join(c.value for c in Channel)
                raise InvalidInput(f"{name}: unknown channel; known: {valid}",
                                   field=str(name)) from None
            channels[channel] = _parse_channel(channel, body, channels[channel], known)
        return cls(channels)


def _parse_channel(channel: Channel, body: Any, base: ChannelPolicy,
                   known: Mapping[str, Rule]) -> ChannelPolicy:
    where = channel.value
    if not isinstance(body, Mapping):
        raise InvalidInput(f"{where}: expected an object", field=where)
    unknown = sorted(set(body) - set(_FIELDS))
    if unknown:
        raise InvalidInput(f"{where}.{unknown[0]}: unknown field; known: {', '.join(_FIELDS)}",
                           field=f"{where}.{unknown[0]}")
    updates: dict[str, Any] = {}
    for name in ("warn_at", "block_at"):
        if name in body:
            updates[name] = _threshold(f"{where}.{name}", body[name])
    for name in ("confirmed_hit", "predicted_hit"):
        if name in body:
            updates[name] = _decision(f"{where}.{name}", body[name])
    if "model" in body:
        if not isinstance(body["model"], bool):
            raise InvalidInput(f"{where}.model: must be true or false, got {body['model']!r}",
                               field=f"{where}.model")
        updates["model"] = body["model"]
    if "rules" in body:
        updates["rules"] = _rule_ids(f"{where}.rules", body["rules"], channel, known)
    policy = replace(base, **updates)
    if policy.warn_at > policy.block_at:
        raise InvalidInput(f"{where}.warn_at: {policy.warn_at} is above block_at "
                           f"{policy.block_at}", field=f"{where}.warn_at")
    return policy


def _threshold(where: str, value: Any) -> float:
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not math.isfinite(value) or not 0.0 <= value <= 1.0):
        raise InvalidInput(f"{where}: must be a number between 0 and 1, got {value!r}",
                           field=where)
    return float(value)


def _decision(where: str, value: Any) -> Decision:
    try:
        return Decision(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(d.value for d in Decision)
        raise InvalidInput(f"{where}: must be one of {valid}, got {value!r}",
                           field=where) from None


def _rule_ids(where: str, value: Any, channel: Channel,
              known: Mapping[str, Rule]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInput(f"{where}: must be a list of rule ids, got {value!r}", field=where)
    ids: list[str] = []
    for i, rule_id in enumerate(value):
        rule = known.get(rule_id) if isinstance(rule_id, str) else None
        if rule is None:
            raise InvalidInput(f"{where}[{i}]: unknown rule {rule_id!r}; known: "
                               f"{', '.join(sorted(known))}", field=where)
        if channel not in rule.channels:
            raise InvalidInput(f"{where}[{i}]: rule {rule_id!r} does not apply to "
                               f"{channel.value}", field=where)
        if rule_id not in ids:
            ids.append(rule_id)
    return tuple(ids)
