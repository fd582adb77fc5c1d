from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.domain import Agreement, LegalBasis, Marking, RecordType, Viewer
from counterfraud.errors import InvalidInput
from counterfraud.sharing.policy import can_change, can_see, validate_agreement

NOW = datetime(2026, 6, 1, tzinfo=UTC)
CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
MOU = Agreement(grantor=CN, grantee=TH, markings=frozenset({Marking.GREEN, Marking.AMBER}),
                record_types=frozenset({RecordType.REPORT}), purpose="fraud cases",
                legal_basis=LegalBasis.BILATERAL_MOU, valid_from=NOW - timedelta(days=30),
                valid_to=NOW + timedelta(days=30))


def _sees(viewer: str | None, marking: Marking, record_type: RecordType = RecordType.REPORT,
          agreements: tuple[Agreement, ...] = (MOU,), owner: str | None = CN,
          at: datetime = NOW) -> bool:
    return can_see(Viewer(viewer), owner=owner, marking=marking, record_type=record_type,
                   agreements=agreements, at=at)


@pytest.mark.parametrize("marking", list(Marking))
def test_owner_and_local_operator_see_everything(marking: Marking) -> None:
    assert _sees(CN, marking, agreements=()) and _sees(None, marking, agreements=())


@pytest.mark.parametrize(("viewer", "marking", "record_type", "expected"), [
    (TH, Marking.CLEAR, RecordType.NETWORK, True),  # public
    (TH, Marking.GREEN, RecordType.REPORT, True),
    (TH, Marking.AMBER, RecordType.REPORT, True),
    (TH, Marking.AMBER, RecordType.SIGHTING, False),  # type not in the agreement
    (TH, Marking.AMBER_STRICT, RecordType.REPORT, False),  # marking not in it
    (TH, Marking.RED, RecordType.REPORT, False),
    (LA, Marking.GREEN, RecordType.REPORT, False),  # no agreement with LA
])
def test_partners_see_what_the_agreement_names(viewer: str, marking: Marking,
                                               record_type: RecordType, expected: bool) -> None:
    assert _sees(viewer, marking, record_type) is expected


@pytest.mark.parametrize(("agreement", "at"), [
    (MOU, NOW - timedelta(days=31)),  # not yet valid
    (MOU, NOW + timedelta(days=30)),  # valid_to is exclusive
    (replace(MOU, revoked_at=NOW - timedelta(seconds=1)), NOW),
    (replace(MOU, grantor=LA), NOW),  # someone else's agreement
])
def test_agreements_out_of_force_or_of_others_grant_nothing(agreement: Agreement,
                                                            at: datetime) -> None:
    assert not _sees(TH, Marking.GREEN, agreements=(agreement,), at=at)


@given(st.sampled_from(list(Marking)), st.sampled_from(list(RecordType)),
       st.sets(st.sampled_from([m for m in Marking if m is not Marking.RED]), min_size=1),
       st.sets(st.sampled_from(list(RecordType)), min_size=1))
def test_red_never_leaves_and_nothing_passes_on(marking: Marking, record_type: RecordType,
                                                markings: set[Marking],
                                                types: set[RecordType]) -> None:
    granted = replace(MOU, markings=frozenset(markings), record_types=frozenset(types))
    to_la = replace(granted, grantor=TH, grantee=LA)  # TH re-sharing CN's records: ignored
    assert not _sees(TH, Marking.RED, record_type, (granted,))
    if marking is not Marking.CLEAR:
        assert not _sees(LA, marking, record_type, (granted, to_la))


@pytest.mark.parametrize(("marking", "expected"), [
    (Marking.CLEAR, True), (Marking.GREEN, True), (Marking.AMBER, False),
    (Marking.AMBER_STRICT, False), (Marking.RED, False)])
def test_operator_records_reach_the_instances_agencies_when_clear_or_green(
        marking: Marking, expected: bool) -> None:
    assert _sees(TH, marking, RecordType.BLOCKLIST_ENTRY, agreements=(), owner=None) is expected


@pytest.mark.parametrize(("change", "field"), [
    ({"grantee": CN}, "grantee"),
    ({"markings": frozenset()}, "markings"),
    ({"markings": frozenset({Marking.AMBER, Marking.RED})}, "markings"),
    ({"record_types": frozenset()}, "record_types"),
    ({"purpose": "  "}, "purpose"),
    ({"valid_from": datetime(2026, 1, 1)}, "valid_from"),  # naive on purpose
    ({"valid_to": NOW - timedelta(days=31)}, "valid_to"),
])
def test_invalid_agreements_name_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as e:
        validate_agreement(replace(MOU, **change))  # type: ignore[arg-type]
    assert e.value.field == field


@pytest.mark.parametrize(("viewer", "owner", "expected"), [
    (CN, CN, True),
    (None, CN, True),  # the instance's operator
    (None, None, True),
    (TH, CN, False),  # a reader through an agreement never changes
    (TH, None, False),  # the operator's own entries: the operator only
    (CN, TH, False),
])
def test_only_the_owner_or_the_operator_changes(viewer: str | None, owner: str | None,
                                                expected: bool) -> None:
    assert can_change(Viewer(viewer), owner=owner) is expected


@given(st.sampled_from([CN, TH, LA, None]), st.sampled_from([CN, TH, LA, None]),
       st.sampled_from(list(Marking)), st.sampled_from(list(RecordType)))
def test_whoever_may_change_may_see(viewer: str | None, owner: str | None, marking: Marking,
                                   record_type: RecordType) -> None:
    if can_change(Viewer(viewer), owner=owner):
        assert _sees(viewer, marking, record_type, agreements=(), owner=owner)
