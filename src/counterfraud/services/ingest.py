"""Ingesting victim reports from CSV or JSON Lines files (format: docs/formats.md).

Rows are parsed one by one; good rows are written in batches, each batch in one
transaction, so a crash mid-file never leaves half a report and every batch that was
counted as accepted is on disk. Bad rows are reported with file, line, field, reason.
Each batch appends one audit entry naming its reports, in the batch's own transaction.

A row over a size limit (services.limits) is refused before it is parsed. A report id
that an earlier row of the same file or batch already stored is refused too, naming
that row: two rows with one id are a mistake to fix, not a silent replacement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterfraud.domain import RecordType, Report, parse_agency_code
from counterfraud.report_rows import KNOWN_COLUMNS, RowRejected, parse_report_row
from counterfraud.services import audit, limits
from counterfraud.services.audit import Access, Action
from counterfraud.services.records import BadRecord, UnreadableFile, open_records
from counterfraud.services.store import Store
from counterfraud.store import agencies
from counterfraud.store.reports import save_reports

BATCH = 1000
Progress = Callable[[int], None]


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
                progress: Progress | None = None, via: Access | None = None) -> IngestResult:
    """Ingest ``path`` for ``agency``; ``progress`` is told the bytes read so far."""
    result = IngestResult(source=str(path))
    with open_records(path, required="report_id") as (records, position):
        try:
            return ingest_records(store, records, agency=agency, result=result, via=via,
                                  progress=(lambda: progress(position())) if progress else None)
        except UnicodeDecodeError as e:
            raise UnreadableFile(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}); "
                                 f"{result.accepted} rows before it were stored") from e


def ingest_records(store: Store, records: Iterable[tuple[int, Mapping[str, object]]], *,
                   agency: str, result: IngestResult | None = None,
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
    batch: list[Report] = []
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
        batch.append(report)
        if len(batch) >= BATCH:
            _flush(store, agency_id, batch, result, progress=progress, who=who)
    _flush(store, agency_id, batch, result, progress=progress, who=who)
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


def _flush(store: Store, agency_id: int, batch: list[Report], result: IngestResult, *,
           progress: Callable[[], None] | None, who: Access) -> None:
    if batch:
        with store.transaction() as session:
            new = save_reports(session, agency_id, batch)
            audit.record(session, actor=who.actor, action=Action.WRITE, path=who.path,
                         record_type=RecordType.REPORT.value,
                         records=[audit.report_ref(r.agency, r.report_id) for r in batch],
                         detail={"new": new, "reports": len(batch)})
        result.new += new
        result.accepted += len(batch)
        batch.clear()
    if progress:
        progress()
