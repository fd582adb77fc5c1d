"""Text models on disk: the one a user trained, or the built-in default; training and
evaluating them on labelled CSV files.

The default model ships inside the package (``counterfraud/data/text_model``: plain
arrays + JSON, its model card and training fingerprint beside them), built by
``scripts/build_default_model.py`` from public corpora and the synthetic multilingual
one, so every fresh install scores messages without training or downloading anything.

A model trained here keeps a fingerprint of its training texts
(:mod:`counterfraud.classifier.provenance`), so that evaluating it says how many of the
evaluated texts it was trained on, and refuses to present figures on mostly-seen texts
as a held-out estimate.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from counterfraud.classifier import (
    RowError,
    TextModel,
    confusion,
    cross_validate,
    read_labelled_csv,
    roc_auc,
    threshold_for_fpr,
    train,
)
from counterfraud.classifier.model import DEFAULT_OPERATING_POINTS
from counterfraud.classifier.provenance import (
    in_fingerprint,
    load_fingerprint,
    save_fingerprint,
    training_fingerprint,
)
from counterfraud.errors import InvalidInput
from counterfraud.services.progress import OnStep, Stages
from counterfraud.services.store import Store
from counterfraud.settings import Settings
from counterfraud.store import messages

SHIPPED_MODEL = "text_model"
SCAM, LEGIT = "scam", "legit"
TRAIN_STAGES = ("reading the labelled texts", "fitting the model", "writing the model")
#: Above this share of evaluated texts seen in training, figures are not held-out ones.
TRAINING_SHARE_LIMIT = 0.5
HELD_OUT = "held-out evaluation"
ON_TRAINING_DATA = "training data (not a generalisation estimate)"
OVERLAP_UNKNOWN = "evaluation (overlap with the training data unknown)"
#: The figures of an evaluation that a file may leave undefined, in the order shown.
FIGURES = ("precision", "recall", "f1", "false_positive_rate", "roc_auc",
           "threshold_for_target_fpr", "recall_at_target_fpr")


def default_model_dir(settings: Settings | None = None) -> Path:
    """The folder of the shipped default model (the same for every instance)."""
    return Path(str(files("counterfraud.data") / SHIPPED_MODEL))


def load_model(settings: Settings, model_dir: Path | None = None) -> TextModel:
    """The model in ``model_dir`` (a clear error if it is missing or damaged), else the
    shipped default model."""
    return TextModel.load(model_dir if model_dir is not None else default_model_dir(settings))


@dataclass
class TrainResult:
    model_dir: Path
    texts: int
    scam: int
    skipped: list[RowError]
    threshold: float
    operating_points: dict[str, float]
    fingerprint_texts: int  # distinct canonical training texts in the fingerprint

    def as_dict(self) -> dict[str, Any]:
        return {"model": str(self.model_dir), "texts": self.texts, "scam": self.scam,
                "threshold": self.threshold, "operating_points": self.operating_points,
                "fingerprint_texts": self.fingerprint_texts,
                "skipped": [str(e) for e in self.skipped]}


def train_from_csv(path: Path, out_dir: Path, *,
                   positive_labels: Collection[str] | None = None,
                   reported_from: Store | None = None,
                   on_step: OnStep | None = None) -> TrainResult:
    """Train on a ``text,label`` CSV (plus, with ``reported_from``, every message people
    reported to that store) and write the model, with the fingerprint of every text it
    was trained on; bad rows are skipped and named. ``on_step`` is told each stage
    (TRAIN_STAGES), and the fits done while fitting."""
    stages = Stages(TRAIN_STAGES, on_step)
    stages.start("reading the labelled texts")
    texts, labels, errors = read_labelled_csv(path, positive_labels)
    if reported_from is not None:
        with reported_from.transaction() as session:
            for text, label in messages.labelled(session):
                texts.append(text)
                labels.append(1 if label == SCAM else 0)
    stages.start("fitting the model", unit="fits")
    model = train(texts, labels, on_fit=lambda done, fits: stages.advance(done, total=fits))
    model.metadata["source"] = str(path) + (" + reported messages" if reported_from else "")
    stages.start("writing the model")
    fingerprint = training_fingerprint(texts)
    model.metadata["training_fingerprint"] = save_fingerprint(out_dir, fingerprint)
    model.save(out_dir)
    return TrainResult(out_dir, len(texts), sum(labels), errors, model.threshold,
                       dict(model.operating_points), int(fingerprint.size))


def report_message(store: Store, text: str, *, reporter: str, label: str = SCAM,
                   sender: str | None = None) -> int:
    """Keep a forwarded scam message (or one marked legitimate) for the next training."""
    if not text.strip():
        raise InvalidInput("the reported message is empty", field="text")
    if label not in (SCAM, LEGIT):
        raise InvalidInput(f"label must be {SCAM} or {LEGIT}", field="label")
    with store.transaction() as session:
        return messages.add_reported(session, text=text, label=label, sender=sender,
                                     reporter=reporter)


def reported_counts(store: Store) -> dict[str, int]:
    with store.transaction() as session:
        return messages.count_by_label(session)


def evaluate_csv(settings: Settings, path: Path, *, model_dir: Path | None = None,
                 target_fpr: float = 0.001, folds: int | None = None,
                 positive_labels: Collection[str] | None = None,
                 allow_training_data: bool = False) -> dict[str, Any]:
    """How a model does on a labelled CSV: precision, recall, F1 and false-positive rate
    at the model's own threshold and at each of its named operating points (``warn``,
    ``block`` ...), ROC AUC, the confusion matrix, and the threshold that meets
    ``target_fpr`` on this file. With ``folds``, k-fold cross-validation of training on
    that CSV instead (figures at the default operating points).

    A figure the file cannot define is None, and ``undefined`` says why: a file of scams
    only has no false-positive rate (nor a meaningful precision), one of legitimate
    texts only has no recall. ``training_overlap`` says how many of the texts the model
    was trained on (when it keeps a fingerprint of them); over TRAINING_SHARE_LIMIT the
    evaluation is refused unless ``allow_training_data``, and then labelled as figures
    on training data, never as held-out ones.
    """
    if not 0 < target_fpr < 1:
        raise InvalidInput("target_fpr must be between 0 and 1", field="target_fpr")
    texts, labels, errors = read_labelled_csv(path, positive_labels)
    if not texts:
        raise InvalidInput(f"{path}: no usable rows", field="text")
    y = np.asarray(labels, dtype=np.int64)
    scam = int(y.sum())
    legit = len(y) - scam
    body: dict[str, Any]
    if folds is not None:
        if folds < 2:
            raise InvalidInput("--cv needs at least 2 folds", field="cv")
        if min(scam, legit) < folds:
            raise InvalidInput(f"{path}: {folds}-fold cross-validation trains on both "
                               f"classes and needs at least {folds} texts of each; the file "
                               f"has {scam} scam and {legit} legitimate", field="cv")
        result = cross_validate(texts, labels, folds)
        scores, threshold = result.scores, float(result.mean["threshold"])
        points, points_from = dict(DEFAULT_OPERATING_POINTS), "defaults"
        body = {"mode": f"{folds}-fold cross-validation", "folds": result.folds,
                "training_overlap": None}
    else:
        chosen = model_dir or settings.model_dir
        model = load_model(settings, chosen)
        overlap = _training_overlap(chosen or default_model_dir(settings), model, texts)
        mode = _mode(overlap)
        if mode == ON_TRAINING_DATA and not allow_training_data:
            raise InvalidInput(
                f"{path}: {overlap['rows']} of {len(texts)} texts ({overlap['share']:.0%}) "
                f"are texts the model was trained on: figures on them show what it "
                "remembers, not how it does on messages it has not seen. Evaluate on texts "
                "it was not trained on, or allow training data (--allow-training-data) to "
                "see them labelled as training-data figures", field="path")
        scores, threshold = model.score_many(texts), model.threshold
        points, points_from = dict(model.operating_points), "model"
        body = {"mode": mode, "model": str(chosen or "default"), "training_overlap": overlap}
    undefined = _undefined(scam=scam, legit=legit)
    figures = _figures(scores, y, threshold, undefined)
    at_target = (None if "threshold_for_target_fpr" in undefined
                 else threshold_for_fpr(scores, y, target_fpr))
    recall_at_target = (None if at_target is None or "recall_at_target_fpr" in undefined
                        else confusion(scores, y, threshold=at_target).recall)
    return {
        **body, "file": str(path), "texts": len(texts), "scam": scam, "legit": legit,
        "skipped": [str(e) for e in errors], **figures,
        "roc_auc": None if "roc_auc" in undefined else roc_auc(scores, y),
        "operating_points": {name: _figures(scores, y, value, undefined)
                             for name, value in sorted(points.items(),
                                                       key=lambda p: (p[1], p[0]))},
        "operating_points_from": points_from,
        "target_fpr": target_fpr, "threshold_for_target_fpr": at_target,
        "recall_at_target_fpr": recall_at_target, "undefined": undefined,
    }


def _training_overlap(folder: Path, model: TextModel, texts: list[str]) -> dict[str, Any]:
    """How many of ``texts`` the model in ``folder`` was trained on, from its fingerprint."""
    fingerprint = load_fingerprint(folder, model.metadata)
    if fingerprint is None:
        return {"known": False, "why": "the model keeps no fingerprint of its training "
                "texts (trained before fingerprints were kept, or not by `train`)"}
    seen = int(in_fingerprint(fingerprint, texts).sum())
    return {"known": True, "rows": seen, "share": seen / len(texts),
            "fingerprint_texts": int(fingerprint.size)}


def _mode(overlap: dict[str, Any]) -> str:
    if not overlap["known"]:
        return OVERLAP_UNKNOWN
    return ON_TRAINING_DATA if overlap["share"] > TRAINING_SHARE_LIMIT else HELD_OUT


def _undefined(*, scam: int, legit: int) -> dict[str, str]:
    """The figures a file with ``scam`` and ``legit`` texts cannot define, and why."""
    why: dict[str, str] = {}
    if legit == 0:
        why["false_positive_rate"] = "the file has no legitimate texts"
        why["precision"] = ("the file has no legitimate texts, so nothing can be flagged "
                            "wrongly: precision would be 1.0 whatever the model")
        why["threshold_for_target_fpr"] = why["recall_at_target_fpr"] = (
            "a false-positive rate needs legitimate texts")
    if scam == 0:
        why["recall"] = "the file has no scam texts"
        why["precision"] = ("the file has no scam texts, so every flag is a false "
                            "positive: precision would be 0 whatever the model")
        why["recall_at_target_fpr"] = "the file has no scam texts"
    if "precision" in why:
        why["f1"] = "F1 is made of precision and recall, and precision is not defined here"
    if scam == 0 or legit == 0:
        why["roc_auc"] = "ROC AUC needs scam and legitimate texts"
    return {name: why[name] for name in FIGURES if name in why}


def _figures(scores: npt.NDArray[np.float64], y: npt.NDArray[np.int64], threshold: float,
             undefined: dict[str, str]) -> dict[str, Any]:
    """Precision, recall, F1, false-positive rate and confusion at ``threshold``; None for
    the figures in ``undefined``."""
    matrix = confusion(scores, y, threshold=threshold)
    values = {"precision": matrix.precision, "recall": matrix.recall, "f1": matrix.f1,
              "false_positive_rate": matrix.false_positive_rate}
    return {"threshold": threshold,
            **{k: None if k in undefined else v for k, v in values.items()},
            "confusion": {"tp": matrix.tp, "fp": matrix.fp, "tn": matrix.tn,
                          "fn": matrix.fn}}
