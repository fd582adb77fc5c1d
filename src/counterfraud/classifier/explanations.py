"""Explanations people can read: the words of the message as received, and the cues.

Why not n-grams: a hashed n-gram is a fragment ('efu', 'xpe', 'ssio') of the canonical
text, which a person reading a warning cannot check. :func:`explain` turns the model's
sum into reasons about whole words and phrases of the original text, with their spans:

1. every gram's contribution (its weight over the message's norm, as in scoring) is
   spread evenly over the word characters (letters, digits, marks) it covers; a gram
   covering none (``"!!"``, a newline of the padding) goes to the nearest word
   character before it, else after it;
2. the characters are grouped: a link (``⟨url⟩host``) is one group; in spaced scripts
   a group is a whole word (a run of word characters: never a fragment), and adjacent
   words that both pushed towards scam join into a phrase of up to three words; in
   Chinese, Thai, Lao, Burmese and Khmer, which do not space words, a group is a
   maximal run of characters whose contributions have the same sign, cut at spaces and
   punctuation and at most 8 characters long (cut where the contribution is weakest),
   never splitting a mark, a stacked consonant or a Thai/Lao vowel from its letter;
3. each group's span in the canonical text is mapped back to the message as received
   with :func:`~counterfraud.classifier.canonical.canonicalise_with_origin`, so the
   reason quotes what the person saw (``C o n g r a t s``, ``ｇｏｌｄ``, the whole URL);
4. each cue that fired is a reason too, with its description and the span of its
   first match, weighing ``capped count * cue weight``.

Contract: the weights of all reasons, plus the model's intercept, sum to the logit of
the model's score (a message with no word character at all is one reason, the whole
text). The cost is one message's worth of the scoring path plus the slow, per-character
canonicalisation: it runs only for messages the screening engine warns on or blocks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import numpy as np
import numpy.typing as npt

from counterfraud.classifier.canonical import URL_TOKEN, Span, canonicalise_with_origin
from counterfraud.classifier.cues import CUE_NAMES, CUES, CueMatch, cue_matches
from counterfraud.classifier.features import FeatureConfig, grams_of_joined, word_characters

__all__ = ["Reason", "explain"]

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

#: The most characters (grapheme clusters) in one group of an unspaced script.
MAX_UNSPACED = 8
#: The most Thai words (found by a dictionary segmenter) in one group.
MAX_THAI_WORDS = 3
#: The most words joined into one phrase.
MAX_PHRASE_WORDS = 3
_TABLE = 0x20000
_URL = re.compile(re.escape(URL_TOKEN) + r"[a-z0-9.\-]*")
_UNSPACED_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x0E00, 0x0E7F),
                    (0x0E80, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF),
                    (0x3040, 0x30FF), (0x20000, 0x3FFFF))
_STACKERS = frozenset((0x1039, 0x17D2))  # Burmese virama, Khmer coeng
_FOLLOWING_VOWELS = frozenset((0x0E30, 0x0E32, 0x0E33, 0x0E45, 0x0EB0, 0x0EB2, 0x0EB3))
_BURMESE_FINAL = frozenset((0x103A, 0x1039))  # asat, virama: the consonant ends a syllable

_SPACED, _UNSPACED = 1, 2
_LINK = CUE_NAMES.index("link")


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a score: ``text`` is the message's own words at ``[start, end)``
    (a cue's first match for ``kind == "cue"``), ``weight`` its contribution in logit
    units (positive pushes towards scam); ``cue`` and ``description`` name a cue."""

    text: str
    start: int
    end: int
    weight: float
    kind: Literal["words", "cue"]
    cue: str | None = None
    description: str | None = None

    def describe(self) -> str:
        """One line for a person: ``'安全账户' +1.20`` or
        ``asks to transfer or pay money ('转账') +0.80``."""
        if self.kind == "cue":
            quoted = f" ({self.text!r})" if self.text else ""
            return f"{self.description}{quoted} {self.weight:+.2f}"
        return f"{self.text!r} {self.weight:+.2f}"

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end,
                "weight": round(self.weight, 6), "kind": self.kind, "cue": self.cue,
                "description": self.description}


def explain(text: str, top: int, *, config: FeatureConfig, weights: F32,
            norm_weights: F32 | None, cue_weights: F32 | None) -> list[Reason]:
    """The reasons for the score of ``text`` under a model's arrays (see the module
    docstring), strongest towards scam first, at most ``top`` (reasons weighing exactly
    0 are left out)."""
    canonical, origin = canonicalise_with_origin(text)
    matches = cue_matches(canonical, text)
    links = [(m.start, m.end) for m in matches if m.cue == _LINK and not m.raw]
    reasons = _word_reasons(text, canonical, origin, links, _char_contributions(
        canonical, config, weights, norm_weights))
    if cue_weights is not None:
        reasons.extend(_cue_reasons(text, origin, matches, cue_weights))
    reasons = [r for r in reasons if r.weight != 0.0]
    reasons.sort(key=lambda r: (-r.weight, r.start, r.end, r.kind))
    return reasons[:max(top, 0)]


