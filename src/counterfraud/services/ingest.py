"""Ingesting victim reports from CSV or JSON Lines files (format: docs/formats.md).

Rows are parsed one by one; good rows are written in batches, each batch in one
transaction, so a crash mid-file never leaves half a report and every batch that was
counted as accepted is on disk. Bad rows are reported with file, line, field, reason.
Each batch appends one audit entry naming its reports, in the batch's own transaction.

A row over a size limit (services.limits) is refused before it is parsed. A report id
that an earlier row of the same file or batch already stored is refused too, naming
that row: two rows with one id are a mistake to fix, not a silent replacement.

A report id already in the store is replaced, skipped or refused as the caller chooses
(``OnConflict``; files default to refusing it, the API and the demo replace), and
each is counted so. An identifier value that cannot be read is a warning, never the
loss of its report: the report is stored with the value flagged (``rejected_values``).
A file whose columns look like known ones misspelled (``phone`` for ``phones``) is
refused before anything is stored, as its rows would lose those values unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from counterfraud.domain import RecordType, Report, parse_agency_code
from counterfraud.errors import CounterfraudError
from counterfraud.report_rows import (
    KNOWN_COLUMNS,
    RowRejected,
    misspelled_columns,
    parse_report_row,
)
from counterfraud.services import audit, limits
from counterfraud.services.audit import Access, Action
from counterfraud.services.records import BadRecord, UnreadableFile, columns_of, open_records
from counterfraud.services.store import Store
from counterfraud.store import agencies
from counterfraud.store.reports import save_reports

BATCH = 1000
Progress = Callable[[int], None]


class OnConflict(StrEnum):
    """What to do with a report whose id the agency already stored."""

    ERROR = "error"  # refuse the row, naming it; keep the stored report
    SKIP = "skip"  # keep the stored report, count the row skipped
    UPDATE = "update"  # replace the stored report with the row


class MisspelledColumns(CounterfraudError):
    """A file's columns include unknown ones that look like known ones; nothing stored."""


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


@dataclass
class IngestResult:
    """``accepted`` = ``new`` + ``updated``; ``skipped`` rows met a stored report that
    was kept; ``warnings`` name the identifier values that could not be read (their
    reports are stored)."""

    source: str
    accepted: int = 0
    rejected: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def add(self, other: IngestResult) -> None:
        """Count ``other``'s rows in this result too."""
        self.accepted += other.accepted
        self.rejected += other.rejected
        self.new += other.new
        self.updated += other.updated
        self.skipped += other.skipped
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.source, "accepted": self.accepted, "new": self.new,
                "updated": self.updated, "skipped": self.skipped, "rejected": self.rejected,
                "errors": [e.as_dict() for e in self.errors],
                "warnings": [w.as_dict() for w in self.warnings],
                "ignored_columns": self.ignored_columns}


def ingest_file(store: Store, path: Path, *, agency: str,
                on_conflict: OnConflict = OnConflict.ERROR,
                ignore_unknown_columns: bool = False,
                progress: Progress | None = None, via: Access | None = None) -> IngestResult:
    """Ingest ``path`` for ``agency``; ``progress`` is told the bytes read so far.

    Raises MisspelledColumns, before storing anything, when a column looks like a known
    one misspelled, unless ``ignore_unknown_columns``."""
    if not ignore_unknown_columns:
        _refuse_misspelled_columns(path)
    result = IngestResult(source=str(path))
    with open_records(path, required="report_id") as (records, position):
        try:
            return ingest_records(store, records, agency=agency, result=result, via=via,
                                  on_conflict=on_conflict,
                                  progress=(lambda: progress(position())) if progress else None)
        except UnicodeDecodeError as e:
            raise UnreadableFile(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}); "
                                 f"{result.accepted} rows before it were stored") from e


def _refuse_misspelled_columns(path: Path) -> None:
    columns = columns_of(path)
    meant = misspelled_columns(columns)
    if meant:
        line = min(columns[name] for name, _ in meant)
        raise MisspelledColumns(
            f"{path}:{line}: unknown columns that look like known ones: "
            + ", ".join(f"{name.strip()} (did you mean {known}?)" for name, known in meant)
            + "; nothing was stored: rename them, or pass --ignore-unknown-columns to "
              "store the rows without them")


