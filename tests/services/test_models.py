"""Training and evaluating text models on labelled CSV files: the training fingerprint,
evaluation on the model's own training texts refused or labelled, files of one class,
and the figures at each named operating point."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from counterfraud.classifier import TextModel, read_labelled_csv
from counterfraud.classifier.provenance import FINGERPRINT_FILE
from counterfraud.errors import InvalidInput
from counterfraud.services.models import (
    HELD_OUT,
    ON_TRAINING_DATA,
    OVERLAP_UNKNOWN,
    evaluate_csv,
    train_from_csv,
)
from counterfraud.settings import Settings

SCAMS = ["恭喜您中奖 请加微信 kefu{} 领取", "URGENT your account is locked, verify at "
         "hxxp://bank-verify{}[.]top", "ด่วน! บัญชีของคุณถูกระงับ โปรดยืนยันที่ line id: help{}"]
LEGIT = ["Dinner at {} tonight?", "您的验证码是{}，5分钟内有效", "พัสดุของคุณหมายเลข TH{} ถึงแล้ว"]


def scams(first: int, n: int) -> list[tuple[str, str]]:
    return [(SCAMS[i % 3].format(first + i), "scam") for i in range(n)]


def legit(first: int, n: int) -> list[tuple[str, str]]:
    return [(LEGIT[i % 3].format(first + i), "ham") for i in range(n)]


def write(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def training_file(folder: Path) -> Path:
    return write(folder / "train.csv", scams(1000, 40) + legit(2000, 40))


@pytest.fixture(scope="module")
def model_dir(folder: Path, training_file: Path) -> Path:
    result = train_from_csv(training_file, folder / "model")
    assert result.fingerprint_texts == 80
    return result.model_dir


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/cf.db")


def test_training_keeps_a_fingerprint_of_its_texts(model_dir: Path) -> None:
    assert (model_dir / FINGERPRINT_FILE).is_file()
    record = TextModel.load(model_dir).metadata["training_fingerprint"]
    assert isinstance(record, dict) and record["texts"] == 80


def test_own_training_data_is_refused(settings: Settings, model_dir: Path,
                                      training_file: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        evaluate_csv(settings, training_file, model_dir=model_dir)
    message = str(err.value)
    assert message.startswith(f"{training_file}: 80 of 80 texts (100%) are texts the model "
                              "was trained on")
    assert "--allow-training-data" in message


def test_own_training_data_allowed_is_labelled_as_such(settings: Settings, model_dir: Path,
                                                       training_file: Path) -> None:
    report = evaluate_csv(settings, training_file, model_dir=model_dir,
                          allow_training_data=True)
    assert report["mode"] == ON_TRAINING_DATA == "training data (not a generalisation estimate)"
    assert report["training_overlap"] == {"known": True, "rows": 80, "share": 1.0,
                                          "fingerprint_texts": 80}


@pytest.mark.parametrize(("seen", "unseen", "mode"), [
    pytest.param(0, 40, HELD_OUT, id="none-seen"),
    pytest.param(10, 30, HELD_OUT, id="a-quarter-seen"),
    pytest.param(20, 20, HELD_OUT, id="half-seen"),
    pytest.param(21, 19, None, id="over-half-seen-refused"),
])
def test_share_seen_in_training(settings: Settings, model_dir: Path, tmp_path: Path,
                                seen: int, unseen: int, mode: str | None) -> None:
    trained = scams(1000, 40) + legit(2000, 40)
    new = scams(5000, 40) + legit(6000, 40)
    rows = trained[: seen // 2] + trained[40: 40 + seen - seen // 2] + \
        new[: unseen // 2] + new[40: 40 + unseen - unseen // 2]
    path = write(tmp_path / "mixed.csv", rows)
    if mode is None:
        with pytest.raises(InvalidInput, match=f"{seen} of 40 texts"):
            evaluate_csv(settings, path, model_dir=model_dir)
        return
    report = evaluate_csv(settings, path, model_dir=model_dir)
    assert report["mode"] == mode
    assert (report["training_overlap"]["rows"], report["training_overlap"]["share"]) == (
        seen, seen / 40)


def test_canonical_duplicates_of_training_texts_count_as_seen(
        settings: Settings, model_dir: Path, tmp_path: Path) -> None:
    """Case and full-width variants are the same input to the model."""
    rows = [(text.upper(), label) for text, label in scams(1000, 40) + legit(2000, 40)]
    with pytest.raises(InvalidInput, match="80 of 80 texts"):
        evaluate_csv(settings, write(tmp_path / "shouting.csv", rows), model_dir=model_dir)


def test_model_without_fingerprint_says_overlap_unknown(settings: Settings, model_dir: Path,
                                                        tmp_path: Path,
                                                        training_file: Path) -> None:
    model = TextModel.load(model_dir)
    model.metadata.pop("training_fingerprint")
    model.save(tmp_path / "older")
    report = evaluate_csv(settings, training_file, model_dir=tmp_path / "older")
    assert report["mode"] == OVERLAP_UNKNOWN
    assert report["training_overlap"]["known"] is False
    assert "no fingerprint" in report["training_overlap"]["why"]


def test_figures_at_each_operating_point(settings: Settings, model_dir: Path,
                                         tmp_path: Path) -> None:
    """Points set where the file's scores fall on both sides of them: the warn point in
    the middle of the legitimate texts' scores, the strict one in the middle of the
    scams', so each point's figures differ."""
    path = write(tmp_path / "held-out.csv", scams(5000, 30) + legit(6000, 30))
    texts, labels, _ = read_labelled_csv(path)
    y = np.asarray(labels)
    scores = TextModel.load(model_dir).score_many(texts)
    points = {"warn": float(np.median(scores[y == 0])), "block": 0.5,
              "strict": float(np.median(scores[y == 1]))}
    report = evaluate_csv(settings, path, model_dir=with_points(model_dir, tmp_path, points))
    assert report["mode"] == HELD_OUT
    assert list(report["operating_points"]) == ["warn", "block", "strict"]  # by threshold
    for name, threshold in points.items():
        figures = report["operating_points"][name]
        flagged = scores >= threshold
        tp, fp = int((flagged & (y == 1)).sum()), int((flagged & (y == 0)).sum())
        assert figures["threshold"] == threshold
        assert figures["confusion"] == {"tp": tp, "fp": fp, "tn": 30 - fp, "fn": 30 - tp}
        assert figures["recall"] == tp / 30
        assert figures["false_positive_rate"] == fp / 30
        assert figures["precision"] == tp / (tp + fp)
    warn, strict = report["operating_points"]["warn"], report["operating_points"]["strict"]
    assert (warn["recall"], warn["false_positive_rate"]) == (1.0, 0.5)
    assert (strict["recall"], strict["false_positive_rate"]) == (0.5, 0.0)
    assert 0.0 <= report["roc_auc"] <= 1.0
    assert report["undefined"] == {}


def with_points(model_dir: Path, tmp_path: Path, points: dict[str, float]) -> Path:
    """A copy of the model whose operating points are ``points``."""
    copy = tmp_path / "pointed"
    shutil.copytree(model_dir, copy)
    document = json.loads((copy / "model.json").read_text(encoding="utf-8"))
    document["operating_points"] = points
    (copy / "model.json").write_text(json.dumps(document), encoding="utf-8")
    return copy


@pytest.mark.parametrize(("rows", "defined", "undefined"), [
    pytest.param(scams(5000, 20), ["recall"],
                 ["precision", "f1", "false_positive_rate", "roc_auc",
                  "threshold_for_target_fpr", "recall_at_target_fpr"], id="scams-only"),
    pytest.param(legit(6000, 20), ["false_positive_rate", "threshold_for_target_fpr"],
                 ["precision", "recall", "f1", "roc_auc", "recall_at_target_fpr"],
                 id="legitimate-only"),
])
def test_a_file_of_one_class_reports_what_it_can(settings: Settings, model_dir: Path,
                                                 tmp_path: Path, rows: list[tuple[str, str]],
                                                 defined: list[str],
                                                 undefined: list[str]) -> None:
    report = evaluate_csv(settings, write(tmp_path / "one-class.csv", rows),
                          model_dir=model_dir)
    assert list(report["undefined"]) == undefined
    assert all(report[name] is None for name in undefined)
    assert all(isinstance(report[name], float) for name in defined)
    for figures in report["operating_points"].values():
        assert [k for k in ("precision", "recall", "f1", "false_positive_rate")
                if figures[k] is None] == [k for k in undefined if k in figures]


def test_scams_only_recall_is_the_share_caught(settings: Settings, model_dir: Path,
                                               tmp_path: Path) -> None:
    path = write(tmp_path / "scams.csv", scams(5000, 20))
    report = evaluate_csv(settings, path, model_dir=model_dir)
    scores = TextModel.load(model_dir).score_many(read_labelled_csv(path).texts)
    assert report["recall"] == float(np.mean(scores >= report["threshold"]))
    assert "no legitimate texts" in report["undefined"]["false_positive_rate"]


def test_cross_validation_of_one_class_names_the_counts(settings: Settings,
                                                        tmp_path: Path) -> None:
    path = write(tmp_path / "scams.csv", scams(5000, 20))
    with pytest.raises(InvalidInput) as err:
        evaluate_csv(settings, path, folds=3)
    assert err.value.field == "cv"
    assert "20 scam and 0 legitimate" in str(err.value)
