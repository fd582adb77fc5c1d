"""Text canonicalisation: the obfuscations it undoes, and its laws."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterfraud.classifier import canonicalise_with_origin
from counterfraud.classifier.canonical import (
    URL_TOKEN,
    canonicalise,
    canonicalise_joined,
    canonicalise_many,
)

CASES = [
    ("full-width", "ＷＩＮＮＥＲ　１２３！", "winner 123!"),
    ("full-width-zh-punctuation", "恭喜您，中奖了！", "恭喜您,中奖了!"),
    ("math-bold", "𝐟𝐫𝐞𝐞 gift", "free gift"),
    ("circled", "ⓕⓡⓔⓔ", "free"),
    ("casefold", "FREE Money ß", "free money ss"),
    ("spaced-letters", "W i n n e r now", "winner now"),
    ("spaced-double-gap", "W i n  n e r", "winner"),
    ("spaced-words", "y o u   w o n", "you won"),
    ("spaced-chinese", "加 微 信 领 取", "加微信领取"),
    ("two-singles-stay", "a b test", "a b test"),
    ("leet", "fr33 m0ney", "free money"),
    ("leet-at-sign", "fr@ud cl1ck", "fraud click"),
    ("leet-handle-kept", "@anna_5544 x2926", "@anna_5544 x2926"),
    ("leet-amount-kept", "win100 now", "win100 now"),
    ("zero-width", "w\u200bin\u200dner\ufeff", "winner"),
    ("soft-hyphen", "ver\u00adify", "verify"),
    ("url-host-kept", "Go to https://www.bit.ly/abc?x=1 now", f"go to {URL_TOKEN}bit.ly now"),
    ("url-defanged-scheme", "hxxps://evil.top/x", f"{URL_TOKEN}evil.top"),
    ("digits-tail", "call 0812345678 or 1599", "call 0812999999 or 1599"),
    ("whitespace", "  a\t\tlot   of\r\nspace  ", "a lot of space"),
    ("newline-inside", "line one\nline two", "line one line two"),
    ("thai-kept", "รหัส OTP ของคุณ", "รหัส otp ของคุณ"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_canonicalise(raw: str, expected: str) -> None:
    assert canonicalise(raw) == expected


def test_batch_joins_with_newlines() -> None:
    texts = ["Ａ", "b\nc", "", "  d  "]
    assert canonicalise_joined(texts) == "a\nb c\n\nd"
    assert canonicalise_many(texts) == ["a", "b c", "", "d"]
    assert canonicalise_many([]) == []


_TRICKY = st.sampled_from(
    [*"aZ1 03@$_.\n\t\u200bＷ１\u3000é\u0301ß加 ิกำ\u00b4\u27e8\u27e9\U0001d41f",
     "http://", "www.", "   ", "hxxps://", "999999"]
)
_TEXT = st.one_of(st.text(max_size=40), st.lists(_TRICKY, max_size=30).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_canonicalise_is_idempotent(text: str) -> None:
    once = canonicalise(text)
    assert canonicalise(once) == once
    assert "\n" not in once


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, max_size=6))
def test_batch_equals_one_by_one(texts: list[str]) -> None:
    assert canonicalise_many(texts) == [canonicalise(t) for t in texts]


# (id, text, [(canonical substring, the original text its characters map to, as a whole)])
ORIGIN_CASES = [
    ("full-width", "ＷＩＮ now", [("win", "ＷＩＮ"), ("now", "now")]),
    ("url-whole", "Go to https://www.bit.ly/abc?x=1 now",
     [(f"{URL_TOKEN}bit.ly", "https://www.bit.ly/abc?x=1"), ("go", "Go"), ("now", "now")]),
    ("glued-letters", "W i n n e r now", [("winner", "W i n n e r"), ("now", "now")]),
    ("leet", "fr33 m0ney", [("free", "fr33"), ("money", "m0ney")]),
    ("zero-width-inside", "w\u200bin", [("win", "w\u200bin")]),
    ("digits-tail", "call 0812345678", [("0812999999", "0812345678")]),
    ("chinese", "恭喜您，中奖了！", [("中奖", "中奖"), (",", "，")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in ORIGIN_CASES],
                         ids=[c[0] for c in ORIGIN_CASES])
def test_origin_of_substrings(text: str, expected: list[tuple[str, str]]) -> None:
    canonical, spans = canonicalise_with_origin(text)
    for piece, original in expected:
        i = canonical.index(piece)
        start, end = spans[i][0], spans[i + len(piece) - 1][1]
        assert text[start:end] == original


@pytest.mark.parametrize(
    ("text", "char", "original"),
    [("a \t\u3000 b", " ", " \t\u3000 "), ("\u00e9t\u00e9", "\u0301", "\u00e9"),
     ("x   y", " ", "   ")],
    ids=["whitespace-run", "nfkd-expansion", "spaces-run"],
)
def test_origin_of_one_character(text: str, char: str, original: str) -> None:
    canonical, spans = canonicalise_with_origin(text)
    start, end = spans[canonical.index(char)]
    assert text[start:end] == original


def _leet_source(char: str, source: str) -> bool:
    """Whether ``char`` is what step 4 makes of a leet character in ``source``."""
    return any(c in "013457@$" and char == c.translate(_LEET) for c in source)


_LEET = str.maketrans("013457@$", "oieatsas")


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_origin_agrees_with_canonicalise(text: str) -> None:
    canonical, spans = canonicalise_with_origin(text)
    assert canonical == canonicalise(text)
    assert len(spans) == len(canonical)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(a[0] <= b[0] and a[1] <= b[1] for a, b in pairwise(spans))
    tokens = {i for m in re.finditer(URL_TOKEN, canonical)
              for i in range(m.start(), m.end())}
    for i, (char, (start, end)) in enumerate(zip(canonical, spans, strict=True)):
        source = text[start:end]
        if i in tokens or not char.isalpha():
            continue
        # a letter comes from its own span: as it was, through the table, or as leet
        image = "".join(canonicalise(c) for c in source)
        assert char in source or char in image or _leet_source(char, image), (char, source)
        if len(source) == 1 and canonicalise(source) == source:
            assert char == source or _leet_source(char, source)
