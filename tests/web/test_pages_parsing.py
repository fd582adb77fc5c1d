"""What the record pages compute themselves, without a server: the candidates a search
reads in any text, the pieces the screened text is cut into for marking, and the links
to an identifier's page."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.identifiers import IdentifierKind, normalize
from counterfraud.web.pages.screening import pieces
from counterfraud.web.pages.search import candidates
from counterfraud.web.pages.vocabulary import identifier_href

SPAN = st.tuples(st.integers(-5, 40), st.integers(-5, 40), st.integers(1, 9),
                 st.sampled_from(["ok", "warn", "danger"]))


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("abcdef", [], [("abcdef", ())]),
    ("abcdef", [(1, 3, 1, "warn")], [("a", ()), ("bc", (1,)), ("def", ())]),
    ("abcdef", [(0, 4, 1, "warn"), (2, 6, 2, "danger")],
     [("ab", (1,)), ("cd", (1, 2)), ("ef", (2,))]),
    ("abc", [(-5, 99, 1, "ok"), (2, 2, 2, "warn")], [("abc", (1,))]),
], ids=["none", "one", "overlap", "clipped-and-empty"])
def test_pieces_cut_the_text_at_every_span(text: str, spans: list[tuple[int, int, int, str]],
                                           expected: list[tuple[str, tuple[int, ...]]]
                                           ) -> None:
    assert [(p.text, p.reasons) for p in pieces(text, spans)] == expected


@given(st.text(max_size=40), st.lists(SPAN, max_size=6))
def test_pieces_keep_the_text_and_mark_what_each_span_covers(
        text: str, spans: list[tuple[int, int, int, str]]) -> None:
    found = pieces(text, spans)
    assert "".join(p.text for p in found) == text
    position = 0
    for piece in found:
        covering = {n for s, e, n, _ in spans
                    if max(0, s) <= position and position + len(piece.text) <= min(len(text), e)
                    and min(len(text), e) > max(0, s)}
        assert set(piece.reasons) == covering
        position += len(piece.text)


@given(st.text(max_size=200))
def test_any_text_gives_candidates_or_none(text: str) -> None:
    for region in (None, "TH", "CN"):
        for found in candidates(text, region=region):
            assert found.identifier.value


@pytest.mark.parametrize(("kind", "value"), [
    ("url", "https://pay.example.top/a/../b?x=1&y=%2F#frag"),
    ("phone", "+8613800138000"),
    ("person", "chan vannak|b:1999-08-27|n:KH|d:N9982916"),
    ("handle", "telegram:@mentor_wang"),
], ids=["url", "phone", "person", "handle"])
def test_identifier_links_are_one_path_segment(kind: str, value: str) -> None:
    href = identifier_href(kind, value)
    prefix = f"/console/identifiers/{kind}/"
    assert href.startswith(prefix)
    segment = href[len(prefix):]
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert unquote(segment) == value


def test_a_named_kind_wins() -> None:
    [found] = candidates("phone:081 234 5678", region="TH")
    assert found.identifier == normalize(IdentifierKind.PHONE, "+66812345678")
