"""How people read an identifier: a person as ``Chan Vannak (KH)``, anything else as its
canonical value.

A person's canonical value (``chan vannak|b:1999-08-27|n:KH|d:N9982916``) is a key for
machines: its name is case-folded and it carries the birth date and the document number.
The display name is the name with each word capitalised (scripts without letter case, such
as Chinese or Thai, stay as they are) and the nationality in brackets; birth dates and
document numbers are never part of it. Keep the value for anything a machine matches on:
two persons may share a display name.
"""

from __future__ import annotations

from counterfraud.identifiers.types import Identifier, IdentifierKind

__all__ = ["display_name", "person_display"]


def display_name(identifier: Identifier) -> str:
    """The text to show people for ``identifier`` (see the module docstring)."""
    if identifier.kind is IdentifierKind.PERSON:
        return person_display(identifier.value)
    return identifier.value


def person_display(value: str) -> str:
    """``chan vannak|b:1999-08-27|n:KH|d:N9982916`` -> ``Chan Vannak (KH)``; a plain name
    (``zheng bin``) -> ``Zheng Bin``."""
    name, *segments = value.split("|")
    nationality = next((s[2:].strip().upper() for s in segments if s.startswith("n:")), "")
    shown = " ".join(_capitalised(word) for word in name.split()) or value.strip()
    return f"{shown} ({nationality})" if nationality else shown


def _capitalised(word: str) -> str:
    """Each hyphen-joined part with its first letter upper-cased (``o'brien-lee`` ->
    ``O'brien-Lee``); letters without case are left alone."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
