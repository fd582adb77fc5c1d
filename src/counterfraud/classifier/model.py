"""The trained text model: scoring, explanations, and its files (no pickle).

A model is a linear function of the hashed grams (see :mod:`.features`) followed by a
sigmoid: ``P(scam) = sigmoid(sum(weights[b]) / sqrt(sum(norm_weights[b])) + intercept)``
over the grams ``b`` of the canonical text. Calibration (Platt scaling) is already folded
into ``weights`` and ``intercept`` by training, so scoring is one gather and one
``bincount`` per batch.

Files, in one directory:

* ``model.json``: format version, feature configuration, intercept, threshold, named
  operating points, training metadata (free-form JSON), and the SHA-256 of the arrays
  file;
* ``weights.npz``: plain float32/int64 arrays (``numpy.savez_compressed``), only the
  non-zero weights stored as (index, value) pairs; loaded with ``allow_pickle=False``.

Every load failure raises :class:`ModelFileError` naming the file and what is wrong.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from counterfraud.classifier.canonical import (
    CANONICAL_VERSION,
    URL_TOKEN,
    canonicalise,
    canonicalise_joined,
)
from counterfraud.classifier.features import (
    FeatureConfig,
    gram_texts,
    grams_of_joined,
    raw_scores,
)
from counterfraud.errors import CounterfraudError, InvalidInput

__all__ = ["DEFAULT_OPERATING_POINTS", "FORMAT_VERSION", "ModelFileError", "TextModel"]

FORMAT_VERSION = 1
MODEL_JSON = "model.json"
WEIGHTS_NPZ = "weights.npz"
_CACHE_SIZE = 65_536
#: Named thresholds on P(scam) for a model that carries none of its own (the fixed
#: thresholds screening used before models carried operating points).
DEFAULT_OPERATING_POINTS: dict[str, float] = {"warn": 0.85, "block": 0.97}

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]


class ModelFileError(CounterfraudError):
    """A model directory whose files are missing, corrupt, or of another version."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class TextModel:
    """P(scam) for short messages; immutable once built (by training or :meth:`load`).

    ``threshold`` is the model's own decision boundary (:meth:`is_scam`);
    ``operating_points`` are named thresholds a screening policy refers to by name
    (at least ``warn`` and ``block``, ``warn <= block``), chosen when the model was
    built, e.g. on corpora it was not trained on.

    ``score``/``score_many`` keep a bounded cache of scores by exact text: real SMS
    traffic repeats templates, and a cached score costs a dict look-up instead of ~10 µs.
    """

    def __init__(self, *, config: FeatureConfig, weights: F32, norm_weights: F32 | None,
                 intercept: float, threshold: float,
                 operating_points: Mapping[str, float] | None = None,
                 metadata: dict[str, object] | None = None) -> None:
        expected = config.n_features + 1
        if weights.shape != (expected,) or (
                norm_weights is not None and norm_weights.shape != (expected,)):
            raise InvalidInput(f"weight arrays must have {expected} entries", field="weights")
        if not 0.0 <= threshold <= 1.0 or not math.isfinite(intercept):
            raise InvalidInput("threshold must be in [0, 1] and intercept finite",
                               field="threshold")
        self.config = config
        self.weights = weights.astype(np.float32, copy=True)
        self.weights[-1] = 0.0
        self.norm_weights = None if norm_weights is None else norm_weights.astype(
            np.float32, copy=True)
        if self.norm_weights is not None:
            self.norm_weights[-1] = 0.0
        self.intercept = float(intercept)
        self.threshold = float(threshold)
        self.operating_points = _operating_points(operating_points)
        self.metadata: dict[str, object] = dict(metadata or {})
        self._cache: dict[str, float] = {}

    # -- scoring ---------------------------------------------------------------------

    def _compute(self, texts: Sequence[str]) -> F64:
        joined = canonicalise_joined(texts)
        margins = raw_scores(joined, self.config, self.weights, self.norm_weights)
        margins += self.intercept
        return 1.0 / (1.0 + np.exp(-margins))

    def score_many(self, texts: Sequence[str]) -> F64:
        """P(scam) for every text, as a float64 array in [0, 1] (same order)."""
        n = len(texts)
        out = np.empty(n, dtype=np.float64)
        if n == 0:
            return out
        cache = self._cache
        missing: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            cached = cache.get(text)
            if cached is None:
                missing.setdefault(text, []).append(i)
            else:
                out[i] = cached
        if missing:
            unique = list(missing)
            scores = self._compute(unique)
            for text, score, positions in zip(unique, scores.tolist(), missing.values(),
                                              strict=True):
                out[positions] = score
                cache[text] = score
            if len(cache) > _CACHE_SIZE:
                # drop the oldest half: cheaper than strict LRU bookkeeping per hit
                for key in list(cache)[: len(cache) // 2]:
                    cache.pop(key, None)
        return out

    def score(self, text: str) -> float:
        """P(scam) for one text."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        return float(self.score_many([text])[0])

    def is_scam(self, text: str) -> bool:
        """Whether ``score(text)`` reaches the model's threshold."""
        return self.score(text) >= self.threshold

    def explain(self, text: str, top: int = 5) -> list[tuple[str, float]]:
        """The grams that moved the score most, as ``(gram text, contribution)``.

        Contributions are in logit units (positive pushes towards scam) and sum, with
        the intercept, to the logit of :meth:`score`; a gram occurring twice counts
        twice. Gram texts are substrings of ``canonicalise(text)``, with ``⏎`` marking
        the message's start or end. When ``top`` covers every gram, all come back,
        sorted by absolute contribution.

        Otherwise the ones shown are those a person can
        read: three characters or more (two for Chinese or Thai), not a piece of the
        ``⟨url⟩`` class token, and not part of (nor containing) a gram already shown —
        those that pushed hardest towards "scam" first (screening asks for an
        explanation only when the model warned or blocked).
        """
        joined = canonicalise(text)
        grams = grams_of_joined(joined, self.config, spans=True)
        if self.norm_weights is not None:
            norm = float(self.norm_weights[grams.buckets].astype(np.float64).sum())
        else:
            norm = float(grams.counts[0])
        scale = 1.0 / math.sqrt(max(norm, 1e-12))
        values = self.weights[grams.buckets].astype(np.float64) * scale
        totals: dict[str, float] = {}
        for gram, value in zip(gram_texts(joined, grams), values.tolist(), strict=True):
            totals[gram] = totals.get(gram, 0.0) + value
        ranked = [(g, v) for g, v in sorted(totals.items(),
                                            key=lambda item: (-abs(item[1]), item[0]))
                  if v != 0.0]
        if len(ranked) <= top:
            return ranked
        shown: list[tuple[str, float]] = []
        for gram, value in sorted(ranked, key=lambda item: -item[1]):
            core = gram.replace("\u23ce", "").strip()
            if not _readable(core) or any(core in g or g in core for g, _ in shown):
                continue
            if core in URL_TOKEN or ("\u27e8" in core) != ("\u27e9" in core):
                continue  # a piece of the URL class token says nothing to a person
            shown.append((core, value))
            if len(shown) == top:
                break
        return shown

    # -- files -----------------------------------------------------------------------

    def save(self, directory: str | Path) -> Path:
        """Write ``model.json`` and ``weights.npz`` into ``directory`` (created)."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, npt.NDArray[np.generic]] = {}
        index = np.flatnonzero(self.weights).astype(np.int64)
        arrays["weight_index"] = index
        arrays["weight_value"] = self.weights[index]
        if self.norm_weights is not None:
            norm_index = np.flatnonzero(self.norm_weights).astype(np.int64)
            arrays["norm_index"] = norm_index
            arrays["norm_value"] = self.norm_weights[norm_index]
        weights_path = folder / WEIGHTS_NPZ
        with weights_path.open("wb") as handle:
            np.savez_compressed(handle, allow_pickle=False, **arrays)
        document = {
            "format_version": FORMAT_VERSION,
            "kind": "counterfraud.classifier.TextModel",
            "features": self.config.to_json(),
            "idf": self.norm_weights is not None,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "operating_points": self.operating_points,
            "weights_file": WEIGHTS_NPZ,
            "weights_sha256": hashlib.sha256(weights_path.read_bytes()).hexdigest(),
            "metadata": self.metadata,
        }
        (folder / MODEL_JSON).write_text(json.dumps(document, indent=2, sort_keys=True,
                                                    ensure_ascii=False) + "\n",
                                         encoding="utf-8")
        return folder

    @classmethod
    def load(cls, directory: str | Path) -> TextModel:
        """Read a model written by :meth:`save`; :class:`ModelFileError` on any problem."""
        folder = Path(directory)
        document = _read_json(folder / MODEL_JSON)
        config = _feature_config(folder / MODEL_JSON, document)
        weights_path = folder / WEIGHTS_NPZ
        try:
            raw = weights_path.read_bytes()
        except OSError as e:
            raise ModelFileError(weights_path, f"cannot read: {e.strerror or e}") from e
        if hashlib.sha256(raw).hexdigest() != document.get("weights_sha256"):
            raise ModelFileError(weights_path, "checksum does not match model.json "
                                 "(corrupt or from another model)")
        size = config.n_features + 1
        weights = _dense(weights_path, raw, "weight", size)
        norm_weights = _dense(weights_path, raw, "norm", size) if document.get("idf") else None
        intercept, threshold = document.get("intercept"), document.get("threshold")
        metadata = document.get("metadata", {})
        points = document.get("operating_points")
        if not isinstance(intercept, int | float) or not isinstance(threshold, int | float) \
                or not isinstance(metadata, dict) or not (
                    points is None or isinstance(points, dict)):
            raise ModelFileError(folder / MODEL_JSON, "'intercept', 'threshold', "
                                 "'operating_points' or 'metadata' has the wrong type")
        try:
            return cls(config=config, weights=weights, norm_weights=norm_weights,
                       intercept=float(intercept), threshold=float(threshold),
                       operating_points=points, metadata=metadata)
        except InvalidInput as e:
            raise ModelFileError(folder / MODEL_JSON, str(e)) from e


def _operating_points(points: Mapping[str, object] | None) -> dict[str, float]:
    """Validated named thresholds: every value a number in [0, 1], ``warn`` and
    ``block`` present (the defaults fill what is missing) and ``warn <= block``."""
    merged: dict[str, object] = {**DEFAULT_OPERATING_POINTS, **(points or {})}
    checked: dict[str, float] = {}
    for name, value in merged.items():
        if not isinstance(name, str) or not name or isinstance(value, bool) or not (
                isinstance(value, int | float) and 0.0 <= value <= 1.0):
            raise InvalidInput(f"operating point {name!r} must be a number in [0, 1], "
                               f"got {value!r}", field="operating_points")
        checked[name] = float(value)
    if checked["warn"] > checked["block"]:
        raise InvalidInput(f"operating point 'warn' ({checked['warn']}) is above 'block' "
                           f"({checked['block']})", field="operating_points")
    return checked


def _read_json(path: Path) -> dict[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise ModelFileError(path, "missing (is this a model directory?)") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ModelFileError(path, f"cannot read: {e}") from e
    try:
        document = json.loads(text)
    except json.JSONDecodeError as e:
        raise ModelFileError(path, f"not valid JSON (line {e.lineno}: {e.msg})") from e
    if not isinstance(document, dict):
        raise ModelFileError(path, "not a JSON object")
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelFileError(path, f"format_version {version!r} is not supported "
                             f"(this code reads version {FORMAT_VERSION}); retrain the model")
    return document


def _feature_config(path: Path, document: dict[str, object]) -> FeatureConfig:
    try:
        config = FeatureConfig.from_json(document.get("features"))
    except (ValueError, InvalidInput) as e:
        raise ModelFileError(path, f"bad feature configuration: {e}") from e
    if config.canonical_version != CANONICAL_VERSION:
        raise ModelFileError(path, f"trained with text canonicalisation version "
                             f"{config.canonical_version}, this code has {CANONICAL_VERSION}; "
                             "retrain the model")
    return config


def _dense(path: Path, raw: bytes, prefix: str, size: int) -> F32:
    """Expand one (index, value) pair of arrays from the npz bytes to a dense vector."""
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            index = data[f"{prefix}_index"]
            value = data[f"{prefix}_value"]
    except KeyError as e:
        raise ModelFileError(path, f"array {e} is missing") from e
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as e:
        raise ModelFileError(path, f"not a readable numpy archive: {e}") from e
    if (index.dtype.kind not in "iu" or value.dtype.kind != "f" or index.shape != value.shape
            or index.ndim != 1 or (index.size and (index.min() < 0 or index.max() >= size))):
        raise ModelFileError(path, f"arrays '{prefix}_index'/'{prefix}_value' are malformed")
    dense = np.zeros(size, dtype=np.float32)
    dense[index] = value
    return dense


def _readable(gram: str) -> bool:
    """Three characters or more, or two when one is outside ASCII (a Chinese word, a
    Thai syllable): shorter Latin grams like ``in`` explain nothing to a person."""
    return len(gram) >= 3 or (len(gram) == 2 and not gram.isascii())
