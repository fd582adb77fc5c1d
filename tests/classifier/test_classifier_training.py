"""Training mechanics: the cue columns beside the grams, the switch that turns them
off, and the norm of buckets no training text had."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from classifier_corpus import synthetic_corpus  # type: ignore[import-not-found]

from counterfraud.classifier import TextModel, TrainOptions, train
from counterfraud.classifier.canonical import canonicalise_joined
from counterfraud.classifier.cues import CUES, cue_counts
from counterfraud.classifier.features import FeatureConfig, raw_scores
from counterfraud.classifier.training import _design
from counterfraud.errors import InvalidInput

SMALL = FeatureConfig(char_orders=(1, 2, 3), word_orders=(1,), bits=16)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return synthetic_corpus(per_template=3)[0]


@pytest.mark.parametrize("idf", [True, False], ids=["idf", "plain"])
def test_cue_columns_come_after_an_unchanged_gram_block(texts: list[str], idf: bool) -> None:
    with_cues = _design(texts, SMALL, idf=idf, cues=True, cue_scale=2.0)
    without = _design(texts, SMALL, idf=idf, cues=False, cue_scale=2.0)
    size = SMALL.n_features
    assert with_cues.matrix.shape == (len(texts), size + len(CUES))
    assert without.matrix.shape == (len(texts), size)
    assert (with_cues.matrix[:, :size] != without.matrix).nnz == 0
    assert with_cues.cue_columns is not None and without.cue_columns is None
    counts = cue_counts(canonicalise_joined(texts), texts)
    assert np.allclose(with_cues.matrix[:, size:].toarray(), counts * with_cues.cue_columns)
    grams = without.matrix.data
    typical = math.sqrt(float(np.mean(grams ** 2)))
    caps = np.array([c.cap for c in CUES])
    assert np.allclose(with_cues.cue_columns * caps, 2.0 * typical)


def test_unseen_buckets_get_the_idf_of_a_gram_in_no_text(texts: list[str]) -> None:
    design = _design(texts, SMALL, idf=True, cues=False, cue_scale=1.0)
    assert design.norm_weights is not None
    seen = np.zeros(SMALL.n_features + 1, dtype=bool)
    seen[np.unique(design.matrix.indices)] = True
    unseen = ~seen
    unseen[-1] = False
    assert np.allclose(design.norm_weights[unseen], (math.log(1 + len(texts)) + 1) ** 2)
    assert design.norm_weights[-1] == 0.0
    assert (design.norm_weights[seen] < (math.log(1 + len(texts)) + 1) ** 2).all()


def test_cues_off_gives_a_model_of_the_grams_alone(tmp_path: Path) -> None:
    texts, labels = synthetic_corpus(per_template=3)
    model = train(texts, labels, options=TrainOptions(features=SMALL, cues=False))
    assert model.cue_weights is None and model.cue_names == ()
    joined = canonicalise_joined(texts)
    expected = raw_scores(joined, SMALL, model.weights, model.norm_weights) + model.intercept
    assert np.allclose(model.margins(texts), expected)
    folder = model.save(tmp_path / "m")
    assert json.loads((folder / "model.json").read_text(encoding="utf-8"))["cues"] == []
    with np.load(folder / "weights.npz", allow_pickle=False) as data:
        assert "cue_weights" not in data.files
    assert TextModel.load(folder).cue_weights is None


def test_cue_weights_add_to_the_margin() -> None:
    texts, labels = synthetic_corpus(per_template=3)
    model = train(texts, labels, options=TrainOptions(features=SMALL))
    assert model.cue_weights is not None
    joined = canonicalise_joined(texts)
    grams = raw_scores(joined, SMALL, model.weights, model.norm_weights)
    cues = cue_counts(joined, texts) @ model.cue_weights.astype(np.float64)
    assert np.allclose(model.margins(texts), grams + cues + model.intercept)
    assert np.abs(model.cue_weights).max() > 0  # the cues took part in the fit
    assert model.metadata["cue_columns"] is not None


@pytest.mark.parametrize("scale", [0.0, -1.0, math.inf], ids=["zero", "negative", "inf"])
def test_bad_cue_scale_is_refused(scale: float) -> None:
    with pytest.raises(InvalidInput, match="cue_scale"):
        TrainOptions(cue_scale=scale)
