"""A labelled scam/legitimate message corpus in every language of the region.

The text classifier must judge messages in Chinese (Simplified and Traditional),
Thai, Lao, Burmese, Khmer, Vietnamese, Indonesian, Malay and English on text nobody
trained on. Real public corpora exist for English and Thai only; this corpus fills
the other languages with realistic scams (investment "teachers", romance, fake
police and regulators, refunds, parcel fees, loans, task scams, job lures abroad,
gambling, prizes, phishing, code theft, sextortion, ransom) and, as much, with the
legitimate messages a filter must not block: one-time codes that warn against
sharing, transfer and top-up confirmations, deliveries, reminders, official
anti-scam warnings, bills, family chat.

Pure and deterministic: the rows depend only on ``seed`` and ``per_language``
(no clock, no global ``random``, no I/O). Each language draws from its own
generator, so one language's rows do not change when another's templates do.
"""

from __future__ import annotations

import random

from counterfraud.errors import InvalidInput
from counterfraud.simulate.multilingual_regions import LANG_REGIONS, REGIONS
from counterfraud.simulate.multilingual_slots import Draw, fill
from counterfraud.simulate.multilingual_templates import LANGS, LEGIT, SCAM
from counterfraud.simulate.multilingual_words import LANG_WORDS

__all__ = ["LANGS", "multilingual_corpus"]

_RETRIES = 8  # fresh slot values tried before a repeated text is accepted


def _deck(rng: random.Random, table: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    items = [(category, template) for category in sorted(table) for template in table[category]]
    rng.shuffle(items)
    return items


def _rows(rng: random.Random, lang: str, label: str, count: int) -> list[dict[str, str]]:
    """``count`` rows of one label, cycling through the templates in shuffled rounds.

    Rounds give every template the same share (a round uses each once), so a corpus
    of two rounds or more holds every template.
    """
    table = (SCAM if label == "scam" else LEGIT)[lang]
    regions = LANG_REGIONS[lang]
    codes = [code for code, _ in regions]
    weights = [weight for _, weight in regions]
    words = LANG_WORDS[lang]
    deck: list[tuple[str, str]] = []
    seen: set[str] = set()
    rows: list[dict[str, str]] = []
    while len(rows) < count:
        if not deck:
            deck = _deck(rng, table)
        category, template = deck.pop()
        region = REGIONS[rng.choices(codes, weights)[0]]
        draw = Draw(rng, lang, words, region)
        text = fill(template, draw)
        for _ in range(_RETRIES):
            if text not in seen:
                break
            text = fill(template, draw)
        seen.add(text)
        rows.append({"text": text, "label": label, "lang": lang, "category": category})
    return rows


def multilingual_corpus(seed: int = 7, per_language: int = 400) -> list[dict[str, str]]:
    """``[{"text", "label", "lang", "category"}]``: ``per_language`` rows per language.

    Half of each language's rows (rounded down) are ``"scam"``, the rest
    ``"legit"``; ``lang`` is one of :data:`LANGS`; ``category`` is a
    :class:`~counterfraud.domain.ScamType` value for scams and one of
    :data:`~counterfraud.simulate.multilingual_templates.LEGIT_CATEGORIES` otherwise.
    Rows come in a seeded shuffled order; the same arguments give the same list.
    """
    if per_language < 2:
        raise InvalidInput(f"per_language must be at least 2 (one per label), got {per_language}",
                           field="per_language")
    rows: list[dict[str, str]] = []
    for lang in LANGS:
        rng = random.Random(f"counterfraud:multilingual:{seed}:{lang}")
        scams = per_language // 2
        rows += _rows(rng, lang, "scam", scams)
        rows += _rows(rng, lang, "legit", per_language - scams)
    random.Random(f"counterfraud:multilingual:{seed}:order").shuffle(rows)
    return rows
