"""``counterfraud demo`` and the data folder: it refuses one that holds a store or a world
(one line: what is there, the choices), says wherever the store is used that a build
was interrupted, resumes it or starts over with --reset."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from counterfraud.cli import app
from counterfraud.services.demo import run_demo
from counterfraud.services.progress import Step
from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from readiness import wait_until_healthy


class Interrupt(Exception):
    """Stands for Ctrl-C (KeyboardInterrupt would stop pytest)."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cf(folder: Path) -> Any:
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(app, ["--data-dir", str(folder), *args],
                             env={"COUNTERFRAUD_DATABASE_URL": ""})

    return invoke


def _interrupted_build(folder: Path) -> None:
    """A demo build stopped as it began storing reports."""
    def on_step(step: Step) -> None:
        if step.stage == "storing reports":
            raise Interrupt

    store = open_store(Settings(data_dir=folder))
    try:
        with pytest.raises(Interrupt):
            run_demo(store, seed=7, size="small", out_dir=folder, on_step=on_step)
    finally:
        store.close()


def test_a_folder_holding_a_store_is_refused_in_one_line(cf: Any, folder: Path) -> None:
    assert cf("agency", "add", "KH-NCB", "--country", "KH", "--name", "NCB").exit_code == 0
    refused = cf("demo", "--no-serve")
    assert refused.exit_code == 1
    assert refused.stdout == ""
    [line] = refused.stderr.strip().splitlines()
    assert f"{folder} already holds a store (1 agency, 0 reports): `counterfraud " \
           f"--data-dir {folder} demo --reset` starts over" in line
    assert "counterfraud.db" in line and "--data-dir OTHER demo" in line
    assert json.loads(cf("agency", "list", "--json").stdout)[0]["code"] == "KH-NCB"


def test_world_files_alone_are_refused(cf: Any, folder: Path) -> None:
    folder.mkdir()
    (folder / "ground_truth.json").write_text("{}", encoding="utf-8")
    refused = cf("demo", "--no-serve")
    assert refused.exit_code == 1 and "a demo world's files (ground_truth.json)" in \
        refused.stderr
    assert (folder / "ground_truth.json").read_text(encoding="utf-8") == "{}"


def test_an_interrupted_build_is_said_then_started_over(cf: Any, folder: Path) -> None:
    _interrupted_build(folder)
    said = f"was interrupted: run `counterfraud --data-dir {folder} demo --reset` to start over"
    stats = cf("stats")
    assert stats.exit_code == 0 and said in stats.stderr
    figures = json.loads(cf("stats", "--json").stdout)
    assert figures["unfinished_demo_build"]["seed"] == 7
    assert figures["unfinished_demo_build"]["finished_at"] is None
    refused = cf("demo", "--no-serve")
    assert refused.exit_code == 1 and said in refused.stderr and "demo --resume" in \
        refused.stderr
    assert cf("demo", "--no-serve", "--reset", "--resume").exit_code == 2
    again = cf("demo", "--no-serve", "--reset")
    assert again.exit_code == 0, again.output
    assert "started over: removed counterfraud.db" in again.stdout
    assert json.loads(cf("stats", "--json").stdout)["unfinished_demo_build"] is None
    assert "interrupted" not in cf("stats").stderr
    twice = cf("demo", "--no-serve")
    assert twice.exit_code == 1 and "already holds a demo world (seed 7, small" in twice.stderr


def test_resume_finishes_an_interrupted_build(cf: Any, folder: Path) -> None:
    assert cf("demo", "--no-serve", "--resume").exit_code == 1
    _interrupted_build(folder)
    resumed = cf("demo", "--no-serve", "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert json.loads(cf("stats", "--json").stdout)["unfinished_demo_build"] is None


@pytest.mark.server
def test_serve_says_the_build_was_interrupted(folder: Path) -> None:
    _interrupted_build(folder)
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(folder), "COUNTERFRAUD_DATABASE_URL": ""}
    server = subprocess.Popen([sys.executable, "-m", "counterfraud", "serve", "--port", "0"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first.startswith("API on http://127.0.0.1:"), first
        wait_until_healthy(first.split()[2], server)
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=120)
    assert "the demo build of" in errors and "was interrupted" in errors
