"""The trained text model: scoring, explanations, and its files (no pickle).

A model is a linear function of the hashed grams (see :mod:`.features`) and of the
structural cues (see :mod:`.cues`), followed by a sigmoid::

    P(scam) = sigmoid(sum(weights[b]) / sqrt(sum(norm_weights[b])) + cues @ cue_weights
                      + intercept)

over the grams ``b`` of the canonical text; ``cues`` are the capped cue counts of the
message. Calibration (Platt scaling) is already folded into the weights and
``intercept`` by training, so scoring is one gather and one ``bincount`` per batch, plus
the cue detectors (a few µs per message, whole batch at once). ``norm_weights`` of a
bucket no training text had is the IDF of a gram seen in no document: text the model
never saw dilutes the few grams it knows instead of magnifying them.

Files, in one directory:

* ``model.json``: format version, feature configuration, the ordered cue names (empty
  for a model without cues), intercept, threshold, named operating points, training
  metadata (free-form JSON), and the SHA-256 of the arrays file;
* ``weights.npz``: plain float32/int64 arrays (``numpy.savez_compressed``): the non-zero
  weights as (index, value) pairs, the norm weights that differ from their most common
  value as pairs beside that value, and ``cue_weights``; loaded with
  ``allow_pickle=False``.

Every load failure raises :class:`ModelFileError` naming the file and what is wrong; a
model whose cue names differ from this code's is refused (retrain it). Version 1 files
(no cues) still load.
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

from counterfraud.classifier.canonical import CANONICAL_VERSION, canonicalise_joined
from counterfraud.classifier.cues import CUE_NAMES, cue_counts
from counterfraud.classifier.explanations import Reason, explain
from counterfraud.classifier.features import FeatureConfig, raw_scores
from counterfraud.errors import CounterfraudError, InvalidInput

__all__ = ["DEFAULT_OPERATING_POINTS", "FORMAT_VERSION", "ModelFileError", "Reason",
           "TextModel"]

FORMAT_VERSION = 2
#: Versions :meth:`TextModel.load` reads (1: before cues).
READABLE_VERSIONS = (1, 2)
MODEL_JSON = "model.json"
WEIGHTS_NPZ = "weights.npz"
_CACHE_SIZE = 65_536
_EXPLAINED_SIZE = 4_096
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
    built, e.g. on corpora it was not trained on. ``cue_weights`` (one float32 per cue
    of :data:`~.cues.CUE_NAMES`, in that order) is None for a model without cues;
    ``cue_names`` must then be empty, else equal to this code's cue names.

    ``score``/``score_many`` keep a bounded cache of scores by exact text: real SMS
    traffic repeats templates, and a cached score costs a dict look-up instead of ~20 µs.
    """

    def __init__(self, *, config: FeatureConfig, weights: F32, norm_weights: F32 | None,
                 intercept: float, threshold: float,
                 operating_points: Mapping[str, float] | None = None,
                 metadata: dict[str, object] | None = None,
                 cue_weights: F32 | None = None,
                 cue_names: Sequence[str] | None = None) -> None:
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
        self.cue_names, self.cue_weights = _cues(cue_weights, cue_names)
        self.intercept = float(intercept)
        self.threshold = float(threshold)
        self.operating_points = _operating_points(operating_points)
        self.metadata: dict[str, object] = dict(metadata or {})
        self._cache: dict[str, float] = {}
        self._explained: dict[tuple[str, int], tuple[Reason, ...]] = {}

    def replace(self, *, threshold: float | None = None,
                operating_points: Mapping[str, float] | None = None,
                metadata: dict[str, object] | None = None) -> TextModel:
        """The same model (weights, norms and cue weights) with another threshold,
        operating points or metadata: how to re-point a model without dropping a part."""
        return TextModel(config=self.config, weights=self.weights,
                         norm_weights=self.norm_weights, intercept=self.intercept,
                         threshold=self.threshold if threshold is None else threshold,
                         operating_points=(self.operating_points if operating_points is None
                                           else operating_points),
                         metadata=self.metadata if metadata is None else metadata,
                         cue_weights=self.cue_weights, cue_names=self.cue_names)

    # -- scoring ---------------------------------------------------------------------

    def margins(self, texts: Sequence[str]) -> F64:
        """The logit of P(scam) for every text (no cache): grams, cues and intercept."""
        joined = canonicalise_joined(texts)
        margins = raw_scores(joined, self.config, self.weights, self.norm_weights)
        if self.cue_weights is not None and len(texts):
            margins += cue_counts(joined, texts) @ self.cue_weights.astype(np.float64)
        margins += self.intercept
        return margins

    def _compute(self, texts: Sequence[str]) -> F64:
        return 1.0 / (1.0 + np.exp(-self.margins(texts)))

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

    def explain(self, text: str, top: int = 5) -> list[Reason]:
        """Why ``text`` scored as it did, as :class:`~.explanations.Reason`: the words
        and phrases of ``text`` as received (with their spans) and the cues that fired,
        each with its contribution in logit units (positive pushes towards scam),
        strongest towards scam first, at most ``top``.

        With ``top`` large enough to hold every reason, the contributions sum, with
        :attr:`intercept`, to the logit of :meth:`score`. See :mod:`.explanations` for
        how gram contributions become words.

        Explanations of the same text are kept (bounded, like scores): templated traffic
        repeats, and one costs ~1-2 ms.
        """
        key = (text, top)
        kept = self._explained.get(key)
        if kept is None:
            kept = tuple(explain(text, top, config=self.config, weights=self.weights,
                                 norm_weights=self.norm_weights, cue_weights=self.cue_weights))
            if len(self._explained) >= _EXPLAINED_SIZE:
                self._explained.clear()
            self._explained[key] = kept
        return list(kept)

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
            default = _most_common(self.norm_weights[:-1])
            norm_index = np.flatnonzero(self.norm_weights != default).astype(np.int64)
            arrays["norm_index"] = norm_index
            arrays["norm_value"] = self.norm_weights[norm_index]
            arrays["norm_default"] = np.array(default, dtype=np.float32)
        if self.cue_weights is not None:
            arrays["cue_weights"] = self.cue_weights
        weights_path = folder / WEIGHTS_NPZ
        with weights_path.open("wb") as handle:
            np.savez_compressed(handle, allow_pickle=False, **arrays)
        document = {
            "format_version": FORMAT_VERSION,
            "kind": "counterfraud.classifier.TextModel",
            "features": self.config.to_json(),
            "cues": list(self.cue_names),
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
        names = _cue_names(folder / MODEL_JSON, document)
        size = config.n_features + 1
        weights = _dense(weights_path, raw, "weight", size)
        norm_weights = _dense(weights_path, raw, "norm", size) if document.get("idf") else None
        cue_weights = _cue_weights(weights_path, raw, len(names)) if names else None
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
                       operating_points=points, metadata=metadata,
                       cue_weights=cue_weights, cue_names=names or None)
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
    if version not in READABLE_VERSIONS:
        raise ModelFileError(path, f"format_version {version!r} is not supported "
                             f"(this code reads versions "
                             f"{', '.join(map(str, READABLE_VERSIONS))}); retrain the model")
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


