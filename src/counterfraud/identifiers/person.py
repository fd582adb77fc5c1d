"""Persons: a normalized name plus optional birth date, nationality and document number.

Canonical value: ``name[|b:YYYY-MM-DD][|n:CC][|d:DOC]`` (segments in that order, absent
ones omitted). The name is NFKC-normalized, case-folded, with punctuation and symbols other
than hyphen and apostrophe turned into spaces and whitespace collapsed; Chinese and Thai
script is kept (note NFKC splits Thai SARA AM into NIKHAHIT + SARA AA, consistently).

Raw input: a plain name; ``Name|YYYY-MM-DD|CC|DOC`` with empty fields allowed
(``Zhang Wei||CN|E12345678``); or a canonical value, so normalizing is idempotent.
Nationality codes are checked against the regions ``phonenumbers`` knows (ISO 3166).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

import phonenumbers

from counterfraud.identifiers.types import Identifier, IdentifierKind, InvalidIdentifier

__all__ = ["normalize_name", "normalize_person"]

_KIND = IdentifierKind.PERSON
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
                              "\u2010": "-", "\u2011": "-", "\u2013": "-"})
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_SEGMENT = re.compile(r"^([bnd]):(.*)$", re.DOTALL)
_MAX_RAW = 512


def normalize_name(name: str) -> str:
    """NFKC + casefold; punctuation/symbols except ``-`` and ``'`` become spaces; collapsed."""
    text = unicodedata.normalize("NFKC", name.translate(_APOSTROPHES)).casefold()
    text = unicodedata.normalize("NFKC", text)
    kept = [" " if _is_separator(c) else c for c in text]
    return " ".join("".join(kept).split())


def _is_separator(char: str) -> bool:
    """Punctuation and symbols (except hyphen/apostrophe) and control characters."""
    if char in "-'":
        return False
    return unicodedata.category(char)[0] in "PSZC"


def normalize_person(raw: str) -> Identifier:
    """Read a plain, pipe-separated or canonical person; see the module docstring."""
    if len(raw) > _MAX_RAW:
        raise InvalidIdentifier(_KIND, raw, "too long")
    fields = raw.split("|")
    if any(_SEGMENT.match(f.strip()) for f in fields[1:]):
        name, birth, nation, document = _canonical_fields(raw, fields)
    elif len(fields) <= 4:
        name, birth, nation, document = [*fields, "", "", ""][:4]
    else:
        raise InvalidIdentifier(_KIND, raw, "expected Name|YYYY-MM-DD|CC|DOC")
    details = {"name": normalize_name(name), "birth_date": _birth_date(raw, birth),
               "nationality": _nationality(raw, nation), "document": _document(document)}
    if not details["name"]:
        raise InvalidIdentifier(_KIND, raw, "no name")
    value = details["name"] or ""
    for tag, key in (("b", "birth_date"), ("n", "nationality"), ("d", "document")):
        if details[key]:
            value += f"|{tag}:{details[key]}"
    return Identifier(_KIND, value, details=details)


def _canonical_fields(raw: str, fields: list[str]) -> tuple[str, str, str, str]:
    """(name, birth, nationality, document) from ``name|b:..|n:..|d:..`` segments."""
    found = {"b": "", "n": "", "d": ""}
    for segment in fields[1:]:
        match = _SEGMENT.match(segment.strip())
        if match is None or found[match.group(1)]:
            raise InvalidIdentifier(_KIND, raw, f"bad or repeated segment {segment!r}")
        found[match.group(1)] = match.group(2)
    return fields[0], found["b"], found["n"], found["d"]


def _birth_date(raw: str, text: str) -> str | None:
    """ISO date (year first; ``-``, ``/`` or ``.`` separators), from 1900 on."""
    text = text.strip()
    if not text:
        return None
    match = _DATE.match(text)
    try:
        if match is None:
            raise ValueError("expected YYYY-MM-DD")
        date = datetime.date(*(int(g) for g in match.groups()))
    except ValueError as e:
        raise InvalidIdentifier(_KIND, raw, f"bad birth date {text!r}: {e}") from None
    if date.year < 1900:
        raise InvalidIdentifier(_KIND, raw, f"birth date {text!r} before 1900")
    return date.isoformat()


def _nationality(raw: str, text: str) -> str | None:
    """ISO 3166 alpha-2, upper-case."""
    code = text.strip().upper()
    if not code:
        return None
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidIdentifier(_KIND, raw, f"unknown nationality {text!r}; expected alpha-2")
    return code


def _document(text: str) -> str | None:
    """Document number: upper-case, ASCII letters and digits only."""
    code = "".join(c for c in unicodedata.normalize("NFKC", text).upper()
                   if c.isascii() and c.isalnum())
    return code or None
