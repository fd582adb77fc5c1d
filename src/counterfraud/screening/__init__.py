"""Screening: decide in real time whether to block, warn or allow a message, a call or a URL,
and say why.

Pure core (no I/O, no database, no settings): a :class:`BlocklistIndex` compiled from the
blocklist and allowlist, named :class:`Rule` sets, a per-channel :class:`Policy`, and the
:class:`ScreeningEngine` that combines them with any :class:`TextScorer` into a
:class:`Verdict` with its reasons.
"""

from counterfraud.screening.engine import (
    CONFIRMED_HIT_SCORE,
    PREDICTED_HIT_SCORE,
    ScreeningEngine,
    url_identifier,
)
from counterfraud.screening.index import BlocklistIndex, Hit, LookupResult, RejectedEntry
from counterfraud.screening.items import CallItem, Gateway, MessageItem, TextScorer, UrlItem
from counterfraud.screening.policy import (
    DEFAULT_OPERATING_POINTS,
    ChannelPolicy,
    Policy,
    operating_points_of,
)
from counterfraud.screening.rules import (
    DEFAULT_RULES,
    URL_SHORTENERS,
    Rule,
    RuleContext,
    RuleHit,
    rules_by_id,
)
from counterfraud.screening.verdict import (
    AllowlistReason,
    BlocklistReason,
    ModelEvidence,
    ModelReason,
    Reason,
    RuleReason,
    Verdict,
)

__all__ = [
    "CONFIRMED_HIT_SCORE",
    "DEFAULT_OPERATING_POINTS",
    "DEFAULT_RULES",
    "PREDICTED_HIT_SCORE",
    "URL_SHORTENERS",
    "AllowlistReason",
    "BlocklistIndex",
    "BlocklistReason",
    "CallItem",
    "ChannelPolicy",
    "Gateway",
    "Hit",
    "LookupResult",
    "MessageItem",
    "ModelEvidence",
    "ModelReason",
    "Policy",
    "Reason",
    "RejectedEntry",
    "Rule",
    "RuleContext",
    "RuleHit",
    "RuleReason",
    "ScreeningEngine",
    "TextScorer",
    "UrlItem",
    "Verdict",
    "operating_points_of",
    "rules_by_id",
    "url_identifier",
]
