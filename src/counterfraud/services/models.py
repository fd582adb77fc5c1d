"""Text models on disk: the one a user trained, or the built-in default.

The default model is trained from the demo world's labelled corpus the first time it
is needed and written to ``data_dir/models/default`` (plain arrays + JSON), so every
fresh install scores messages without downloading anything.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counterfraud.classifier import (
    RowError,
    TextModel,
    confusion,
    cross_validate,
    read_labelled_csv,
    roc_auc,
    threshold_for_fpr,
    train,
    train_default_model,
)
from counterfraud.errors import InvalidInput
from counterfraud.services.progress import OnStep, Stages
from counterfraud.services.store import Store
from counterfraud.settings import Settings
from counterfraud.simulate import build_world
from counterfraud.store import messages

DEFAULT_MODEL = Path("models") / "default"
DEFAULT_CORPUS_SEED = 7
SCAM, LEGIT = "scam", "legit"
TRAIN_STAGES = ("reading the labelled texts", "fitting the model", "writing the model")


def default_model_dir(settings: Settings) -> Path:
    return settings.data_dir / DEFAULT_MODEL


def load_model(settings: Settings, model_dir: Path | None = None) -> TextModel:
    """The model in ``model_dir`` (a clear error if it is missing or damaged), else the
    default one, trained and saved on first use."""
    if model_dir is not None:
        return TextModel.load(model_dir)
    target = default_model_dir(settings)
    if not target.exists():
        return write_default_model(target)
    return TextModel.load(target)


def write_default_model(target: Path) -> TextModel:
    """Train the default model and move it into place whole (never half-written)."""
    corpus = build_world(seed=DEFAULT_CORPUS_SEED, size="small").corpus()
    model = train_default_model(corpus)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".default-", dir=target.parent))
    model.save(staging)
    try:
        os.replace(staging, target)
    except OSError:  # another process put it there first: use theirs
        shutil.rmtree(staging, ignore_errors=True)
        if not target.exists():
            raise
    return model


@dataclass
class TrainResult:
    model_dir: Path
    texts: int
    scam: int
    skipped: list[RowError]
    threshold: float

    def as_dict(self) -> dict[str, Any]:
        return {"model": str(self.model_dir), "texts": self.texts, "scam": self.scam,
                "threshold": self.threshold, "skipped": [str(e) for e in self.skipped]}


def train_from_csv(path: Path, out_dir: Path, *,
                   positive_labels: Collection[str] | None = None,
                   reported_from: Store | None = None,
                   on_step: OnStep | None = None) -> TrainResult:
    """Train on a ``text,label`` CSV (plus, with ``reported_from``, every message people
    reported to that store) and write the model; bad rows are skipped and named.
    ``on_step`` is told each stage (TRAIN_STAGES), and the fits done while fitting."""
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
    model.save(out_dir)
    return TrainResult(out_dir, len(texts), sum(labels), errors, model.threshold)


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
                 positive_labels: Collection[str] | None = None) -> dict[str, Any]:
    """Precision, recall, F1, false-positive rate, ROC AUC and the confusion matrix of a
    model on a labelled CSV, and the threshold that meets ``target_fpr`` on it; with
    ``folds``, k-fold cross-validation of training on that CSV instead."""
    if not 0 < target_fpr < 1:
        raise InvalidInput("target_fpr must be between 0 and 1", field="target_fpr")
    texts, labels, errors = read_labelled_csv(path, positive_labels)
    if not texts:
        raise InvalidInput(f"{path}: no usable rows", field="text")
    if folds is not None:
        if folds < 2:
            raise InvalidInput("--cv needs at least 2 folds", field="cv")
        result = cross_validate(texts, labels, folds)
        scores, threshold = result.scores, float(result.mean["threshold"])
        body: dict[str, Any] = {"mode": f"{folds}-fold cross-validation",
                                "folds": result.folds}
    else:
        model = load_model(settings, model_dir)
        scores = model.score_many(texts)
        threshold = model.threshold
        body = {"mode": "held-out evaluation", "model": str(model_dir or "default")}
    matrix = confusion(scores, labels, threshold=threshold)
    at_target = threshold_for_fpr(scores, labels, target_fpr)
    return {
        **body, "file": str(path), "texts": len(texts), "scam": sum(labels),
        "skipped": [str(e) for e in errors], "threshold": threshold,
        "precision": matrix.precision, "recall": matrix.recall, "f1": matrix.f1,
        "false_positive_rate": matrix.false_positive_rate,
        "roc_auc": roc_auc(scores, labels),
        "confusion": {"tp": matrix.tp, "fp": matrix.fp, "tn": matrix.tn, "fn": matrix.fn},
        "target_fpr": target_fpr, "threshold_for_target_fpr": at_target,
        "recall_at_target_fpr": confusion(scores, labels, threshold=at_target).recall,
    }
