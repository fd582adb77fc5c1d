"""Evaluation: metrics at a threshold, ROC AUC, threshold choice, cross-validation.

All functions are pure (numpy only). Scores are any real numbers where higher means
"more likely scam"; a text is flagged when ``score >= threshold``. Labels are 0/1.
Fraud is ~0.05% of real SMS traffic, so the false-positive rate is reported beside every
F1: a model with F1 0.97 and FPR 1% would still block millions of legitimate messages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from counterfraud.errors import InvalidInput

if TYPE_CHECKING:
    from counterfraud.classifier.training import TrainOptions

__all__ = ["Confusion", "CrossValidation", "best_f1_threshold", "confusion",
           "cross_validate", "f1", "false_positive_rate", "precision", "recall",
           "roc_auc", "stratified_folds", "threshold_for_fpr"]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
ArrayLike = Sequence[float] | Sequence[int] | Sequence[bool] | npt.NDArray[Any]


@dataclass(frozen=True, slots=True)
class Confusion:
    """Counts at one threshold, and the rates derived from them (0.0 when undefined)."""

    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0


def _arrays(scores: ArrayLike, labels: ArrayLike) -> tuple[F64, I64]:
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels)
    if s.ndim != 1 or s.shape != y.shape:
        raise InvalidInput(f"scores {s.shape} and labels {y.shape} must be 1-D and alike",
                           field="labels")
    if not np.isin(y, (0, 1)).all():
        raise InvalidInput("labels must be 0/1 (or booleans)", field="labels")
    if np.isnan(s).any():
        raise InvalidInput("scores contain NaN", field="scores")
    return s, y.astype(np.int64)


def confusion(scores: ArrayLike, labels: ArrayLike, *, threshold: float = 0.5) -> Confusion:
    """The confusion matrix when ``score >= threshold`` means scam."""
    s, y = _arrays(scores, labels)
    flagged = s >= threshold
    tp = int(np.sum(flagged & (y == 1)))
    fp = int(np.sum(flagged & (y == 0)))
    return Confusion(tp=tp, fp=fp, tn=int(np.sum(y == 0)) - fp, fn=int(np.sum(y == 1)) - tp)


def precision(scores: ArrayLike, labels: ArrayLike, *, threshold: float = 0.5) -> float:
    return confusion(scores, labels, threshold=threshold).precision


def recall(scores: ArrayLike, labels: ArrayLike, *, threshold: float = 0.5) -> float:
    return confusion(scores, labels, threshold=threshold).recall


def f1(scores: ArrayLike, labels: ArrayLike, *, threshold: float = 0.5) -> float:
    return confusion(scores, labels, threshold=threshold).f1


def false_positive_rate(scores: ArrayLike, labels: ArrayLike, *,
                        threshold: float = 0.5) -> float:
    return confusion(scores, labels, threshold=threshold).false_positive_rate


def roc_auc(scores: ArrayLike, labels: ArrayLike) -> float:
    """Area under the ROC curve (Mann-Whitney U, ties counted half); needs both classes."""
    s, y = _arrays(scores, labels)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise InvalidInput("ROC AUC needs both classes", field="labels")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), dtype=np.float64)
    sorted_scores = s[order]
    # average rank (1-based) over each run of tied scores
    starts = np.flatnonzero(np.r_[True, sorted_scores[1:] != sorted_scores[:-1]])
    ends = np.r_[starts[1:], len(s)]
    average = (starts + ends + 1) / 2.0
    ranks[order] = np.repeat(average, ends - starts)
    u = ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def threshold_for_fpr(scores: ArrayLike, labels: ArrayLike, target_fpr: float) -> float:
    """The lowest threshold whose false-positive rate on this data is <= ``target_fpr``.

    With ``k = floor(target_fpr * negatives)`` false positives allowed, that is the
    smallest float above the ``(k+1)``-th highest negative score (so ties at that score
    are all left unflagged); when every negative may be flagged, the lowest score.
    """
    s, y = _arrays(scores, labels)
    if not 0.0 <= target_fpr <= 1.0:
        raise InvalidInput("target_fpr must be in [0, 1]", field="target_fpr")
    negatives = np.sort(s[y == 0])[::-1]
    if negatives.size == 0:
        raise InvalidInput("threshold_for_fpr needs at least one negative", field="labels")
    allowed = int(np.floor(target_fpr * negatives.size + 1e-9))
    if allowed >= negatives.size:
        return float(s.min())
    return float(np.nextafter(negatives[allowed], np.inf))


def best_f1_threshold(scores: ArrayLike, labels: ArrayLike, *,
                      beta: float = 1.0) -> tuple[float, float]:
    """``(threshold, f1)`` maximising F1 over thresholds at the data's scores (the
    highest such threshold on ties, i.e. the fewest false positives)."""
    s, y = _arrays(scores, labels)
    n_pos = int(y.sum())
    if n_pos == 0:
        raise InvalidInput("best_f1_threshold needs at least one positive", field="labels")
    order = np.argsort(-s, kind="mergesort")
    sorted_scores = s[order]
    tp = np.cumsum(y[order])
    fp = np.arange(1, len(s) + 1) - tp
    last_of_tie = np.r_[sorted_scores[1:] != sorted_scores[:-1], True]
    b2 = beta * beta
    f_values = (1 + b2) * tp / ((1 + b2) * tp + fp + b2 * (n_pos - tp))
    f1_values = np.where(last_of_tie, f_values, -1.0)
    best = float(f1_values.max())
    index = int(np.flatnonzero(f1_values == best)[0])
    return float(sorted_scores[index]), best


def stratified_folds(labels: ArrayLike, folds: int, *,
                     seed: int = 0) -> Iterator[tuple[I64, I64]]:
    """``(train_rows, test_rows)`` for each of ``folds`` folds with the class balance
    kept: each class is shuffled (seeded) and dealt round-robin."""
    y = np.asarray(labels)
    if folds < 2:
        raise InvalidInput("folds must be at least 2", field="folds")
    rng = np.random.default_rng(seed)
    assignment = np.empty(len(y), dtype=np.int64)
    offset = 0
    for value in np.unique(y):
        rows = np.flatnonzero(y == value)
        rows = rows[rng.permutation(len(rows))]
        assignment[rows] = (np.arange(len(rows)) + offset) % folds
        offset += len(rows)
    everything = np.arange(len(y))
    for fold in range(folds):
        test = everything[assignment == fold]
        yield everything[assignment != fold], test


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Per-fold metrics (``folds[i]`` is a dict), their means, and the out-of-fold
    P(scam) of every text."""

    folds: list[dict[str, float]]
    mean: dict[str, float]
    scores: F64


