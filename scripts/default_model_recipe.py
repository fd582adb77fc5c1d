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
#: each, on the median held-out set (see :func:`typical_fpr`).
POINT_TARGETS: dict[str, float] = {"warn": 0.002, "block": 0.0}
#: Which held-out set's rate is held to the targets, by rank (0.5 = the median).
QUANTILE = 0.75
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


def typical_fpr(held_out: Sequence[HeldOut], threshold: float) -> float:
    """The false-positive rate at ``threshold`` of the median held-out set (each set
    weighs the same, whatever its size).

    Why the median and not the mean: a held-out corpus whose legitimate messages the
    other corpora never resemble (Thai marketing and OTPs for a model that saw no real
    Thai; Chinese advertising for one that saw no real Chinese) has a false-positive
    rate of 20-40% at any useful threshold, and a mean would let that one corpus push
    the points to where nothing else is caught. Each set's own rate at the chosen points
    is printed and written into the model card, the worst included."""
    rates = [float((h.scores[h.labels == 0] >= threshold).mean())
             for h in held_out if (h.labels == 0).any()]
    return float(np.quantile(rates, QUANTILE)) if rates else 0.0


def operating_points(held_out: Sequence[HeldOut],
                     targets: dict[str, float] | None = None) -> dict[str, float]:
    """For each named point, the lowest threshold whose typical out-of-corpus
    false-positive rate (:func:`typical_fpr`) is at most its target, searched over the
    held-out scores in whatever scale they are (margins keep the resolution
    probabilities lose near 1); ``inf`` when no threshold meets a target."""
    targets = targets or POINT_TARGETS
    candidates = np.unique(np.concatenate([h.scores for h in held_out] + [np.full(1, np.inf)]))
    points: dict[str, float] = {}
    for name, target in targets.items():
        low, high = 0, len(candidates) - 1  # typical_fpr falls as the threshold rises
        while low < high:
            middle = (low + high) // 2
            if typical_fpr(held_out, float(candidates[middle])) <= target:
                high = middle
            else:
                low = middle + 1
        points[name] = float(candidates[low])
    if points.get("warn", 0.0) > points.get("block", 1.0):
        points["warn"] = points["block"]
    return points
