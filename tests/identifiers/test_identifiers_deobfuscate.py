"""De-obfuscation: the cleaned text and the map back to original offsets."""

from __future__ import annotations

import pytest

from counterfraud.identifiers.deobfuscate import deobfuscate, fold_width

CASES = [
    ("plain", "hello example.com", "hello example.com"),
    ("hxxp", "hxxp://a.com", "http://a.com"),
    ("hxxps-upper", "HXXPS://a.com", "https://a.com"),
    ("h-stars", "h**ps://a.com", "https://a.com"),
    ("bracket-dot", "a[.]com", "a.com"),
    ("paren-dot", "a(.)com", "a.com"),
    ("brace-dot", "a{.}com", "a.com"),
    ("bracket-word", "a[dot]com", "a.com"),
    ("paren-word", "a(DOT)com", "a.com"),
    ("spaced-word", "a dot com", "a.com"),
    ("spaced-bracket", "a [.] com", "a.com"),
    ("bracket-at", "me[at]a.com", "me@a.com"),
    ("paren-at", "me(at)a.com", "me@a.com"),
    ("bracket-colon", "https[:]//a.com", "https://a.com"),
    ("bracket-scheme-sep", "https[://]a.com", "https://a.com"),
    ("full-width", "ｗｗｗ．ａ．ｃｏｍ", "www.a.com"),
    ("ideographic-stop", "a。com", "a.com"),
    ("full-width-digits", "电话１３８", "电话138"),
    ("zero-width", "1\u200b2\u200c3\u200d4\ufeff5\u20606", "123456"),
    ("soft-hyphen", "exam\u00adple.com", "example.com"),
    ("chinese-punctuation-kept", "你好，世界！", "你好，世界！"),
    ("dot-word-in-prose", "the dot is", "the dot is"),
    ("spaced-word-multi", "shop dot co dot th", "shop.co.th"),
]


@pytest.mark.parametrize(("raw", "clean"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cleaned_text(raw: str, clean: str) -> None:
    assert deobfuscate(raw).text == clean


@pytest.mark.parametrize("raw", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_span_map_points_into_the_original(raw: str) -> None:
    cleaned = deobfuscate(raw)
    previous = 0
    for i, char in enumerate(cleaned.text):
        start, end = cleaned.span(i, i + 1)
        assert previous <= start < end <= len(raw)
        previous = start
        if end - start == 1 and char.isdigit():
            assert fold_width(raw[start]) == char
    assert cleaned.span(0, len(cleaned.text)) == (0, len(raw.rstrip("\u2060")))


def test_identity_map_when_lengths_are_unchanged() -> None:
    assert deobfuscate("plain text 138").starts is None
    assert deobfuscate("ｗｗｗ").starts is None  # one-to-one folding keeps offsets


def test_whole_span_of_rewritten_token() -> None:
    cleaned = deobfuscate("x evil[.]com y")
    start = cleaned.text.index("evil")
    assert cleaned.span(start, start + len("evil.com")) == (2, 12)
