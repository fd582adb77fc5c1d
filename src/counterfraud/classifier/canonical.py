"""Text canonicalisation: undo the obfuscations scammers use before featurising.

The classifier sees character n-grams, so two spellings of the same lure must become
the same characters. :func:`canonicalise` applies, in this order:

0. Burmese typed in the Zawgyi font encoding becomes Unicode Burmese (see
   :mod:`.burmese`: Google's detector, ICU's ``Zawgyi-my`` transform, P(Zawgyi) > 0.9),
   only for messages with Myanmar code points. It runs first because the later steps
   would destroy what tells Zawgyi apart (Zawgyi writes a dot below with U+1095, a
   Myanmar Shan digit for the table, and ``wa`` with the digit ``၀``). A converted
   message then runs steps 1-6, and if the detector still takes the result for Zawgyi
   it is converted again, until nothing changes: what keeps :func:`canonicalise`
   idempotent (real text settles after one conversion; random Myanmar code points took
   up to six, and the rounds stop at eight);
1. a per-character map, applied with numpy over the code points of the whole batch:
   zero-width and other invisible format characters are dropped (``w\u200bin``), every
   other character is replaced by the fixed point of NFKD + casefold of that character
   alone (full-width ``ＷＩＮ１２３`` becomes ``win123``, ``𝐟𝐫𝐞𝐞`` and ``ⓕⓡⓔⓔ``
   become ``free``, ligatures unfold, ``é`` decomposes the same way whether it came
   composed or not), every whitespace character but the newline becomes a space, the
   decimal digits of every script become ASCII digits (Thai ``๐๘๑``, Lao, Myanmar,
   Khmer, Arabic-Indic: amounts and phone numbers written in local digits look alike),
   and Traditional Chinese characters become Simplified ones (``帳戶`` -> ``账户``,
   ``詐騙`` -> ``诈骗``). Decomposing (NFKD) rather than composing keeps the map
   per-character, hence vectorisable; combining marks (Thai vowels and tones) are kept.
   The Chinese map is OpenCC's ``t2s`` at the character level, generated into
   :mod:`counterfraud.data.traditional_to_simplified`: phrase-level conversion, which
   chooses a character by its neighbours (``乾``: dry or the trigram), does not fit a
   per-character map, so an ambiguous character always gets OpenCC's default. Code
   points from U+20000 up are left as they are;
2. URLs become ``⟨url⟩`` followed by their host without ``www.`` (the random path
   carries no signal and would only add noise n-grams);
3. gluing of spaced-out characters: in a run of three or more single characters
   separated by spaces (``W i n n e r``, ``加 微 信``), gaps of one or two spaces are
   removed and wider gaps (what ``" ".join("you won")`` puts between words) stay one
   space; neighbouring one-character pieces are glued too, so nothing is left for a
   second pass to glue (idempotence);
4. leet characters inside Latin words (``fr33 m0ney`` -> ``free money``, ``fr@ud``):
   only in a token with at least two ASCII letters, no digit outside ``013457`` and no
   run of three digits (so ``win100``, ``th1567474352a`` and amounts stay as they are);
   ``@`` and ``$`` only between two letters;
5. in every run of ASCII digits, the digits after the fourth become ``9``: amounts, short
   codes and number prefixes (``+856``, ``0906``) stay as they are, the random tail of
   a phone, account or OTP number does not become a feature of its own. (Measured with
   5-fold CV: mapping every digit cost 4.5 F1 points on UCI SMS at FPR <= 0.05%, keeping
   every digit cost ~1 point on Thai SMS; keeping four was the best compromise.) Runs of
   three or more digits block step 4, so the result stays a fixed point of it;
6. whitespace runs collapse to one space; leading/trailing whitespace is dropped.

:func:`canonicalise_joined` runs every step once over the whole batch joined by
newlines (a newline never survives inside a message: it becomes a space, and no step
here crosses it), which is what makes batch scoring cheap (~6 µs per ~100-character message).
Step 0 costs one scan of the batch for Myanmar code points; only messages that have
some are scored by the detector (~14 µs for 60 characters) and, when Zawgyi, converted
(~50 µs).
``canonicalise_many(texts) == [canonicalise(t) for t in texts]`` always holds; the
output never contains a newline, and :func:`canonicalise` is idempotent.

:func:`canonicalise_with_origin` is the slow path for explanations: the same text, and
for each of its characters the span of the original message it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from counterfraud.classifier.burmese import MYANMAR, has_myanmar, to_unicode, zawgyi_to_unicode

__all__ = ["CANONICAL_VERSION", "URL_TOKEN", "Span", "canonicalise", "canonicalise_joined",
           "canonicalise_many", "canonicalise_with_origin"]

#: Bumped whenever the output of :func:`canonicalise` changes for some input: a model
#: trained under another version would see different features and is refused on load.
CANONICAL_VERSION = 3

URL_TOKEN = "\u27e8url\u27e9"
#: Digits kept at the start of a run of digits (step 5).
KEPT_DIGITS = 4

U32 = npt.NDArray[np.uint32]
#: A half-open range ``[start, end)`` of indices into the original text.
Span = tuple[int, int]

# Invisible format characters commonly used to split words: zero-width (non-)joiners
# and spaces, direction marks and embeddings, word joiner and invisible operators, BOM,
# soft hyphen, combining grapheme joiner, Hangul fillers, Khmer/Mongolian invisibles.
_INVISIBLE = frozenset([0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E,
                        *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                        *range(0x2060, 0x2065), *range(0x206A, 0x2070), 0xFEFF])
_TABLE_SIZE = 0x20000
_NEWLINE = 10
#: Conversions tried on a canonical Burmese message before it is left as it is (real
#: text settles after one; random Myanmar code points took up to 6).
_SETTLE_ROUNDS = 8
_WHITESPACE_SPLIT = re.compile(r"(\s+)")
_SPACE = 32

_URL = re.compile(
    r"(?:https?|hxxps?)://(?:www\.)?([a-z0-9\-]+(?:\.[a-z0-9\-]+)*)\S*"
    r"|www\.([a-z0-9\-]+(?:\.[a-z0-9\-]+)*)\S*"
)
_URL_GLUED = re.compile(r"[\w.\-]")
# A run of three or more single word characters separated by spaces, with the space
# or newline before it captured (the batch is padded with newlines for this step).
_SPACED = re.compile(r"([ \n])(\w(?: +\w(?=[ \n])){2,})")
_SPACED_PART = re.compile(r"( +)")
_WIDE_GAP = 3
_LEET_HIT = re.compile(r"[a-z][013457@$]|[013457@$][a-z]")
_LEET_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$")
_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                             "@": "a", "$": "s"})
_NOT_LEET_DIGITS = re.compile(r"[2689]|[0-9]{3}")


class _CharMap:
    """The per-character map of step 1 as arrays: first output character, output
    length (0 drops the character), and the tails of multi-character outputs."""

    def __init__(self) -> None:
        script = _script_map()
        first = np.arange(_TABLE_SIZE, dtype=np.uint32)
        length = np.ones(_TABLE_SIZE, dtype=np.int64)
        offset = np.zeros(_TABLE_SIZE, dtype=np.int64)
        tails: list[int] = []
        for code in range(_TABLE_SIZE):
            mapped = _map_char(code, script)
            if len(mapped) == 1 and ord(mapped) == code:
                continue
            length[code] = len(mapped)
            if mapped:
                first[code] = ord(mapped[0])
                offset[code] = len(tails)
                tails.extend(ord(c) for c in mapped)
        self.first = first
        self.length = length
        self.offset = offset
        self.tails = np.array(tails or [0], dtype=np.uint32)


def _map_char(code: int, script: dict[int, str | None]) -> str:
    """Step 1 for one character: the fixed point of NFKD + casefold, then ``script``
    (:func:`_script_map`) over the result."""
    if code in _INVISIBLE:
        return ""
    if 0xD800 <= code <= 0xDFFF or code == _NEWLINE:
        return chr(code)
    text = chr(code)
    for _ in range(4):
        mapped = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
        mapped = mapped.translate(script)
        if mapped == text:
            break
        text = mapped
    return text


def _script_map() -> dict[int, str | None]:
    """What step 1 does to a character NFKD + casefold leave as it is: invisible format
    characters go, whitespace but the newline becomes a space, a decimal digit of any
    script (Thai, Lao, Myanmar, Khmer, Arabic-Indic ...) becomes its ASCII digit, and a
    Traditional Chinese character becomes its Simplified one."""
    script: dict[int, str | None] = dict.fromkeys(_INVISIBLE)
    script.update(_traditional_to_simplified())
    for code in range(128, _TABLE_SIZE):
        char = chr(code)
        if char.isspace():
            script[code] = " "
        elif (digit := unicodedata.decimal(char, None)) is not None:
            script[code] = str(digit)
    script.update({ord(c): " " for c in "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"})
    return script


def _traditional_to_simplified() -> dict[int, str]:
    """OpenCC's t2s at the character level (see ``counterfraud.data.traditional_to_simplified``):
    phrase-level conversion, which picks a character by its neighbours, cannot be
    expressed per character, so the few ambiguous characters get OpenCC's default."""
    from counterfraud.data.traditional_to_simplified import PAIRS

    return {ord(t): s for t, s in zip(PAIRS[::2], PAIRS[1::2], strict=True)}


