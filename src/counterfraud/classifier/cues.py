"""Structural cues: what a scam does (a link, a money amount, pressure, a request for a
code), read in every language of the region, rather than the vocabulary it uses.

Why: character n-grams learn the words of the corpora they were trained on, so a lure
in a language or a wording nobody labelled scores on fragments ("ara", "nta" flagged
Indonesian one-time-code notices). A cue is a named feature that fires on the same
structure whatever the language: ``payment`` fires on "transfer", "转账", "โอนเงิน",
"chuyển khoản", "ផ្ទេរប្រាក់" alike. The model gives each cue one weight (see
:mod:`.model`), learned from every language at once.

Contract:

* :data:`CUES` is the ordered tuple of cues; :data:`CUE_NAMES` their names, saved in
  model files (a model whose names differ is refused on load: retrain it).
* :func:`cue_counts` takes a canonical batch (messages joined by ``"\\n"``, as from
  :func:`~counterfraud.classifier.canonical.canonicalise_joined`) and the same messages
  as received, and returns a float32 ``(messages, cues)`` array of match counts capped
  at each cue's ``cap`` (1 for most cues: present or not).
* :func:`cue_matches` returns every match of one message with its cue and span (in the
  canonical text, or in the text as received for the ``disguised`` cue, whose evidence
  canonicalisation removes). Both come from the same code, so they agree.

What each cue reads:

* lexicon cues (``terms``): words and phrases in every language of the region, written
  in their natural spelling and passed through
  :func:`~counterfraud.classifier.canonical.canonicalise` once, on first use, so they
  match canonical text exactly (NFKD Vietnamese, casefold, Traditional Chinese mapped to
  Simplified like the messages). A term written only in Latin letters, digits and
  ``. - ' / :`` matches whole words (``add`` never inside ``address``; words are runs
  of Latin letters with their marks, or runs of digits, so ``qq12345`` holds the word
  ``qq`` and ``充值usdt`` the word ``usdt``); any other term (Chinese, Thai, Lao,
  Burmese, Khmer, symbols) matches anywhere, as those scripts do not space words;
* ``near`` rules: a word of one list followed within a few words by one of another,
  for requests that take many forms (``send me the code``, ``kirimkan kode``, ``gửi
  lại mã``; ``do not share``, ``jangan berikan``, ``không chia sẻ``; ``within 24
  hours``);
* shapes: links (``⟨url⟩host`` from canonicalisation, or a bare ``host.tld``), with
  the host checked against shorteners, cheap TLDs, raw IPs and look-alikes of
  official hosts; messaging hosts (t.me, wa.me, line.me) and ``@handles``; phone
  numbers; an amount next to a currency (before or after it); wallet addresses;
  Latin letters glued inside a Chinese/Thai/Lao/Burmese/Khmer word, or Cyrillic and
  Greek letters inside a Latin one; and, on the text as received, letters disguised
  as digits (``y0u``, ``0ffer``), fancy or full-width letters, invisible characters
  inside a word and spaced-out letters (``W i n n e r``).

``code_request`` is dropped where a ``never_share`` notice starts up to 16 characters
before it ("do not share this code", "请勿将验证码告诉他人"): that is the genuine
one-time-code notice, the opposite of a request.

How it stays cheap (a few µs per message; Python's ``re`` costs ~10 ns per character
for every pattern that does not start with a literal, so one regex per cue measured
~150 µs per message): every term is matched by its polynomial hash, with numpy over
the whole batch at once, like :mod:`.features` hashes n-grams. Word terms: the hash of
every run of 1-5 consecutive words, looked up in a sorted table of term hashes.
Other terms: the hash of every 1-4 character span (a longer term by its first four
characters, then checked whole). Shapes are masks and runs over the code points; only
links and handles use regexes, which start with a literal (``⟨url⟩``, ``.``, ``@``)
and so run at memory speed. Positions become messages with ``np.searchsorted`` over
the newline positions. No step loops over messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from counterfraud.classifier.canonical import URL_TOKEN, canonicalise
from counterfraud.classifier.cue_lexicons import (
    ACCOUNT_THREAT,
    ACTION,
    AUTHORITY,
    CHEAP_TLDS,
    CJK_NUMERALS,
    CODE_NOUNS,
    CODE_REQUEST,
    CODE_VERBS,
    CRYPTO,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    EASY_MONEY,
    FRAUD_WARNING,
    MESSAGING,
    MESSAGING_HOSTS,
    NEGATIONS,
    NEVER_SHARE,
    PAYMENT,
    PRIZE,
    SHARE_VERBS,
    SHORTENERS,
    TIME_UNITS,
    TLDS,
    URGENCY,
    WITHIN,
)
from counterfraud.classifier.features import hash_powers, polynomial_hash
from counterfraud.errors import InvalidInput

__all__ = ["CUES", "CUE_NAMES", "Cue", "CueMatch", "cue_counts", "cue_matches"]

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Cue:
    """One structural cue: ``name`` (saved in model files), ``description`` (what an
    explanation says), literal ``terms`` in any language, ``near`` rules (see
    :data:`_NEAR`), and ``cap``: the most matches counted per message."""

    name: str
    description: str
    terms: tuple[str, ...] = ()
    cap: int = 1


class CueMatch(NamedTuple):
    """One match of cue ``cue`` (an index into :data:`CUES`) at ``[start, end)`` of one
    message: in its canonical text, or in the text as received when ``raw``."""

    cue: int
    start: int
    end: int
    raw: bool


CUES: tuple[Cue, ...] = (
    Cue("link", "a link"),
    Cue("shortener", "a shortened link, hiding where it leads"),
    Cue("risky_link", "a link to a raw IP address, a cheap much-abused domain or a "
        "look-alike of an official one"),
    Cue("messaging", "moves the conversation to a messaging app", MESSAGING, cap=2),
    Cue("phone", "a phone number"),
    Cue("money", "an amount of money", cap=2),
    Cue("crypto", "cryptocurrency or a crypto wallet", CRYPTO),
    Cue("urgency", "pressure to act at once", URGENCY, cap=2),
    Cue("action", "asks to click, reply, add or contact", ACTION, cap=2),
    Cue("code_request", "asks for a code or password to be sent", CODE_REQUEST),
    Cue("never_share", "says never to share a code, as genuine code notices do",
        NEVER_SHARE),
    Cue("fraud_warning", "warns about scams, as anti-fraud notices do", FRAUD_WARNING),
    Cue("payment", "asks to transfer or pay money", PAYMENT, cap=2),
    Cue("prize", "a prize, win or reward", PRIZE, cap=2),
    Cue("authority", "names the police, a court, customs or another authority",
        AUTHORITY),
    Cue("account_threat", "threatens an account: suspended, frozen, blocked",
        ACCOUNT_THREAT),
    Cue("easy_money", "easy money or a job offer", EASY_MONEY, cap=2),
    Cue("script_mix", "letters of another script mixed into a word"),
    Cue("disguised", "disguised text: digits for letters, fancy, invisible or spaced-out "
        "characters"),
)

#: The cue names, in the order of :func:`cue_counts`' columns and of model files.
CUE_NAMES: tuple[str, ...] = tuple(cue.name for cue in CUES)
_CUE = {name: k for k, name in enumerate(CUE_NAMES)}

# Labels of the term lists that are not cues, numbered after the cues.
_BEFORE, _AFTER, _CODE_VERB, _CODE_NOUN, _NEGATION, _SHARE_VERB, _WITHIN_L, _UNIT = range(
    len(CUES), len(CUES) + 8)
_LISTS = {_BEFORE: CURRENCY_BEFORE, _AFTER: CURRENCY_AFTER, _CODE_VERB: CODE_VERBS,
          _CODE_NOUN: CODE_NOUNS, _NEGATION: NEGATIONS, _SHARE_VERB: SHARE_VERBS,
          _WITHIN_L: WITHIN, _UNIT: TIME_UNITS}
#: (first list, second list, most words between them + 1, cue): "send me the code" is
#: a code verb, then a code noun at most 4 words on.
_NEAR = ((_CODE_VERB, _CODE_NOUN, 4, _CUE["code_request"]),
         (_NEGATION, _SHARE_VERB, 2, _CUE["never_share"]),
         (_WITHIN_L, _UNIT, 2, _CUE["urgency"]))
_SUPPRESSED = ((_CUE["code_request"], _CUE["never_share"]),)
_SUPPRESS_WINDOW = 16


# -- compiled tables -----------------------------------------------------------------

_TABLE = 0x20000
_OTHER, _LATIN, _DIGIT = 0, 1, 2
_PREFIX = 4  # a character term longer than this is found by its first 4 characters
_MIX = 0x9FB21C651E98DF25
_FILTER_BITS = 16
_WORD_SEPARATORS = frozenset(" .-'’/:")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def _class_table() -> npt.NDArray[np.uint8]:
    """Word class of each code point below U+20000: Latin letters (with Vietnamese and
    other diacritics, as letters or combining marks), ASCII digits, or other."""
    table = np.zeros(_TABLE, dtype=np.uint8)
    for low, high in ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x300, 0x36F),
                      (0x1E00, 0x1EFF)):
        table[low:high + 1] = _LATIN
    table[[0xD7, 0xF7]] = _OTHER  # multiplication and division signs
    table[0x30:0x3A] = _DIGIT
    return table


def _range_table(ranges: Sequence[tuple[int, int]]) -> Bools:
    table = np.zeros(_TABLE, dtype=np.bool_)
    for low, high in ranges:
        table[low:high + 1] = True
    return table


def _bucket(hashes: U64) -> I64:
    """Top bits of the mixed hash: an index into a filter (a view, no copy)."""
    mixed = hashes * np.uint64(_MIX)
    mixed >>= np.uint64(64 - _FILTER_BITS)
    return mixed.view(np.int64)


class _Keys(NamedTuple):
    """Sorted unique hashes, and for each the terms it stands for (CSR)."""

    hashes: U64
    ptr: I64
    terms: I64
    filter: Bools  # by _bucket(hash): could this hash be a key?

    @classmethod
    def build(cls, pairs: Sequence[tuple[int, int]]) -> _Keys:
        by_hash: dict[int, list[int]] = {}
        for h, term in pairs:
            by_hash.setdefault(h, []).append(term)
        keys = sorted(by_hash)
        hashes = np.array(keys, dtype=np.uint64)
        sizes = [len(by_hash[h]) for h in keys]
        ptr = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(sizes, out=ptr[1:])
        terms = np.array([t for h in keys for t in sorted(by_hash[h])], dtype=np.int64)
        filt = np.zeros(1 << _FILTER_BITS, dtype=np.bool_)
        filt[_bucket(hashes)] = True
        return cls(hashes, ptr, terms, filt)

    def find(self, hashes: U64) -> tuple[I64, I64]:
        """(index into ``hashes`` of each one that is a key, its key index)."""
        candidates = (self.filter[_bucket(hashes)]).nonzero()[0]
        if candidates.size == 0 or self.hashes.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        found = hashes[candidates]
        index = np.minimum(self.hashes.searchsorted(found), len(self.hashes) - 1)
        hit = self.hashes[index] == found
        return candidates[hit], index[hit]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """Every term of every list, canonicalised, and the hash tables that find them."""

    texts: tuple[str, ...]
    hashes: U64
    lengths: I64
    words: I64  # words in each word term, 0 for the other terms
    label_ptr: I64
    labels: I64
    keys: _Keys  # word terms by their hash, other terms by that of their first 4 chars
    opens: Bools  # the first characters of the terms that are not word terms
    classes: npt.NDArray[np.uint8]
    unspaced: Bools
    numerals: Bools


def _word_count(term: str, classes: npt.NDArray[np.uint8]) -> int:
    """Words in ``term`` if it is a word term (Latin letters, digits and separators,
    starting and ending with a letter or digit), else 0."""
    kinds = [int(classes[ord(c)]) if ord(c) < _TABLE else _OTHER for c in term]
    if not kinds or kinds[0] == _OTHER or kinds[-1] == _OTHER or any(
            k == _OTHER and c not in _WORD_SEPARATORS for k, c in zip(kinds, term,
                                                                     strict=True)):
        return 0
    return sum(1 for i, k in enumerate(kinds) if k != _OTHER and (i == 0 or kinds[i - 1] != k))


@cache
def _lexicon() -> _Lexicon:
    """Built on first use (~0.3 s: it canonicalises every term), never at import."""
    classes = _class_table()
    labelled: dict[str, set[int]] = {}
    sources: list[tuple[int, tuple[str, ...]]] = [(k, c.terms) for k, c in enumerate(CUES)]
    sources.extend(_LISTS.items())
    for label, terms in sources:
        for term in terms:
            canonical = canonicalise(term)
            for variant in {canonical, canonical.replace("'", "\u2019"),
                            canonical.replace("\u2019", "'")}:
                if variant:
                    labelled.setdefault(variant, set()).add(label)
    texts = tuple(sorted(labelled))
    words = [_word_count(text, classes) for text in texts]
    pairs = [(polynomial_hash(text if n else text[:_PREFIX]), i)
             for i, (text, n) in enumerate(zip(texts, words, strict=True))]
    label_lists = [sorted(labelled[t]) for t in texts]
    label_ptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in label_lists], out=label_ptr[1:])
    return _Lexicon(
        texts=texts,
        hashes=np.array([polynomial_hash(t) for t in texts], dtype=np.uint64),
        lengths=np.array([len(t) for t in texts], dtype=np.int64),
        words=np.array(words, dtype=np.int64),
        label_ptr=label_ptr,
        labels=np.array([x for xs in label_lists for x in xs], dtype=np.int64),
        keys=_Keys.build(pairs),
        opens=_range_table([(ord(t[0]), ord(t[0])) for t, n in zip(texts, words, strict=True)
                            if not n and ord(t[0]) < _TABLE]),
        classes=classes,
        unspaced=_range_table(((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                               (0x0E01, 0x0E4E), (0x0E81, 0x0ECE), (0x1000, 0x103F),
                               (0x1780, 0x17D3))),
        numerals=_range_table([(ord(c), ord(c)) for c in CJK_NUMERALS]),
    )


def _regex_alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Links and handles: every pattern starts with a literal, so ``re`` searches for it
    at memory speed instead of trying each position."""
    tlds = _regex_alternation([*TLDS, *(s.rsplit(".", 1)[1] for s in SHORTENERS)])
    return (re.compile(re.escape(URL_TOKEN) + r"[a-z0-9.\-]*"),
            re.compile(rf"\.(?:{tlds})(?![a-z0-9\-]|\.[a-z0-9])"),
            re.compile(rf"\[\.\](?:{tlds})(?![a-z0-9\-]|\.[a-z0-9])"),
            re.compile(r"@(?<![\w.\-]@)[a-z0-9_]{4,32}(?![\w@])"))


