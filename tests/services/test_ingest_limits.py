"""Size limits of report rows (docs/formats.md, "Limits"): a field, a row or a record
over its limit is one bad row named by line and field; the rest of the file goes on.

The numbers are the documented contract, written out here on purpose.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterfraud.services import ingest
from counterfraud.services.store import Store
from counterfraud.store.tables import ReportRow

NARRATIVE_LIMIT = 100_000
FIELD_LIMIT = 10_000
ROW_LIMIT = 200_000
RECORD_LIMIT = 1_048_576
ROWS = 20
BIG_ROW = 10  # the 10th data row: line 11 of a CSV file (after the header), line 10 of JSONL


def _reports(store: Store) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ReportRow)) or 0)


def _csv_file(folder: Path, big: str) -> Path:
    """ROWS rows, the BIG_ROW-th with ``big`` as its narrative field (already quoted
    if it must be), and a bad marking on the last row to check the lines counted after."""
    lines = ["report_id,scam_type,marking,narrative"]
    for i in range(1, ROWS + 1):
        marking = "TLP:BLUE" if i == ROWS else "TLP:GREEN"
        lines.append(f"R{i},investment,{marking},{big if i == BIG_ROW else 'short'}")
    path = folder / "reports.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _jsonl_file(folder: Path, big: str) -> Path:
    lines = [json.dumps({"report_id": f"R{i}", "scam_type": "investment",
                         "marking": "TLP:BLUE" if i == ROWS else "TLP:GREEN",
                         "narrative": big if i == BIG_ROW else "short"})
             for i in range(1, ROWS + 1)]
    path = folder / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _quoted_lines(size: int) -> str:
    """A quoted CSV field of ``size`` characters spread over many physical lines."""
    line = "x" * 999 + "\n"
    body = (line * (size // len(line) + 1))[:size]
    return '"' + body + '"'


@pytest.mark.parametrize(("make", "big", "extra_lines", "message"), [
    pytest.param(_csv_file, "x" * 200_000, 0, "100,000", id="csv-over-the-csv-module-limit"),
    pytest.param(_csv_file, _quoted_lines(200_000), 200, "100,000",
                 id="csv-quoted-over-many-lines"),
    pytest.param(_csv_file, "x" * 3_000_000, 0, "1,048,576", id="csv-over-the-record-limit"),
    pytest.param(_csv_file, _quoted_lines(3_000_000), 3000, "1,048,576",
                 id="csv-quoted-over-the-record-limit"),
    pytest.param(_jsonl_file, "x" * 200_000, 0, "100,000", id="jsonl-over-the-field-limit"),
    pytest.param(_jsonl_file, "x" * 3_000_000, 0, "1,048,576",
                 id="jsonl-over-the-record-limit"),
])
def test_an_oversized_narrative_is_one_bad_row(
        store: Store, tmp_path: Path, make: Callable[[Path, str], Path], big: str,
        extra_lines: int, message: str) -> None:
    path = make(tmp_path, big)
    first_line = BIG_ROW + (1 if path.suffix == ".csv" else 0)
    result = ingest.ingest_file(store, path, agency="CN-MPS")
    assert (result.accepted, result.rejected) == (ROWS - 2, 2), result.errors
    [too_big, bad_marking] = result.errors
    assert (too_big.line, too_big.field) == (first_line, "narrative")
    assert message in too_big.message
    assert (bad_marking.line, bad_marking.field) == (first_line + extra_lines + ROWS - BIG_ROW,
                                                     "marking")
    assert _reports(store) == ROWS - 2


def test_a_huge_header_makes_the_file_unreadable(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("report_id," + "x" * 2_000_000 + "\nR1,a\n", encoding="utf-8")
    with pytest.raises(ingest.UnreadableFile, match="line 1"):
        ingest.ingest_file(store, path, agency="CN-MPS")


def _phones(count: int) -> list[str]:
    return [f"+861380013{i:04d}" for i in range(count)]


@pytest.mark.parametrize(("extra", "field", "accepted"), [
    pytest.param({"narrative": "n" * NARRATIVE_LIMIT}, None, True, id="narrative-at-limit"),
    pytest.param({"narrative": "n" * (NARRATIVE_LIMIT + 1)}, "narrative", False,
                 id="narrative-over-limit"),
    pytest.param({"scam_type": "x" * (FIELD_LIMIT + 1)}, "scam_type", False,
                 id="other-field-over-limit"),
    pytest.param({"phones": ";".join(_phones(800))}, "phones", False,
                 id="identifier-text-over-limit"),
    pytest.param({"phones": _phones(800)}, "phones", False, id="identifier-list-over-limit"),
    pytest.param({"notes": "x" * (FIELD_LIMIT + 1)}, "notes", False,
                 id="unknown-column-over-limit"),
    pytest.param({f"note{i}": "x" * FIELD_LIMIT for i in range(ROW_LIMIT // FIELD_LIMIT)}
                 | {"narrative": "n"}, "-", False, id="row-over-limit"),
])
def test_field_and_row_limits(store: Store, extra: dict[str, object], field: str | None,
                              accepted: bool) -> None:
    rows = [(1, {"report_id": "R1", **extra}), (2, {"report_id": "R2"})]
    result = ingest.ingest_records(store, rows, agency="CN-MPS")
    assert result.accepted == (2 if accepted else 1), result.errors
    assert [(e.line, e.field) for e in result.errors] == ([] if accepted else [(1, field)])
    if not accepted:
        assert "characters" in result.errors[0].message
