"""Names in Chinese and Thai script against their Latin spellings: the Latin forms, the
folding, and what person matching makes of them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.domain import ScamType
from counterfraud.identifiers import Identifier, IdentifierKind, normalize
from counterfraud.networks import ReportFacts, Sighting, analyse, build_graph, person_matches
from counterfraud.networks.romanize import (
    MAX_FORMS,
    latin_forms,
    phonetic_key,
    script_of,
    sounds_alike,
)


def _p(raw: str) -> Identifier:
    return normalize(IdentifierKind.PERSON, raw)


@pytest.mark.parametrize(("name", "form"), [
    pytest.param("张伟", "zhang wei", id="han-family-first"),
    pytest.param("王志强", "wang zhiqiang", id="han-given-name-one-word"),
    pytest.param("王 志强", "wang zhiqiang", id="han-spaced"),
    pytest.param("曾国平", "zeng guoping", id="han-family-reading"),
    pytest.param("单国华", "shan guohua", id="han-family-other-reading"),
    pytest.param("欧阳志强", "ouyang zhiqiang", id="han-two-character-family"),
    pytest.param("สมชาย", "somchai", id="thai-rtgs"),
    pytest.param("แสงทอง", "saengthong", id="thai-leading-vowel"),
    pytest.param("Zhang Wei", "zhang wei", id="latin-as-is"),
])
def test_latin_forms(name: str, form: str) -> None:
    assert form in latin_forms(name)


@pytest.mark.parametrize(("name", "script"), [
    ("张伟", "han"), ("สมชาย", "thai"), ("Somchai", "latin"), ("ສົມຊາຍ", "other"),
    ("Aung Kyaw", "latin"), ("အောင်ကျော်", "other"),
], ids=["han", "thai", "latin", "lao", "burmese-in-latin", "burmese"])
def test_script_of(name: str, script: str) -> None:
    assert script_of(name) == script
    assert (latin_forms(name) == ()) is (script == "other")


@pytest.mark.parametrize(("a", "b"), [
    ("张伟", "Zhang Wei"), ("王志强", "Zhiqiang Wang"), ("徐明", "Hsu Ming"), ("吕丽", "Lyu Li"),
    ("曾国平", "Zeng Guoping"), ("欧阳志强", "Ouyang Zhiqiang"),
    ("สมชาย วงศ์สกุล", "Somchai Wongsakul"), ("บุญมา ทองดี", "Boonma Thongdee"),
    ("วันเพ็ญ อินทร์แก้ว", "Wanpen Inkaew"), ("สุดารัตน์ ศรีสุข", "SRISUK Sudarat"),
], ids=["pinyin", "given-name-first", "wade-giles", "u-umlaut", "family-reading",
        "compound-family", "thai-final-l", "thai-oo-ee", "thai-aew", "thai-upper-swapped"])
def test_same_name_across_scripts_sounds_alike(a: str, b: str) -> None:
    assert sounds_alike(a, b) >= 0.8
    assert sounds_alike(b, a) >= 0.8


@pytest.mark.parametrize(("a", "b"), [
    ("张伟", "Li Ming"), ("王志强", "Wang Jianguo"), ("สมชาย วงศ์สกุล", "Anan Boonma"),
    ("สมชาย วงศ์สกุล", "Somsak Srisuk"), ("ສົມຊາຍ", "Somchai"),
], ids=["han-stranger", "han-same-family", "thai-stranger", "thai-near", "lao-not-covered"])
def test_different_names_do_not(a: str, b: str) -> None:
    assert sounds_alike(a, b) < 0.8


@given(st.text(max_size=40))
def test_any_text_folds_to_plain_letters(text: str) -> None:
    forms = latin_forms(text)
    assert len(forms) <= MAX_FORMS
    for form in forms:
        for word in phonetic_key(form):
            assert word and word.isascii() and word.isalpha() and word.islower()
    assert 0.0 <= sounds_alike(text, "Wang Wei") <= 1.0


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8),
                min_size=1, max_size=3))
def test_a_latin_name_sounds_like_itself_in_any_order_and_case(words: list[str]) -> None:
    name = " ".join(words)
    assert sounds_alike(name, name) == 1.0
    assert sounds_alike(" ".join(reversed(words)).upper(), name) == 1.0


@pytest.mark.parametrize(("a", "b", "matched"), [
    pytest.param("王志强|1985-02-03|CN|", "Wang Zhiqiang|1985-02-03||", True,
                 id="han-and-birth-date"),
    pytest.param("王志强|1985-02-03|CN|", "Li Ming|1985-02-03|CN|", False,
                 id="birth-date-alone"),
    pytest.param("สมชาย วงศ์สกุล|1979-05-06|TH|", "Somchai Wongsakul|1979-05-06|TH|", True,
                 id="thai-and-birth-date"),
    pytest.param("สมชาย วงศ์สกุล|1979-05-06|TH|AA1234567",
                 "Somchai Wongsakul|1979-05-06|TH|AA7654321", False, id="other-document"),
    pytest.param("张伟", "Zhang Wei", False, id="name-alone"),
])
def test_person_matches_across_scripts(a: str, b: str, matched: bool) -> None:
    found = person_matches([_p(a), _p(b)])
    assert bool(found) is matched
    if matched:
        [match] = found
        assert {match.a, match.b} == {_p(a), _p(b)}
        assert any(r.startswith("names alike across scripts") for r in match.reasons)
        assert any(r.startswith("same birth date") for r in match.reasons)
        assert 0.5 <= match.score < 0.8  # listed, too weak for a candidate edge


def _facts(*keys: str) -> list[ReportFacts]:
    return [ReportFacts(k, k.split("/")[0], ScamType.INVESTMENT) for k in keys]


def test_shared_neighbours_and_name_make_an_edge_never_a_merge() -> None:
    han, latin = _p("王志强|1985-02-03|CN|"), _p("Zhiqiang Wang|1985-02-03||")
    phones = [normalize(IdentifierKind.PHONE, f"+86138001380{i:02d}") for i in range(3)]
    facts = _facts("CN-MPS/1", "TH-CCIB/1")
    sightings = [Sighting("CN-MPS/1", han), *(Sighting("CN-MPS/1", p) for p in phones),
                 Sighting("TH-CCIB/1", latin), *(Sighting("TH-CCIB/1", p) for p in phones)]
    graph = build_graph(facts, sightings)
    [match] = graph.person_matches
    assert match.score >= graph.options.person_edge_threshold
    assert "3 shared linked identifiers" in match.reasons
    assert "same_person_candidate" in graph.edge(han, latin).link_types
    [network] = analyse(graph).networks
    assert han in network.members and latin in network.members  # two persons, linked


def test_a_weak_match_is_listed_without_an_edge() -> None:
    han, latin = _p("王志强|1985-02-03|CN|"), _p("Wang Zhiqiang|1985-02-03||")
    graph = build_graph(_facts("CN-MPS/1", "TH-CCIB/1"),
                        [Sighting("CN-MPS/1", han), Sighting("TH-CCIB/1", latin)])
    [match] = graph.person_matches
    assert match.score < graph.options.person_edge_threshold
    assert graph.g.ecount() == 0
