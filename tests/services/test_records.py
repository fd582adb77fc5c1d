"""Reading CSV and JSON Lines records: line numbers, short and long rows, and records
over the size limit skipped without losing the place in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counterfraud.services.records import BadRecord, UnreadableFile, open_records

RECORD_LIMIT = 1_048_576


def _read(path: Path) -> list[tuple[int, object]]:
    with open_records(path, required="report_id") as (records, _):
        return [(line, row.field if isinstance(row, BadRecord) else dict(row))
                for line, row in records]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_line_numbers_count_physical_lines(tmp_path: Path, newline: str) -> None:
    rows = ["report_id,narrative", "R1,one", "", 'R2,"two', 'lines"', "R3", "R4,a,b",
            "R5,five"]
    path = tmp_path / "r.csv"
    path.write_bytes(newline.join(rows).encode() + newline.encode())
    assert _read(path) == [
        (2, {"report_id": "R1", "narrative": "one"}),
        (4, {"report_id": "R2", "narrative": f"two{newline}lines"}),
        (6, {"report_id": "R3", "narrative": None}),
        (7, "-"),
        (8, {"report_id": "R5", "narrative": "five"})]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("big", [
    pytest.param("x" * (RECORD_LIMIT + 10), id="one-line"),
    pytest.param('"' + "x" * 400_000 + "\n" + "y" * 400_000 + "\n" + "z" * 400_000 + '"',
                 id="quoted-lines"),
    pytest.param('"' + ('say ""hi""\n' * 100_000) + '"', id="quoted-with-quotes"),
])
def test_a_record_over_the_limit_is_skipped_in_place(tmp_path: Path, newline: str,
                                                     big: str) -> None:
    big = big.replace("\n", newline)
    path = tmp_path / "r.csv"
    path.write_bytes(newline.join(["report_id,narrative,marking", "R1,a,x", f"R2,{big},x",
                                   "R3,c,x"]).encode() + newline.encode())
    after = 4 + big.count(newline)
    assert _read(path) == [(2, {"report_id": "R1", "narrative": "a", "marking": "x"}),
                           (3, "narrative"),
                           (after, {"report_id": "R3", "narrative": "c", "marking": "x"})]


def test_a_record_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    prefix = "R2,"
    line = prefix + "x" * (RECORD_LIMIT - len(prefix) - 1) + "\n"
    assert len(line) == RECORD_LIMIT
    path = tmp_path / "r.csv"
    path.write_text("report_id,narrative\n" + line + "R3,c\n", encoding="utf-8")
    assert [(n, row if isinstance(row, str) else row["report_id"])  # type: ignore[index]
            for n, row in _read(path)] == [(2, "R2"), (3, "R3")]


@pytest.mark.parametrize(("line", "field"), [
    pytest.param(json.dumps({"report_id": "R2", "narrative": "x" * RECORD_LIMIT}),
                 "narrative", id="string"),
    pytest.param(json.dumps({"report_id": "R2", "phones": ["+66812345678"] * 100_000}),
                 "phones", id="list"),
    pytest.param(json.dumps({"report_id": "R2", "narrative": "ก" * 200_000}),
                 "narrative", id="escaped"),
    pytest.param("[" + "1," * RECORD_LIMIT + "1]", "-", id="not-an-object"),
])
def test_a_json_line_over_the_limit_names_its_field(tmp_path: Path, line: str,
                                                    field: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join([json.dumps({"report_id": "R1"}), line,
                               json.dumps({"report_id": "R3"})]) + "\n", encoding="utf-8")
    assert _read(path) == [(1, {"report_id": "R1"}), (2, field), (3, {"report_id": "R3"})]


def test_header_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("report_id," + "h" * RECORD_LIMIT + "\nR1,a\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="line 1: the header is over 1,048,576"):
        _read(path)
