"""The state of one ``extract`` pass: the cleaned text, what was found, what is taken.

Spans here index the cleaned (de-obfuscated) text; ``extract`` maps them back to the
original at the end. A URL or e-mail address "takes" its span so that the pieces inside
it (the host as a bare domain, digits in a query string as a phone) are not reported again.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from counterfraud.identifiers import patterns
from counterfraud.identifiers.types import Identifier, InvalidIdentifier

__all__ = ["Scan", "is_ascii_word_char", "trim_trailing"]

_TRAILING = ".,;:!?'\"*"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def is_ascii_word_char(char: str) -> bool:
    """ASCII letter, digit or underscore (CJK and Thai are NOT word characters here)."""
    return char.isascii() and (char.isalnum() or char == "_")


class Scan:
    """Findings and taken spans for one text (cleaned offsets).

    ``lower`` is a lower-cased copy with exactly the same offsets (``str.lower`` can change
    the length of some non-ASCII text; then only ASCII is lower-cased).
    """

    __slots__ = ("_windows", "found", "lower", "region", "taken", "text")

    def __init__(self, text: str, region: str | None) -> None:
        self.text = text
        lower = text.lower()
        self.lower = lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)
        self.region = region
        self.found: list[tuple[Identifier, int, int]] = []
        self.taken: list[tuple[int, int]] = []
        self._windows: list[tuple[int, int]] | None = None

    def digit_windows(self) -> list[tuple[int, int]]:
        """Spans of ``patterns.DIGIT_WINDOW`` in the text, found once per text.

        Every digit run a number scanner reads (phone, card, account) lies inside one of
        them, so an empty list means no number scanner can find anything.
        """
        windows = self._windows
        if windows is None:
            windows = self._windows = [
                m.span() for m in patterns.DIGIT_WINDOW.finditer(self.text)]
        return windows

    def add(self, identifier: Identifier, start: int, end: int) -> None:
        """Record an identifier found at cleaned span ``[start, end)``."""
        self.found.append((identifier, start, end))

    def take(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as taken (by a URL, e-mail address or account number).

        Callers only take spans that are not taken yet, so taken spans never overlap and
        stay sorted by start: one bisection answers :meth:`is_taken`.
        """
        bisect.insort(self.taken, (start, end))

    def is_taken(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a taken span."""
        taken = self.taken
        i = bisect.bisect_left(taken, (end,))
        return i > 0 and taken[i - 1][1] > start

    def try_add(self, make: Callable[[str], Identifier], raw: str, start: int,
                end: int) -> Identifier | None:
        """Add ``make(raw)`` at ``[start, end)`` unless it raises InvalidIdentifier."""
        try:
            identifier = make(raw)
        except InvalidIdentifier:
            return None
        self.add(identifier, start, end)
        return identifier


def trim_trailing(candidate: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets glued to the end."""
    while candidate:
        last = candidate[-1]
        opener = _CLOSERS.get(last)
        if last in _TRAILING or (opener and candidate.count(opener) < candidate.count(last)):
            candidate = candidate[:-1]
        else:
            break
    return candidate
