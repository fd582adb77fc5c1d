"""Progress of the long commands, on stderr: stage, count and time, never a markup tag.

Under the test runner stderr is no terminal, so each bar is drawn once, finished, when
its command ends: exactly what a log file of a scheduled run shows."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

Run = Callable[..., Any]
PADDING = "x" * 6_000  # an ignored column: a file over the 1 MB that shows a bar, quickly


def _no_markup(text: str) -> None:
    assert "[progress" not in text and "[/" not in text, text


def test_ingest_shows_the_file_bytes_and_time(run: Run, tmp_path: Path) -> None:
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0
    path = tmp_path / "big [1].csv"  # brackets in a name are not markup either
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["report_id", "phones", "notes"])
        for i in range(200):
            writer.writerow([f"R{i}", f"+6681{i:07d}", PADDING])
    size = path.stat().st_size
    assert size > 1_000_000
    result = run("ingest", str(path), "--agency", "TH-CCIB")
    assert result.exit_code == 0, result.output
    _no_markup(result.stderr)
    mb = f"{size / 1_000_000:.1f} MB"
    assert re.search(rf"ingesting big \[1\]\.csv .*{re.escape(mb)}/{re.escape(mb)} "
                     r"done in \d:\d\d:\d\d", result.stderr), result.stderr
    assert "200 accepted" in result.stdout


def test_screen_shows_its_bar_when_writing_a_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "messages.jsonl"
    path.write_text("".join(json.dumps({"id": f"m{i}", "text": f"hello {i}"}) + "\n"
                            for i in range(50)), encoding="utf-8")
    result = run("screen", str(path), "--out", str(tmp_path / "v.jsonl"), "--workers", "1")
    assert result.exit_code == 0, result.output
    _no_markup(result.stderr)
    assert re.search(r"screening messages\.jsonl .* done in \d:\d\d:\d\d", result.stderr), \
        result.stderr


def test_train_shows_each_stage_and_the_fits(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "labelled.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        for i in range(30):
            writer.writerow([f"URGENT verify your account at hxxp://bank{i}[.]top", "scam"])
            writer.writerow([f"Dinner at {i} tonight?", "ham"])
    result = run("train", str(path), "--out", str(tmp_path / "model"))
    assert result.exit_code == 0, result.output
    _no_markup(result.stderr)
    stages = re.findall(r"^(\d/\d) (.+?)\s+━+\s+(.*?)\s*done in", result.stderr, re.M)
    assert [(number, name.strip()) for number, name, _ in stages] == [
        ("1/3", "reading the labelled texts"),
        ("2/3", "fitting the model"),
        ("3/3", "writing the model")], result.stderr
    assert stages[1][2] == "4/4 fits"  # three calibration folds and the final fit
