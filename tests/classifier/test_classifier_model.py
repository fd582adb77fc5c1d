"""Training, scoring, explanations, and the model files."""

from __future__ import annotations

import hashlib
import json
import math
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from classifier_corpus import synthetic_corpus  # type: ignore[import-not-found]
from hypothesis import given, settings
from hypothesis import strategies as st

from counterfraud.classifier import (
    ModelFileError,
    TextModel,
    TrainOptions,
    train,
    train_default_model,
)
from counterfraud.classifier.cues import CUE_NAMES
from counterfraud.classifier.features import FeatureConfig
from counterfraud.errors import InvalidInput

HELD_OUT = [
    ("en-prize", "Congratulations! You won 5000 USD, claim at http://lucky-gold.top/claim", 1),
    ("en-obfuscated", "C o n g r a t u l a t i o n s! Y0u w0n 5000 USD, claim http://x.top", 1),
    ("en-otp", "Your verification code is 482913. Do not share this code with anyone.", 0),
    ("en-bank", "HSBC: A transfer of 120.00 from account ending 4431 was made today.", 0),
    ("zh-police", "【公安局】您的账户涉嫌洗钱，请立即转账5000元到安全账户配合调查", 1),
    ("zh-fullwidth", "兼职刷单日赚５００元，加微信ｇｏｌｄ８８８了解详情", 1),
    ("zh-otp", "您的登录验证码为551234，如非本人操作请忽略。", 0),
    ("zh-bank", "【工商银行】您尾号8812的储蓄卡收入人民币300.00元，余额9000元。", 0),
    ("th-prize", "ยินดีด้วย คุณได้รับรางวัลเงินสด 9000 บาท กดลิงก์ http://star.top เพื่อรับ", 1),
    ("th-otp", "รหัส OTP ของคุณคือ 774411 ใช้ภายใน 5 นาที ห้ามเปิดเผยรหัสนี้", 0),
]


@pytest.mark.parametrize(("text", "label"), [c[1:] for c in HELD_OUT], ids=[c[0] for c in HELD_OUT])
def test_held_out_messages_fall_on_the_right_side(model: TextModel, text: str,
                                                  label: int) -> None:
    assert model.is_scam(text) == bool(label), model.score(text)


def test_scores_separate_the_classes(model: TextModel) -> None:
    texts, labels = synthetic_corpus(per_template=2, seed=99)
    scores = model.score_many(texts)
    y = np.array(labels)
    assert scores[y == 1].min() > scores[y == 0].max()


def test_save_load_round_trip_gives_identical_scores(model: TextModel, tmp_path: Path) -> None:
    texts = [t for _, t, _ in HELD_OUT]
    model.save(tmp_path / "m")
    loaded = TextModel.load(tmp_path / "m")
    assert np.array_equal(loaded.score_many(texts), model.score_many(texts))
    assert loaded.threshold == model.threshold
    assert loaded.config == model.config
    assert loaded.metadata["texts"] == model.metadata["texts"]


def test_files_hold_no_pickle(model: TextModel, tmp_path: Path) -> None:
    model.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json", "weights.npz"]
    with np.load(tmp_path / "weights.npz", allow_pickle=False) as data:
        for name in data.files:
            assert data[name].dtype != object
    document = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    assert document["format_version"] == 2
    assert document["cues"] == list(CUE_NAMES)
    assert document["features"]["bits"] == model.config.bits


def _break_json(folder: Path) -> None:
    (folder / "model.json").write_text("{not json", encoding="utf-8")


def _wrong_version(folder: Path) -> None:
    document = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    document["format_version"] = 99
    (folder / "model.json").write_text(json.dumps(document), encoding="utf-8")


def _wrong_canonical(folder: Path) -> None:
    document = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    document["features"]["canonical_version"] = 0
    (folder / "model.json").write_text(json.dumps(document), encoding="utf-8")


def _truncate_weights(folder: Path) -> None:
    path = folder / "weights.npz"
    path.write_bytes(path.read_bytes()[:100])


