"""The data folder the demo builds into: what it already holds, builds that did not end,
and starting over.

A second world built over a first would merge the two (reports, networks) and leave a
ground truth that describes neither, so the demo refuses a folder whose store holds
records or whose files are a world's (``holdings``). Each build is marked in the store
before it starts and finished when it ends whole, so one stopped half-way (Ctrl-C, a
crash) is said wherever the store is used, never taken for a whole world. ``reset``
removes exactly what the demo writes, nothing else.
"""

from __future__ import annotations

import shlex
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from counterfraud.errors import Conflict
from counterfraud.services.store import Store
from counterfraud.settings import Settings
from counterfraud.store import demo_builds
from counterfraud.store.engine import SQLITE_SIDE_FILES

GROUND_TRUTH = "ground_truth.json"
CORPUS = "corpus.csv"
MODEL = Path("models") / "default"  # where earlier versions trained the default text model
WORLD_FILES = (GROUND_TRUTH, CORPUS)
WRITES = ("the SQLite database (counterfraud.db with its -wal and -shm files), "
          f"{GROUND_TRUTH}, {CORPUS} and {MODEL.as_posix()}/")


@dataclass(frozen=True, slots=True)
class DemoBuild:
    seed: int
    size: str
    started_at: datetime
    finished_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "size": self.size,
                "started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None}


@dataclass(frozen=True, slots=True)
class Holdings:
    """What a data folder holds that a new demo build would merge with or overwrite."""

    settings: Settings
    build: DemoBuild | None
    agencies: int
    reports: int
    files: tuple[str, ...]

    def describe(self) -> str:
        """One line: what is there, and the choices."""
        folder = self.settings.data_dir
        reset = command(self.settings, "demo --reset")
        if self.build is not None and self.build.finished_at is None:
            return interrupted(self.build, self.settings) + (
                f", or `{command(self.settings, 'demo --resume')}` to finish it")
        if self.build is not None:
            what = (f"a demo world (seed {self.build.seed}, {self.build.size}, "
                    f"{self.reports:,} reports, built {_minute(self.build.started_at)})")
        elif self.agencies or self.reports:
            what = (f"a store ({_count(self.agencies, 'agency', 'agencies')}, "
                    f"{_count(self.reports, 'report', 'reports')})")
        else:
            what = f"a demo world's files ({', '.join(self.files)})"
        if sqlite_file(self.settings.effective_database_url) is None:
            url = make_url(self.settings.effective_database_url)
            return (f"the database {url.render_as_string(hide_password=True)} already holds "
                    f"{what}: empty it, or build into another with --database-url")
        return (f"{folder} already holds {what}: `{reset}` starts over (it removes "
                f"{WRITES}), or build elsewhere with `counterfraud --data-dir OTHER demo`")


def command(settings: Settings, words: str) -> str:
    """``counterfraud WORDS`` for this data folder (named unless it is the default)."""
    default = Settings.model_fields["data_dir"].default
    if Path(settings.data_dir) == default:
        return f"counterfraud {words}"
    return f"counterfraud --data-dir {shlex.quote(str(settings.data_dir))} {words}"


def interrupted(build: DemoBuild, settings: Settings) -> str:
    return (f"the demo build of {_minute(build.started_at)} was interrupted: run "
            f"`{command(settings, 'demo --reset')}` to start over")


def unfinished_build(store: Store) -> DemoBuild | None:
    """The last demo build, if it did not end whole."""
    build = last_build(store)
    return build if build is not None and build.finished_at is None else None


def last_build(store: Store) -> DemoBuild | None:
    with store.transaction() as session:
        row = demo_builds.latest(session)
        return (DemoBuild(row.seed, row.size, row.started_at, row.finished_at)
                if row is not None else None)


def holdings(store: Store) -> Holdings | None:
    """What the store and its data folder hold of a store or a world; None if nothing."""
    with store.transaction() as session:
        agencies, reports = demo_builds.contents(session)
    build = last_build(store)
    folder = Path(store.settings.data_dir)
    files = tuple(name for name in WORLD_FILES if (folder / name).exists())
    if build is None and not agencies and not reports and not files:
        return None
    return Holdings(store.settings, build, agencies, reports, files)


def begin(store: Store, *, seed: int, size: str, resume: bool) -> tuple[int, int, str]:
    """Mark a build as started (or, with ``resume``, take up the unfinished one): its id,
    seed and size."""
    with store.transaction() as session:
        row = demo_builds.latest(session)
        if not resume:
            return demo_builds.start(session, seed=seed, size=size), seed, size
        if row is None or row.finished_at is not None:
            raise Conflict("nothing to resume: no demo build was interrupted in "
                           f"{store.settings.data_dir}")
        return row.id, row.seed, row.size


def finish(store: Store, build_id: int) -> None:
    with store.transaction() as session:
        demo_builds.finish(session, build_id)


def reset(settings: Settings) -> list[Path]:
    """Remove what the demo writes in the data folder (``WRITES``); the paths removed.
    Run it with the store closed."""
    database = sqlite_file(settings.effective_database_url)
    if database is None:
        raise Conflict("--reset removes SQLite files only; the database "
                       f"{make_url(settings.effective_database_url).render_as_string()} is "
                       "not removed: empty it yourself, or name another with --database-url")
    folder = Path(settings.data_dir)
    paths = [database, *(database.with_name(database.name + s) for s in SQLITE_SIDE_FILES),
             *(folder / name for name in WORLD_FILES), folder / MODEL]
    removed = [path for path in paths if path.exists()]
    for path in removed:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    models = folder / MODEL.parent
    if models.is_dir() and not any(models.iterdir()):
        models.rmdir()
    return removed


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return Path(database)


def _minute(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"