def fold_metrics(scores: F64, y: I64, threshold: float) -> dict[str, float]:
    """The metrics reported per fold, at the model's own threshold."""
    matrix = confusion(scores, y, threshold=threshold)
    both = 0 < int(y.sum()) < len(y)
    return {"precision": matrix.precision, "recall": matrix.recall, "f1": matrix.f1,
            "fpr": matrix.false_positive_rate,
            "roc_auc": roc_auc(scores, y) if both else float("nan"),
            "threshold": threshold, "tp": float(matrix.tp), "fp": float(matrix.fp),
            "tn": float(matrix.tn), "fn": float(matrix.fn)}


def cross_validate(texts: Sequence[str], labels: ArrayLike, folds: int = 5,
                   options: TrainOptions | None = None, *, seed: int = 0) -> CrossValidation:
    """Stratified k-fold cross-validation of :func:`~.training.train` with ``options``."""
    from counterfraud.classifier.training import as_labels, train

    y = as_labels(np.asarray(labels), len(texts))
    scores = np.zeros(len(y), dtype=np.float64)
    per_fold: list[dict[str, float]] = []
    for train_rows, test_rows in stratified_folds(y, folds, seed=seed):
        started = time.perf_counter()
        model = train([texts[i] for i in train_rows], y[train_rows], options=options)
        trained = time.perf_counter()
        fold_scores = model.score_many([texts[i] for i in test_rows])
        scored = time.perf_counter()
        scores[test_rows] = fold_scores
        metrics = fold_metrics(fold_scores, y[test_rows], model.threshold)
        metrics["train_seconds"] = trained - started
        metrics["score_seconds"] = scored - trained
        per_fold.append(metrics)
    mean = {key: float(np.mean([m[key] for m in per_fold])) for key in per_fold[0]}
    return CrossValidation(folds=per_fold, mean=mean, scores=scores)
