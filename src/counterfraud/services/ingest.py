"""Ingesting victim reports from CSV or JSON Lines files (format: docs/formats.md).

Rows are parsed one by one; good rows are written in batches, each batch in one
transaction, so a crash mid-file never leaves half a report and every batch that was
counted as accepted is on disk. Bad rows are reported with file, line, field, reason.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from counterfraud.domain import Report, parse_agency_code
from counterfraud.errors import InvalidInput
from counterfraud.report_rows import KNOWN_COLUMNS, RowRejected, parse_report_row
from counterfraud.services.store import Store
from counterfraud.store import agencies
from counterfraud.store.reports import save_reports

BATCH = 1000
Progress = Callable[[int], None]


class UnreadableFile(InvalidInput):
    """The file as a whole cannot be read (missing, wrong format, no report_id column)."""


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


@dataclass
class IngestResult:
    source: str
    accepted: int = 0
    rejected: int = 0
    new: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.source, "accepted": self.accepted, "rejected": self.rejected,
                "new": self.new, "errors": [e.as_dict() for e in self.errors],
                "ignored_columns": self.ignored_columns}


def ingest_file(store: Store, path: Path, *, agency: str,
                progress: Progress | None = None) -> IngestResult:
    """Ingest ``path`` for ``agency``; ``progress`` is told the bytes read so far."""
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        records = _jsonl_records(text) if _is_jsonl(path, raw) else _csv_records(text, path)
        result = IngestResult(source=str(path))
        try:
            return ingest_records(store, records, agency=agency, result=result,
                                  progress=(lambda: progress(raw.tell())) if progress else None)
        except UnicodeDecodeError as e:
            raise UnreadableFile(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}); "
                                 f"{result.accepted} rows before it were stored") from e


def ingest_records(store: Store, records: Iterable[tuple[int, Mapping[str, object]]], *,
                   agency: str, result: IngestResult | None = None,
                   progress: Callable[[], None] | None = None) -> IngestResult:
    """Ingest (line number, row) pairs; the shared path of files, the API and the demo."""
    code = parse_agency_code(agency)
    with store.transaction() as session:
        agency_id, known = agencies.get_agency(session, code)
    result = result or IngestResult(source="records")
    batch: list[Report] = []
    ignored: set[str] = set()
    for line, row in records:
        if isinstance(row, _BadRecord):
            result.rejected += 1
            result.errors.append(RowError(line, row.field, row.message))
            continue
        ignored.update(k for k in row if k.strip().lower() not in KNOWN_COLUMNS)
        try:
            batch.append(parse_report_row(row, agency=code, country=known.country))
        except RowRejected as e:
            result.rejected += 1
            result.errors.extend(RowError(line, err.field, err.message) for err in e.errors)
            continue
        if len(batch) >= BATCH:
            _flush(store, agency_id, batch, result, progress)
    _flush(store, agency_id, batch, result, progress)
    result.ignored_columns = sorted(ignored)
    return result


def _flush(store: Store, agency_id: int, batch: list[Report], result: IngestResult,
           progress: Callable[[], None] | None) -> None:
    if batch:
        with store.transaction() as session:
            result.new += save_reports(session, agency_id, batch)
        result.accepted += len(batch)
        batch.clear()
    if progress:
        progress()


@dataclass(frozen=True, slots=True)
class _BadRecord(Mapping[str, object]):
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


def _jsonl_records(text: IO[str]) -> Iterator[tuple[int, Mapping[str, object]]]:
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield number, _BadRecord("-", f"not valid JSON: {e.msg} at column {e.colno}")
            continue
        if not isinstance(record, dict):
            yield number, _BadRecord("-", "each line must be a JSON object")
            continue
        yield number, record


def _csv_records(text: IO[str], path: Path) -> Iterator[tuple[int, Mapping[str, object]]]:
    reader = csv.DictReader(text)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "report_id" not in header:
        raise UnreadableFile(f"{path}: line 1: the header has no report_id column "
                             f"(columns: {', '.join(header) or 'none'})")
    previous = reader.line_num
    for row in reader:
        line = previous + 1
        previous = reader.line_num
        if None in row:
            yield line, _BadRecord("-", f"{len(row[None])} more fields than the header")
            continue
        yield line, row

