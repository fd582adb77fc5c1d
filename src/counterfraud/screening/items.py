"""What the engine screens (messages, calls, URLs) and the text scorer it depends on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from counterfraud.errors import InvalidInput

if TYPE_CHECKING:  # numpy is only needed by scorers that return arrays
    from numpy.typing import NDArray

__all__ = ["CallItem", "Gateway", "MessageItem", "TextScorer", "UrlItem"]


class TextScorer(Protocol):
    """A text classifier. ``counterfraud.classifier``'s TextModel satisfies it.

    A scorer may also carry ``operating_points``, a mapping of names to thresholds on its
    score (TextModel's ``warn`` and ``block`` ...), which a policy refers to by name; one
    without them gets :data:`~.policy.DEFAULT_OPERATING_POINTS`. (Not part of the
    protocol, so that any scorer with the two methods below still fits.)
    """

    def score_many(self, texts: Sequence[str]) -> Sequence[float] | NDArray[Any]:
        """P(scam) for each text, in order (a numpy array is fine)."""
        ...

    def explain(self, text: str, top: int = 5) -> Sequence[Any]:
        """What drove the score of ``text``: ``(text, weight)`` pairs, or reasons with
        ``text, weight, start, end, kind, cue, description`` (TextModel's ``Reason``:
        words of the message with their spans, and cues)."""
        ...


class Gateway(StrEnum):
    """How a call entered the operator's network."""

    DOMESTIC = "domestic"
    INTERNATIONAL = "international"

    @classmethod
    def parse(cls, raw: Gateway | str | None) -> Gateway | None:
        if raw is None or isinstance(raw, Gateway):
            return raw
        text = raw.strip().lower()
        aliases = {"intl": "international", "international_gateway": "international",
                   "national": "domestic", "local": "domestic"}
        try:
            return cls(aliases.get(text, text))
        except ValueError:
            raise InvalidInput(f"unknown gateway {raw!r}; known: domestic, international",
                               field="gateway") from None


@dataclass(frozen=True, slots=True)
class MessageItem:
    """An SMS or chat message. ``sender`` is a phone number (national formats read in the
    engine's default region) or an e-mail address; alphanumeric sender IDs are kept but
    not looked up."""

    id: str
    text: str
    sender: str | None = None
    recipient: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CallItem:
    """A voice call as the switch sees it. ``origin_country`` is the ISO code of the network
    the call really came from (signalling), ``gateway`` how it entered ours."""

    id: str
    caller: str | None
    callee: str | None
    time: datetime | None = None
    origin_country: str | None = None
    gateway: Gateway | str | None = None


@dataclass(frozen=True, slots=True)
class UrlItem:
    """A URL, domain or IP address (or CIDR network) on its own."""

    id: str
    value: str
