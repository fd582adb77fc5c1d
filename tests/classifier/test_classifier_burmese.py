"""Zawgyi detection and conversion: the library's own test data, known pairs, and what
happens to Unicode Burmese and to text without Myanmar characters."""

from __future__ import annotations

import math
import random
import warnings
from importlib import resources

import icu
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from myanmartools import ZawgyiDetector

from counterfraud.classifier import burmese
from counterfraud.classifier.canonical import canonicalise, canonicalise_many

# (id, Zawgyi, Unicode): the examples of python-myanmar's converter and lures written
# for these tests.
PAIRS = [
    ("knowledge", "ဉာဏ္ႀကီးရွင္", "ဉာဏ်ကြီးရှင်"),
    ("benefit", "အက်ိဳးတရား", "အကျိုးတရား"),
    ("prize", "ဆုႀကီးေပါက္ပါၿပီ 5000000 က်ပ္ ရယူရန္ ဆက္သြယ္ပါ http://x.top",
     "ဆုကြီးပေါက်ပါပြီ 5000000 ကျပ် ရယူရန် ဆက်သွယ်ပါ http://x.top"),
    ("meeting-dot-below", "မဂၤလာပါ မနက္ျဖန္ 9 နာရီ ေတြ႕ၾကမယ္",
     "မင်္ဂလာပါ မနက်ဖြန် 9 နာရီ တွေ့ကြမယ်"),
    ("zero-for-wa", "၀ယ္ပါ", "ဝယ်ပါ"),
]


@pytest.mark.parametrize(("zawgyi", "unicode"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_zawgyi_canonicalises_like_unicode(zawgyi: str, unicode: str) -> None:
    assert burmese.is_zawgyi(zawgyi)
    assert not burmese.is_zawgyi(unicode)
    assert burmese.to_unicode(zawgyi) == unicode
    assert canonicalise(zawgyi) == canonicalise(unicode)
    assert canonicalise_many([zawgyi, "plain", unicode]) == [canonicalise(unicode), "plain",
                                                            canonicalise(unicode)]


@pytest.mark.parametrize("unicode", [p[2] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_unicode_burmese_is_left_as_is(unicode: str) -> None:
    assert burmese.to_unicode(unicode) == unicode
    assert canonicalise(unicode) == canonicalise_many([unicode])[0]


def test_unicode_burmese_keeps_its_characters() -> None:
    text = "မင်္ဂလာပါ မနက်ဖြန် နာရီ တွေ့ကြမယ်"
    assert canonicalise(text) == text


def _compatibility_rows() -> list[tuple[float, str]]:
    """myanmartools' own test data: expected P(Zawgyi) and the text."""
    data = resources.files("myanmartools.resources").joinpath("compatibility.tsv")
    rows = []
    for line in data.read_text(encoding="utf-8").splitlines():
        probability, text = line.split("\t", 1)
        rows.append((float(probability), text))
    return rows


def test_detector_matches_the_library_test_data() -> None:
    rows = _compatibility_rows()
    assert len(rows) > 40
    for expected, text in rows:
        got = burmese.zawgyi_probability(text)
        if expected == -math.inf:  # no Myanmar text: never scored, never converted
            assert not burmese.is_zawgyi(text)
        elif burmese.has_myanmar(text):
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), text


_MYANMAR_TEXT = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x1000, max_codepoint=0x109F),
    st.characters(min_codepoint=0xA9E0, max_codepoint=0xA9FF),
    st.sampled_from(" a1\u200b\u200c\t帳ไ\U0001d41f"),
), max_size=40)


@pytest.fixture(scope="module")
def library_detector() -> ZawgyiDetector:
    with warnings.catch_warnings():  # its model is read with a deprecated function
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


@settings(max_examples=300, deadline=None)
@given(_MYANMAR_TEXT)
def test_detector_scores_like_the_library(library_detector: ZawgyiDetector,
                                          text: str) -> None:
    expected = library_detector.get_zawgyi_probability(text)
    if burmese.has_myanmar(text):
        assert burmese.zawgyi_probability(text) == pytest.approx(expected, rel=1e-9,
                                                                 abs=1e-12)


@pytest.mark.parametrize("text", ["", "plain English 123", "恭喜您中奖", "ยินดีด้วย",
                                  "digits ၅၂၀"],
                         ids=["empty", "english", "chinese", "thai", "myanmar-digits"])
def test_text_without_zawgyi_is_not_converted(text: str) -> None:
    assert burmese.to_unicode(text) == text


def _burmese_names() -> list[str]:
    """Real Burmese text: ICU's names of languages and countries in Burmese."""
    names = set()
    locale = icu.Locale("my")
    for other in icu.Locale.getAvailableLocales().values():
        names.add(str(other.getDisplayName(locale)))
    return sorted(n for n in names if burmese.has_myanmar(n))


def test_zawgyi_messages_canonicalise_like_unicode() -> None:
    """Messages of three Burmese names, written in Zawgyi by ICU's reverse transform,
    canonicalise like the Unicode ones (94% here: the rest are Zawgyi texts the detector
    scores below the threshold, and round trips where ICU puts ``ှ`` and ``်`` back
    in the other order). No Unicode message is taken for Zawgyi."""
    names = _burmese_names()
    to_zawgyi = icu.Transliterator.createInstance("my-Zawgyi")
    rng = random.Random(5)
    messages = [" ".join(rng.sample(names, 3)) for _ in range(300)]
    zawgyi = [str(to_zawgyi.transliterate(m)) for m in messages]
    pairs = [(z, u) for z, u in zip(zawgyi, messages, strict=True) if z != u]
    assert len(pairs) > 250
    same = sum(canonicalise(z) == canonicalise(u) for z, u in pairs)
    assert same / len(pairs) >= 0.9
    assert not any(burmese.is_zawgyi(u) for u in messages)
