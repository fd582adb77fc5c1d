"""Display names: what people read for an identifier (a person's name and nationality),
never its birth date or document number."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, IdentifierKind, display_name, normalize

PERSONS = [
    ("Chan Vannak|1999-08-27|KH|N9982916", "Chan Vannak (KH)"),
    ("zheng bin", "Zheng Bin"),
    ("Xie Jiahao|1976-11-16|CN|", "Xie Jiahao (CN)"),
    ("Aung Wai|||MB356027", "Aung Wai"),
    ("O’Brien, Seán|1990-01-01|IE|", "O'brien Seán (IE)"),
    ("Jean-Luc Picard", "Jean-Luc Picard"),
    ("邓学成|1994-04-18|CN|E14265077", "邓学成 (CN)"),
    ("วิชัย อินทร์แก้ว|1984-05-16|TH|1702140484", "วิชัย อินทร์แก้ว (TH)"),
]


@pytest.mark.parametrize(("raw", "shown"), PERSONS, ids=[s for _, s in PERSONS])
def test_a_person_reads_as_name_and_nationality(raw: str, shown: str) -> None:
    assert display_name(normalize("person", raw)) == shown


def test_a_person_read_back_from_its_key_alone() -> None:
    """Identifiers read from the store carry no details: the key is enough."""
    bare = Identifier(IdentifierKind.PERSON, "chan vannak|b:1999-08-27|n:KH|d:N9982916")
    assert display_name(bare) == "Chan Vannak (KH)"


@pytest.mark.parametrize(("kind", "value"), [
    ("phone", "+8562020370195"), ("handle", "telegram:btcvip"),
    ("url", "https://bit.ly/sqauz3d"), ("crypto_wallet", "TQNF1ci12NQn53kMwMvRkv2FpMTTqhrFVS"),
], ids=["phone", "handle", "url", "wallet"])
def test_other_kinds_read_as_their_value(kind: str, value: str) -> None:
    assert display_name(normalize(kind, value)) == value


_NAMES = st.text(st.characters(categories=["Lu", "Ll", "Lo", "Mn"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(first=_NAMES, last=_NAMES,
       birth=st.dates(min_value=date(1900, 1, 1)),
       nationality=st.sampled_from(["CN", "TH", "LA", "MM", "KH", "", "VN"]),
       document=st.from_regex(r"[A-Z]{1,2}[0-9]{6,9}", fullmatch=True))
def test_no_birth_date_or_document_in_a_display_name(first: str, last: str, birth: date,
                                                     nationality: str, document: str) -> None:
    try:
        person = normalize("person", f"{first} {last}|{birth}|{nationality}|{document}")
    except InvalidInput:
        return  # a name that normalises to nothing is refused elsewhere
    shown = display_name(person)
    assert str(birth) not in shown and document not in shown.upper().replace(" ", "")
    assert "|" not in shown and shown.endswith(f"({nationality})") is bool(nationality)
    name = shown.removesuffix(f" ({nationality})") if nationality else shown
    assert len(name.split()) == len(person.value.split("|")[0].split())
