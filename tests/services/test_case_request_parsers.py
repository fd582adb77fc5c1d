"""The words the takedown and suspect services read (statuses, legal bases, report
formats): any text is one of the known values or InvalidInput naming the field."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.cases.states import SuspectStatus, TakedownStatus
from counterfraud.cases.suspects import HandoverBasis
from counterfraud.errors import InvalidInput
from counterfraud.services import suspects, takedowns
from counterfraud.services.takedowns import ReportFormat

PARSERS: list[tuple[Callable[[str], Any], type[StrEnum], str]] = [
    (takedowns.parse_status, TakedownStatus, "status"),
    (suspects.parse_status, SuspectStatus, "status"),
    (suspects.parse_basis, HandoverBasis, "handover.basis"),
    (ReportFormat.parse, ReportFormat, "format"),
]
IDS = ["takedown-status", "suspect-status", "handover-basis", "report-format"]


@pytest.mark.parametrize(("parse", "kind", "field"), PARSERS, ids=IDS)
def test_every_value_reads_in_any_case_and_spacing(parse: Callable[[str], Any],
                                                   kind: type[StrEnum], field: str) -> None:
    for value in kind:
        assert parse(f"  {value.value.upper()} ") is value


@pytest.mark.parametrize(("raw", "expected"), [
    ("extradition", HandoverBasis.EXTRADITION_TREATY),
    ("Extradition treaty", HandoverBasis.EXTRADITION_TREATY),
    ("MLAT", HandoverBasis.MLAT), ("deportation", HandoverBasis.DEPORTATION),
])
def test_legal_bases_as_officers_write_them(raw: str, expected: HandoverBasis) -> None:
    assert suspects.parse_basis(raw) is expected


@pytest.mark.parametrize(("parse", "kind", "field"), PARSERS, ids=IDS)
@given(raw=st.text(max_size=40))
def test_any_text_is_a_value_or_names_the_field(parse: Callable[[str], Any],
                                                kind: type[StrEnum], field: str,
                                                raw: str) -> None:
    try:
        found = parse(raw)
    except InvalidInput as e:
        assert e.field == field and "unknown" in str(e)
    else:
        assert isinstance(found, kind)
