"""``run(*args)``: the counterfraud command in-process, on a fresh SQLite data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from counterfraud.cli import app


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., Any]:
    runner = CliRunner()
    env = {"COUNTERFRAUD_DATA_DIR": str(tmp_path / "data"), "COUNTERFRAUD_DATABASE_URL": ""}

    def invoke(*args: str) -> Any:
        return runner.invoke(app, list(args), env=env)

    return invoke