_IP = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
_LOOK_ALIKE = re.compile(r"-(?:cn|gov|bank|secure|verify|login|th|vn|kh|la|mm|id|my|ph)"
                         r"[.\-]|\.(?:cn|gov|bank)\.(?:com|net|cc|vip)$")


# -- the text and its words ----------------------------------------------------------


class _Text:
    """The code points of one joined text (messages separated by newlines) and the
    prefix hashes every span hash needs (computed on first use)."""

    __slots__ = ("_forward", "_prefix", "cp", "n", "newlines", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        self.n = len(self.cp)
        self.newlines = (self.cp == 10).nonzero()[0]
        self._prefix: U64 | None = None
        self._forward: U64 | None = None

    def _hash_arrays(self) -> tuple[U64, U64]:
        if self._prefix is None or self._forward is None:
            forward, inverse = hash_powers(self.n + 1)
            prefix = np.zeros(self.n + 1, dtype=np.uint64)
            np.cumsum(self.cp.astype(np.uint64) * inverse[:self.n], out=prefix[1:])
            self._prefix, self._forward = prefix, forward
        return self._prefix, self._forward

    def hashes(self, starts: I64, ends: I64) -> U64:
        """Polynomial hash of every span ``[starts[i], ends[i])`` (non-empty spans)."""
        prefix, forward = self._hash_arrays()
        return (prefix[ends] - prefix[starts]) * forward[ends - 1]

    def all_hashes(self, length: int) -> U64:
        """Hash of the span of ``length`` characters at every position that has one."""
        prefix, forward = self._hash_arrays()
        h = prefix[length:] - prefix[:self.n + 1 - length]
        h *= forward[length - 1:self.n]
        return h

    def messages(self, positions: I64) -> I64:
        return np.asarray(self.newlines.searchsorted(positions), dtype=np.int64)

    def at(self, positions: I64) -> I64:
        """Code point at each position, -1 outside the text."""
        inside = (positions >= 0) & (positions < self.n)
        out = np.full(len(positions), -1, dtype=np.int64)
        out[inside] = self.cp[positions[inside]]
        return out


def _runs(mask: Bools) -> tuple[I64, I64]:
    """Start and end (exclusive) of every run of True."""
    padded = np.zeros(len(mask) + 2, dtype=np.bool_)
    padded[1:-1] = mask
    edges = (padded[1:] != padded[:-1]).nonzero()[0].astype(np.int64)
    return edges[0::2], edges[1::2]


def _expand(starts: I64, counts: I64) -> I64:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])``."""
    total = int(counts.sum())
    offsets = (np.cumsum(counts) - counts).repeat(counts)
    return starts.repeat(counts) + (np.arange(total, dtype=np.int64) - offsets)


class _Spans(NamedTuple):
    """Term matches: label (a cue, or one of the lists of :data:`_LISTS`), span, and the
    first and last word of a word match (-1 for other matches)."""

    labels: I64
    starts: I64
    ends: I64
    first: I64
    last: I64


class _Found:
    """Cue matches collected so far: (cue, start, end) arrays."""

    def __init__(self) -> None:
        self.parts: list[tuple[I64, I64, I64]] = []

    def add(self, cue: int | I64, starts: I64, ends: I64) -> None:
        if len(starts):
            cues = np.full(len(starts), cue, dtype=np.int64) if isinstance(cue, int) else cue
            self.parts.append((cues, starts, ends))

    def arrays(self) -> tuple[I64, I64, I64]:
        if not self.parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        if len(self.parts) == 1:
            return self.parts[0]
        cues, starts, ends = zip(*self.parts, strict=True)
        return np.concatenate(cues), np.concatenate(starts), np.concatenate(ends)


@dataclass(slots=True)
class _Scan:
    """One canonical text and what every detector reads: the lexicon, the word class
    of each character, the words, and the term matches."""

    text: _Text
    lex: _Lexicon
    classes: npt.NDArray[np.uint8]
    words: tuple[I64, I64]
    terms: _Spans
    digit: Bools
    digits: int


# -- detectors over the canonical text -----------------------------------------------


def _terms(text: _Text, lex: _Lexicon,
           classes: npt.NDArray[np.uint8]) -> tuple[_Spans, tuple[I64, I64]]:
    """Every lexicon term in the text, under each of its labels, and the words (start
    and end of every run of Latin letters or of digits).

    One look-up for all: the hashes of every run of 1 to ``max words`` words, then of
    every span of 1 to 4 characters; a hit on the first 4 characters of a longer term
    is then checked whole. Equal hashes mean equal text, which never holds a newline,
    so no match crosses from one message into the next."""
    empty = np.zeros(0, dtype=np.int64)
    if text.n == 0:
        return _Spans(empty, empty, empty, empty, empty), (empty, empty)
    bounds = np.concatenate(([0], (classes[1:] != classes[:-1]).nonzero()[0] + 1,
                             [text.n])).astype(np.int64)
    keep = classes[bounds[:-1]] != _OTHER
    starts, ends = bounds[:-1][keep], bounds[1:][keep]
    m = len(starts)
    counts = [m + 1 - n for n in range(1, min(int(lex.words.max()), m) + 1)]
    firsts = np.concatenate([np.arange(c, dtype=np.int64) for c in counts] or [starts])
    lasts = np.concatenate([np.arange(n - 1, m, dtype=np.int64)
                            for n in range(1, len(counts) + 1)] or [starts])
    # spans of characters only where a term that is not a word term may start
    cp = np.minimum(text.cp, _TABLE - 1)
    lengths = range(1, min(_PREFIX, text.n) + 1 if lex.opens[cp].any() else 1)
    hashes = np.concatenate([text.hashes(starts[firsts], ends[lasts])]
                            + [text.all_hashes(n) for n in lengths])
    where, index = lex.keys.find(hashes)
    if where.size == 0:
        return _Spans(empty, empty, empty, empty, empty), (starts, ends)
    many = lex.keys.ptr[index + 1] - lex.keys.ptr[index]
    where = where.repeat(many)
    terms = lex.keys.terms[_expand(lex.keys.ptr[index], many)]
    word_span = where < len(firsts)
    keep = (lex.words[terms] > 0) == word_span
    # character spans: block of length n starts at len(firsts) + sum of earlier blocks
    block_starts = len(firsts) + np.concatenate(([0], np.cumsum(
        [text.n + 1 - n for n in lengths])[:-1])).astype(np.int64)
    block = block_starts.searchsorted(where, side="right") - 1
    span = np.minimum(where, max(len(firsts) - 1, 0))  # the word span, when one
    span_s = where - block_starts[np.maximum(block, 0)]
    span_e = span_s + lex.lengths[terms]
    if len(firsts):
        span_s[word_span] = starts[firsts[span[word_span]]]
        span_e[word_span] = ends[lasts[span[word_span]]]
    longer = ~word_span & keep & (lex.lengths[terms] > block + 1)
    if longer.any():
        check = (longer & (span_e <= text.n)).nonzero()[0]
        keep[longer.nonzero()[0]] = False
        keep[check] = text.hashes(span_s[check], span_e[check]) == lex.hashes[terms[check]]
    terms, span_s, span_e, word_span, span = (
        terms[keep], span_s[keep], span_e[keep], word_span[keep], span[keep])
    first = np.full(len(terms), -1, dtype=np.int64)
    last = first.copy()
    if len(firsts):
        first[word_span] = firsts[span[word_span]]
        last[word_span] = lasts[span[word_span]]
    labels = lex.label_ptr[terms + 1] - lex.label_ptr[terms]
    return _Spans(lex.labels[_expand(lex.label_ptr[terms], labels)], span_s.repeat(labels),
                  span_e.repeat(labels), first.repeat(labels), last.repeat(labels)), (
        starts, ends)


def _scan(text: _Text) -> _Scan:
    lex = _lexicon()
    classes = lex.classes[np.minimum(text.cp, _TABLE - 1)]
    terms, words = _terms(text, lex, classes)
    digit = classes == _DIGIT
    return _Scan(text, lex, classes, words, terms, digit, int(np.count_nonzero(digit)))


def _near(scan: _Scan, found: _Found) -> None:
    """The ``near`` rules: a word match of one list, then one of another at most
    ``gap`` words after it, in the same message."""
    labels, starts, ends, first, last = scan.terms
    present = set(np.unique(labels).tolist())
    for a, b, gap, cue in _NEAR:
        if a not in present or b not in present:
            continue
        left = ((labels == a) & (last >= 0)).nonzero()[0]
        right = ((labels == b) & (first >= 0)).nonzero()[0]
        if left.size == 0 or right.size == 0:
            continue
        order = np.argsort(last[left], kind="stable")
        left_last = last[left][order]
        # for each right match: the latest left match ending before it
        pick = left_last.searchsorted(first[right], side="left") - 1
        ok = pick >= 0
        pick = np.maximum(pick, 0)
        chosen = left[order][pick]
        ok &= (first[right] - left_last[pick] <= gap) & (
            scan.text.messages(starts[chosen]) == scan.text.messages(starts[right]))
        found.add(cue, starts[chosen[ok]], ends[right[ok]])


def _adjacent(positions: I64, hits: tuple[I64, I64], *, text: _Text,
              step: int) -> tuple[Bools, I64]:
    """For each position: is there a hit whose first end (``hits[0]``) is the position
    or, across one space, the next one (``step`` +1: after it; -1: before it)? Returns
    that, and the hit's other end (``hits[1]``, the farthest when several)."""
    at, other = hits
    if at.size == 0:
        return np.zeros(len(positions), dtype=np.bool_), positions
    order = np.lexsort((-other * step, at))
    at, other = at[order], other[order]
    first = np.concatenate(([True], at[1:] != at[:-1]))
    at, other = at[first], other[first]
    result = np.zeros(len(positions), dtype=np.bool_)
    far = positions.copy()
    for shift in (0, step):
        wanted = positions + shift
        space = (text.at(positions if step > 0 else positions - 1) == 32) if shift else (
            np.ones(len(positions), dtype=np.bool_))
        index = np.minimum(at.searchsorted(wanted), len(at) - 1)
        hit = ~result & space & (at[index] == wanted)
        result |= hit
        far[hit] = other[index[hit]]
    return result, far


