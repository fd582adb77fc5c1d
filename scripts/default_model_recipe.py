"""How the shipped default text model is made: its training data and options, and how
its operating points are chosen on corpora each model was not trained on.

Shared by ``scripts/build_default_model.py`` (which writes the model into the package)
and ``benchmarks/classifier_eval.py`` (which measures the same recipe leave-one-corpus-out),
so what is measured is what ships.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from counterfraud.classifier import TrainOptions

#: Named operating points: the largest out-of-corpus false-positive rate allowed at
#: each, averaged over the corpora left out (each corpus weighs the same).
POINT_TARGETS: dict[str, float] = {"warn": 0.01, "block": 0.002}
OPTIONS = TrainOptions()
SYNTHETIC_SEED = 7

F64 = npt.NDArray[np.float64]


def synthetic_rows() -> list[tuple[str, int, str]]:
    """(text, label, language) of the synthetic corpora: the multilingual one (every
    language of the region, hard negatives) and the demo world's zh/en/th corpus."""
    from counterfraud.simulate import build_world

    rows = [(str(r["text"]), 1 if r["label"] == "scam" else 0, "demo")
            for r in build_world(seed=SYNTHETIC_SEED, size="small").corpus()]
    try:
        from counterfraud.simulate.multilingual import (  # type: ignore[import-not-found]
            multilingual_corpus,
        )
    except ImportError:
        return rows
    rows += [(str(r["text"]), 1 if r["label"] == "scam" else 0, str(r["lang"]))
             for r in multilingual_corpus(seed=SYNTHETIC_SEED)]
    return rows


@dataclass
class HeldOut:
    """Scores of one corpus by a model that was not trained on it."""

    key: str
    scores: F64
    labels: npt.NDArray[np.int64]


def mean_fpr(held_out: Sequence[HeldOut], threshold: float) -> float:
    """The false-positive rate at ``threshold``, averaged over corpora (each weighs the
    same, whatever its size)."""
    rates = [float((h.scores[h.labels == 0] >= threshold).mean())
             for h in held_out if (h.labels == 0).any()]
    return float(np.mean(rates)) if rates else 0.0


def operating_points(held_out: Sequence[HeldOut],
                     targets: dict[str, float] | None = None) -> dict[str, float]:
    """For each named point, the lowest threshold whose corpus-averaged out-of-corpus
    false-positive rate is at most its target (searched over the held-out scores)."""
    targets = targets or POINT_TARGETS
    candidates = np.unique(np.concatenate([h.scores for h in held_out] + [np.ones(1)]))
    points: dict[str, float] = {}
    for name, target in targets.items():
        low, high = 0, len(candidates) - 1  # mean_fpr falls as the threshold rises
        while low < high:
            middle = (low + high) // 2
            if mean_fpr(held_out, float(candidates[middle])) <= target:
                high = middle
            else:
                low = middle + 1
        points[name] = float(candidates[low])
    if points.get("warn", 0.0) > points.get("block", 1.0):
        points["warn"] = points["block"]
    return points
