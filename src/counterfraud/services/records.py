"""Reading rows from CSV or JSON Lines files, with line numbers, for every file input
(report ingest, batch screening). A row that cannot even be split into fields comes
back as a ``BadRecord`` naming why, so one bad line never stops the file.

Files are streamed: a CSV record or a JSON line is read up to ``MAX_RECORD_CHARS``
characters (as written, line ends and escapes included) and one longer is skipped
without being held in memory, reported on its first line with the field that runs
past the limit.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from counterfraud.errors import InvalidInput
from counterfraud.services.limits import MAX_RECORD_CHARS, WHOLE_ROW

Records = Iterator[tuple[int, Mapping[str, object]]]
SKIP_CHUNK = 1 << 16  # characters read at a time while skipping an oversized record
_LINE_ENDS = ("\n", "\r")
_SPACE = re.compile(r"[ \t\r\n]*")


class UnreadableFile(InvalidInput):
    """The file as a whole cannot be read (missing, wrong format, a required column absent)."""


@contextmanager
def open_records(path: Path, *, required: str | None = None) -> Iterator[
        tuple[Records, Callable[[], int]]]:
    """(records, bytes read so far) for a CSV or JSON Lines file; JSON Lines when the
    suffix says so (.jsonl, .ndjson, .json) or the first character is ``{``."""
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    _allow_long_fields()
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        records = (_jsonl_records(text) if _is_jsonl(path, raw)
                   else _csv_records(text, path, required))
        yield records, raw.tell


def _allow_long_fields() -> None:
    if csv.field_size_limit() <= MAX_RECORD_CHARS:
        # no field is longer than its record, which _Lines bounds; the csv module's
        # own default (131,072) would abort the file at the first longer field
        csv.field_size_limit(MAX_RECORD_CHARS + 1)


def columns_of(path: Path) -> dict[str, int]:
    """Each column of a file with the line it first appears on: a CSV file's header, or
    every key of a JSON Lines file (read through for them; lines that cannot be read
    are passed over here, and reported when the rows are read)."""
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    _allow_long_fields()
    found: dict[str, int] = {}
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            if _is_jsonl(path, raw):
                for number, record in _jsonl_records(text):
                    for key in record:
                        found.setdefault(key, number)
            else:
                lines = _Lines(text)
                found = dict.fromkeys(_csv_header(csv.reader(lines), lines, path), 1)
        except UnicodeDecodeError:
            pass  # reported, with what was stored before it, when the rows are read
    return found


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


def _too_long(field: str) -> BadRecord:
    return BadRecord(field, f"the record is over {MAX_RECORD_CHARS:,} characters as written; "
                            "it was skipped without being read")


def _jsonl_records(text: IO[str]) -> Records:
    number = 0
    while line := text.readline(MAX_RECORD_CHARS + 1):
        number += 1
        if len(line) > MAX_RECORD_CHARS:
            field = _key_cut_off(line)
            while not line.endswith(_LINE_ENDS) and (line := text.readline(SKIP_CHUNK)):
                pass
            yield number, _too_long(field)
            continue
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


def _key_cut_off(prefix: str) -> str:
    """The key of the value that runs past the end of ``prefix``, the start of a JSON
    object (``-`` when it cannot be told)."""
    decoder = json.JSONDecoder()
    position = _skip_space(prefix, 0)
    if not prefix.startswith("{", position):
        return WHOLE_ROW
    position += 1
    while True:
        position = _skip_space(prefix, position)
        if not prefix.startswith('"', position):
            return WHOLE_ROW
        try:
            key, position = json.decoder.scanstring(prefix, position + 1)  # type: ignore[attr-defined]
        except ValueError:
            return WHOLE_ROW
        position = _skip_space(prefix, position)
        if not prefix.startswith(":", position):
            return WHOLE_ROW
        try:
            _, position = decoder.raw_decode(prefix, _skip_space(prefix, position + 1))
        except ValueError:
            return str(key)
        position = _skip_space(prefix, position)
        if not prefix.startswith(",", position):
            return WHOLE_ROW
        position += 1


def _skip_space(text: str, position: int) -> int:
    found = _SPACE.match(text, position)
    return found.end() if found else position


class _RecordTooLong(Exception):
    """The CSV record being read is over MAX_RECORD_CHARS (internal to this module)."""


class _Lines:
    """The physical lines of a CSV file for ``csv.reader``, holding at most
    ``MAX_RECORD_CHARS`` of the record being read: beyond that, ``_RecordTooLong``.

    It also follows the quotes, so that after a record that cannot be read (too long,
    or refused by the csv module) reading resumes at the start of the next record: a
    line end outside a quoted field ends a record."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.lines = 0  # physical lines before the record being read
        self.start = 1  # the first line of the record being read
        self.record: list[str] = []
        self.size = 0
        self._split_crlf = False  # a skipped record ended in a \r whose \n is unread

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if not self.record:
            self.start = self.lines + 1
        chunk = self.text.readline(MAX_RECORD_CHARS - self.size + 1)
        if self._split_crlf:
            self._split_crlf = False
            if chunk == "\n":
                chunk = self.text.readline(MAX_RECORD_CHARS + 1)
        if not chunk:
            raise StopIteration
        self.record.append(chunk)
        self.size += len(chunk)
        if self.size > MAX_RECORD_CHARS:
            raise _RecordTooLong
        return chunk

    def next_record(self) -> None:
        """The record read so far was parsed; the next line starts another."""
        self.lines += len(self.record)  # each chunk of a parsed record is a whole line
        self.record.clear()
        self.size = 0

    def skip_record(self) -> None:
        """Read past the rest of the record being read without keeping it: to the end of
        its line, and on while a quoted field is open (an odd number of quotes so far)."""
        quoted = sum(chunk.count('"') for chunk in self.record) % 2 == 1
        self.lines += sum(chunk.endswith(_LINE_ENDS) for chunk in self.record)
        last = self.record[-1] if self.record else "\n"
        while not (last.endswith(_LINE_ENDS) and not quoted):
            chunk = self.text.readline(SKIP_CHUNK)
            if not chunk:
                break
            quoted ^= chunk.count('"') % 2 == 1
            if chunk.endswith(_LINE_ENDS) and not (chunk == "\n" and last.endswith("\r")):
                self.lines += 1
            last = chunk
        self._split_crlf = last.endswith("\r")
        self.record.clear()
        self.size = 0

    def field_cut_off(self, header: list[str]) -> str:
        """The name of the field the record was in when it went over the limit."""
        try:
            fields = next(csv.reader(self.record), [])
        except csv.Error:
            return WHOLE_ROW
        index = len(fields) - 1
        return header[index] if 0 <= index < len(header) else WHOLE_ROW


def _csv_records(text: IO[str], path: Path, required: str | None) -> Records:
    lines = _Lines(text)
    rows = csv.reader(lines)
    header = _csv_header(rows, lines, path)
    names = [h.strip().lower() for h in header]
    if required is not None and required not in names:
        raise UnreadableFile(f"{path}: line 1: the header has no {required} column "
                             f"(columns: {', '.join(names) or 'none'})")
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except _RecordTooLong:
            bad = _too_long(lines.field_cut_off(header))
            lines.skip_record()
            yield lines.start, bad
            continue
        except csv.Error as e:
            lines.skip_record()
            yield lines.start, BadRecord("-", f"not valid CSV: {e}")
            continue
        lines.next_record()
        if not row:
            continue
        if len(row) > len(header):
            yield lines.start, BadRecord("-", f"{len(row) - len(header)} more fields than "
                                              "the header")
            continue
        yield lines.start, dict(zip(header, row + [None] * (len(header) - len(row)),
                                    strict=True))


def _csv_header(rows: Iterator[list[str]], lines: _Lines, path: Path) -> list[str]:
    try:
        header = next(rows, [])
    except _RecordTooLong:
        raise UnreadableFile(f"{path}: line 1: the header is over {MAX_RECORD_CHARS:,} "
                             "characters") from None
    except csv.Error as e:
        raise UnreadableFile(f"{path}: line 1: the header is not valid CSV: {e}") from None
    lines.next_record()
    return header