def _money(scan: _Scan, found: _Found) -> None:
    """An amount (digits, with , or . inside, or Chinese numerals) next to a currency
    word or sign, before or after it."""
    labels, starts, ends = scan.terms.labels, scan.terms.starts, scan.terms.ends
    after, before = labels == _AFTER, labels == _BEFORE
    if not (after.any() or before.any()):
        return
    text, cp, digit = scan.text, scan.text.cp, scan.digit
    numeral = scan.lex.numerals[np.minimum(cp, _TABLE - 1)]
    separator = np.zeros(text.n, dtype=np.bool_)
    if text.n > 2:
        separator[1:-1] = ((cp[1:-1] == 44) | (cp[1:-1] == 46)) & digit[:-2] & digit[2:]
    s, e = _runs(digit | numeral | separator)
    if s.size == 0:
        return
    ok_after, far_end = _adjacent(e, (starts[after], ends[after]), text=text, step=1)
    ok_before, far_start = _adjacent(s, (ends[before], starts[before]), text=text, step=-1)
    count = np.concatenate(([0], np.cumsum(digit, dtype=np.int64)))
    has_digit = count[e] > count[s]
    # Chinese numerals alone ("千万不要", never!) are money only before 元/块/钱
    yuan = np.isin(text.at(far_end - 1), (ord("元"), ord("块"), ord("钱")))
    ok = (ok_after & (has_digit | yuan)) | (ok_before & has_digit)
    found.add(_CUE["money"], np.where(ok_before, far_start, s)[ok],
              np.where(ok_after, far_end, e)[ok])