@cache
def _char_map() -> _CharMap:
    """Built on first use (~0.25 s), never at import time."""
    return _CharMap()


def _code_points(text: str) -> U32:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _text(code_points: U32) -> str:
    return code_points.tobytes().decode("utf-32-le", "surrogatepass")


def _map_characters(joined: str) -> str:
    """Step 1 over the whole batch."""
    table = _char_map()
    cp = _code_points(joined)
    beyond = cp >= _TABLE_SIZE
    index = np.where(beyond, 0, cp) if beyond.any() else cp
    lengths = table.length[index]
    mapped = table.first[index]
    if beyond.any():
        lengths[beyond] = 1
        mapped[beyond] = cp[beyond]
    multi = np.flatnonzero(lengths > 1)
    if multi.size == 0 and lengths.all():
        return _text(mapped)
    out = np.repeat(mapped, lengths)
    if multi.size:
        ends = np.cumsum(lengths)
        sizes = lengths[multi]
        base = np.repeat(ends[multi] - sizes, sizes)
        rank = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        out[base + rank] = table.tails[np.repeat(table.offset[index[multi]], sizes) + rank]
    return _text(out)


def _url(match: re.Match[str]) -> str:
    start = match.start()
    if start > 0 and _URL_GLUED.match(match.string, start - 1):
        return match.group()
    host = match.group(1) or match.group(2)
    while host.startswith("www."):
        host = host[4:]
    return f" {URL_TOKEN}{host} "


