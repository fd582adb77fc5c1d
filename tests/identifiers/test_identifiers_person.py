"""Persons: normalized name with optional birth date, nationality and document."""

from __future__ import annotations

import pytest

from counterfraud.identifiers import InvalidIdentifier, normalize

PERSONS = [
    ("Zhang Wei", "zhang wei"),
    ("  ZHANG   Wei ", "zhang wei"),
    ("Zhang Wei||CN|E12345678", "zhang wei|n:CN|d:E12345678"),
    ("Zhang Wei|1985-03-07|cn|e-1234 5678", "zhang wei|b:1985-03-07|n:CN|d:E12345678"),
    ("Zhang Wei|1985/3/7", "zhang wei|b:1985-03-07"),
    ("Zhang Wei|||P1234567", "zhang wei|d:P1234567"),
    ("zhang wei|b:1985-03-07|n:CN|d:E12345678", "zhang wei|b:1985-03-07|n:CN|d:E12345678"),
    ("zhang wei|d:E1", "zhang wei|d:E1"),
    ("O’Brien, Seán", "o'brien seán"),
    ("Jean-Luc Picard!", "jean-luc picard"),
    ("张伟", "张伟"),
    ("约翰·史密斯", "约翰 史密斯"),
    ("Ｚｈａｎｇ　Ｗｅｉ", "zhang wei"),
    ("สมชาย ใจดี", "สมชาย ใจดี"),
    ("STRASSE", "strasse"),
    ("Straße", "strasse"),
]


@pytest.mark.parametrize(("raw", "value"), PERSONS, ids=[r for r, _ in PERSONS])
def test_person(raw: str, value: str) -> None:
    identifier = normalize("person", raw)
    assert identifier.value == value
    assert normalize("person", identifier.value).value == value


def test_person_details() -> None:
    details = normalize("person", "Zhang Wei|1985-03-07|CN|E12345678").details
    assert details == {"name": "zhang wei", "birth_date": "1985-03-07",
                       "nationality": "CN", "document": "E12345678"}


PERSON_REJECTS = [
    ("", "empty"),
    ("!!!", "no name"),
    ("Zhang Wei|1985-13-01", "birth date"),
    ("Zhang Wei|07/03/1985", "birth date"),
    ("Zhang Wei|1850-01-01", "before 1900"),
    ("Zhang Wei||XX", "nationality"),
    ("Zhang Wei||CHN", "nationality"),
    ("a|b|c|d|e", "expected"),
    ("zhang wei|n:CN|n:TH", "repeated"),
    ("zhang wei|n:CN|x", "segment"),
]


@pytest.mark.parametrize(("raw", "reason"), PERSON_REJECTS,
                         ids=[r or "empty" for r, _ in PERSON_REJECTS])
def test_person_rejects(raw: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("person", raw)
    assert reason in caught.value.reason