def _phones(scan: _Scan, found: _Found) -> None:
    """Digits in groups joined by single spaces or hyphens, maybe after ``+``: a phone
    number when written +country, or with a run of 8+ digits, or 9-13 digits in
    groups of 3+ (2+ after a leading 0), never glued to a Latin letter."""
    cp, n, classes, digit = scan.text.cp, scan.text.n, scan.classes, scan.digit
    if scan.digits < 7:
        return
    mask = digit.copy()
    if n > 2:
        mask[1:-1] |= ((cp[1:-1] == 32) | (cp[1:-1] == 45)) & digit[:-2] & digit[2:]
        mask[:-1] |= (cp[:-1] == 43) & digit[1:]
    s, e = _runs(mask)
    if s.size == 0:
        return
    count = np.concatenate(([0], np.cumsum(digit, dtype=np.int64)))
    digits = count[e] - count[s]
    run_s, run_e = _runs(digit)
    chunk = s.searchsorted(run_s, side="right") - 1
    longest = np.zeros(len(s), dtype=np.int64)
    np.maximum.at(longest, chunk, run_e - run_s)
    shortest = np.full(len(s), 1 << 30, dtype=np.int64)
    np.minimum.at(shortest, chunk, run_e - run_s)
    groups = np.bincount(chunk, minlength=len(s))
    plus = cp[s] == 43
    zero = cp[s] == 48
    phone = ((plus & (digits >= 7)) | (longest >= 8)
             | ((groups >= 2) & (digits >= 9) & (digits <= 13)
                & ((shortest >= 3) | (zero & (shortest >= 2)))))
    glued = (classes[np.maximum(s - 1, 0)] == _LATIN) & (s > 0)
    glued |= (classes[np.minimum(e, n - 1)] == _LATIN) & (e < n)
    phone &= ~glued
    found.add(_CUE["phone"], s[phone], e[phone])