def _glue(match: re.Match[str]) -> str:
    """Join one run of spaced-out characters (see step 3 of the module docstring)."""
    parts = _SPACED_PART.split(match.group(2))
    pieces = [parts[0]]
    for i in range(1, len(parts), 2):
        if len(parts[i]) >= _WIDE_GAP:
            pieces.append(parts[i + 1])
        else:
            pieces[-1] += parts[i + 1]
    merged = [pieces[0]]
    for previous, piece in pairwise(pieces):
        if len(piece) == 1 and len(previous) == 1:
            merged[-1] += piece
        else:
            merged.append(piece)
    return match.group(1) + " ".join(merged)


def _unleet_token(token: str) -> str:
    """Map the leet characters of one token, or keep it when it looks like data."""
    letters = sum(1 for c in token if "a" <= c <= "z")
    if letters < 2 or _NOT_LEET_DIGITS.search(token) is not None:
        return token
    last = len(token) - 1
    for i, c in enumerate(token):
        if c in "@$" and not (0 < i < last and token[i - 1].isalpha()
                              and token[i + 1].isalpha()):
            return token
    return token.translate(_LEET_TABLE)


def _unleet(joined: str) -> str:
    """Step 4: find leet characters next to a letter, then rewrite their whole token."""
    if _LEET_HIT.search(joined) is None:
        return joined
    pieces: list[str] = []
    pos = 0
    end = len(joined)
    for match in _LEET_HIT.finditer(joined):
        if match.start() < pos:
            continue
        a, b = match.start(), match.end()
        while a > 0 and joined[a - 1] in _LEET_TOKEN_CHARS:
            a -= 1
        while b < end and joined[b] in _LEET_TOKEN_CHARS:
            b += 1
        token = joined[a:b]
        underscore = (a > 0 and joined[a - 1] == "_") or (b < end and joined[b] == "_")
        pieces.append(joined[pos:a])
        pieces.append(token if underscore else _unleet_token(token))
        pos = b
    pieces.append(joined[pos:])
    return "".join(pieces)


