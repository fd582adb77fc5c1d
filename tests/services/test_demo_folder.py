"""The demo and the data folder it builds into: it refuses a folder that holds a store or
a world, marks a build until it ends whole (so an interrupted one is known), resumes one,
and starts over removing only the files it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counterfraud.domain import Agency
from counterfraud.errors import Conflict
from counterfraud.services import demo_folder
from counterfraud.services.access import ensure_agency
from counterfraud.services.demo import run_demo
from counterfraud.services.progress import Step
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings


class Interrupt(Exception):
    """Stands for Ctrl-C at a chosen stage (KeyboardInterrupt would stop pytest)."""


def _interrupt_at(stage: str):  # type: ignore[no-untyped-def]
    def on_step(step: Step) -> None:
        if step.stage == stage:
            raise Interrupt(stage)
    return on_step


def _store(folder: Path) -> Store:
    return open_store(Settings(data_dir=folder))


def test_a_fresh_or_empty_folder_holds_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path / "data")
    try:
        assert demo_folder.holdings(store) is None
        assert demo_folder.unfinished_build(store) is None
    finally:
        store.close()


def test_a_store_with_records_is_named(tmp_path: Path) -> None:
    store = _store(tmp_path / "data")
    try:
        ensure_agency(store, Agency("KH-NCB", "KH", "National Cybercrime Bureau"))
        held = demo_folder.holdings(store)
        assert held is not None
        text = held.describe()
        assert "holds a store (1 agency, 0 reports)" in text
        assert "demo --reset" in text and "--data-dir" in text
    finally:
        store.close()


def test_world_files_alone_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "ground_truth.json").write_text("{}", encoding="utf-8")
    store = _store(folder)
    try:
        held = demo_folder.holdings(store)
        assert held is not None and "ground_truth.json" in held.describe()
    finally:
        store.close()


def test_an_interrupted_build_is_known_resumed_and_reset(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = _store(folder)
    try:
        with pytest.raises(Interrupt):
            run_demo(store, seed=3, size="small", out_dir=folder,
                     on_step=_interrupt_at("screening sample messages"))
        build = demo_folder.unfinished_build(store)
        assert build is not None and (build.seed, build.size) == (3, "small")
        held = demo_folder.holdings(store)
        assert held is not None
        message = held.describe()
        assert f"the demo build of {build.started_at:%Y-%m-%d %H:%M} UTC was interrupted: " \
               "run `counterfraud --data-dir" in message and "demo --reset` to start over" \
               in message and "demo --resume" in message

        resumed = run_demo(store, seed=3, size="small", out_dir=folder, resume=True)
        assert demo_folder.unfinished_build(store) is None
        finished = demo_folder.holdings(store)
        assert finished is not None
        assert f"holds a demo world (seed 3, small, {resumed.reports:,} reports" in \
            finished.describe()
        truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
        assert truth
    finally:
        store.close()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "models" / "mine").mkdir(parents=True)
    (folder / "models" / "default").mkdir()  # what an earlier version trained here
    removed = demo_folder.reset(Settings(data_dir=folder))
    assert {p.name for p in removed} >= {"counterfraud.db", "ground_truth.json", "corpus.csv",
                                         "default"}
    assert sorted(p.name for p in folder.iterdir()) == ["models", "notes.txt"]
    assert [p.name for p in (folder / "models").iterdir()] == ["mine"]
    again = _store(folder)
    try:
        assert demo_folder.holdings(again) is None
    finally:
        again.close()


def test_resume_needs_an_unfinished_build(tmp_path: Path) -> None:
    store = _store(tmp_path / "data")
    try:
        with pytest.raises(Conflict, match="nothing to resume"):
            run_demo(store, seed=7, size="small", out_dir=tmp_path / "data", resume=True)
    finally:
        store.close()


def test_reset_removes_no_database_but_a_sqlite_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://u@h/db")
    with pytest.raises(Conflict, match="SQLite"):
        demo_folder.reset(settings)



def test_what_is_there_is_named_where_it_is(store: Store) -> None:
    """The SQLite file in the data folder may be started over; a database elsewhere
    (PostgreSQL) is never removed, so its choices are others."""
    held = demo_folder.holdings(store)
    assert held is not None
    text = held.describe()
    assert "holds a store (3 agencies, 0 reports)" in text
    if store.engine.dialect.name == "sqlite":
        assert "demo --reset` starts over" in text
    else:
        assert text.startswith("the database postgresql") and "--reset" not in text
        assert "empty it, or build into another with --database-url" in text
