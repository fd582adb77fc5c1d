"""Reading labelled messages from CSV (``text,label``) for ``counterfraud train/evaluate``.

A bad row never aborts the file: it is skipped and reported as a :class:`RowError` naming
the file, the line and the field, and every good row is kept. Only a file that cannot be
read at all, or whose header has no ``text`` and ``label`` columns, raises.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from counterfraud.errors import InvalidInput

__all__ = ["NEGATIVE_LABELS", "POSITIVE_LABELS", "LabelledRows", "RowError",
           "label_value", "read_labelled_csv"]

#: Labels read as scam (1). Any label starting with ``fraud`` is too (``fraud_loan``).
POSITIVE_LABELS = frozenset({"scam", "spam", "smishing", "phishing", "fraud", "1", "true",
                             "yes", "positive"})
#: Labels read as legitimate (0).
NEGATIVE_LABELS = frozenset({"ham", "legit", "legitimate", "ok", "otp", "normal", "0",
                             "false", "no", "negative"})


@dataclass(frozen=True, slots=True)
class RowError:
    """One skipped row: where it is and why."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: field '{self.field}': {self.message}"


class LabelledRows(NamedTuple):
    """What :func:`read_labelled_csv` returns: unpack as ``texts, labels, errors``."""

    texts: list[str]
    labels: list[int]
    errors: list[RowError]


def label_value(label: str, positive_labels: Collection[str] | None = None) -> int | None:
    """1 for scam, 0 for legitimate, None when the label is not understood.

    With ``positive_labels``, exactly those labels (case-insensitive) are scam and every
    other non-empty label is legitimate (e.g. ``{"scam"}`` for the Thai corpus, where
    ``spam`` means marketing).
    """
    key = label.strip().casefold()
    if not key:
        return None
    if positive_labels is not None:
        return 1 if key in {p.strip().casefold() for p in positive_labels} else 0
    if key in POSITIVE_LABELS or key.startswith("fraud"):
        return 1
    if key in NEGATIVE_LABELS:
        return 0
    return None


def read_labelled_csv(path: str | Path,
                      positive_labels: Collection[str] | None = None) -> LabelledRows:
    """Read a UTF-8 CSV with a header holding ``text`` and ``label`` columns (any order,
    any case, other columns ignored)."""
    file = Path(path)
    name = str(file)
    texts: list[str] = []
    labels: list[int] = []
    errors: list[RowError] = []
    try:
        handle = file.open(encoding="utf-8-sig", newline="")
    except OSError as e:
        raise InvalidInput(f"{name}: cannot open: {e.strerror or e}", field="path") from e
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as e:
            raise InvalidInput(f"{name}:1: cannot read the header: {e}", field="path") from e
        columns = [c.strip().casefold() for c in header or []]
        if "text" not in columns or "label" not in columns:
            raise InvalidInput(f"{name}:1: the header must name 'text' and 'label' columns, "
                               f"found {header!r}", field="path")
        text_at, label_at = columns.index("text"), columns.index("label")
        width = max(text_at, label_at) + 1
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as e:
                errors.append(RowError(name, line, "row", f"unreadable, file not read "
                                       f"further: {e}"))
                break
            start, line = line, reader.line_num + 1
            if not row:
                continue
            if len(row) < width:
                errors.append(RowError(name, start, "label" if len(row) > text_at else "text",
                                       f"missing: the row has {len(row)} field(s)"))
                continue
            text, label = row[text_at], row[label_at]
            value = label_value(label, positive_labels)
            if not text.strip():
                errors.append(RowError(name, start, "text", "empty"))
            elif value is None:
                errors.append(RowError(name, start, "label", f"unknown label {label!r} "
                                       "(expected e.g. scam/spam/fraud_*/1 or ham/legit/0)"))
            else:
                texts.append(text)
                labels.append(value)
    return LabelledRows(texts, labels, errors)
