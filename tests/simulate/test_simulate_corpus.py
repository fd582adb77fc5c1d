"""The labelled corpus: size, labels, languages, hard cases, world identifiers."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from counterfraud.simulate import CORPUS_SIZES, World

Corpus = list[dict[str, str]]


def test_size_and_fields(corpus: Corpus) -> None:
    assert len(corpus) == CORPUS_SIZES["small"]
    for message in corpus:
        assert set(message) == {"text", "label", "lang", "category"}
        assert all(isinstance(v, str) and v for v in message.values())


@pytest.mark.parametrize("lang", ["zh", "en", "th"])
@pytest.mark.parametrize("label", ["scam", "legit"])
def test_each_language_has_both_labels(corpus: Corpus, lang: str, label: str) -> None:
    assert sum(1 for m in corpus if m["lang"] == lang and m["label"] == label) >= 100


def test_labels_are_roughly_balanced(corpus: Corpus) -> None:
    share = sum(m["label"] == "scam" for m in corpus) / len(corpus)
    assert 0.35 <= share <= 0.55


@pytest.mark.parametrize("category", ["otp", "bank_notice", "delivery", "official_warning",
                                      "appointment", "family"])
def test_hard_legitimate_cases_are_present(corpus: Corpus, category: str) -> None:
    assert sum(1 for m in corpus if m["label"] == "legit" and m["category"] == category) >= 20


def test_scam_categories_are_scam_types(corpus: Corpus) -> None:
    categories = {m["category"] for m in corpus if m["label"] == "scam"}
    expected = {"investment", "impersonation", "gambling", "job_lure", "kidnapping_ransom"}
    assert expected <= categories


def test_warnings_mention_scams_and_hotlines(corpus: Corpus) -> None:
    warnings = [m["text"] for m in corpus if m["category"] == "official_warning"]
    assert any("96110" in t for t in warnings) and any("1441" in t for t in warnings)
    assert any("诈骗" in t for t in warnings)


def test_scam_texts_use_world_identifiers(world: World, corpus: Corpus,
                                          truth: dict[str, Any]) -> None:
    names = {m["value"].split(":", 1)[1] for g in truth["groups"] for m in g["members"]
             if m["kind"] == "handle"}
    wallets = {m["value"] for g in truth["groups"] for m in g["members"]
               if m["kind"] == "crypto_wallet"}
    scams = [m["text"] for m in corpus if m["label"] == "scam"]
    assert sum(any(n in t.lower() for n in names) for t in scams) > 100
    assert any(any(w in t for w in wallets) for t in scams)
    assert any("hxxp" in t or "[.]" in t for t in scams)


def test_texts_are_varied(corpus: Corpus) -> None:
    distinct = len({m["text"] for m in corpus}) / len(corpus)
    assert distinct > 0.8
    most_common = Counter(m["text"] for m in corpus).most_common(1)[0][1]
    assert most_common < 30
