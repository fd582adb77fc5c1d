"""What the SQLite store leaves on disk: a private data folder and private files, on every
platform umask, since the database holds marked records and key hashes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from counterfraud.store.engine import make_engine
from counterfraud.store.files import private_folder, write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The common default (0022), under which files come out world-readable unless the
    code asks otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def write_something(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:  # a write, so that WAL and SHM files exist
            conn.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            files = {p.name for p in Path(url.removeprefix("sqlite:///")).parent.iterdir()}
            assert {"cf.db", "cf.db-wal", "cf.db-shm"} <= files
            for name in ("cf.db", "cf.db-wal", "cf.db-shm"):
                folder = Path(url.removeprefix("sqlite:///")).parent
                assert mode(folder / name) == 0o600, name
    finally:
        engine.dispose()


@pytest.mark.parametrize("depth", [1, 3], ids=["folder", "nested-folders"])
def test_a_new_database_and_its_folders_are_private(tmp_path: Path, depth: int) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    folder = shared.joinpath(*[f"d{i}" for i in range(depth)])
    write_something(f"sqlite:///{folder}/cf.db")
    for created in [folder, *folder.parents][:depth]:
        assert mode(created) == 0o700, created
    assert mode(shared) == 0o755  # a folder that was there is left as it was


def test_an_existing_readable_database_is_made_private(tmp_path: Path) -> None:
    for name in ("cf.db", "cf.db-wal", "cf.db-shm"):
        (tmp_path / name).touch(mode=0o644)
        (tmp_path / name).chmod(0o644)
    write_something(f"sqlite:///{tmp_path}/cf.db")


def test_open_store_in_a_new_data_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    open_store(settings).close()
    assert mode(tmp_path / "data") == 0o700
    assert mode(tmp_path / "data" / "counterfraud.db") == 0o600


def test_private_files_replace_readable_ones(tmp_path: Path) -> None:
    path = private_folder(tmp_path / "a" / "b") / "f.txt"
    path.write_text("old")
    path.chmod(0o644)
    write_private(path, b"new")
    assert (path.read_bytes(), mode(path), mode(tmp_path / "a")) == (b"new", 0o600, 0o700)
