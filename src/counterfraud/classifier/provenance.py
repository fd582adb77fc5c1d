"""Which texts a model was trained on, kept small: a fingerprint of its training set.

Figures measured on texts a model was trained on say how well it remembers, not how well
it generalises (a model evaluated on its own training file reports an F1 near 1.0). To
tell the two apart, ``counterfraud train`` keeps a **fingerprint**: the sorted, distinct
64-bit hashes (BLAKE2b, 8 bytes) of the canonical form (:func:`.canonical.canonicalise`)
of every training text. Two texts with the same canonical form are the same input to
the model, so a text of an evaluation file "was in the training data" when its canonical
form's hash is in the fingerprint. Eight bytes a text: 100,000 training texts take
800 kB; the chance that one of 100,000 evaluated texts falsely matches a fingerprint of
1,000,000 is about 5e-9.

The fingerprint cannot give the texts back, but whoever holds the model can test whether
a text they already have was among its training texts.

Files: the array is written next to the model as ``training-texts.npy`` (plain uint64,
loaded with ``allow_pickle=False``); :func:`save_fingerprint` returns the record that
goes into the model's metadata (``training_fingerprint``: file, SHA-256, count, hash
and canonicalisation version), and :func:`load_fingerprint` checks the file against it.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from counterfraud.classifier.canonical import CANONICAL_VERSION, canonicalise_many
from counterfraud.classifier.model import ModelFileError

__all__ = ["FINGERPRINT_FILE", "HASH", "in_fingerprint", "load_fingerprint",
           "save_fingerprint", "text_hashes", "training_fingerprint"]

FINGERPRINT_FILE = "training-texts.npy"
#: How each text is hashed (recorded with the fingerprint).
HASH = "blake2b-64 of the canonical text (UTF-8), little-endian uint64"

U64 = npt.NDArray[np.uint64]
BoolArray = npt.NDArray[np.bool_]


def text_hashes(texts: Sequence[str]) -> U64:
    """The 64-bit hash of each text's canonical form, in order."""
    hashes = np.empty(len(texts), dtype=np.uint64)
    for i, canonical in enumerate(canonicalise_many(texts)):
        digest = hashlib.blake2b(canonical.encode("utf-8"), digest_size=8).digest()
        hashes[i] = int.from_bytes(digest, "little")
    return hashes


def training_fingerprint(texts: Sequence[str]) -> U64:
    """The sorted, distinct hashes of ``texts`` (see the module's documentation)."""
    return np.unique(text_hashes(texts))


def in_fingerprint(fingerprint: U64, texts: Sequence[str]) -> BoolArray:
    """For each text, whether its canonical form is in ``fingerprint``."""
    hashes = text_hashes(texts)
    if fingerprint.size == 0:
        return np.zeros(len(texts), dtype=np.bool_)
    at = np.searchsorted(fingerprint, hashes)
    found: BoolArray = fingerprint[np.minimum(at, fingerprint.size - 1)] == hashes
    return found


def save_fingerprint(directory: str | Path, fingerprint: U64) -> dict[str, object]:
    """Write ``fingerprint`` into the model ``directory`` (created); the record to keep in
    the model's metadata as ``training_fingerprint``."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(fingerprint, dtype="<u8"), allow_pickle=False)
    raw = buffer.getvalue()
    (folder / FINGERPRINT_FILE).write_bytes(raw)
    return {"file": FINGERPRINT_FILE, "sha256": hashlib.sha256(raw).hexdigest(),
            "texts": int(fingerprint.size), "hash": HASH,
            "canonical_version": CANONICAL_VERSION}


def load_fingerprint(directory: str | Path, metadata: Mapping[str, object]) -> U64 | None:
    """The fingerprint a model's ``metadata`` records, read from ``directory`` and checked;
    None when the model records none (trained before fingerprints, or not by
    ``counterfraud train``). :class:`ModelFileError` naming the file on any problem."""
    record = metadata.get("training_fingerprint")
    if record is None:
        return None
    folder = Path(directory)
    if not isinstance(record, Mapping) or not isinstance(record.get("file"), str):
        raise ModelFileError(folder / "model.json", "'metadata.training_fingerprint' is "
                             "malformed")
    path = folder / Path(str(record["file"])).name
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ModelFileError(path, f"cannot read the training fingerprint: "
                             f"{e.strerror or e}") from e
    if hashlib.sha256(raw).hexdigest() != record.get("sha256"):
        raise ModelFileError(path, "checksum does not match model.json (corrupt or from "
                             "another model)")
    if record.get("hash") != HASH or record.get("canonical_version") != CANONICAL_VERSION:
        raise ModelFileError(path, "made with another hash or text canonicalisation than "
                             "this code's; retrain the model")
    try:
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, OSError, EOFError) as e:
        raise ModelFileError(path, f"not a readable numpy array: {e}") from e
    if array.dtype != np.dtype("<u8") or array.ndim != 1 or array.size != record.get("texts"):
        raise ModelFileError(path, "not the 1-D uint64 array model.json describes")
    fingerprint: U64 = array.astype(np.uint64, copy=False)
    if fingerprint.size > 1 and not bool(np.all(fingerprint[1:] > fingerprint[:-1])):
        raise ModelFileError(path, "hashes are not sorted and distinct")
    return fingerprint
