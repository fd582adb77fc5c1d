"""The demo world on disk: everything it writes stays private to the instance's user."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from counterfraud.services.demo import run_demo
from counterfraud.services.store import open_store
from counterfraud.settings import Settings


def test_the_demo_writes_only_private_files(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # the common default, under which files come out 0644
    try:
        settings = Settings(data_dir=tmp_path / "data")
        store = open_store(settings)
        try:
            result = run_demo(store, seed=7, size="small", out_dir=settings.data_dir)
        finally:
            store.close()
    finally:
        os.umask(previous)
    assert result.reports > 0
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    written = [p for p in settings.data_dir.iterdir() if p.is_file()]
    assert {p.name for p in written} >= {"counterfraud.db", "ground_truth.json", "corpus.csv"}
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in written} == {
        p.name: 0o600 for p in written}
