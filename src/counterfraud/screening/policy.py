"""What each channel does with the evidence: :class:`Policy` of :class:`ChannelPolicy`.

Thresholds on the model score are either numbers in [0, 1] or the names of the model's
**operating points** (``"warn"``, ``"block"``, or any other name the model carries). A
score is the model's P(scam), calibrated on the mix of its training data; an operating
point is a threshold on it chosen when the model was built, e.g. so that the
false-positive rate on corpora the model was not trained on stays under a target. A
policy that names points follows the model it is used with: retrain or replace the model
and the thresholds move with it, with no policy to edit. :meth:`Policy.resolve` turns
the names into numbers for one model; the engine does that once, when it is built, and
an unknown name or a warn point above the block point is an error naming the field.

Why the defaults favour precision. Scam messages are about 0.05% of traffic (1 in
2,000). At that base rate a model that wrongly flags even 1% of legitimate messages warns
on ~20 innocent messages for every scam it catches (precision ~5%), and a blocked
legitimate message (a bank's OTP, a parcel notice) costs the operator and its customers
far more than a missed scam costs over the other layers (blocklists, rules, the victim's
own warning). So a message is warned about from the model's ``warn`` point and blocked
from its ``block`` point (0.85 and 0.97 for a model that carries none of its own), and
recall is bought back by the blocklist (a CONFIRMED hit blocks) and by rules. A
PREDICTED blocklist entry came from a model, not from reports or an analyst, so it only
warns. URLs are scored by the same text model on the URL string, which it was not trained
on (its operating points were chosen on messages), so the URL channel keeps fixed, stricter
numbers (0.90 / 0.99). Calls carry no text: the model is off for them, rules do the work.

Parsing (``Policy.from_dict`` / ``from_json``) names the offending field in every error:
``message.block_at: must be a number between 0 and 1 or the name of an operating point,
got 1.5``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from counterfraud.domain import Channel, Decision
from counterfraud.errors import CounterfraudError, InvalidInput
from counterfraud.screening.rules import DEFAULT_RULES, Rule

__all__ = ["DEFAULT_OPERATING_POINTS", "ChannelPolicy", "Policy", "operating_points_of"]

#: The points of a scorer that carries none of its own: the same numbers as
#: ``counterfraud.classifier.model.DEFAULT_OPERATING_POINTS`` (a test holds them equal;
#: screening does not import the classifier, it screens with any scorer).
DEFAULT_OPERATING_POINTS: Mapping[str, float] = MappingProxyType({"warn": 0.85,
                                                                  "block": 0.97})

_FIELDS = ("warn_at", "block_at", "confirmed_hit", "predicted_hit", "model", "rules")
#: Written by ``as_dict`` beside a name, never read as a threshold (see ``as_dict``).
_SHOWN = {"warn_threshold": "warn_at", "block_threshold": "block_at"}

Threshold = float | str


@dataclass(frozen=True, slots=True)
class ChannelPolicy:
    """Thresholds on the model score and what each kind of evidence does on one channel.

    ``warn_at``/``block_at`` are numbers in [0, 1] or names of the model's operating
    points. A policy whose thresholds are names is resolved against a model
    (:meth:`resolve`) before it decides anything: the result holds the numbers in
    ``warn_at``/``block_at`` and the names they came from in ``warn_point``/
    ``block_point``, so a verdict can say which point a score crossed.
    """

    warn_at: Threshold = "warn"
    block_at: Threshold = "block"
    confirmed_hit: Decision = Decision.BLOCK  # a CONFIRMED blocklist entry matched
    predicted_hit: Decision = Decision.WARN  # a PREDICTED (model-made) entry matched
    model: bool = True  # score the text with the classifier at all
    rules: tuple[str, ...] = ()  # ids of the rules that are on
    warn_point: str | None = None  # the operating point warn_at was resolved from
    block_point: str | None = None  # the operating point block_at was resolved from

    @property
    def resolved(self) -> bool:
        """Whether both thresholds are numbers (no name is left to resolve)."""
        return not isinstance(self.warn_at, str) and not isinstance(self.block_at, str)

    @property
    def warn_threshold(self) -> float:
        """``warn_at`` as a number; an error if it is a name not yet resolved."""
        return _number(self.warn_at, "warn_at")

    @property
    def block_threshold(self) -> float:
        """``block_at`` as a number; an error if it is a name not yet resolved."""
        return _number(self.block_at, "block_at")

    def model_decision(self, score: float) -> Decision:
        if score >= self.block_threshold:
            return Decision.BLOCK
        if score >= self.warn_threshold:
            return Decision.WARN
        return Decision.ALLOW

    def resolve(self, points: Mapping[str, float], *, where: str = "policy") -> ChannelPolicy:
        """This policy with every threshold a number, names looked up in ``points``.

        An unknown name is an InvalidInput naming ``{where}.warn_at`` (or ``block_at``)
        and the names ``points`` has; a resolved warn threshold above the block threshold
        is one naming both. Numbers are kept as they are, so resolving twice is harmless.
        """
        warn, warn_point = _resolve(self.warn_at, self.warn_point, points, f"{where}.warn_at")
        block, block_point = _resolve(self.block_at, self.block_point, points,
                                      f"{where}.block_at")
        if warn > block:
            raise InvalidInput(f"{where}.warn_at: {_shown(warn, warn_point)} is above "
                               f"block_at {_shown(block, block_point)}",
                               field=f"{where}.warn_at")
        return replace(self, warn_at=warn, block_at=block, warn_point=warn_point,
                       block_point=block_point)

    def as_dict(self) -> dict[str, Any]:
        """The policy as ``from_dict`` reads it. A threshold resolved from a name shows
        the name in ``warn_at`` (or ``block_at``) and the number it resolved to, for the
        model it was resolved against, in ``warn_threshold`` (``block_threshold``)."""
        shown: dict[str, Any] = {}
        for name, value, point in (("warn_at", self.warn_at, self.warn_point),
                                   ("block_at", self.block_at, self.block_point)):
            if point is not None and not isinstance(value, str):
                shown[name] = point
                shown[name.replace("_at", "_threshold")] = value
            else:
                shown[name] = value
        return {**shown, "confirmed_hit": self.confirmed_hit.value,
                "predicted_hit": self.predicted_hit.value, "model": self.model,
                "rules": list(self.rules)}


def _number(value: Threshold, name: str) -> float:
    if isinstance(value, str):
        raise CounterfraudError(f"{name} names the operating point {value!r}: resolve the "
                                "policy against a model first (Policy.resolve)")
    return value


def _resolve(value: Threshold, point: str | None, points: Mapping[str, float],
             where: str) -> tuple[float, str | None]:
    if not isinstance(value, str):
        return float(value), point
    if value not in points:
        raise InvalidInput(f"{where}: the model has no operating point {value!r}; it has: "
                           f"{', '.join(sorted(points)) or 'none'}", field=where)
    return float(points[value]), value


def _shown(value: float, point: str | None) -> str:
    return f"{value:g}" if point is None else f"operating point {point!r} ({value:g})"


def operating_points_of(scorer: object) -> dict[str, float]:
    """The named thresholds a policy may refer to with ``scorer``: its
    ``operating_points`` attribute, or :data:`DEFAULT_OPERATING_POINTS` when it has none
    (or there is no scorer). Each must be a number in [0, 1]."""
    raw = getattr(scorer, "operating_points", None) if scorer is not None else None
    if raw is None:
        return dict(DEFAULT_OPERATING_POINTS)
    if not isinstance(raw, Mapping):
        raise InvalidInput("the model's operating_points: expected names and numbers, got "
                           f"{type(raw).__name__}", field="operating_points")
    points: dict[str, float] = {}
    for name, value in raw.items():
        if (not isinstance(name, str) or isinstance(value, bool)
                or not isinstance(value, int | float) or not 0.0 <= value <= 1.0):
            raise InvalidInput(f"the model's operating point {name!r} must be a number in "
                               f"[0, 1], got {value!r}", field="operating_points")
        points[name] = float(value)
    return points


def _default_channels() -> dict[Channel, ChannelPolicy]:
    return {
        Channel.MESSAGE: ChannelPolicy(
            warn_at="warn", block_at="block",
            rules=("international_caller_claims_official", "message_with_shortener_and_urgency",
                   "sender_is_allowlisted_brand_but_contains_unknown_url")),
        Channel.CALL: ChannelPolicy(
            model=False, rules=("spoofed_domestic_caller", "hidden_or_invalid_caller")),
        # Fixed numbers: the text model was trained (and its points chosen) on messages.
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

    def resolve(self, points: Mapping[str, float]) -> Policy:
        """Every channel resolved against one model's operating points (see
        :meth:`ChannelPolicy.resolve`); errors name the channel and field."""
        return Policy({channel: policy.resolve(points, where=channel.value)
                       for channel, policy in self.channels.items()})

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
        """``{"message": {"warn_at": "warn", "block_at": 0.99, ...}, "call": {...},
        "url": {...}}``.

        Channels left out keep their defaults, and so do fields left out of a channel.
        Unknown channels, fields and rule ids are errors. ``warn_threshold`` and
        ``block_threshold`` (what ``as_dict`` shows beside a name) are accepted beside a
        name and not read: the name is resolved again against the model in use.
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
    unknown = sorted(set(body) - set(_FIELDS) - set(_SHOWN))
    if unknown:
        raise InvalidInput(f"{where}.{unknown[0]}: unknown field; known: {', '.join(_FIELDS)}",
                           field=f"{where}.{unknown[0]}")
    updates: dict[str, Any] = {}
    for name in ("warn_at", "block_at"):
        if name in body:
            updates[name] = _threshold(f"{where}.{name}", body[name])
    for shown, name in _SHOWN.items():
        if shown in body and not isinstance(updates.get(name), str):
            raise InvalidInput(f"{where}.{shown}: only shown beside an operating point's "
                               f"name in {name}, never read; set {name} instead",
                               field=f"{where}.{shown}")
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
    policy = replace(base, **updates, warn_point=None, block_point=None)
    if policy.resolved and policy.warn_threshold > policy.block_threshold:
        raise InvalidInput(f"{where}.warn_at: {policy.warn_at} is above block_at "
                           f"{policy.block_at}", field=f"{where}.warn_at")
    return policy


def _threshold(where: str, value: Any) -> Threshold:
    """A number in [0, 1], or the name of an operating point (checked against a model
    only when the policy is resolved)."""
    if isinstance(value, str):
        name = value.strip()
        try:
            number = float(name)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            raise InvalidInput(f"{where}: write the number {name} without quotes (a quoted "
                               "value is the name of an operating point)", field=where)
        if name:
            return name
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not math.isfinite(value) or not 0.0 <= value <= 1.0):
        raise InvalidInput(f"{where}: must be a number between 0 and 1 or the name of an "
                           f"operating point of the model (e.g. 'warn', 'block'), "
                           f"got {value!r}", field=where)
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