def _arrays(path: Path, raw: bytes, names: Sequence[str],
            optional: Sequence[str] = ()) -> dict[str, npt.NDArray[np.generic]]:
    """The named arrays of the npz bytes (``optional`` ones only when present)."""
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            found = {name: data[name] for name in names}
            found.update({name: data[name] for name in optional if name in data.files})
    except KeyError as e:
        raise ModelFileError(path, f"array {e} is missing") from e
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as e:
        raise ModelFileError(path, f"not a readable numpy archive: {e}") from e
    return found


def _dense(path: Path, raw: bytes, prefix: str, size: int) -> F32:
    """Expand one (index, value) pair of arrays from the npz bytes to a dense vector
    (entries not listed are ``{prefix}_default``, 0 when the file has none)."""
    data = _arrays(path, raw, (f"{prefix}_index", f"{prefix}_value"), (f"{prefix}_default",))
    index, value = data[f"{prefix}_index"], data[f"{prefix}_value"]
    default = data.get(f"{prefix}_default", np.zeros((), dtype=np.float32))
    if (index.dtype.kind not in "iu" or value.dtype.kind != "f" or index.shape != value.shape
            or index.ndim != 1 or (index.size and (index.min() < 0 or index.max() >= size))
            or default.shape != () or default.dtype.kind != "f"
            or not np.isfinite(default)):
        raise ModelFileError(path, f"arrays '{prefix}_index'/'{prefix}_value' are malformed")
    dense = np.full(size, default, dtype=np.float32)
    dense[-1] = 0.0  # the null bucket
    dense[index] = value
    return dense


def _cue_names(path: Path, document: dict[str, object]) -> tuple[str, ...]:
    """The model's cue names: none (a version 1 file, or trained without cues) or
    exactly this code's; anything else is refused."""
    names = document.get("cues", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ModelFileError(path, "'cues' must be a list of cue names")
    if names and tuple(names) != CUE_NAMES:
        raise ModelFileError(path, f"trained with the cues {', '.join(names)}; this code "
                             f"computes {', '.join(CUE_NAMES)}; retrain the model")
    return tuple(names)


def _cue_weights(path: Path, raw: bytes, count: int) -> F32:
    weights = _arrays(path, raw, ("cue_weights",))["cue_weights"]
    if weights.shape != (count,) or weights.dtype.kind != "f" or not np.isfinite(
            weights).all():
        raise ModelFileError(path, f"array 'cue_weights' must hold {count} finite numbers")
    return weights.astype(np.float32)


def _cues(weights: F32 | None, names: Sequence[str] | None) -> tuple[tuple[str, ...],
                                                                      F32 | None]:
    """Validated (cue names, cue weights) of a model (see :class:`TextModel`)."""
    if weights is None:
        if names:
            raise InvalidInput("cue names without cue weights", field="cue_weights")
        return (), None
    given = CUE_NAMES if names is None else tuple(names)
    if given != CUE_NAMES:
        raise InvalidInput(f"cue names {', '.join(given)} differ from this code's "
                           f"({', '.join(CUE_NAMES)}); retrain the model", field="cues")
    if weights.shape != (len(CUE_NAMES),) or not np.isfinite(weights).all():
        raise InvalidInput(f"cue_weights must hold {len(CUE_NAMES)} finite numbers",
                           field="cue_weights")
    return given, weights.astype(np.float32, copy=True)


def _most_common(values: F32) -> float:
    """The most frequent value (the norm weight of buckets no training text had)."""
    if values.size == 0:
        return 0.0
    unique, counts = np.unique(values, return_counts=True)
    return float(unique[np.argmax(counts)])

