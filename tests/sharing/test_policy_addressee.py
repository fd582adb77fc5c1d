"""The addressee rule: a request addressed to an agency registered here (a freeze
request to a bank) is visible to it whatever the agreements, unless TLP:RED; and its
SQL form (``store.visibility.visible_to`` with ``addressee_id``, and a bank's queue
built once with ``visible_to_any``) keeps exactly the rows ``sharing.policy.can_see``
allows, over every viewer x marking x addressee x agreement,
on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from tests.services.freeze_world import (
    ACCOUNT,
    BANKS,
    CN,
    LA,
    LA_BANK,
    TH,
    TH_BANK,
    add_banks,
    grant,
    open_case,
)

from counterfraud.cases.requests import create_freeze_request
from counterfraud.domain import OPERATOR, Marking, RecordType, Viewer
from counterfraud.services.store import Store
from counterfraud.sharing.policy import can_answer, can_see
from counterfraud.store import freeze as rows
from counterfraud.store.agencies import get_agency
from counterfraud.store.agreements import list_agreements

VIEWERS = [CN, TH, LA, *(b.code for b in BANKS)]
ADDRESSEES = [None, LA_BANK, TH_BANK]


@pytest.mark.parametrize("marking", list(Marking), ids=lambda m: m.value)
@pytest.mark.parametrize("addressee", [None, "LA-BCEL"], ids=["none", "addressed"])
def test_the_addressee_sees_what_is_addressed_to_it_unless_red(marking: Marking,
                                                              addressee: str | None) -> None:
    seen = can_see(Viewer(agency="LA-BCEL"), owner=CN, marking=marking,
                   record_type=RecordType.FREEZE_REQUEST, agreements=[],
                   at=datetime.now(UTC), addressee=addressee)
    expected = marking is Marking.CLEAR or (addressee is not None and marking is not Marking.RED)
    assert seen is expected


@pytest.mark.parametrize(("viewer", "owner", "addressee", "allowed"), [
    pytest.param(OPERATOR, CN, LA_BANK, True, id="operator"),
    pytest.param(Viewer(agency=LA_BANK), CN, LA_BANK, True, id="addressee"),
    pytest.param(Viewer(agency=CN), CN, LA_BANK, False, id="owner-of-a-delivered-request"),
    pytest.param(Viewer(agency=TH_BANK), CN, LA_BANK, False, id="another-bank"),
    pytest.param(Viewer(agency=CN), CN, None, True, id="owner-records-a-letter's-answer"),
    pytest.param(Viewer(agency=TH), CN, None, False, id="reader-of-a-letter"),
])
def test_who_answers(viewer: Viewer, owner: str, addressee: str | None, allowed: bool) -> None:
    assert can_answer(viewer, owner=owner, addressee=addressee) is allowed


def test_the_sql_form_keeps_what_can_see_allows(store: Store) -> None:
    add_banks(store)
    first, joint = open_case(store, CN), open_case(store, CN)
    grant(store, CN, TH, ["TLP:AMBER"], ["freeze_request"])
    grant(store, CN, LA_BANK, ["TLP:GREEN", "TLP:AMBER"], ["case"])
    grant(store, CN, TH_BANK, ["TLP:GREEN"], ["freeze_request"], case_id=joint)
    now = datetime.now(UTC)
    made: dict[str, tuple[str, Marking, str | None]] = {}
    with store.transaction() as session:
        cn_id, _ = get_agency(session, CN)
        for n, (case_id, marking, addressee) in enumerate(
                itertools.product([first, joint], list(Marking), ADDRESSEES)):
            request = create_freeze_request(
                id=f"FRZ-M{n}", case_id=case_id, requesting_agency=CN,
                addressee=addressee or "a bank by letter", accounts=(ACCOUNT,), actor="t",
                at=now)
            rows.insert_request(session, request, agency_id=cn_id, marking=marking,
                                institution_id=get_agency(session, addressee)[0]
                                if addressee else None)
            made[request.id] = (case_id, marking, addressee)
    with store.transaction() as session:
        agreements = list_agreements(session)
        for code in VIEWERS:
            viewer = Viewer(agency=code)
            in_sql = {s.row.id for s in rows.list_requests(session, viewer, limit=1000)}
            in_policy = {rid for rid, (case_id, marking, addressee) in made.items()
                         if can_see(viewer, owner=CN, marking=marking,
                                    record_type=RecordType.FREEZE_REQUEST,
                                    agreements=agreements, at=datetime.now(UTC),
                                    case_id=case_id, addressee=addressee)}
            assert in_sql == in_policy, code
            # the bank's queue: its statement built once, the viewer bound when it runs
            queued = {s.row.id for s in rows.queue(session, code, limit=1000)}
            assert queued == {rid for rid in in_policy if made[rid][2] == code}, code
    # the matrix is not empty on either side of each rule
    assert any(m is Marking.RED and a == LA_BANK for _, m, a in made.values())