def _digits_and_spaces(joined: str) -> str:
    """Steps 5 and 6 over the code points: digits after the fourth of a run become 9,
    space runs collapse, spaces at a message's start or end go."""
    cp = _code_points(joined).copy()
    digit = (cp >= 48) & (cp <= 57)
    if digit.any():
        # position within its digit run: i - (start of the run)
        index = np.arange(len(cp))
        run_start = np.maximum.accumulate(np.where(digit, 0, index + 1))
        cp[digit & (index - run_start >= KEPT_DIGITS)] = 57
    space = cp == _SPACE
    if not space.any():
        return _text(cp)
    boundary = space | (cp == _NEWLINE)
    drop = space.copy()
    drop[1:] &= boundary[:-1]  # a space after a space or a newline (or at the start)
    cp = cp[~drop]
    space = cp == _SPACE
    drop = space.copy()
    drop[:-1] &= cp[1:] == _NEWLINE  # a space before a newline (or at the end)
    return _text(cp[~drop])


def canonicalise_joined(texts: Sequence[str]) -> str:
    """Canonicalise every text and return them joined by ``"\\n"`` (no trailing one).

    This is the fast path the featuriser consumes directly: one pass of each step over
    the whole batch instead of one per message. A batch without Myanmar text costs one
    scan more for the Zawgyi step.
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        joined = "\n".join(t.replace("\n", " ") for t in texts)
    if MYANMAR.search(joined) is None:
        return _steps(joined)
    converted = [to_unicode(t) if has_myanmar(t) else t for t in joined.split("\n")]
    outputs = _steps("\n".join(converted)).split("\n")
    return "\n".join(_settle(out) if has_myanmar(out) else out for out in outputs)


def _steps(joined: str) -> str:
    """Steps 1-6 over a batch joined by newlines."""
    joined = _map_characters(joined)
    if "://" in joined or "www." in joined:
        joined = _URL.sub(_url, joined)
    joined = _SPACED.sub(_glue, "\n" + joined + "\n")[1:-1]
    joined = _unleet(joined)
    return _digits_and_spaces(joined)


def _settle(canonical: str) -> str:
    """Step 0 again on a canonical Burmese message, until nothing changes (see the
    module docstring): what makes :func:`canonicalise` idempotent."""
    for _ in range(_SETTLE_ROUNDS):
        converted = to_unicode(canonical)
        if converted == canonical:
            break
        again = _steps(converted)
        if again == canonical:
            break
        canonical = again
    return canonical


def canonicalise_many(texts: Sequence[str]) -> list[str]:
    """Canonicalise a batch; element ``i`` equals ``canonicalise(texts[i])``."""
    if not texts:
        return []
    return canonicalise_joined(texts).split("\n")


def canonicalise(text: str) -> str:
    """The canonical form of one message (see the module docstring for the steps)."""
    return canonicalise_joined([text])


def canonicalise_with_origin(text: str) -> tuple[str, list[Span]]:
    """The canonical form of ``text`` and, for each of its characters, the span of
    ``text`` it came from: what lets an explanation highlight, in the message as it was
    received, the words that drove a score.

    Contract: the string is exactly ``canonicalise(text)``; the list has one half-open
    span ``(start, end)`` per character of it, ``0 <= start < end <= len(text)``, with
    non-decreasing starts and ends. A character the per-character map produced maps to
    its source character (``Ｗ`` -> ``w``; both characters of the NFKD expansion of
    ``é``); a character of a URL replacement (``⟨url⟩`` and the host) maps to the
    whole URL; a glued spaced-out run keeps each letter's own span; a leet letter
    maps to its digit or sign; a space left from a merged whitespace run maps to the
    whole run (from its first whitespace character to its last, invisible characters
    dropped in between included); a word of a message converted from Zawgyi maps, each
    of its characters, to the whole word it came from (the conversion reorders
    characters inside syllables), or to the whole message in the rare case where the
    conversion removed a space between words.

    This is the slow path, one message at a time, used only for explanations: it runs
    the same steps as :func:`canonicalise_joined` on the same string and follows each
    character through them, so the text cannot drift from the fast path's.
    """
    current = text.replace("\n", " ")
    spans = [(i, i + 1) for i in range(len(text))]
    if not has_myanmar(current):
        return _steps_with_origin(current, spans)
    current, spans = _aligned(current, to_unicode(current), spans)
    current, spans = _steps_with_origin(current, spans)
    if not has_myanmar(current):
        return current, spans
    for _ in range(_SETTLE_ROUNDS):  # as _settle does
        converted = to_unicode(current)
        if converted == current:
            break
        again, again_spans = _steps_with_origin(*_aligned(current, converted, spans))
        if again == current:
            break
        current, spans = again, again_spans
    return current, spans


def _steps_with_origin(current: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Steps 1-6 on one message (as :func:`_steps`), following each character."""
    current, spans = _map_characters_with_origin(current, spans)
    if "://" in current or "www." in current:
        current, spans = _urls_with_origin(current, spans)
    glued = _SPACED.sub(_glue, "\n" + current + "\n")[1:-1]
    spans = _spans_after_dropping_spaces(current, glued, spans)
    current = _unleet(glued)  # one character for one: the spans stay
    final = _digits_and_spaces(current)
    return final, _spans_after_dropping_spaces(current, final, spans)


