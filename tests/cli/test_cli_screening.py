from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

SCAMS = ["恭喜您中奖 请加微信 kefu{} 领取", "URGENT your account is locked, verify at "
         "hxxp://bank-verify{}[.]top", "ด่วน! บัญชีของคุณถูกระงับ โปรดยืนยันที่ line id: help{}"]
LEGIT = ["Dinner at {} tonight?", "您的验证码是{}，5分钟内有效", "พัสดุของคุณหมายเลข TH{} ถึงแล้ว"]


def write_labelled(path: Path, numbers: range, *, extra: list[str] | None = None) -> Path:
    """A scam and a legitimate text per number (texts differ by number), then ``extra``."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        for i, number in enumerate(numbers):
            writer.writerow([SCAMS[i % 3].format(number), "scam"])
            writer.writerow([LEGIT[i % 3].format(number + 1000), "ham"])
        if extra:
            writer.writerow(extra)
    return path


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    return write_labelled(tmp_path / "labelled.csv", range(1000, 1040),
                          extra=["a row with a label nobody knows", "perhaps"])


def test_train_with_reported_messages_and_evaluate(run, labelled: Path,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    assert run("report-message", "中奖啦 点击 hxxp://win[.]top 领取").exit_code == 0
    assert run("report-message", "See you at 6", "--legit").exit_code == 0
    model = tmp_path / "model"
    trained = run("train", str(labelled), "--out", str(model), "--with-reported", "--json")
    assert trained.exit_code == 0, trained.output
    summary = json.loads(trained.stdout)
    assert (summary["texts"], summary["scam"]) == (82, 41)
    assert summary["skipped"] and "perhaps" in summary["skipped"][0]
    assert (model / "model.json").is_file()
    assert summary["operating_points"] == {"warn": 0.85, "block": 0.97}
    held_out = write_labelled(tmp_path / "held-out.csv", range(5000, 5030))
    report = json.loads(run("evaluate", str(held_out), "--model", str(model), "--json").stdout)
    assert report["mode"] == "held-out evaluation"
    assert report["training_overlap"]["rows"] == 0
    assert report["roc_auc"] > 0.9
    assert {"precision", "recall", "f1", "false_positive_rate", "confusion",
            "threshold_for_target_fpr"} <= report.keys()
    assert list(report["operating_points"]) == ["warn", "block"]
    assert {"threshold", "precision", "recall", "f1", "false_positive_rate"} <= \
        report["operating_points"]["block"].keys()
    cv = json.loads(run("evaluate", str(labelled), "--cv", "3", "--json").stdout)
    assert cv["mode"] == "3-fold cross-validation"


def test_evaluate_on_the_training_file(run, labelled: Path,  # type: ignore[no-untyped-def]
                                       tmp_path: Path) -> None:
    """Refused by default (it reported a perfect held-out F1 of 1.0); with
    --allow-training-data, shown under a label that says what the figures are."""
    model = tmp_path / "model"
    assert run("train", str(labelled), "--out", str(model)).exit_code == 0
    refused = run("evaluate", str(labelled), "--model", str(model))
    assert refused.exit_code == 2
    assert "80 of 80 texts (100%) are texts the model was trained on" in refused.stderr
    assert "--allow-training-data" in refused.stderr
    allowed = run("evaluate", str(labelled), "--model", str(model), "--allow-training-data")
    assert allowed.exit_code == 0, allowed.output
    first, second = allowed.stdout.splitlines()[:2]
    assert first.startswith(f"training data (not a generalisation estimate): model {model}, ")
    assert second == "80 of these texts (100.0%) were in the model's training data"
    assert "held-out" not in allowed.stdout
    assert "perhaps" in allowed.stderr  # the skipped row is named


@pytest.mark.parametrize(("label", "defined", "undefined"), [
    pytest.param("scam", "recall", ["precision", "F1", "FPR", "ROC AUC"], id="scams-only"),
    pytest.param("ham", "FPR", ["precision", "recall", "F1", "ROC AUC"], id="legitimate-only"),
])
def test_evaluate_a_file_of_one_class(run, tmp_path: Path,  # type: ignore[no-untyped-def]
                                      label: str, defined: str, undefined: list[str]) -> None:
    model = tmp_path / "model"
    assert run("train", str(write_labelled(tmp_path / "t.csv", range(1000, 1040))),
               "--out", str(model)).exit_code == 0
    texts = SCAMS if label == "scam" else LEGIT
    path = tmp_path / "one-class.csv"
    path.write_text("text,label\n" + "".join(f"{texts[i % 3].format(7000 + i)},{label}\n"
                                             for i in range(12)), encoding="utf-8")
    result = run("evaluate", str(path), "--model", str(model))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = lines[2].split()
    assert header == ["at", "threshold", "precision", "recall", "F1", "FPR"]
    rows = {line.split()[0]: line.split()[-5:] for line in lines[3:6]}
    assert list(rows) == ["model", "warn", "block"]
    for cells in rows.values():
        shown = dict(zip(header[2:], cells[1:], strict=True))
        assert shown[defined] != "n/a"
        assert [name for name, cell in shown.items() if cell == "n/a"] == \
            [name for name in header[2:] if name in undefined]
    named = [line.split(":")[1].strip() for line in lines if line.startswith("not defined:")]
    assert set(undefined) <= set(named)


def test_check_explains_a_blocked_url(run) -> None:  # type: ignore[no-untyped-def]
    added = run("blocklist", "add", "domain", "fake-bank.top", "--match", "domain_tree",
                "--reason", "phishing kit")
    assert added.exit_code == 0, added.output
    verdict = json.loads(run("check", "https://login.fake-bank.top/verify", "--json").stdout)
    assert verdict["decision"] == "block" and verdict["channel"] == "url"
    human = run("check", "https://login.fake-bank.top/verify")
    assert human.stdout.startswith("BLOCK url") and "fake-bank.top" in human.stdout


@pytest.mark.parametrize("workers", ["1", "2"])
def test_screen_a_file_keeps_order_and_names_bad_lines(run, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       workers: str) -> None:
    assert run("blocklist", "add", "phone", "+8613700137000", "--reason", "r").exit_code == 0
    path = tmp_path / "messages.jsonl"
    lines = [json.dumps({"id": f"m{i}", "text": f"hello {i}"}) for i in range(2500)]
    lines[3] = json.dumps({"id": "m3", "text": "回电 +86 137 0013 7000"})
    lines[7] = "{broken"
    lines[9] = json.dumps({"id": "m9"})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "verdicts.jsonl"
    result = run("screen", str(path), "--out", str(out), "--workers", workers)
    assert result.exit_code == 1, result.output
    verdicts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(verdicts) == 2498
    assert [v["id"] for v in verdicts[:5]] == ["m0", "m1", "m2", "m3", "m4"]
    assert verdicts[3]["decision"] == "block"
    assert f"{path}:8:" in result.stderr and f"{path}:10: text" in result.stderr
