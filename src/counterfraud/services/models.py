"""Text models on disk: the one a user trained, or the built-in default.

The default model is trained from the demo world's labelled corpus the first time it
is needed and written to ``data_dir/models/default`` (plain arrays + JSON), so every
fresh install scores messages without downloading anything.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from counterfraud.classifier import TextModel, train_default_model
from counterfraud.settings import Settings
from counterfraud.simulate import build_world

DEFAULT_MODEL = Path("models") / "default"
DEFAULT_CORPUS_SEED = 7


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