def ingest_records(store: Store, records: Iterable[tuple[int, Mapping[str, object]]], *,
                   agency: str, result: IngestResult | None = None,
                   on_conflict: OnConflict = OnConflict.UPDATE,
                   progress: Callable[[], None] | None = None,
                   via: Access | None = None, unit: str = "line") -> IngestResult:
    """Ingest (line number, row) pairs; the shared path of files, the API and the demo.

    ``unit`` names what the numbers count in messages ("line", or "report" for the
    reports of an API batch)."""
    code = parse_agency_code(agency)
    who = audit.access_of(via, path="cli ingest")
    with store.transaction() as session:
        agency_id, known = agencies.get_agency(session, code)
    result = result or IngestResult(source="records")
    batch: list[tuple[int, Report]] = []
    ignored: set[str] = set()
    first_seen: dict[str, int] = {}  # report id -> the line that claimed it
    for line, row in records:
        ignored.update(k for k in row if k.strip().lower() not in KNOWN_COLUMNS)
        report = _parse(row, line, result, agency=code, country=known.country)
        if report is None:
            continue
        first = first_seen.get(report.report_id)
        if first is not None:
            _reject(result, line, "report_id", f"{report.report_id!r} is already on {unit} "
                                               f"{first}, which is kept")
            continue
        first_seen[report.report_id] = line
        batch.append((line, report))
        if len(batch) >= BATCH:
            _flush(store, agency_id, batch, result, on_conflict, progress=progress, who=who)
    _flush(store, agency_id, batch, result, on_conflict, progress=progress, who=who)
    result.errors.sort(key=lambda e: e.line)  # a stored id is found when its batch is written
    result.ignored_columns = sorted(ignored)
    return result


def _parse(row: Mapping[str, object], line: int, result: IngestResult, *, agency: str,
           country: str) -> Report | None:
    """The row's report, or None when it is rejected (and counted so in ``result``)."""
    if isinstance(row, BadRecord):
        _reject(result, line, row.field, row.message)
        return None
    too_big = limits.oversized(row)
    if too_big:
        _reject(result, line, *too_big[0], more=too_big[1:])
        return None
    try:
        return parse_report_row(row, agency=agency, country=country)
    except RowRejected as e:
        _reject(result, line, e.errors[0].field, e.errors[0].message,
                more=[(err.field, err.message) for err in e.errors[1:]])
        return None


def _reject(result: IngestResult, line: int, field: str, message: str, *,
            more: Iterable[tuple[str, str]] = ()) -> None:
    result.rejected += 1
    result.errors.append(RowError(line, field, message))
    result.errors.extend(RowError(line, f, m) for f, m in more)


def _flush(store: Store, agency_id: int, batch: list[tuple[int, Report]],
           result: IngestResult, on_conflict: OnConflict, *,
           progress: Callable[[], None] | None, who: Access) -> None:
    if batch:
        reports = [report for _, report in batch]
        with store.transaction() as session:
            saved = save_reports(session, agency_id, reports,
                                 replace=on_conflict is OnConflict.UPDATE)
            written = [r for r in reports if r.report_id not in saved.kept]
            if written:
                audit.record(session, actor=who.actor, action=Action.WRITE, path=who.path,
                             record_type=RecordType.REPORT.value,
                             records=[audit.report_ref(r.agency, r.report_id)
                                      for r in written],
                             detail={"new": len(saved.new), "reports": len(written)})
        result.new += len(saved.new)
        result.updated += len(saved.updated)
        result.accepted += len(written)
        for line, report in batch:
            if report.report_id not in saved.kept:
                result.warnings.extend(RowError(line, v.field, v.reason)
                                       for v in report.rejected_values)
            elif on_conflict is OnConflict.SKIP:
                result.skipped += 1
            else:
                _reject(result, line, "report_id",
                        f"{report.report_id!r} is already stored and was kept; "
                        "--on-conflict update replaces it, --on-conflict skip passes over it")
        batch.clear()
    if progress:
        progress()
