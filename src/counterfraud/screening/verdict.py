"""What the screening engine decided and why: :class:`Verdict` and its reasons.

Every verdict carries the reasons behind it, each one of four kinds:

* :class:`BlocklistReason` - an active blocklist entry matched an identifier, with the
  entry's provenance (source, confidence, agency, report ids, network id) and where the
  identifier was found (span in the message text, or the sender / caller field);
* :class:`AllowlistReason` - an identifier matched the allowlist, so it produced no
  blocklist hit;
* :class:`ModelReason` - the text classifier's score crossed a threshold (one of the
  model's named operating points, or a number the policy set), with what drove it
  (:class:`ModelEvidence`: words of the message with their spans, and the cues that
  fired);
* :class:`RuleReason` - a named rule fired.

Each reason says which decision it led to (``decision``); the verdict's decision is the
most severe of them (``allow`` when none). ``as_dict`` gives JSON-ready dicts with a
stable key order, ``explain_text`` a few lines for a person.

These are plain slotted dataclasses, not frozen ones: treat them as read-only. (A frozen
dataclass costs ~0.6 us more to build, and one verdict is built per screened message.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from counterfraud.domain import (
    AllowlistEntry,
    BlocklistEntry,
    Channel,
    Decision,
)
from counterfraud.identifiers import Identifier

__all__ = [
    "AllowlistReason",
    "BlocklistReason",
    "ModelEvidence",
    "ModelReason",
    "Reason",
    "RuleReason",
    "Verdict",
]


@dataclass(slots=True)
class BlocklistReason:
    """A blocklist entry matched ``identifier`` (found in ``found_in``, at ``span``)."""

    entry: BlocklistEntry
    identifier: Identifier
    matched: str  # the part of the identifier that matched: number, host, domain, URL, IP
    decision: Decision
    found_in: str  # "text", "sender", "caller" or "value"
    span: tuple[int, int] | None = None  # (start, end) in the message text

    def as_dict(self) -> dict[str, Any]:
        e = self.entry
        return {
            "type": "blocklist",
            "decision": self.decision.value,
            "entry_id": e.id,
            "kind": e.kind.value,
            "value": e.value,
            "match": e.match.value,
            "source": e.source.value,
            "confidence": e.confidence.value,
            "agency": e.agency,
            "report_ids": list(e.report_ids),
            "network_id": e.network_id,
            "entry_reason": e.reason,
            "identifier": {"kind": self.identifier.kind.value,
                           "value": self.identifier.value},
            "matched": self.matched,
            "found_in": self.found_in,
            "span": list(self.span) if self.span is not None else None,
        }

    def line(self) -> str:
        e = self.entry
        where = (f"in the text at {self.span[0]}-{self.span[1]}" if self.span is not None
                 else f"as the {self.found_in}")
        facts = [e.match.value, e.confidence.value, e.source.value]
        if e.agency:
            facts.append(f"agency {e.agency}")
        if e.report_ids:
            facts.append("reports " + ", ".join(e.report_ids[:5])
                         + (" ..." if len(e.report_ids) > 5 else ""))
        if e.network_id:
            facts.append(f"network {e.network_id}")
        return (f"blocklist entry #{e.id}: {e.kind.value} {e.value} matched "
                f"{self.identifier.value} {where} ({'; '.join(facts)})")


@dataclass(slots=True)
class AllowlistReason:
    """``identifier`` matched an allowlist entry: it cannot produce a blocklist hit."""

    entry: AllowlistEntry
    identifier: Identifier
    found_in: str
    span: tuple[int, int] | None = None
    decision: Decision = Decision.ALLOW

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": "allowlisted",
            "decision": self.decision.value,
            "kind": self.entry.kind.value,
            "value": self.entry.value,
            "match": self.entry.match.value,
            "entry_reason": self.entry.reason,
            "identifier": {"kind": self.identifier.kind.value,
                           "value": self.identifier.value},
            "found_in": self.found_in,
            "span": list(self.span) if self.span is not None else None,
        }

    def line(self) -> str:
        why = f" ({self.entry.reason})" if self.entry.reason else ""
        return (f"allowlisted: {self.identifier.value} matches {self.entry.kind.value} "
                f"{self.entry.value}{why}; never blocked")


class _Explained(Protocol):
    """What a scorer's ``explain`` may return besides ``(text, weight)`` pairs (the
    text classifier's ``Reason``)."""

    @property
    def text(self) -> str: ...
    @property
    def weight(self) -> float: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def cue(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...


@dataclass(slots=True)
class ModelEvidence:
    """One thing that drove the model's score: words of the text at ``[start, end)``
    (``kind`` "words"), or a cue that fired (``kind`` "cue", named by ``cue`` and said
    by ``description``); ``weight`` is its contribution in logit units. A scorer that
    only names n-grams gives ``text`` and ``weight`` alone (no span)."""

    text: str
    weight: float
    start: int | None = None
    end: int | None = None
    kind: str = "words"
    cue: str | None = None
    description: str | None = None

    @classmethod
    def of(cls, item: tuple[str, float] | _Explained) -> ModelEvidence:
        """From what ``explain`` returned: a ``(text, weight)`` pair or a reason."""
        if isinstance(item, tuple):
            return cls(str(item[0]), float(item[1]))
        return cls(item.text, float(item.weight), item.start, item.end, item.kind,
                   item.cue, item.description)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "weight": round(self.weight, 6), "start": self.start,
                "end": self.end, "kind": self.kind, "cue": self.cue,
                "description": self.description}

    def describe(self) -> str:
        where = f" at {self.start}-{self.end}" if self.start is not None else ""
        if self.kind == "cue":
            return f"{self.description or self.cue} ({self.text!r}{where}) {self.weight:+.2f}"
        return f"{self.text!r}{where} {self.weight:+.2f}"