def _wallets(scan: _Scan, found: _Found) -> None:
    """Wallet address shapes: 0x + 40 hex (Ethereum, BSC), t + 33 (TRON), bc1...
    (Bitcoin bech32), 1/3 + 25-34 mixed letters and digits (Bitcoin legacy)."""
    cp, n, digit = scan.text.cp, scan.text.n, scan.digit
    if n < 26 or scan.digits == 0:
        return
    ascii_letter = (cp >= 97) & (cp <= 122)
    s, e = _runs(ascii_letter | digit)
    length = e - s
    keep = (length >= 26) & (length <= 64)
    s, e, length = s[keep], e[keep], length[keep]
    if s.size == 0:
        return
    hexa = digit | ((cp >= 97) & (cp <= 102))
    hex_count = np.concatenate(([0], np.cumsum(hexa, dtype=np.int64)))
    digit_count = np.concatenate(([0], np.cumsum(digit, dtype=np.int64)))
    digits = digit_count[e] - digit_count[s]
    first, second, third = cp[s], cp[np.minimum(s + 1, n - 1)], cp[np.minimum(s + 2, n - 1)]
    mixed = (digits >= 3) & (length - digits >= 10)
    eth = (length == 42) & (first == 48) & (second == 120) & (
        hex_count[e] - hex_count[s + 2] == 40)
    tron = (length == 34) & (first == 116) & mixed
    bech = (first == 98) & (second == 99) & (third == 49) & (length >= 42)
    legacy = ((first == 49) | (first == 51)) & (length <= 35) & mixed
    hit = eth | tron | bech | legacy
    found.add(_CUE["crypto"], s[hit], e[hit])


