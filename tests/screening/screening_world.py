"""Shared test world for the screening tests: a small real keyword scorer and a reference
blocklist/allowlist (imported by the test modules and by conftest.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

import numpy as np

from counterfraud.domain import (
    AllowlistEntry,
    BlocklistEntry,
    Confidence,
    EntrySource,
    EntryStatus,
    MatchType,
)
from counterfraud.identifiers import IdentifierKind
from counterfraud.screening import BlocklistIndex

K = IdentifierKind
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class KeywordScorer:
    """A real, tiny text scorer: logistic over keyword weights. Counts explain() calls."""

    BIAS = -4.0
    WEIGHTS: ClassVar[dict[str, float]] = {
        "安全账户": 3.0, "转账": 2.5, "刷单": 3.0, "safe account": 3.0, "transfer": 2.5,
        "โอนเงิน": 2.5, "บัญชีปลอดภัย": 3.0, "urgent": 1.0, "guaranteed": 2.0,
        "safeaccount": 3.0,
    }

    def __init__(self) -> None:
        self.explained = 0
        self.batches: list[int] = []

    def _logit(self, text: str) -> float:
        lowered = text.lower()
        return self.BIAS + sum(w for k, w in self.WEIGHTS.items() if k in lowered)

    def score_many(self, texts: Sequence[str]) -> np.ndarray:
        self.batches.append(len(texts))
        return np.array([1.0 / (1.0 + math.exp(-self._logit(t))) for t in texts])

    def explain(self, text: str, top: int = 5) -> list[tuple[str, float]]:
        self.explained += 1
        lowered = text.lower()
        found = [(k, w) for k, w in self.WEIGHTS.items() if k in lowered]
        return sorted(found, key=lambda kw: -kw[1])[:top]


def entry(entry_id: int, kind: IdentifierKind, value: str,
          match: MatchType = MatchType.EXACT, **extra: object) -> BlocklistEntry:
    return BlocklistEntry(entry_id, kind, value, match, **extra)  # type: ignore[arg-type]


BLOCKLIST = [
    entry(1, K.PHONE, "+66812345678", source=EntrySource.REPORTS, agency="TH-CCIB",
          report_ids=("TH-2025-001", "TH-2025-002")),
    entry(2, K.PHONE, "+8617012", MatchType.PHONE_PREFIX, agency="CN-MPS"),
    entry(3, K.PHONE, "+86170123", MatchType.PHONE_PREFIX, agency="CN-MPS",
          source=EntrySource.NETWORK, network_id="NET-42"),
    entry(4, K.DOMAIN, "evil.com", MatchType.DOMAIN_TREE, network_id="NET-42",
          agency="CN-MPS"),
    entry(5, K.DOMAIN, "scam.top"),
    entry(6, K.URL, "https://bit.ly/abc12", agency="TH-CCIB", report_ids=("TH-2025-009",)),
    entry(7, K.CIDR, "203.0.113.0/24", MatchType.NETWORK),
    entry(8, K.IP, "203.0.113.64/26", MatchType.NETWORK),
    entry(9, K.IP, "198.51.100.7"),
    entry(10, K.CIDR, "2001:db8::/32", MatchType.NETWORK),
    entry(11, K.CIDR, "2001:db8:aa::/48", MatchType.NETWORK),
    entry(12, K.HANDLE, "telegram:scam_boss"),
    entry(13, K.CRYPTO_WALLET, "0x52908400098527886e0f7030069857d2e4169ee7"),
    entry(14, K.BANK_ACCOUNT, "6222020200112233445"),
    entry(15, K.EMAIL, "agent@evil-mail.com"),
    entry(16, K.PHONE, "+8613900000001", confidence=Confidence.PREDICTED,
          source=EntrySource.FEED),
    entry(17, K.PERSON, "zhang wei|n:CN"),
    entry(18, K.PHONE, "96110"),  # a misguided report: the hotline itself
    entry(19, K.DOMAIN, "gov.cn", MatchType.DOMAIN_TREE),  # must never win over the allowlist
    entry(20, K.PHONE, "+66898765432", expires_at=datetime(2025, 1, 1, tzinfo=UTC)),
    entry(21, K.PHONE, "+66898765433", status=EntryStatus.DELISTED),
    entry(22, K.PHONE, "+66898765434", expires_at=datetime(2026, 1, 1, tzinfo=UTC)),
    entry(23, K.EMAIL, "help@gmail.com"),
]

ALLOWLIST = [
    AllowlistEntry(K.PHONE, "96110", reason="CN anti-fraud hotline"),
    AllowlistEntry(K.PHONE, "1441", reason="TH anti-fraud hotline"),
    AllowlistEntry(K.DOMAIN, "bit.ly", reason="URL shortener"),
    AllowlistEntry(K.DOMAIN, "gov.cn", MatchType.DOMAIN_TREE, reason="government"),
    AllowlistEntry(K.PHONE, "+6621111111", reason="bank customer service"),
    AllowlistEntry(K.DOMAIN, "gmail.com", reason="webmail"),
]


def build(version: int = 1, entries: Sequence[BlocklistEntry] = BLOCKLIST,
          allowlist: Sequence[AllowlistEntry] = ALLOWLIST) -> BlocklistIndex:
    return BlocklistIndex.build(entries, allowlist, version=version, now=NOW)
