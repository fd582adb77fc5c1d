"""Burmese written in the Zawgyi font encoding, detected and converted to Unicode.

Zawgyi is a legacy font encoding that reuses Myanmar code points for different letters
and glyph variants; it is still common in Myanmar SMS and chat. The same lure typed in
Zawgyi and in Unicode shares few characters, so a model trained on one misses the other
unless Zawgyi text is converted first.

* Detection: the model of Google's ``myanmartools`` :class:`ZawgyiDetector` (a Markov
  model over pairs of characters, shipped in its wheel: no network) gives P(Zawgyi)
  for a text, scored here with numpy (~8 µs for 60 characters instead of ~60 µs).
  Only texts with Myanmar code points (U+1000-109F, U+A9E0-A9FF, U+AA60-AA7F) are
  scored; any other text is left alone without a look-up.
* Conversion: ICU's ``Zawgyi-my`` transform (CLDR rules written by Google), through
  the ``pyicu-wheels`` wheel that bundles ICU.

The threshold is ``P > 0.9`` (:data:`ZAWGYI_THRESHOLD`): converting Unicode text as if
it were Zawgyi garbles it, missing a Zawgyi text only leaves it as it was, so a wrong
conversion costs more than a missed one. Measured on the 1,094 Burmese names of
languages and countries in ICU's own locale data (2-6 words each) and their Zawgyi
forms: 3 Unicode names scored above 0.9 (and their conversion changed nothing), 12% of
the Zawgyi names scored at or below it; on texts of 3 names joined (the length of a
short SMS) no Unicode text scored above 0.9 and 1.5% of Zawgyi texts below (0.2% at 5
names). Raising the threshold to 0.99 would miss 1.5 times as many short Zawgyi texts
for one fewer false alarm.

Both models are loaded on first use, never at import time. The ICU transliterator is
shared behind a lock (ICU does not promise that one instance may run in two threads at
once).
"""

from __future__ import annotations

import math
import re
import threading
import warnings
from functools import cache
from typing import Any

import numpy as np

__all__ = ["MYANMAR", "ZAWGYI_THRESHOLD", "has_myanmar", "is_zawgyi", "to_unicode",
           "zawgyi_probability", "zawgyi_to_unicode"]

#: Myanmar code points: the Myanmar block and Myanmar Extended-A and -B.
MYANMAR = re.compile("[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]")
#: P(Zawgyi) above which a text is converted (see the module docstring for why).
ZAWGYI_THRESHOLD = 0.9

_LOCK = threading.Lock()


class _Detector:
    """myanmartools' model scored with numpy: the same sum of log-likelihood ratios
    over pairs of neighbouring characters as ``ZawgyiDetector.get_zawgyi_probability``
    (a test holds them equal), ~8 times faster than its pure-Python loop. Pairs of two
    foreign characters carry no evidence (NaN), as in the library."""

    def __init__(self) -> None:
        from myanmartools import ZawgyiDetector

        with warnings.catch_warnings():
            # myanmartools 1.2.1 reads its model with importlib.resources.open_binary,
            # deprecated (not removed) in Python 3.11-3.12.
            warnings.simplefilter("ignore", DeprecationWarning)
            detector = ZawgyiDetector()
        # the library's own model, as its detector loaded it (version pinned)
        chars: list[str] = list(detector._chars)
        params = np.array(detector._params, dtype=np.float64)
        params[0] = np.nan
        self.size = len(chars) + 1
        # each code point's state exactly as the library finds it (a binary search over
        # its character list, which is not quite sorted: a few characters, the zero
        # width space among them, are not found and count as foreign)
        self.states = np.array([detector._state(chr(code))
                                for code in range(max(map(ord, chars)) + 1)], dtype=np.int64)
        self.params = params

    def probability(self, text: str) -> float:
        code_points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        known = code_points < len(self.states)
        states = np.zeros(len(code_points) + 2, dtype=np.int64)
        states[1:-1][known] = self.states[code_points[known]]
        ratios = self.params[states[:-1] * self.size + states[1:]]
        ratios = ratios[~np.isnan(ratios)]
        if ratios.size == 0:
            return -math.inf
        total = math.fsum(ratios.tolist())
        if total >= 0:  # P(Zawgyi) = 1 / (1 + exp(total)), without overflow
            z = math.exp(-total)
            return z / (z + 1)
        return 1 / (1 + math.exp(total))


@cache
def _detector() -> _Detector:
    return _Detector()


@cache
def _transliterator() -> Any:
    import icu

    return icu.Transliterator.createInstance("Zawgyi-my")


def has_myanmar(text: str) -> bool:
    """Whether ``text`` holds any Myanmar code point (the only texts worth scoring)."""
    return MYANMAR.search(text) is not None


def zawgyi_probability(text: str) -> float:
    """P(``text`` is Zawgyi) by the myanmartools detector; 0.0 without Myanmar text."""
    if not has_myanmar(text):
        return 0.0
    return _detector().probability(text)


def is_zawgyi(text: str) -> bool:
    """Whether ``text`` is converted: P(Zawgyi) above :data:`ZAWGYI_THRESHOLD`."""
    return zawgyi_probability(text) > ZAWGYI_THRESHOLD


def to_unicode(text: str) -> str:
    """``text`` converted from Zawgyi to Unicode when it is detected as Zawgyi
    (:func:`is_zawgyi`), else ``text`` itself."""
    return zawgyi_to_unicode(text) if is_zawgyi(text) else text


def zawgyi_to_unicode(text: str) -> str:
    """``text`` converted as Zawgyi, unconditionally. Other characters are left as they
    are, but for spaces and invisible characters inside Myanmar text, which ICU may
    drop."""
    transliterator = _transliterator()
    with _LOCK:
        return str(transliterator.transliterate(text))
