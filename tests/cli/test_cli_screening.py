from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

SCAMS = ["恭喜您中奖 请加微信 kefu{} 领取", "URGENT your account is locked, verify at "
         "hxxp://bank-verify{}[.]top", "ด่วน! บัญชีของคุณถูกระงับ โปรดยืนยันที่ line id: help{}"]
LEGIT = ["Dinner at {} tonight?", "您的验证码是{}，5分钟内有效", "พัสดุของคุณหมายเลข TH{} ถึงแล้ว"]


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        for i in range(40):
            writer.writerow([SCAMS[i % 3].format(1000 + i), "scam"])
            writer.writerow([LEGIT[i % 3].format(2000 + i), "ham"])
        writer.writerow(["a row with a label nobody knows", "perhaps"])
    return path


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
    report = json.loads(run("evaluate", str(labelled), "--model", str(model), "--json").stdout)
    assert report["roc_auc"] > 0.9
    assert {"precision", "recall", "f1", "false_positive_rate", "confusion",
            "threshold_for_target_fpr"} <= report.keys()
    cv = json.loads(run("evaluate", str(labelled), "--cv", "3", "--json").stdout)
    assert cv["mode"] == "3-fold cross-validation"


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
