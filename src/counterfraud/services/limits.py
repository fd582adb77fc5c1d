"""Size limits of what the platform reads (documented in docs/formats.md, "Limits").

They bound the memory and time one row, one file record or one request can cost, so
that a single oversized input is refused on its own while the rest goes on: a field or
a row over its limit is a bad row naming its line and field; a request body over
``MAX_BODY_BYTES`` is refused by the server before it is parsed.
"""

from __future__ import annotations

from collections.abc import Mapping

MAX_NARRATIVE_CHARS = 100_000  # a victim's account, chat excerpts included
MAX_FIELD_CHARS = 10_000  # any other field (a list counts its items and separators)
MAX_ROW_CHARS = 200_000  # all fields of one row together, unknown ones included
MAX_RECORD_CHARS = 1_048_576  # one CSV record or JSON line as written, escapes included
MAX_BATCH_REPORTS = 1_000  # reports in one POST /v1/reports
MAX_BODY_BYTES = 8 * 1024 * 1024  # one HTTP request body
NARRATIVE = "narrative"
WHOLE_ROW = "-"


def field_limit(name: str) -> int:
    return MAX_NARRATIVE_CHARS if name.strip().lower() == NARRATIVE else MAX_FIELD_CHARS


def oversized(row: Mapping[str, object]) -> list[tuple[str, str]]:
    """(field, message) for each field of ``row`` over its limit, or for the whole row
    (field ``-``) when all of them together are over ``MAX_ROW_CHARS``."""
    problems: list[tuple[str, str]] = []
    total = 0
    for name, value in row.items():
        size = _length(value)
        total += size
        limit = field_limit(str(name))
        if size > limit:
            problems.append((str(name), f"{size:,} characters; at most {limit:,}"))
    if not problems and total > MAX_ROW_CHARS:
        problems.append((WHOLE_ROW, f"the row has {total:,} characters in all; "
                                    f"at most {MAX_ROW_CHARS:,}"))
    return problems


def _length(value: object) -> int:
    """Characters of ``value`` as a row field: a list is its items joined by ``;``."""
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return sum(_length(item) for item in value) + max(len(value) - 1, 0)
    return len(str(value))
