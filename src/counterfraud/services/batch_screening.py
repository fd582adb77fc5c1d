"""Screening a file of messages, calls or URLs on all cores: one JSON verdict per line.

Each worker process opens the store and builds its own engine (index + model) once,
then screens chunks of rows; the parent reads the file, hands out chunks and writes the
verdicts in input order. A row that cannot be read is reported with its line and field
and skipped; it never stops the file.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from counterfraud.domain import Channel
from counterfraud.errors import InvalidInput
from counterfraud.services.interceptions import write_counts
from counterfraud.services.records import BadRecord, open_records
from counterfraud.services.screening import Screener, check_policy, item_from_row
from counterfraud.services.store import open_store
from counterfraud.settings import Settings

CHUNK = 2000
Row = tuple[int, Mapping[str, object]]
Chunk = tuple[list[str], list[str], list[dict[str, Any]]]


@dataclass
class BatchResult:
    screened: int = 0
    rejected: int = 0
    decisions: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"screened": self.screened, "rejected": self.rejected,
                "decisions": self.decisions, "errors": self.errors}


@dataclass(frozen=True)
class _Job:
    settings: Settings
    channel: Channel
    model_dir: Path | None
    region: str | None


_screener: Screener | None = None
_job: _Job | None = None


def _start_worker(job: _Job) -> None:
    global _screener, _job  # noqa: PLW0603 - one engine per worker process, built once
    _job = job
    _screener = Screener.open(open_store(job.settings, migrate_schema=False),
                              model_dir=job.model_dir, region=job.region,
                              count_interceptions=True)


def _screen_chunk(rows: Sequence[Row]) -> Chunk:
    """(verdict JSON lines, their decisions, row errors) for one chunk."""
    assert _screener is not None and _job is not None, "worker not started"
    items, errors = [], []
    for line, row in rows:
        if isinstance(row, BadRecord):
            errors.append({"line": line, "field": row.field, "message": row.message})
            continue
        try:
            items.append(item_from_row(_job.channel, row, fallback_id=str(line)))
        except InvalidInput as e:
            errors.append({"line": line, "field": e.field or "-", "message": str(e)})
    verdicts = _screener.screen(items)
    write_counts(_screener.store)  # a worker's store is never closed: counts go each chunk
    return ([json.dumps(v.as_dict(), ensure_ascii=False) for v in verdicts],
            [v.decision.value for v in verdicts], errors)


def screen_file(settings: Settings, path: Path, channel: Channel, *, out: IO[str],
                workers: int = 0, model_dir: Path | None = None, region: str | None = None,
                progress: Callable[[int], None] | None = None) -> BatchResult:
    """Screen every row of ``path`` into ``out``; ``workers=0`` means all cores."""
    job = _Job(settings, channel, model_dir, region)
    open_store(settings).close()  # migrate once here, not racing in every worker
    count = workers or os.cpu_count() or 1
    if count > 1:
        check_policy(settings, model_dir=model_dir)  # one clear error, not one per worker
    result = BatchResult()
    with open_records(path) as (records, position):
        chunks = _chunks(records)
        if count == 1:
            _start_worker(job)
            outputs: Iterator[Chunk] = map(_screen_chunk, chunks)
            _collect(outputs, out, result, lambda: progress(position()) if progress else None)
        else:
            with ProcessPoolExecutor(count, initializer=_start_worker, initargs=(job,)) as pool:
                _collect(_ordered(pool, chunks, window=2 * count), out, result,
                         lambda: progress(position()) if progress else None)
    return result


def _chunks(records: Iterator[Row]) -> Iterator[list[Row]]:
    while chunk := list(islice(records, CHUNK)):
        yield chunk


def _ordered(pool: ProcessPoolExecutor, chunks: Iterator[list[Row]], *,
             window: int) -> Iterator[Chunk]:
    """Results in input order with at most ``window`` chunks in flight, so a file of any
    size is never read into memory whole (``Executor.map`` would submit it all)."""
    pending: deque[Future[Chunk]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_screen_chunk, chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _collect(outputs: Iterator[Chunk], out: IO[str], result: BatchResult,
             tick: Callable[[], None]) -> None:
    for lines, decisions, errors in outputs:
        out.writelines(line + "\n" for line in lines)
        for decision in decisions:
            result.decisions[decision] = result.decisions.get(decision, 0) + 1
        result.screened += len(lines)
        result.rejected += len(errors)
        result.errors.extend(errors)
        tick()