@dataclass(slots=True)
class ModelReason:
    """The text classifier's score reached ``threshold`` (warn_at or block_at); ``point``
    names the model's operating point that threshold is (None: a number of the policy)."""

    score: float
    threshold: float
    decision: Decision
    top: tuple[ModelEvidence, ...] = ()  # what drove the score, from explain()
    point: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": "model",
            "decision": self.decision.value,
            "score": round(self.score, 6),
            "threshold": self.threshold,
            "point": self.point,
            "top": [evidence.as_dict() for evidence in self.top],
        }

    def line(self) -> str:
        grams = ", ".join(evidence.describe() for evidence in self.top)
        score, threshold = _side_by_side(self.score, self.threshold)
        crossed = (f"{self.point} point" if self.point is not None
                   else f"{self.decision.value} threshold")
        return (f"text model: score {score} >= {crossed} {threshold}"
                + (f"; driven by {grams}" if grams else ""))


@dataclass(slots=True)
class RuleReason:
    """A named rule fired."""

    rule_id: str
    description: str
    detail: str
    decision: Decision
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": "rule",
            "decision": self.decision.value,
            "rule_id": self.rule_id,
            "description": self.description,
            "detail": self.detail,
            "weight": self.weight,
        }

    def line(self) -> str:
        return f"rule {self.rule_id}: {self.detail}"


def _side_by_side(score: float, threshold: float) -> tuple[str, str]:
    """Both numbers with the same decimals (2 to 4): enough to show the threshold and to
    tell the two apart when they differ. Rounding both alike never inverts ``>=``."""
    decimals = 2
    while decimals < 4 and (round(threshold, decimals) != threshold
                            or f"{score:.{decimals}f}" == f"{threshold:.{decimals}f}"):
        decimals += 1
    return f"{score:.{decimals}f}", f"{threshold:.{decimals}f}"


Reason = BlocklistReason | AllowlistReason | ModelReason | RuleReason


@dataclass(slots=True)
class Verdict:
    """The decision on one item.

    ``score`` in [0, 1] is the strongest single piece of evidence: the model's P(scam),
    1.0 for a confirmed blocklist hit, 0.9 for a predicted one, a fired rule's weight;
    0.0 when nothing spoke. It orders verdicts for review; the decision comes from the
    policy, not from the score alone. ``index_version`` is the blocklist version of the
    one index every lookup of this verdict used.
    """

    id: str
    channel: Channel
    decision: Decision
    score: float
    reasons: list[Reason]
    index_version: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel.value,
            "decision": self.decision.value,
            "score": round(self.score, 6),
            "index_version": self.index_version,
            "reasons": [r.as_dict() for r in self.reasons],
        }

    def explain_text(self) -> str:
        head = (f"{self.decision.value.upper()} {self.channel.value} {self.id} "
                f"(score {self.score:.2f}, blocklist version {self.index_version})")
        if not self.reasons:
            return head + "\n  - nothing matched: no blocklist hit, rule or model signal"
        return "\n".join([head, *(f"  - [{r.decision.value}] {r.line()}"
                                  for r in self.reasons)])