def _script_mix(scan: _Scan, found: _Found) -> None:
    """One or two Latin letters glued between letters of an unspaced script (加v信);
    a Latin letter next to a Cyrillic or Greek one (pаypal with a Cyrillic а)."""
    cp, n = scan.text.cp, scan.text.n
    s, e = scan.words
    if s.size:
        short = (scan.classes[s] == _LATIN) & (e - s <= 2) & (s > 0) & (e < n)
        s, e = s[short], e[short]
        unspaced = scan.lex.unspaced[np.minimum(cp, _TABLE - 1)]
        inside = unspaced[s - 1] & unspaced[e] & (cp[s] < 128) & (cp[e - 1] < 128)
        found.add(_CUE["script_mix"], s[inside] - 1, e[inside] + 1)
    if n > 1:
        foreign = (cp >= 0x370) & (cp < 0x500)
        if foreign.any():
            latin = (cp >= 97) & (cp <= 122)
            pair = ((latin[:-1] & foreign[1:]) | (foreign[:-1] & latin[1:])).nonzero()[0]
            found.add(_CUE["script_mix"], pair, pair + 2)


def _hosts(text: _Text, found: _Found) -> None:
    """Links: ``⟨url⟩host`` from canonicalisation and bare ``host.tld`` (or defanged
    ``host[.]tld``); each host is then checked for the link cues; and ``@handles``."""
    url, bare, defanged, handle = _regexes()
    joined = text.text
    hits: list[tuple[int, int, int]] = []
    for match in url.finditer(joined):
        start, end = match.span()
        hits.extend((cue, start, end)
                    for cue in _host_cues(joined[start + len(URL_TOKEN):end]))
    for pattern in (bare, defanged):
        for match in pattern.finditer(joined):
            dot, end = match.span()
            start = dot
            while start > 0 and joined[start - 1] in _HOST_CHARS:
                start -= 1
            if start == dot or (start > 0 and joined[start - 1] in "@\u27e9"
                                and pattern is bare):
                continue  # no name before the dot, an e-mail, or a host already read
            host = joined[start:end].replace("[.]", ".")
            hits.extend((cue, start, end) for cue in _host_cues(host))
    if hits:
        array = np.array(hits, dtype=np.int64)
        found.add(array[:, 0], array[:, 1], array[:, 2])
    spans = [m.span() for m in handle.finditer(joined)]
    if spans:
        array = np.array(spans, dtype=np.int64)
        found.add(_CUE["messaging"], array[:, 0], array[:, 1])


def _host_cues(host: str) -> list[int]:
    host = host.strip(".-")
    cues = [_CUE["link"]]
    if not host:
        return cues
    if host in _SHORTENER_SET:
        cues.append(_CUE["shortener"])
    if host in MESSAGING_HOSTS:
        cues.append(_CUE["messaging"])
    if (_IP.fullmatch(host) or host.rsplit(".", 1)[-1] in _CHEAP_TLD_SET
            or _LOOK_ALIKE.search(host)):
        cues.append(_CUE["risky_link"])
    return cues


