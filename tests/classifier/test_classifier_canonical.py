"""Text canonicalisation: the obfuscations it undoes, and its laws."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterfraud.classifier import burmese, canonicalise_with_origin
from counterfraud.classifier.canonical import (
    URL_TOKEN,
    canonicalise,
    canonicalise_joined,
    canonicalise_many,
)
from counterfraud.classifier.canonical import _char_map as char_map
from counterfraud.classifier.canonical import _mapped_char as mapped_char

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
     "http://", "www.", "   ", "hxxps://", "999999", "帳戶", "๐๘",
     # Burmese, Zawgyi and Unicode pieces (digits and the Zawgyi dot below U+1095)
     "ႀကီး", "ေပါက္", "ကြီး", "ပေါက်", "၀", "႕", "ၾက", "္", "ျ", "ရွ"]
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


_LEET = str.maketrans("013457@$", "oieastas")


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
    converted = burmese.has_myanmar(text)  # Zawgyi conversion changes letters
    for i, (char, (start, end)) in enumerate(zip(canonical, spans, strict=True)):
        source = text[start:end]
        if i in tokens or not char.isalpha() or converted:
            continue
        # a letter comes from its own span: as it was, through the table, or as leet
        image = "".join(canonicalise(c) for c in source)
        assert char in source or char in image or _leet_source(char, image), (char, source)
        if len(source) == 1 and canonicalise(source) == source:
            assert char == source or _leet_source(char, source)


# (id, Traditional, Simplified): the same lure in both scripts canonicalises alike.
SCRIPTS = [
    ("account", "您的帳戶已被凍結", "您的账户已被冻结"),
    ("website", "請點擊網址領取獎金", "请点击网址领取奖金"),
    ("fraud", "警方提醒：謹防電信詐騙", "警方提醒：谨防电信诈骗"),
    ("transfer", "立即轉賬到安全賬戶", "立即转账到安全账户"),
    ("customer-service", "加客服微信號領取退款", "加客服微信号领取退款"),
    ("mixed-with-latin", "點擊 http://x.top 驗證 Account", "点击 http://x.top 验证 account"),
]


@pytest.mark.parametrize(("traditional", "simplified"), [c[1:] for c in SCRIPTS],
                         ids=[c[0] for c in SCRIPTS])
def test_traditional_canonicalises_like_simplified(traditional: str, simplified: str) -> None:
    assert canonicalise(traditional) == canonicalise(simplified)
    assert canonicalise_many([traditional, simplified]) == [canonicalise(simplified)] * 2


def test_simplified_text_is_left_as_is() -> None:
    text = "恭喜您中奖了，请点击链接领取，需先缴纳手续费"
    assert canonicalise(text) == text.replace("，", ",")


DIGITS = [
    ("thai", "โทร ๐๘๑๒", "โทร 0812"),
    ("lao", "ໂທ ໐໙໒໐", "ໂທ 0920"),
    ("myanmar", "ဖုန်း ၀၉၄၅", "ဖုန်း 0945"),
    ("khmer", "លេខ ០១២៣", "លេខ 0123"),
    ("arabic-indic", "٠١٢٣ ۴۵۶۷", "0123 4567"),
    ("full-width", "０８１２", "0812"),
    ("devanagari", "९९९", "999"),
    ("tail-rule-applies", "๐๘๑๒๓๔๕๖๗๘", "0812999999"),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in DIGITS],
                         ids=[c[0] for c in DIGITS])
def test_digits_of_every_script_become_ascii(raw: str, expected: str) -> None:
    assert canonicalise(raw) == expected


def test_every_decimal_digit_maps_to_its_value() -> None:
    digits = [chr(c) for c in range(0x20000) if unicodedata.decimal(chr(c), None) is not None]
    assert len(digits) > 500
    for digit in digits:
        assert mapped_char(ord(digit)) == str(unicodedata.decimal(digit)), hex(ord(digit))


def test_character_table_is_its_own_fixed_point() -> None:
    table = char_map()
    changed = np.flatnonzero((table.length != 1)
                             | (table.first != np.arange(len(table.first), dtype=np.uint32)))
    assert len(changed) > 5_000  # NFKD, casefold, invisibles, digits, Traditional Chinese
    for code in changed:
        once = mapped_char(int(code))
        assert "".join(mapped_char(ord(c)) for c in once) == once, hex(code)


def test_shipped_chinese_table_matches_opencc() -> None:
    """The generated table is what the pinned OpenCC gives (the script's --check)."""
    pytest.importorskip("opencc")
    script = Path(__file__).resolve().parents[2] / "scripts" / "make_t2s_table.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