def _char_contributions(canonical: str, config: FeatureConfig, weights: F32,
                        norm_weights: F32 | None) -> tuple[F64, float]:
    """Each canonical character's share of the gram sum, and what no word character
    could take (only when the text has none)."""
    grams = grams_of_joined(canonical, config, spans=True)
    if norm_weights is not None:
        norm = float(norm_weights[grams.buckets].astype(np.float64).sum())
    else:
        norm = float(grams.counts[0])
    values = weights[grams.buckets].astype(np.float64) / np.sqrt(max(norm, 1e-12))
    size = len(canonical)
    assert grams.starts is not None and grams.ends is not None
    starts = np.clip(grams.starts - 1, 0, size)  # padded -> canonical positions
    ends = np.clip(grams.ends - 1, 0, size)
    cp = np.frombuffer(canonical.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = word_characters()[np.minimum(cp, _TABLE - 1)] | (cp >= _TABLE)
    before = np.concatenate(([0], np.cumsum(word, dtype=np.int64)))
    covered = before[ends] - before[starts]
    spread = covered > 0
    share = values[spread] / covered[spread]
    delta = np.zeros(size + 1, dtype=np.float64)
    np.add.at(delta, starts[spread], share)
    np.add.at(delta, ends[spread], -share)
    contributions = np.cumsum(delta)[:size] * word
    rest = values[~spread]
    positions = np.flatnonzero(word)
    if positions.size == 0:
        return contributions, float(rest.sum())
    # a gram with no word character: the nearest word character before it, else after
    earlier = before[starts[~spread]]
    anchor = np.where(earlier > 0, positions[np.maximum(earlier - 1, 0)],
                      positions[np.minimum(before[ends[~spread]], len(positions) - 1)])
    np.add.at(contributions, anchor, rest)
    return contributions, 0.0


def _kinds(canonical: str) -> list[int]:
    """Per character: 0 (space, punctuation), _SPACED or _UNSPACED word character."""
    table = word_characters()
    kinds = []
    for char in canonical:
        code = ord(char)
        if code < _TABLE and not table[code]:
            kinds.append(0)
        elif any(low <= code <= high for low, high in _UNSPACED_RANGES):
            kinds.append(_UNSPACED)
        else:
            kinds.append(_SPACED)
    return kinds


def _groups(canonical: str, contributions: F64,
            links: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Canonical ``[start, end)`` of every group, and whether it is a spaced word;
    ``links`` are the spans of bare hosts (``bit.ly``), each one group like a URL."""
    kinds = _kinds(canonical)
    links = _union([m.span() for m in _URL.finditer(canonical)] + links)
    in_link = [False] * len(canonical)
    for start, end in links:
        for i in range(start, end):
            in_link[i] = True
    groups: list[tuple[int, int, bool]] = [(s, e, False) for s, e in links]
    i = 0
    size = len(canonical)
    while i < size:
        kind = kinds[i]
        if kind == 0 or in_link[i]:
            i += 1
            continue
        j = i
        while j < size and kinds[j] == kind and not in_link[j]:
            j += 1
        if kind == _SPACED:
            groups.append((i, j, True))
        else:
            groups.extend((s, e, False) for s, e in _unspaced(canonical, i, j, contributions))
        i = j
    groups.sort()
    return groups


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _clusters(canonical: str, start: int, end: int) -> list[int]:
    """Starts of the grapheme clusters of ``canonical[start:end]``: a mark, a stacked
    consonant, a Thai/Lao following vowel or what follows a leading vowel never starts
    one; in Burmese, whose syllables are marked, neither does a final consonant (one
    that carries an asat or stacks the next), so a cluster is a whole syllable."""
    clusters: list[int] = [start]
    for i in range(start + 1, end):
        code, previous = ord(canonical[i]), ord(canonical[i - 1])
        following = ord(canonical[i + 1]) if i + 1 < end else 0
        joins = (unicodedata.category(canonical[i]).startswith("M")
                 or previous in _STACKERS or code in _FOLLOWING_VOWELS
                 or 0x0E40 <= previous <= 0x0E44 or 0x0EC0 <= previous <= 0x0EC4
                 or (0x1000 <= code <= 0x1021 and following in _BURMESE_FINAL))
        if not joins:
            clusters.append(i)
    return clusters


def _thai_words(canonical: str, start: int, end: int) -> list[int]:
    """Starts of the Thai words of ``canonical[start:end]`` (pythainlp's dictionary
    segmenter, on the text with SARA AM recomposed as its dictionary spells it)."""
    from pythainlp.tokenize import word_tokenize

    run = canonical[start:end]
    composed = run.replace("\u0e4d\u0e32", "\u0e33")
    to_run: list[int] = []  # position in ``composed`` -> position in ``run``
    i = 0
    while i < len(run):
        to_run.append(i)
        i += 2 if run.startswith("\u0e4d\u0e32", i) else 1
    starts: list[int] = []
    position = 0
    for word in word_tokenize(composed, engine="newmm", keep_whitespace=False):
        position = composed.index(word, position)
        starts.append(start + to_run[position])
        position += len(word)
    return starts or [start]


def _unspaced(canonical: str, start: int, end: int,
              contributions: F64) -> list[tuple[int, int]]:
    """Groups of one run of an unspaced script: same-sign runs of units (Thai words;
    grapheme clusters in Chinese, Lao, Burmese, Khmer), split at the weakest boundary
    until at most MAX_UNSPACED characters (MAX_THAI_WORDS Thai words) each."""
    thai = 0x0E00 <= ord(canonical[start]) <= 0x0E7F
    bounds = [*(_thai_words if thai else _clusters)(canonical, start, end), end]
    weights = [float(contributions[a:b].sum()) for a, b in pairwise(bounds)]
    out: list[tuple[int, int]] = []
    first = 0
    for k in range(1, len(weights) + 1):
        if k == len(weights) or (weights[k] > 0) != (weights[first] > 0):
            out.extend(_capped(bounds, weights, first, k,
                               MAX_THAI_WORDS if thai else MAX_UNSPACED))
            first = k
    return out


def _capped(bounds: list[int], weights: list[float], first: int, last: int,
            most: int) -> list[tuple[int, int]]:
    """Units ``[first, last)`` as groups of at most ``most`` units, cut between the two
    neighbouring units of least total contribution."""
    if last - first <= most:
        return [(bounds[first], bounds[last])]
    cut = min(range(first + 1, last), key=lambda k: (abs(weights[k - 1]) + abs(weights[k]),
                                                      abs(k - (first + last) / 2)))
    return (_capped(bounds, weights, first, cut, most)
            + _capped(bounds, weights, cut, last, most))


def _phrases(canonical: str, groups: list[tuple[int, int, bool]],
             contributions: F64) -> list[tuple[int, int, float]]:
    """Groups with their weights; adjacent spaced words (one space apart) that both
    pushed towards scam join into phrases of up to MAX_PHRASE_WORDS words."""
    out: list[tuple[int, int, float]] = []
    words_in_last = 0
    last_spaced = False
    for start, end, spaced in groups:
        weight = float(contributions[start:end].sum())
        if (spaced and last_spaced and out and weight > 0 and out[-1][2] > 0
                and words_in_last < MAX_PHRASE_WORDS and out[-1][1] == start - 1
                and canonical[start - 1] == " "):
            previous = out[-1]
            out[-1] = (previous[0], end, previous[2] + weight)
            words_in_last += 1
        else:
            out.append((start, end, weight))
            words_in_last = 1
        last_spaced = spaced
    return out


def _original(origin: list[Span], start: int, end: int) -> tuple[int, int]:
    """The span of the message as received that canonical ``[start, end)`` came from."""
    return (min(s for s, _ in origin[start:end]), max(e for _, e in origin[start:end]))


def _word_reasons(text: str, canonical: str, origin: list[Span],
                  links: list[tuple[int, int]],
                  contributions: tuple[F64, float]) -> list[Reason]:
    per_char, rest = contributions
    merged: dict[tuple[int, int], float] = {}
    groups = _groups(canonical, per_char, links)
    for start, end, weight in _phrases(canonical, groups, per_char):
        span = _original(origin, start, end)
        merged[span] = merged.get(span, 0.0) + weight
    reasons = [Reason(text[s:e], s, e, w, "words") for (s, e), w in merged.items()]
    if rest:
        reasons.append(Reason(text, 0, len(text), rest, "words"))
    return reasons


def _cue_reasons(text: str, origin: list[Span], matches: list[CueMatch],
                 cue_weights: F32) -> list[Reason]:
    first: dict[int, tuple[int, int]] = {}
    counts: dict[int, int] = {}
    for match in matches:
        counts[match.cue] = counts.get(match.cue, 0) + 1
        if match.cue not in first:
            first[match.cue] = ((match.start, match.end) if match.raw
                                else _original(origin, match.start, match.end))
    reasons = []
    for cue, count in counts.items():
        weight = min(count, CUES[cue].cap) * float(cue_weights[cue])
        start, end = first[cue]
        reasons.append(Reason(text[start:end], start, end, weight, "cue", CUES[cue].name,
                              CUES[cue].description))
    return reasons
