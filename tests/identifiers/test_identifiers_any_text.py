"""Properties over any text at all: ``normalize`` of every kind, with and without a
region, either returns an identifier that every store can keep or raises InvalidInput
naming the kind; nothing else ever comes out (no parser's own exception, no 500)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from counterfraud.errors import InvalidInput
from counterfraud.identifiers import IdentifierKind, normalize

# Pieces of every kind's syntax, the characters that broke parsers before (C1 controls,
# NUL, brackets of IPv6 hosts), and the prefixes that route text to a sub-parser.
TOKENS = [
    *"0123456789+()[]:/@.-_|~%?#= ", "00", "001", "+1", "(0)", "\x00", "\x80", "\x85",
    "\x9f", "\u200b", "\u3002", "\uff0e", "[.]", "(dot)", "hxxp://", "http://", "https://",
    "tel:", "mailto:", "t.me/", "line.me/ti/p/~", "wa.me/", "api.whatsapp.com/send?phone=",
    "wa:", "whatsapp:", "tg:", "telegram:", "line:", "qq:", ".com", ".co.th", ".中国", "xn--",
    "::", "ffff", "0x", "bc1", "T", "DE", "|", "b:", "n:", "d:", "张伟", "ไทย",
]
ANY_TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=2)), max_size=12)
    .map("".join),
)
REGIONS = st.sampled_from([None, "TH", "CN", "US", "LA", "MM", "GB", "DE"])


@pytest.mark.parametrize("kind", list(IdentifierKind), ids=[k.value for k in IdentifierKind])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=ANY_TEXT, region=REGIONS)
@example(raw="0", region="TH")
@example(raw="+1", region="TH")
@example(raw="(0)", region="TH")
@example(raw="00", region="CN")
@example(raw="001", region="US")
@example(raw="wa:0", region="TH")
@example(raw="http://[::1/", region=None)
@example(raw="http://[x]/", region=None)
@example(raw="[t.me/abcdef", region=None)
@example(raw="ex\x85ample.com", region=None)
@example(raw="http://a.com/x\x00y", region=None)
@example(raw="Zhang\x00Wei", region=None)
def test_only_invalid_input_comes_out(kind: IdentifierKind, raw: str,
                                      region: str | None) -> None:
    try:
        identifier = normalize(kind, raw, region)
    except InvalidInput as e:
        assert e.field == kind.value  # the error names what was being read
        return
    stored = json.dumps(identifier.as_dict(), ensure_ascii=False)
    assert "\x00" not in stored and "\\u0000" not in stored  # PostgreSQL refuses NUL
