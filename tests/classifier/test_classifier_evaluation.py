"""Evaluation metrics on small hand-computed examples, threshold choice, cross-validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from classifier_corpus import synthetic_corpus  # type: ignore[import-not-found]

from counterfraud.classifier import (
    Confusion,
    TrainOptions,
    best_f1_threshold,
    confusion,
    cross_validate,
    f1,
    false_positive_rate,
    precision,
    recall,
    roc_auc,
    threshold_for_fpr,
)
from counterfraud.classifier.evaluation import stratified_folds
from counterfraud.classifier.features import FeatureConfig
from counterfraud.errors import InvalidInput

SCORES = [0.9, 0.8, 0.6, 0.4, 0.3, 0.1]
LABELS = [1, 0, 1, 1, 0, 0]

METRICS = [
    ("precision", precision, 0.5, 2 / 3),
    ("recall", recall, 0.5, 2 / 3),
    ("f1", f1, 0.5, 2 / 3),
    ("fpr", false_positive_rate, 0.5, 1 / 3),
    ("precision-high", precision, 0.85, 1.0),
    ("recall-high", recall, 0.85, 1 / 3),
    ("f1-high", f1, 0.85, 0.5),
    ("fpr-high", false_positive_rate, 0.85, 0.0),
    ("precision-none-flagged", precision, 2.0, 0.0),
    ("recall-all-flagged", recall, 0.0, 1.0),
    ("fpr-all-flagged", false_positive_rate, 0.0, 1.0),
]


@pytest.mark.parametrize(("metric", "threshold", "expected"), [m[1:] for m in METRICS],
                         ids=[m[0] for m in METRICS])
def test_metric_at_threshold(metric: object, threshold: float, expected: float) -> None:
    value = metric(SCORES, LABELS, threshold=threshold)  # type: ignore[operator]
    assert value == pytest.approx(expected)


def test_confusion_matrix() -> None:
    assert confusion(SCORES, LABELS, threshold=0.5) == Confusion(tp=2, fp=1, tn=2, fn=1)
    assert confusion(SCORES, LABELS, threshold=0.6) == Confusion(tp=2, fp=1, tn=2, fn=1)


AUCS = [
    ("hand", SCORES, LABELS, 7 / 9),
    ("perfect", [0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1.0),
    ("inverted", [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0.0),
    ("all-tied", [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], 0.5),
    ("one-tie", [0.2, 0.5, 0.5, 0.9], [0, 0, 1, 1], 0.875),
]


@pytest.mark.parametrize(("scores", "labels", "expected"), [a[1:] for a in AUCS],
                         ids=[a[0] for a in AUCS])
def test_roc_auc(scores: list[float], labels: list[int], expected: float) -> None:
    assert roc_auc(scores, labels) == pytest.approx(expected)


THRESHOLDS = [
    ("zero-fpr", 0.0, math.nextafter(0.8, math.inf), 0.0),
    ("one-third", 1 / 3, math.nextafter(0.3, math.inf), 1 / 3),
    ("half-rounds-down", 0.5, math.nextafter(0.3, math.inf), 1 / 3),
    ("everything", 1.0, 0.1, 1.0),
]


@pytest.mark.parametrize(("target", "threshold", "fpr"), [t[1:] for t in THRESHOLDS],
                         ids=[t[0] for t in THRESHOLDS])
def test_threshold_for_fpr(target: float, threshold: float, fpr: float) -> None:
    found = threshold_for_fpr(SCORES, LABELS, target)
    assert found == threshold
    assert false_positive_rate(SCORES, LABELS, threshold=found) == pytest.approx(fpr)
    # lowest: anything below it breaks the target (unless it already flags everything)
    below = math.nextafter(found, -math.inf)
    if fpr < 1.0:
        assert false_positive_rate(SCORES, LABELS, threshold=below) > target


def test_threshold_for_fpr_with_ties_leaves_the_tie_unflagged() -> None:
    found = threshold_for_fpr([0.7, 0.7, 0.7, 0.2], [1, 0, 0, 0], 0.4)
    assert found > 0.7
    assert false_positive_rate([0.7, 0.7, 0.7, 0.2], [1, 0, 0, 0], threshold=found) == 0.0


def test_best_f1_threshold() -> None:
    threshold, best = best_f1_threshold(SCORES, LABELS)
    assert threshold == 0.4
    assert best == pytest.approx(6 / 7)


BAD = [
    ("shape", lambda: f1([0.1, 0.2], [1])),
    ("labels", lambda: f1([0.1, 0.2], [1, 2])),
    ("auc-one-class", lambda: roc_auc([0.1, 0.2], [1, 1])),
    ("fpr-no-negative", lambda: threshold_for_fpr([0.1], [1], 0.1)),
    ("fpr-target", lambda: threshold_for_fpr(SCORES, LABELS, 1.5)),
]


@pytest.mark.parametrize("call", [b[1] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused(call: object) -> None:
    with pytest.raises(InvalidInput):
        call()  # type: ignore[operator]


def test_stratified_folds_partition_and_keep_balance() -> None:
    labels = np.array([1] * 10 + [0] * 30)
    seen: list[int] = []
    for train_rows, test_rows in stratified_folds(labels, 5, seed=3):
        assert len(set(train_rows) & set(test_rows)) == 0
        assert len(train_rows) + len(test_rows) == 40
        assert labels[test_rows].sum() == 2
        seen.extend(test_rows.tolist())
    assert sorted(seen) == list(range(40))


def test_cross_validate_shape() -> None:
    texts, labels = synthetic_corpus(per_template=5)
    options = TrainOptions(features=FeatureConfig(bits=16))
    result = cross_validate(texts, labels, folds=3, options=options)
    assert len(result.folds) == 3
    assert result.scores.shape == (len(texts),)
    for key in ("precision", "recall", "f1", "fpr", "roc_auc", "threshold", "train_seconds"):
        assert key in result.mean
        assert result.mean[key] == pytest.approx(np.mean([f[key] for f in result.folds]))
    assert result.mean["roc_auc"] > 0.9
    assert sum(f["tp"] + f["fn"] for f in result.folds) == sum(labels)
