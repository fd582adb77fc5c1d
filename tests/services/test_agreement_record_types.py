"""``all`` in an agreement's record types: every type but victims, whose personal data
leaves its agency only under an agreement that names them."""

from __future__ import annotations

import pytest

from counterfraud.domain import RecordType
from counterfraud.errors import InvalidInput
from counterfraud.services.agreements import parse_record_types


def test_all_names_every_record_type_but_victims() -> None:
    assert parse_record_types(["all"]) == frozenset(RecordType) - {RecordType.VICTIM}


@pytest.mark.parametrize("raw", [["all", "victim"], ["victim", "all"], ["ALL", " Victim "]])
def test_victims_are_carried_only_when_named(raw: list[str]) -> None:
    assert parse_record_types(raw) == frozenset(RecordType)


@pytest.mark.parametrize("raw, expected", [
    (["freeze-request"], {RecordType.FREEZE_REQUEST}),
    (["takedown_request", "case"], {RecordType.TAKEDOWN_REQUEST, RecordType.CASE}),
])
def test_names_are_read_with_dashes_or_underscores(raw: list[str],
                                                   expected: set[RecordType]) -> None:
    assert parse_record_types(raw) == expected


def test_an_unknown_type_is_named() -> None:
    with pytest.raises(InvalidInput, match="'victims'") as refused:
        parse_record_types(["victims"])
    assert refused.value.field == "record_types"