_SHORTENER_SET = frozenset(SHORTENERS)
_CHEAP_TLD_SET = frozenset(CHEAP_TLDS)


# -- the disguises, read on the text as received --------------------------------------

_WORD, _LETTER, _LEET, _INVISIBLE, _FANCY, _LATIN_OR_CJK, _SPACE, _LEET_START = (
    1 << i for i in range(8))
_SHORT = 2048
_SPACED_HINT = re.compile(r"\S {1,2}\S {1,2}\S")
_LEET_HINT = re.compile(r"[013457@$][A-Za-z]")


@cache
def _raw_flags() -> npt.NDArray[np.uint8]:
    """Per code point (below U+20000; above reads as U+1FFFF, a word character): the
    flags :func:`_disguised` tests, so one gather classifies the whole text."""
    from counterfraud.classifier.features import word_characters

    flags = np.where(word_characters(), _WORD, 0).astype(np.uint8)
    flags[_TABLE - 1] = _WORD
    for low, high in ((0x41, 0x5A), (0x61, 0x7A)):
        flags[low:high + 1] |= _LETTER | _LATIN_OR_CJK
    flags[0x30:0x3A] |= _LATIN_OR_CJK
    flags[0x4E00:0xA000] |= _LATIN_OR_CJK
    for char in "013457@$":
        flags[ord(char)] |= _LEET
    for char in "0@$":
        flags[ord(char)] |= _LEET_START
    flags[[0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]] |= _INVISIBLE
    for low, high in ((0x1D400, 0x1D7FF), (0x24B6, 0x24E9), (0xFF21, 0xFF3A),
                      (0xFF41, 0xFF5A)):
        flags[low:high + 1] |= _FANCY
    flags[32] |= _SPACE
    return flags


def _disguised(raw: _Text, found: _Found) -> None:
    """Fancy letters (mathematical, circled, full-width Latin), invisible characters
    inside a word, three or more spaced-out single characters, and words with digits
    or signs for letters (y0u, c1ick, pa$$word, 0ffer), never an e-mail or a host."""
    if raw.n == 0:
        return
    flags = _raw_flags()[np.minimum(raw.cp, _TABLE - 1)]
    seen = int(np.bitwise_or.reduce(flags))
    cue = _CUE["disguised"]
    if seen & _FANCY:
        found.add(cue, *_runs((flags & _FANCY) != 0))
    if seen & _INVISIBLE:
        s, e = _runs((flags & _INVISIBLE) != 0)
        inside = (s > 0) & (e < raw.n)
        s, e = s[inside], e[inside]
        inside = ((flags[s - 1] & flags[e]) & _LATIN_OR_CJK) != 0
        found.add(cue, s[inside] - 1, e[inside] + 1)
    word = (flags & _WORD) != 0
    # on a short text, a regex that finds nothing spares the array work (a necessary
    # condition, so the result is the same); on a batch, it would always find something
    short = raw.n < _SHORT
    if not short or _SPACED_HINT.search(raw.text):
        _spaced_out(flags, word, found)
    if seen & _LEET and (not short or _LEET_HINT.search(raw.text)):
        _leet(raw, flags, word, found)


def _spaced_out(flags: npt.NDArray[np.uint8], word: Bools, found: _Found) -> None:
    """Three or more single word characters, each one or two spaces from the next."""
    n = len(flags)
    lone = word.copy()
    lone[1:] &= ~word[:-1]
    lone[:-1] &= ~word[1:]
    single = lone.nonzero()[0]
    if single.size < 3:
        return
    space = (flags & _SPACE) != 0
    gap = np.diff(single)
    after = np.minimum(single[:-1] + 1, n - 1)
    linked = space[after] & ((gap == 2) | ((gap == 3) & space[np.minimum(after + 1, n - 1)]))
    ls, le = _runs(linked)
    long_enough = le - ls >= 2
    found.add(_CUE["disguised"], single[ls[long_enough]], single[le[long_enough]] + 1)


def _leet(raw: _Text, flags: npt.NDArray[np.uint8], word: Bools, found: _Found) -> None:
    """A word of ASCII letters and 0 1 3 4 5 7 @ $, standing alone (no letter, digit or
    mark glued to it; not an e-mail or a host), of 2+ letters with a digit or sign
    between two letters (y0u, c1ick, pa$$word), or of 3+ letters opening with 0 @ $
    (0ffer)."""
    n = raw.n
    letter = (flags & _LETTER) != 0
    leet = (flags & _LEET) != 0
    s, e = _runs(letter | leet)
    letters = np.concatenate(([0], np.cumsum(letter, dtype=np.int64)))
    keep = (e - s >= 3) & (e - s <= 20) & (letters[e] - letters[s] >= 2)
    s, e = s[keep], e[keep]
    before, after, next_char = raw.at(s - 1), raw.at(e), raw.at(e + 1)
    glued = ((before >= 0) & word[np.maximum(s - 1, 0)]) | (
        (after >= 0) & word[np.minimum(e, n - 1)])
    host_or_mail = ((after == 46) & (next_char >= 97) & (next_char <= 122)) | (
        before == 46) | (before == 64)
    s, e = s[~(glued | host_or_mail)], e[~(glued | host_or_mail)]
    if s.size == 0:
        return
    ls, le = _runs(leet)
    token = s.searchsorted(ls, side="right") - 1
    valid = (token >= 0) & (ls < e[np.maximum(token, 0)])
    ls, le, token = ls[valid], le[valid], token[valid]
    letter_after = (le < n) & letter[np.minimum(le, n - 1)]
    inner = (ls > s[token]) & letter_after
    opening = (ls == s[token]) & ((flags[ls] & _LEET_START) != 0) & letter_after & (
        letters[e[token]] - letters[s[token]] >= 3)
    marked = np.zeros(len(s), dtype=np.bool_)
    marked[token[inner | opening]] = True
    found.add(_CUE["disguised"], s[marked], e[marked])