def _pickled_weights(folder: Path) -> None:
    path = folder / "weights.npz"
    np.savez(path, weight_index=np.array([object()], dtype=object),
             weight_value=np.zeros(1, dtype=np.float32))
    document = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    import hashlib

    document["weights_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "model.json").write_text(json.dumps(document), encoding="utf-8")


BROKEN = [
    ("missing-json", lambda f: (f / "model.json").unlink(), "model.json", "missing"),
    ("missing-weights", lambda f: (f / "weights.npz").unlink(), "weights.npz", "cannot read"),
    ("corrupt-json", _break_json, "model.json", "not valid JSON"),
    ("wrong-version", _wrong_version, "model.json", "format_version 99"),
    ("wrong-canonical", _wrong_canonical, "model.json", "canonicalisation version"),
    ("truncated-weights", _truncate_weights, "weights.npz", "checksum"),
    ("pickled-weights", _pickled_weights, "weights.npz", "not a readable numpy archive"),
]


@pytest.mark.parametrize(("damage", "file", "problem"), [b[1:] for b in BROKEN],
                         ids=[b[0] for b in BROKEN])
def test_damaged_model_files_give_a_clear_error(model: TextModel, tmp_path: Path,
                                                damage: object, file: str,
                                                problem: str) -> None:
    model.save(tmp_path)
    damage(tmp_path)  # type: ignore[operator]
    with pytest.raises(ModelFileError) as caught:
        TextModel.load(tmp_path)
    assert caught.value.path.name == file
    assert file in str(caught.value) and problem in str(caught.value)


def test_npz_is_a_plain_zip_of_npy(model: TextModel, tmp_path: Path) -> None:
    model.save(tmp_path)
    with zipfile.ZipFile(tmp_path / "weights.npz") as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_score_many_is_a_probability_and_matches_score(model: TextModel,
                                                       texts: list[str]) -> None:
    fresh = TextModel(config=model.config, weights=model.weights,
                      norm_weights=model.norm_weights, intercept=model.intercept,
                      threshold=model.threshold)
    scores = fresh.score_many(texts)
    assert scores.shape == (len(texts),)
    assert ((scores >= 0) & (scores <= 1)).all()
    singles = [TextModel(config=model.config, weights=model.weights,
                         norm_weights=model.norm_weights, intercept=model.intercept,
                         threshold=model.threshold).score(t) for t in texts]
    assert np.allclose(scores, singles, rtol=0, atol=1e-12)


OPTIONS = [
    pytest.param(TrainOptions(idf=False), id="no-idf"),
    pytest.param(TrainOptions(features=FeatureConfig(char_orders=(2, 3), word_orders=(),
                                                     bits=16), threshold=0.5), id="small"),
    pytest.param(TrainOptions(max_fpr=0.0), id="zero-fpr"),
]


@pytest.mark.parametrize("options", OPTIONS)
def test_training_options(options: TrainOptions, tmp_path: Path) -> None:
    texts, labels = synthetic_corpus(per_template=3)
    trained = train(texts, labels, options=options)
    scores = trained.score_many(texts)
    y = np.array(labels)
    assert scores[y == 1].mean() > scores[y == 0].mean()
    if options.threshold is not None:
        assert trained.threshold == options.threshold
    trained.save(tmp_path)
    assert np.array_equal(TextModel.load(tmp_path).score_many(texts), scores)


BAD_TRAINING = [
    ("one-class", ["a", "b", "c", "d"], [1, 1, 1, 1]),
    ("too-few", ["a", "b", "c", "d"], [1, 0, 1, 0]),
    ("length-mismatch", ["a", "b"], [1]),
    ("bad-label", ["a", "b", "c"], [1, 2, 0]),
]


@pytest.mark.parametrize(("texts", "labels"), [b[1:] for b in BAD_TRAINING],
                         ids=[b[0] for b in BAD_TRAINING])
def test_bad_training_input_is_refused(texts: list[str], labels: list[int]) -> None:
    with pytest.raises(InvalidInput):
        train(texts, labels)


def test_train_default_model_takes_corpus_rows() -> None:
    texts, labels = synthetic_corpus(per_template=3)
    rows = [{"text": t, "label": "scam" if y else "legit", "lang": "x", "category": "c"}
            for t, y in zip(texts, labels, strict=True)]
    trained = train_default_model(rows)
    assert trained.metadata["source"] == "demo corpus"
    with pytest.raises(InvalidInput, match="row 0"):
        train_default_model([{"text": "x", "label": "spam"}])


def test_operating_points_round_trip_and_default(model: TextModel, tmp_path: Path) -> None:
    assert model.operating_points["warn"] <= model.operating_points["block"]
    named = TextModel(config=model.config, weights=model.weights,
                      norm_weights=model.norm_weights, intercept=model.intercept,
                      threshold=model.threshold,
                      operating_points={"warn": 0.4, "block": 0.9, "strict": 0.99})
    loaded = TextModel.load(named.save(tmp_path / "m"))
    assert loaded.operating_points == {"warn": 0.4, "block": 0.9, "strict": 0.99}


@pytest.mark.parametrize("points", [{"warn": 0.9, "block": 0.5}, {"warn": 1.5},
                                    {"block": "high"}, {"warn": True}],
                         ids=["warn-above-block", "out-of-range", "not-a-number", "boolean"])
def test_bad_operating_points_are_refused(model: TextModel, tmp_path: Path,
                                          points: dict[str, object]) -> None:
    with pytest.raises(InvalidInput, match="operating point"):
        TextModel(config=model.config, weights=model.weights, norm_weights=None,
                  intercept=0.0, threshold=0.5, operating_points=points)  # type: ignore[arg-type]
    folder = model.save(tmp_path / "m")
    document = json.loads((folder / "model.json").read_text())
    document["operating_points"] = points
    (folder / "model.json").write_text(json.dumps(document))
    with pytest.raises(ModelFileError, match="operating point"):
        TextModel.load(folder)


def _rewrite(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "model.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def _rewrite_arrays(folder: Path, change: Callable[[dict[str, np.ndarray]], None]) -> None:
    path = folder / "weights.npz"
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    change(arrays)
    with path.open("wb") as handle:
        np.savez_compressed(handle, allow_pickle=False, **arrays)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    _rewrite(folder, lambda d: d.update(weights_sha256=sha))


def test_save_load_keeps_the_cues(model: TextModel, tmp_path: Path) -> None:
    assert model.cue_names == CUE_NAMES and model.cue_weights is not None
    loaded = TextModel.load(model.save(tmp_path / "m"))
    assert loaded.cue_names == CUE_NAMES
    assert loaded.cue_weights is not None
    assert np.array_equal(loaded.cue_weights, model.cue_weights)
    assert loaded.norm_weights is not None and model.norm_weights is not None
    assert np.array_equal(loaded.norm_weights, model.norm_weights)


def test_other_cue_names_are_refused_with_retrain(model: TextModel, tmp_path: Path) -> None:
    folder = model.save(tmp_path / "m")
    _rewrite(folder, lambda d: d.update(cues=[*CUE_NAMES[1:], "new_cue"]))
    with pytest.raises(ModelFileError, match="retrain the model") as caught:
        TextModel.load(folder)
    assert caught.value.path.name == "model.json"


def test_malformed_cue_weights_are_refused(model: TextModel, tmp_path: Path) -> None:
    folder = model.save(tmp_path / "m")
    _rewrite_arrays(folder, lambda a: a.update(cue_weights=np.zeros(3, dtype=np.float32)))
    with pytest.raises(ModelFileError, match="cue_weights"):
        TextModel.load(folder)


def test_version_1_files_load_as_models_without_cues(model: TextModel,
                                                     tmp_path: Path) -> None:
    plain = TextModel(config=model.config, weights=model.weights, norm_weights=None,
                      intercept=model.intercept, threshold=model.threshold)
    folder = plain.save(tmp_path / "v1")
    _rewrite(folder, lambda d: (d.pop("cues"), d.update(format_version=1)))
    loaded = TextModel.load(folder)
    assert loaded.cue_weights is None and loaded.cue_names == ()
    texts = [t for _, t, _ in HELD_OUT]
    assert np.array_equal(loaded.score_many(texts), plain.score_many(texts))


@pytest.mark.parametrize(("names", "weights"), [
    (("link",), None), (("link",), np.zeros(1, dtype=np.float32)),
    (None, np.zeros(3, dtype=np.float32)), (None, np.full(len(CUE_NAMES), np.nan))],
    ids=["names-without-weights", "other-names", "wrong-length", "not-finite"])
def test_constructor_refuses_bad_cues(model: TextModel, names: tuple[str, ...] | None,
                                      weights: np.ndarray | None) -> None:
    with pytest.raises(InvalidInput):
        TextModel(config=model.config, weights=model.weights, norm_weights=None,
                  intercept=0.0, threshold=0.5, cue_weights=weights, cue_names=names)


def test_replace_keeps_every_part(model: TextModel) -> None:
    pointed = model.replace(operating_points={"warn": 0.3, "block": 0.6})
    texts = [t for _, t, _ in HELD_OUT]
    assert np.array_equal(pointed.score_many(texts), model.score_many(texts))
    assert pointed.operating_points["warn"] == 0.3
    assert pointed.cue_names == model.cue_names


def test_unseen_buckets_weigh_like_a_gram_in_no_text(model: TextModel,
                                                     corpus: tuple[list[str], list[int]]
                                                     ) -> None:
    assert model.norm_weights is not None
    unseen = (math.log(1 + len(corpus[0])) + 1) ** 2
    common = np.unique(model.norm_weights[:-1], return_counts=True)
    assert common[0][np.argmax(common[1])] == pytest.approx(unseen, rel=1e-6)


def test_unknown_text_dilutes_the_grams_it_surrounds(model: TextModel) -> None:
    """A known lure inside a long text of a script nobody trained on scores nearer the
    prior than when unknown buckets counted nothing in the norm (which magnified it)."""
    assert model.norm_weights is not None
    old_norm = model.norm_weights.copy()
    old_norm[old_norm == old_norm.max()] = 0.0  # the unseen buckets, the rarest IDF
    old = TextModel(config=model.config, weights=model.weights, norm_weights=old_norm,
                    intercept=model.intercept, threshold=model.threshold,
                    cue_weights=model.cue_weights)
    lure = "Congratulations! You won, claim now "
    georgian = "გამარჯობა, როგორ ხარ? ხვალ შევხვდეთ ბიბლიოთეკასთან, წიგნი მომიტანე. " * 3
    new_margin = float(model.margins([lure + georgian])[0] - model.intercept)
    old_margin = float(old.margins([lure + georgian])[0] - model.intercept)
    alone = float(model.margins([lure])[0] - model.intercept)
    assert 0 < new_margin < old_margin
    assert new_margin < alone
