"""Cases in the store, on SQLite and PostgreSQL: the whole pure record survives a round
trip, the query columns follow it, the identifiers it names are indexed, ids are handed
out once, and of two writers who read one version only the first may save."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from counterfraud.cases import model
from counterfraud.cases.states import CaseStatus
from counterfraud.cases.templates import case_from_template
from counterfraud.domain import Marking, ScamType
from counterfraud.errors import Conflict, InvalidInput
from counterfraud.identifiers import normalize
from counterfraud.services.store import Store
from counterfraud.store import cases as rows
from counterfraud.store import migrate
from counterfraud.store.agencies import get_agency
from counterfraud.store.case_records import to_document
from counterfraud.store.case_tables import CaseIdentifierRow, CaseNetworkRow, CaseRow
from counterfraud.store.tables import IdentifierRow

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
PHONE = normalize("phone", "+8613800138000")
WALLET = normalize("crypto_wallet", "0x52908400098527886E0F7030069857D2E4169EE7")


def _case(case_id: str = "CN-MPS-000001") -> model.Case:
    return case_from_template(ScamType.INVESTMENT, id=case_id, owner="CN-MPS",
                              title="Fake trading platform", actor="officer", at=T0,
                              identifiers=(PHONE, WALLET))


def _row(store: Store, case_id: str) -> CaseRow:
    with store.transaction() as session:
        row = session.get(CaseRow, case_id)
        assert row is not None
        session.expunge(row)
        return row


def test_a_case_comes_back_equal_with_its_columns_and_identifiers(store: Store) -> None:
    case = _case()
    with store.transaction() as session:
        rows.insert_case(session, case)
    row = _row(store, case.id)
    assert rows.load_case(row) == case
    assert (row.title, row.scam_type, row.marking, row.pap, row.status, row.version) == (
        "Fake trading platform", "investment", "TLP:AMBER", "PAP:GREEN", "open", 1)
    assert row.opened_at == T0 and row.closed_at is None
    with store.transaction() as session:
        held = set(session.execute(
            select(IdentifierRow.kind, IdentifierRow.value)
            .join(CaseIdentifierRow, CaseIdentifierRow.identifier_id == IdentifierRow.id)
            .where(CaseIdentifierRow.case_id == case.id)))
    assert held == {("phone", PHONE.value), ("crypto_wallet", WALLET.value)}


def test_saving_moves_the_version_the_columns_and_the_identifiers(store: Store) -> None:
    case = _case()
    with store.transaction() as session:
        rows.insert_case(session, case)
    url = normalize("url", "https://pay.example-scam.top/login")
    changed = model.add_identifier(
        model.remark(model.move_case(case, CaseStatus.INVESTIGATING, actor="o",
                                     at=T0 + timedelta(hours=1)),
                     tlp=Marking.GREEN, actor="o", at=T0 + timedelta(hours=2)),
        url, actor="o", at=T0 + timedelta(hours=3))
    with store.transaction() as session:
        row = session.get(CaseRow, case.id)
        assert row is not None
        assert rows.save_case(session, row, changed) == 2
    row = _row(store, case.id)
    assert rows.load_case(row) == changed
    assert (row.status, row.marking, row.version) == ("investigating", "TLP:GREEN", 2)
    with store.transaction() as session:
        assert session.scalar(select(CaseIdentifierRow.case_id).join(
            IdentifierRow, IdentifierRow.id == CaseIdentifierRow.identifier_id).where(
            IdentifierRow.kind == "url", IdentifierRow.value == url.value)) == case.id


def test_closed_at_is_the_last_close_and_clears_on_reopening(store: Store) -> None:
    case = _case()
    with store.transaction() as session:
        rows.insert_case(session, case)
    steps = [(CaseStatus.INVESTIGATING, 1), (CaseStatus.ACTION, 2),
             (CaseStatus.CLOSED_UNSOLVED, 3)]
    for status, hours in steps:
        case = model.move_case(case, status, actor="o", at=T0 + timedelta(hours=hours))
    closed = T0 + timedelta(hours=3)
    with store.transaction() as session:
        row = session.get(CaseRow, case.id)
        assert row is not None
        rows.save_case(session, row, case)
    assert _row(store, case.id).closed_at == closed
    reopened = model.move_case(case, CaseStatus.INVESTIGATING, actor="o",
                               at=T0 + timedelta(hours=4))
    with store.transaction() as session:
        row = session.get(CaseRow, case.id)
        assert row is not None
        rows.save_case(session, row, reopened)
    assert _row(store, case.id).closed_at is None


def test_of_two_writers_who_read_one_version_the_second_gets_a_conflict(
        store: Store) -> None:
    case = _case()
    with store.transaction() as session:
        rows.insert_case(session, case)
    first, second = _row(store, case.id), _row(store, case.id)
    noted = model.add_note(case, "first writer", actor="a", at=T0 + timedelta(minutes=1))
    other = model.add_note(case, "second writer", actor="b", at=T0 + timedelta(minutes=2))
    with store.transaction() as session:
        rows.save_case(session, first, noted)
    with pytest.raises(Conflict, match=f"case {case.id} was changed by someone else"), \
            store.transaction() as session:
        rows.save_case(session, second, other)
    assert rows.load_case(_row(store, case.id)) == noted


def test_case_ids_are_numbered_per_agency_and_never_reused(store: Store) -> None:
    with store.transaction() as session:
        ids = [rows.next_case_id(session, "CN-MPS") for _ in range(3)]
        ids.append(rows.next_case_id(session, "TH-CCIB"))
    with pytest.raises(RuntimeError), store.transaction() as session:
        rows.next_case_id(session, "CN-MPS")
        raise RuntimeError("rolled back: the number taken is given again")
    with store.transaction() as session:
        ids.append(rows.next_case_id(session, "CN-MPS"))
    assert ids == ["CN-MPS-000001", "CN-MPS-000002", "CN-MPS-000003", "TH-CCIB-000001",
                   "CN-MPS-000004"]


@pytest.mark.parametrize(("field", "value"), [
    pytest.param("status", "closed", id="unknown-status"),
    pytest.param("timeline", [], id="empty-timeline"),
    pytest.param("owner", "nobody", id="bad-owner"),
])
def test_a_row_edited_into_an_impossible_case_is_refused_when_read(
        store: Store, field: str, value: object) -> None:
    case = _case()
    with store.transaction() as session:
        rows.insert_case(session, case)
    document = dict(_row(store, case.id).document)
    document[field] = value
    with store.transaction() as session:
        session.execute(update(CaseRow).where(CaseRow.id == case.id)
                        .values(document=document))
    with pytest.raises(InvalidInput, match=f"case {case.id}: the stored record is not valid"):
        rows.load_case(_row(store, case.id))


def test_the_networks_a_case_links_are_indexed_also_for_cases_stored_before(
        store: Store) -> None:
    linked = model.link_network(_case(), "N-000007", actor="o", at=T0 + timedelta(hours=1))
    with store.transaction() as session:
        rows.insert_case(session, linked)
    assert _networks(store) == {(linked.id, "N-000007")}
    migrate.downgrade(store.engine, "0014")  # a case stored before case_networks existed
    with store.transaction() as session:
        older = replace(linked, id="CN-MPS-000002")
        session.add(CaseRow(id=older.id, agency_id=get_agency(session, "CN-MPS")[0],
                            title=older.title, scam_type="investment", marking="TLP:AMBER",
                            pap="PAP:GREEN", status="open", opened_at=T0, version=1,
                            document=to_document(older)))
    migrate.upgrade(store.engine)
    assert _networks(store) == {(linked.id, "N-000007"), ("CN-MPS-000002", "N-000007")}


def _networks(store: Store) -> set[tuple[str, str]]:
    with store.transaction() as session:
        return {(c, n) for c, n in session.execute(
            select(CaseNetworkRow.case_id, CaseNetworkRow.network_id))}