# -- putting it together -------------------------------------------------------------


class _Matches(NamedTuple):
    cues: I64
    starts: I64
    ends: I64
    messages: I64
    raw: Bools


def _match(joined: str, raw_joined: str) -> _Matches:
    """Every cue match of a batch (canonical ``joined``, ``raw_joined`` as received,
    both with one message per line): suppressions applied, overlaps merged."""
    text = _Text(joined)
    scan = _scan(text)
    found = _Found()
    cue_terms = scan.terms.labels < len(CUES)
    found.add(scan.terms.labels[cue_terms], scan.terms.starts[cue_terms],
              scan.terms.ends[cue_terms])
    for detector in (_near, _money, _phones, _wallets, _script_mix):
        detector(scan, found)
    _hosts(text, found)
    cues, starts, ends = found.arrays()
    matches = _Matches(cues, starts, ends, text.messages(starts),
                       np.zeros(len(cues), dtype=np.bool_))
    for suppressed, by in _SUPPRESSED:
        matches = _suppress(matches, suppressed, by)
    raw = _Text(raw_joined)
    disguises = _Found()
    _disguised(raw, disguises)
    cues, starts, ends = disguises.arrays()
    raw_matches = _Matches(cues, starts, ends, raw.messages(starts),
                           np.ones(len(cues), dtype=np.bool_))
    both = _Matches(*(np.concatenate(pair) for pair in zip(matches, raw_matches,
                                                           strict=True)))
    return _merged(both, max(text.n, raw.n) + 1)


def _merged(matches: _Matches, limit: int) -> _Matches:
    """Overlapping matches of one cue in one message become one (公安 inside 公安局,
    a term also found by a ``near`` rule): a cue counts separate pieces of evidence.
    Positions are below ``limit``."""
    if matches.cues.size < 2:
        return matches
    order = np.lexsort((matches.ends, matches.starts, matches.cues, matches.messages))
    cues, starts, ends = matches.cues[order], matches.starts[order], matches.ends[order]
    messages, raw = matches.messages[order], matches.raw[order]
    base = (messages * len(CUES) + cues) * limit  # groups apart: runs never cross them
    reach = np.maximum.accumulate(ends + base)
    first = np.ones(len(cues), dtype=np.bool_)
    first[1:] = starts[1:] + base[1:] >= reach[:-1]
    index = first.nonzero()[0]
    end = np.maximum.reduceat(ends + base, index) - base[index]
    return _Matches(cues[index], starts[index], end, messages[index], raw[index])


def _suppress(matches: _Matches, suppressed: int, by: int) -> _Matches:
    """Drop the ``suppressed`` matches that start at most ``_SUPPRESS_WINDOW``
    characters after the start of a ``by`` match in the same message."""
    cues, starts, _, messages, _ = matches
    target = (cues == suppressed).nonzero()[0]
    source = (cues == by).nonzero()[0]
    if target.size == 0 or source.size == 0:
        return matches
    order = np.argsort(starts[source], kind="stable")
    source_starts, source_messages = starts[source][order], messages[source][order]
    latest = source_starts.searchsorted(starts[target], side="right") - 1
    ok = latest >= 0
    latest = np.maximum(latest, 0)
    ok &= (starts[target] - source_starts[latest] <= _SUPPRESS_WINDOW) & (
        source_messages[latest] == messages[target])
    keep = np.ones(len(cues), dtype=np.bool_)
    keep[target[ok]] = False
    return _Matches(matches.cues[keep], starts[keep], matches.ends[keep], messages[keep],
                    matches.raw[keep])


@cache
def _caps() -> F32:
    return np.array([cue.cap for cue in CUES], dtype=np.float32)


def cue_counts(joined: str, raw: Sequence[str]) -> F32:
    """Capped cue counts, float32 ``(len(raw), len(CUES))``, for a canonical batch
    ``joined`` (``canonicalise_joined(raw)``) and the messages as received ``raw``."""
    n, k = len(raw), len(CUES)
    if n == 0:
        return np.zeros((0, k), dtype=np.float32)
    if joined.count("\n") != n - 1:
        raise InvalidInput(f"the canonical batch holds {joined.count(chr(10)) + 1} messages, "
                           f"not {n}", field="joined")
    matches = _match(joined, _joined(raw))
    counts = np.bincount(matches.messages * k + matches.cues, minlength=n * k)
    out = counts.astype(np.float32).reshape(n, k)
    np.minimum(out, _caps(), out=out)
    return out


def cue_matches(canonical: str, raw: str) -> list[CueMatch]:
    """Every match in one message (its canonical text and the text as received), sorted
    by cue then position: what :func:`cue_counts` counts (before the caps) for
    ``[raw]``. Overlapping matches of one cue are one match."""
    matches = _match(canonical, raw.replace("\n", " "))
    return [CueMatch(c, s, e, r) for c, s, e, r in zip(
        matches.cues.tolist(), matches.starts.tolist(), matches.ends.tolist(),
        matches.raw.tolist(), strict=True)]


def _joined(raw: Sequence[str]) -> str:
    """The messages as received, one per line (a newline inside one becomes a space,
    as canonicalisation does)."""
    joined = "\n".join(raw)
    if joined.count("\n") != len(raw) - 1:
        joined = "\n".join(t.replace("\n", " ") for t in raw)
    return joined