def _aligned(before: str, after: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """``after`` (the Zawgyi conversion of ``before``) with spans, word by word: the
    conversion reorders characters inside a syllable (Zawgyi types the vowel ``ေ``
    and the medial ``ြ`` before their consonant, Unicode after it), so a converted word
    maps as a whole to the word it came from; unchanged words and the whitespace
    between them keep their spans. When converting word by word does not give
    ``after`` (the conversion dropped a space between two words), every character maps
    to the whole message."""
    if after == before:
        return after, spans
    out: list[Span] = []
    pieces: list[str] = []
    pos = 0
    for part in _WHITESPACE_SPLIT.split(before):
        end = pos + len(part)
        converted = part if not part or part.isspace() else zawgyi_to_unicode(part)
        pieces.append(converted)
        if converted == part:
            out.extend(spans[pos:end])
        elif converted:
            out.extend([(spans[pos][0], spans[end - 1][1])] * len(converted))
        pos = end
    if "".join(pieces) != after:
        return after, [(spans[0][0], spans[-1][1])] * len(after)
    return after, out


def _mapped_char(code: int) -> str:
    """Step 1 for one code point, read from the same table the batch path uses."""
    if code >= _TABLE_SIZE:
        return chr(code)
    table = _char_map()
    length = int(table.length[code])
    if length == 1:
        return chr(int(table.first[code]))
    start = int(table.offset[code])
    return "".join(chr(int(c)) for c in table.tails[start:start + length])


def _map_characters_with_origin(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    pieces: list[str] = []
    out_spans: list[Span] = []
    for char, span in zip(text, spans, strict=True):
        mapped = _mapped_char(ord(char))
        pieces.append(mapped)
        out_spans.extend([span] * len(mapped))
    return "".join(pieces), out_spans


def _urls_with_origin(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    pieces: list[str] = []
    out_spans: list[Span] = []
    pos = 0
    for match in _URL.finditer(text):
        start, end = match.span()
        replacement = _url(match)
        pieces.append(text[pos:start])
        out_spans.extend(spans[pos:start])
        pieces.append(replacement)
        if replacement == match.group():
            out_spans.extend(spans[start:end])
        else:
            whole = (spans[start][0], spans[end - 1][1])
            out_spans.extend([whole] * len(replacement))
        pos = end
    pieces.append(text[pos:])
    out_spans.extend(spans[pos:])
    return "".join(pieces), out_spans


def _spans_after_dropping_spaces(before: str, after: str, spans: list[Span]) -> list[Span]:
    """Spans of ``after``, which is ``before`` with some spaces removed and other
    characters possibly replaced one for one (steps 3, 5 and 6 do nothing else).

    Walking both strings: a space of ``before`` facing a non-space of ``after`` (or
    nothing) was removed; the first space of a run faces the kept one. A removed space
    that follows a kept space extends the kept space's span, so a merged run maps to
    the whole run.
    """
    out: list[Span] = []
    j = 0
    extending = False
    for i, char in enumerate(before):
        if j < len(after) and (char != " " or after[j] == " "):
            out.append(spans[i])
            extending = char == " "
            j += 1
        elif extending:
            out[-1] = (out[-1][0], max(out[-1][1], spans[i][1]))
    if j != len(after):
        raise AssertionError("canonical steps diverged from their origin tracking")
    return out
