"""The fingerprint of a model's training texts: membership through canonical forms, and
its file checked like the model's own."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from counterfraud.classifier.model import ModelFileError
from counterfraud.classifier.provenance import (
    FINGERPRINT_FILE,
    in_fingerprint,
    load_fingerprint,
    save_fingerprint,
    text_hashes,
    training_fingerprint,
)

TRAINING = ["您的验证码是4821，5分钟内有效", "Dinner at 7 tonight?",
            "URGENT verify at hxxp://bank-verify[.]top", "Dinner at 7 tonight?"]


def test_fingerprint_is_sorted_and_distinct() -> None:
    fingerprint = training_fingerprint(TRAINING)
    assert fingerprint.dtype == np.uint64
    assert fingerprint.size == 3  # the repeated text counts once
    assert list(fingerprint) == sorted(set(text_hashes(TRAINING).tolist()))


@pytest.mark.parametrize(("text", "seen"), [
    pytest.param("Dinner at 7 tonight?", True, id="same-text"),
    pytest.param("  DINNER  at 7 tonight?", True, id="same-canonical-form"),
    pytest.param("ＵＲＧＥＮＴ verify at hxxp://bank-verify[.]top", True, id="full-width"),
    pytest.param("Dinner at 8 tonight?", False, id="another-text"),
    pytest.param("", False, id="empty"),
])
def test_membership_goes_through_the_canonical_form(text: str, seen: bool) -> None:
    assert in_fingerprint(training_fingerprint(TRAINING), [text]).tolist() == [seen]


def test_empty_fingerprint_holds_nothing() -> None:
    empty = training_fingerprint([])
    assert in_fingerprint(empty, TRAINING).tolist() == [False] * len(TRAINING)


def test_file_round_trip(tmp_path: Path) -> None:
    fingerprint = training_fingerprint(TRAINING)
    record = save_fingerprint(tmp_path / "model", fingerprint)
    assert record["file"] == FINGERPRINT_FILE and record["texts"] == 3
    json.dumps(record)  # it goes into model.json
    loaded = load_fingerprint(tmp_path / "model", {"training_fingerprint": record})
    assert loaded is not None and np.array_equal(loaded, fingerprint)


def test_a_model_without_fingerprint(tmp_path: Path) -> None:
    assert load_fingerprint(tmp_path, {"source": "demo corpus"}) is None


def _corrupt_bytes(folder: Path, record: dict[str, object]) -> dict[str, object]:
    path = folder / FINGERPRINT_FILE
    path.write_bytes(path.read_bytes()[:-8] + b"\0" * 8)
    return record


def _missing(folder: Path, record: dict[str, object]) -> dict[str, object]:
    (folder / FINGERPRINT_FILE).unlink()
    return record


def _other_hash(folder: Path, record: dict[str, object]) -> dict[str, object]:
    return {**record, "hash": "sha1"}


def _wrong_count(folder: Path, record: dict[str, object]) -> dict[str, object]:
    return {**record, "texts": 4}


def _not_a_record(folder: Path, record: dict[str, object]) -> object:
    return ["training-texts.npy"]


@pytest.mark.parametrize(("damage", "words"), [
    pytest.param(_corrupt_bytes, "checksum", id="corrupt"),
    pytest.param(_missing, "cannot read", id="missing"),
    pytest.param(_other_hash, "another hash", id="other-hash"),
    pytest.param(_wrong_count, "model.json describes", id="wrong-count"),
    pytest.param(_not_a_record, "malformed", id="not-a-record"),
])
def test_damaged_fingerprint_names_the_file(tmp_path: Path, damage: object,
                                            words: str) -> None:
    record = save_fingerprint(tmp_path, training_fingerprint(TRAINING))
    assert callable(damage)
    metadata = {"training_fingerprint": damage(tmp_path, record)}
    with pytest.raises(ModelFileError) as err:
        load_fingerprint(tmp_path, metadata)
    assert words in str(err.value)
    assert str(tmp_path) in str(err.value)
