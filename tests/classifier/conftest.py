"""Fixtures: the synthetic corpus of ``classifier_corpus`` and a model trained on it once
per session."""

from __future__ import annotations

import pytest
from classifier_corpus import synthetic_corpus  # type: ignore[import-not-found]

from counterfraud.classifier import TextModel, TrainOptions, train


@pytest.fixture(scope="session")
def corpus() -> tuple[list[str], list[int]]:
    return synthetic_corpus()


@pytest.fixture(scope="session")
def model(corpus: tuple[list[str], list[int]]) -> TextModel:
    texts, labels = corpus
    return train(texts, labels, options=TrainOptions())
