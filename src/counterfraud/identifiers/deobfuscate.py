"""Undo the obfuscations scammers use, keeping a map back to the original text.

Reports and SMS carry defanged or disguised identifiers: ``hxxps://``, ``example[.]com``,
``example (dot) com``, full-width ``ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ``, zero-width characters
hidden inside a phone number. :func:`deobfuscate` returns a cleaned copy of the text in
which the ordinary patterns can find them, together with the positions of every cleaned
character in the original text, so that an identifier found in the copy is reported with
its span in the text the caller passed in.

Two kinds of rewrite are applied:

* one-to-one character mappings (full-width forms to ASCII, the ideographic space and full
  stop to ``" "`` and ``"."``, ``hxxp`` to ``http``): these keep every index, so no map is
  needed for them;
* length-changing rewrites (``[.]`` to ``.``, zero-width characters removed, ...): only
  when one of these occurs is a position map built. Plain text takes the fast path and
  comes back unchanged with no map.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Cleaned", "deobfuscate", "fold_width"]

# Full-width ASCII variants U+FF01..U+FF5E map onto U+0021..U+007E; the ideographic space
# and full stops are used as separators in obfuscated addresses (``example。com``).
_WIDTH_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update({0x3000: 0x20, 0x3002: 0x2E, 0xFF61: 0x2E})
# Chinese text is full of full-width punctuation (，！：（）) that the patterns cope with as
# is; folding (a slow per-character translate) is only worth it when an identifier could
# hide in full-width form: full-width letters/digits/./@, an ideographic full stop or
# space between ASCII letters or digits, or a full-width colon before //. One search
# answers all three; it starts on the full-width or separator character itself, so ``re``
# skips in C to the (rare) candidates and checks the neighbours there.
_FULL_WIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff20"
_SEPARATORS = "\u3002\uff61\u3000"
_FOLD_HINT = re.compile(
    f"[{_FULL_WIDTH_ALNUM}\uff1a{_SEPARATORS}]"
    f"(?:(?<=[{_FULL_WIDTH_ALNUM}])|(?<=\uff1a)//|(?<=[A-Za-z0-9][{_SEPARATORS}])(?=[A-Za-z0-9]))")


def _needs_fold(text: str) -> bool:
    """Whether full-width folding could reveal an identifier (see above)."""
    return _FOLD_HINT.search(text) is not None


# hxxp/hXXp/h**p -> http: same length, so it is folded in the one-to-one step.
_HXXP = re.compile(r"h(?:xx|\*\*|__)p(s?)(?=(?:://|\[:\]//|\[://\]))", re.IGNORECASE)

_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u180e"

# "example dot com": only before a common TLD, so prose ("the dot is") is left alone.
_SPELLED_TLDS = ("com|net|org|info|biz|xyz|top|vip|cc|io|me|co|cn|th|la|mm|hk|tw|sg|my|vn|kh"
                 "|ph|id|app|shop|online|site|club|bet|asia|live|store|tk|ml|ga|cf|gq|icu|win")

# Length-changing rewrites; the named group says what the match becomes.
_REWRITE = re.compile(
    rf"(?P<zw>[{_ZERO_WIDTH}]+)"
    r"|(?P<dot> ?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|<dot>) ?"
    rf"|(?<=[a-z0-9]) dot (?=(?:{_SPELLED_TLDS})(?![a-z0-9])))"
    r"|(?P<at> ?(?:\[at\]|\(at\)|\{at\}|\[@\]|\(@\)|<at>) ?)"
    r"|(?P<colon>\[:\](?=//)|\[://\])",
    re.IGNORECASE,
)
_REPLACEMENT = {"zw": "", "dot": ".", "at": "@"}
# Cheap test for "could any rewrite apply" (the spaced "dot" apart): a zero-width
# character, or a bracket followed by what every bracketed rewrite has next (``.``, ``d``
# of dot, ``a`` of at, ``@``, ``:``). It starts with a character class, so it scans fast;
# the full alternation does not, and a bare bracket (``(Ref: 12)``, ``[通知]``) is common.
_TRIGGER = re.compile(f"[\\[({{<{_ZERO_WIDTH}](?:(?<=[{_ZERO_WIDTH}])|[.:@dDaA])")


def _replacement(match: re.Match[str]) -> str:
    """What one ``_REWRITE`` match stands for."""
    group = match.lastgroup or "zw"
    if group == "colon":
        return "://" if "/" in match.group() else ":"
    return _REPLACEMENT[group]


class Cleaned(NamedTuple):
    """A de-obfuscated text and, when lengths changed, where each character came from.

    ``starts[i]``/``ends[i]`` are the original start and end offsets of cleaned character
    ``i``; ``None`` means the identity mapping (cleaned and original offsets coincide).
    A named tuple rather than a frozen dataclass: one is made per screened message, and
    a tuple is built several times faster.
    """

    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty cleaned span ``[start, end)`` to the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold_width(text: str) -> str:
    """Apply only the one-to-one rewrites (full-width forms, ``hxxp``); keeps every index."""
    if not text.isascii() and _needs_fold(text):
        text = text.translate(_WIDTH_TABLE)
    if ("//" in text or "[:" in text) and _HXXP.search(text):
        text = _HXXP.sub(lambda m: "http" + m.group(1).lower(), text)
    return text


def deobfuscate(text: str) -> Cleaned:
    """Return ``text`` with the obfuscations undone and a map back to original offsets."""
    text = fold_width(text)
    if _TRIGGER.search(text) is None and not _has_spaced_dot(text):
        return Cleaned(text)
    first = _REWRITE.search(text)
    if first is None:
        return Cleaned(text)
    return _rewrite(text, first)


def _has_spaced_dot(text: str) -> bool:
    """``example dot com`` in any of the usual cases."""
    return " dot " in text or " DOT " in text or " Dot " in text


def _rewrite(text: str, first: re.Match[str]) -> Cleaned:
    """Apply the length-changing rewrites, recording each output character's origin."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    match: re.Match[str] | None = first
    while match is not None:
        a, b = match.span()
        pieces.append(text[pos:a])
        starts.extend(range(pos, a))
        ends.extend(range(pos + 1, a + 1))
        replacement = _replacement(match)
        pieces.append(replacement)
        starts.extend([a] * len(replacement))
        ends.extend([b] * len(replacement))
        pos = b
        match = _REWRITE.search(text, pos)
    pieces.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return Cleaned("".join(pieces), starts, ends)
