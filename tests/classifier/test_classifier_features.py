"""The hashing featuriser: determinism, and agreement between its two paths."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from counterfraud.classifier.canonical import canonicalise_joined
from counterfraud.classifier.features import (
    FeatureConfig,
    gram_texts,
    grams_of_joined,
    raw_scores,
)
from counterfraud.errors import InvalidInput

TEXTS = ["Congratulations, you won!", "恭喜您，中奖了", "ยินดีด้วย คุณ", "", "a", "ab cd-ef",
         "__x__ 12.5 ⟨url⟩bit.ly"]


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Reference word splitter: maximal runs of letters, digits, ``_`` and marks."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, char in enumerate(text + " "):
        inside = char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            spans.append((start, i))
            start = None
    return spans
CONFIGS = [
    pytest.param(FeatureConfig(), id="default"),
    pytest.param(FeatureConfig(char_orders=(1, 3, 5), word_orders=(1, 2), bits=16), id="mixed"),
    pytest.param(FeatureConfig(char_orders=(), word_orders=(1,), bits=12), id="words-only"),
]


@pytest.mark.parametrize("config", CONFIGS)
def test_same_text_same_buckets_anywhere_in_a_batch(config: FeatureConfig) -> None:
    alone = grams_of_joined(canonicalise_joined(["free money now"]), config)
    batch = grams_of_joined(canonicalise_joined(["x", "free money now", "y"]), config)
    again = grams_of_joined(canonicalise_joined(["free money now"]), config)
    assert np.array_equal(alone.buckets, again.buckets)
    assert sorted(batch.buckets[batch.messages == 1].tolist()) == sorted(alone.buckets.tolist())


@pytest.mark.parametrize("config", CONFIGS)
def test_gram_counts_match_brute_force(config: FeatureConfig) -> None:
    joined = canonicalise_joined(TEXTS)
    grams = grams_of_joined(joined, config, spans=True)
    for k, message in enumerate(joined.split("\n")):
        padded = "\n" + message + "\n"
        chars = [padded[i:i + n] for n in config.char_orders for i in range(len(padded) - n + 1)
                 if not (n == 1 and padded[i] == "\n")]
        spans = _word_spans(message)
        word_grams = [message[spans[i][0]:spans[i + n - 1][1]] for n in config.word_orders
                      for i in range(len(spans) - n + 1)]
        texts = [t for t, m in zip(gram_texts(joined, grams), grams.messages.tolist(),
                                   strict=True) if m == k]
        expected = [c.replace("\n", "\u23ce") for c in chars] + word_grams
        assert sorted(texts) == sorted(expected)
        assert grams.counts[k] == max(1, len(expected))


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("idf", [False, True], ids=["plain", "idf"])
def test_scoring_path_equals_matrix_path(config: FeatureConfig, idf: bool) -> None:
    rng = np.random.default_rng(0)
    weights = rng.standard_normal(config.n_features + 1).astype(np.float32)
    weights[-1] = 0
    norm = rng.random(config.n_features + 1).astype(np.float32) if idf else None
    if norm is not None:
        norm[-1] = 0
    joined = canonicalise_joined(TEXTS)
    grams = grams_of_joined(joined, config)
    dots = np.bincount(grams.messages, weights=weights[grams.buckets].astype(np.float64),
                       minlength=len(TEXTS))
    if norm is None:
        norms = grams.counts
    else:
        norms = np.bincount(grams.messages, weights=norm[grams.buckets].astype(np.float64),
                            minlength=len(TEXTS))
    expected = dots / np.sqrt(np.maximum(norms, 1e-12))
    assert np.allclose(raw_scores(joined, config, weights, norm), expected)


BAD = [
    ("no-orders", {"char_orders": (), "word_orders": ()}),
    ("order-too-long", {"char_orders": (9,)}),
    ("order-repeated", {"char_orders": (2, 2)}),
    ("bits-too-small", {"bits": 4}),
]


@pytest.mark.parametrize("kwargs", [b[1] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_config_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        FeatureConfig(**kwargs)  # type: ignore[arg-type]


def test_config_json_round_trip() -> None:
    config = FeatureConfig(char_orders=(2, 3), word_orders=(), bits=18)
    assert FeatureConfig.from_json(config.to_json()) == config
    with pytest.raises(ValueError, match="bits"):
        FeatureConfig.from_json({"char_orders": [1], "word_orders": [], "canonical_version": 1})
