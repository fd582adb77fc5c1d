"""Reading rows from CSV or JSON Lines files, with line numbers, for every file input
(report ingest, batch screening). A row that cannot even be split into fields comes
back as a ``BadRecord`` naming why, so one bad line never stops the file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from counterfraud.errors import InvalidInput

Records = Iterator[tuple[int, Mapping[str, object]]]


class UnreadableFile(InvalidInput):
    """The file as a whole cannot be read (missing, wrong format, a required column absent)."""


@contextmanager
def open_records(path: Path, *, required: str | None = None) -> Iterator[
        tuple[Records, Callable[[], int]]]:
    """(records, bytes read so far) for a CSV or JSON Lines file; JSON Lines when the
    suffix says so (.jsonl, .ndjson, .json) or the first character is ``{``."""
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        records = (_jsonl_records(text) if _is_jsonl(path, raw)
                   else _csv_records(text, path, required))
        yield records, raw.tell


@dataclass(frozen=True, slots=True)
class BadRecord(Mapping[str, object]):
    """A record that could not even be split into fields (bad JSON, bad CSV quoting)."""

    field: str
    message: str

    def __getitem__(self, key: str) -> object:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _is_jsonl(path: Path, raw: IO[bytes]) -> bool:
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        return True
    if path.suffix.lower() == ".csv":
        return False
    start = raw.peek(64) if hasattr(raw, "peek") else b""
    return start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _jsonl_records(text: IO[str]) -> Records:
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield number, BadRecord("-", f"not valid JSON: {e.msg} at column {e.colno}")
            continue
        if not isinstance(record, dict):
            yield number, BadRecord("-", "each line must be a JSON object")
            continue
        yield number, record


def _csv_records(text: IO[str], path: Path, required: str | None) -> Records:
    reader = csv.DictReader(text)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if required is not None and required not in header:
        raise UnreadableFile(f"{path}: line 1: the header has no {required} column "
                             f"(columns: {', '.join(header) or 'none'})")
    previous = reader.line_num
    for row in reader:
        line = previous + 1
        previous = reader.line_num
        if None in row:
            yield line, BadRecord("-", f"{len(row[None])} more fields than the header")
            continue
        yield line, row

