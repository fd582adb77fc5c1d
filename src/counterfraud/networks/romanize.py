"""Latin forms of person names written in Chinese (Han) or Thai script, so that the
suspect one agency records as ``王志强`` or ``สมชาย วงศ์สกุล`` can be compared with the
"Wang Zhiqiang" or "Somchai Wongsakul" of another agency's report.

- Han: pinyin without tones (pypinyin). A name written without spaces is read as the
  family name (its first character; the first two in a four-character name, 欧阳 or 司马)
  and the given name (the rest, one word), the way Latin documents write it; a
  one-character family name is tried in each of its readings (曾: zeng or ceng, 单: shan
  or dan), so a name can have a few Latin forms.
- Thai: the Royal Thai General System (RTGS, pythainlp's ``royin`` rules), word by word.
  It runs offline on the rules and word list the package ships; it is loaded on first use
  and never writes its data directory or downloads anything.
- Other scripts (Lao, Burmese, Khmer ...) have no Latin form here: such names are
  compared only by exact spelling, document, birth date and neighbours.

:func:`phonetic_key` then folds any Latin form so that the usual spellings of one name
meet: ``Boonma``/``bunma``, ``Thongdee``/``thongdi``, ``Inkaew``/``inkaeo``,
``Wongsakul``/``wongsakun`` (a Thai final l or r sounds n), ``Hsu``/``xu``, ``Lyu``/``lv``.
Folding loses distinctions on purpose: a name alone never links two persons (see
:mod:`counterfraud.networks.persons`), it only adds to a document, a birth date or shared
neighbours.
"""

from __future__ import annotations

import difflib
import os
import re
from functools import cache, lru_cache
from itertools import permutations, product
from typing import Protocol

__all__ = ["latin_forms", "phonetic_key", "script_of", "sounds_alike"]

MAX_FORMS = 4  # Latin forms kept per name (family-name readings)
MAX_WORDS = 4  # word orders are tried up to this many words (4! = 24 orders)
_CACHED = 1 << 16  # names whose Latin forms are remembered (a build meets each many times)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_LETTERS = re.compile(r"[^a-z]+")
# (spelling, folded) applied in order to each word of a Latin name
_FOLDS = (("hs", "x"), ("ts", "c"), ("oo", "u"), ("ee", "i"), ("ew", "eo"), ("aw", "ao"),
          ("yu", "v"), ("ph", "p"), ("th", "t"), ("kh", "k"), ("ch", "c"))
_VOWEL_Y = re.compile(r"(?<=[aeiou])y")
_DOUBLED = re.compile(r"(.)\1+")
_FINAL = re.compile(r"[lr]$")


class _Romanizer(Protocol):
    def __call__(self, text: str, engine: str = ...) -> str: ...


def script_of(name: str) -> str:
    """``"han"``, ``"thai"``, ``"latin"`` (ASCII only) or ``"other"``."""
    if _HAN.search(name):
        return "han"
    if _THAI.search(name):
        return "thai"
    return "latin" if name.isascii() else "other"


@lru_cache(maxsize=_CACHED)
def latin_forms(name: str) -> tuple[str, ...]:
    """The Latin spellings ``name`` may have been recorded under, lower case, words in
    the name's order; ``(name,)`` for a Latin name, ``()`` for a script not covered."""
    script = script_of(name)
    if script == "latin":
        return (name.lower(),)
    if script == "other":
        return ()
    words = name.split()
    if script == "thai":
        thai = _thai()
        return (" ".join(thai(w, engine="royin") if _THAI.search(w) else w.lower()
                         for w in words),)
    options = [_han_word(w, family=len(words) == 1 and len(w) > 1) for w in words]
    forms = [" ".join(chosen) for chosen in product(*options)]
    return tuple(dict.fromkeys(forms))[:MAX_FORMS]


def _han_word(word: str, *, family: bool) -> list[str]:
    """Latin forms of one written word; ``family``: split off the family name."""
    from pypinyin import Style, lazy_pinyin, pinyin

    if not _HAN.search(word):
        return [word.lower()]
    if not family:
        return ["".join(lazy_pinyin(word, style=Style.NORMAL)).lower()]
    cut = 2 if len(word) == 4 else 1
    head = "".join(lazy_pinyin(word[:cut], style=Style.NORMAL)).lower()
    readings = pinyin(word[0], style=Style.NORMAL, heteronym=True)[0] if cut == 1 else []
    given = "".join(lazy_pinyin(word[cut:], style=Style.NORMAL)).lower()
    return [f"{r.lower()} {given}" for r in dict.fromkeys([head, *readings])]


@cache
def _thai() -> _Romanizer:
    # Read-only: no data directory in the user's home, no corpus download.
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    from pythainlp.transliterate import romanize

    return romanize


def phonetic_key(latin: str) -> tuple[str, ...]:
    """The words of a Latin name, folded (see the module docstring), in their order."""
    words = []
    for word in latin.lower().replace("-", " ").split():
        w = _LETTERS.sub("", word)
        for spelling, folded in _FOLDS:
            w = w.replace(spelling, folded)
        w = _VOWEL_Y.sub("i", _DOUBLED.sub(r"\1", w))
        w = _FINAL.sub("n", w) if len(w) > 2 else w
        if w:
            words.append(w)
    return tuple(words)


def sounds_alike(a: str, b: str, *, floor: float = 0.0) -> float:
    """How alike two names sound once both are in Latin letters and folded: the best
    ``difflib`` ratio over their Latin forms and the word orders of ``a`` (family name
    first or last); 0.0 when either has no Latin form. Ratios below ``floor`` may be
    given as 0.0 (they are not worked out: most pairs of names are strangers)."""
    best = 0.0
    for left in _orders(a):
        for right in _keys(b):
            matcher = difflib.SequenceMatcher(None, left, right)
            bar = max(best, floor)
            if matcher.real_quick_ratio() >= bar and matcher.quick_ratio() >= bar:
                best = max(best, matcher.ratio())
                if best == 1.0:
                    return best
    return best


@lru_cache(maxsize=_CACHED)
def _keys(name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(" ".join(phonetic_key(form)) for form in latin_forms(name)))


@lru_cache(maxsize=_CACHED)
def _orders(name: str) -> tuple[str, ...]:
    """Every Latin form of ``name`` folded, in every word order (up to MAX_WORDS words)."""
    out: dict[str, None] = {}
    for form in latin_forms(name):
        words = phonetic_key(form)
        for order in permutations(words) if len(words) <= MAX_WORDS else [words]:
            out[" ".join(order)] = None
    return tuple(out)
