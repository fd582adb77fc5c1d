"""What an ingest does with a report id already stored (update, skip or error), with a
bad identifier value (the report is kept, the value flagged), and with a column that
looks like a known one misspelled (the file is refused before anything is stored)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterfraud.domain import Marking, Viewer
from counterfraud.services import ingest, reports
from counterfraud.services.ingest import MisspelledColumns, OnConflict
from counterfraud.services.store import Store
from counterfraud.store.tables import ReportRow

ADMIN = Viewer(None)
FIRST = [(1, {"report_id": "R1", "marking": "TLP:RED"}),
         (2, {"report_id": "R2", "marking": "TLP:RED"})]
AGAIN = [(7, {"report_id": "R1", "marking": "TLP:GREEN"}),
         (8, {"report_id": "R3", "marking": "TLP:GREEN"})]


def _marking(store: Store, report_id: str) -> Marking:
    return reports.get_report(store, "CN-MPS", report_id, ADMIN).marking


def _count(store: Store) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ReportRow)) or 0)


@pytest.mark.parametrize(("choice", "counts", "r1"), [
    (OnConflict.UPDATE, (2, 1, 1, 0, 0), Marking.GREEN),
    (OnConflict.SKIP, (1, 1, 0, 1, 0), Marking.RED),
    (OnConflict.ERROR, (1, 1, 0, 0, 1), Marking.RED),
], ids=["update", "skip", "error"])
def test_a_stored_id_is_updated_skipped_or_an_error(
        store: Store, choice: OnConflict, counts: tuple[int, ...], r1: Marking) -> None:
    ingest.ingest_records(store, FIRST, agency="CN-MPS")
    result = ingest.ingest_records(store, AGAIN, agency="CN-MPS", on_conflict=choice)
    assert (result.accepted, result.new, result.updated, result.skipped,
            result.rejected) == counts
    assert _marking(store, "R1") is r1 and _marking(store, "R3") is Marking.GREEN
    if choice is OnConflict.ERROR:
        [error] = result.errors
        assert (error.line, error.field) == (7, "report_id")
        assert "'R1' is already stored" in error.message
    else:
        assert result.errors == []


def test_a_file_meets_a_stored_id_as_an_error_by_default(store: Store,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("report_id,marking\nR1,TLP:GREEN\nR3,TLP:GREEN\n", encoding="utf-8")
    ingest.ingest_records(store, FIRST, agency="CN-MPS")
    result = ingest.ingest_file(store, path, agency="CN-MPS")
    assert (result.new, result.rejected, result.errors[0].line) == (1, 1, 2)
    assert result.as_dict()["updated"] == 0 and result.as_dict()["skipped"] == 0
    assert _marking(store, "R1") is Marking.RED


def test_a_bad_identifier_value_is_a_warning_and_the_report_is_kept(store: Store) -> None:
    row = {"report_id": "R1", "loss_amount": "5000", "phones": "0812345678;0",
           "handles": "line:@ab", "urls": "https://gold-th.vip/app"}
    result = ingest.ingest_records(store, [(4, row)], agency="TH-CCIB")
    assert (result.accepted, result.rejected) == (1, 0)
    assert [(w.line, w.field) for w in result.warnings] == [(4, "phones"), (4, "handles")]
    assert "'line:@ab'" in result.warnings[1].message
    stored = reports.get_report(store, "TH-CCIB", "R1", ADMIN)
    assert str(stored.loss_amount) == "5000.00"
    assert {ri.identifier.value for ri in stored.identifiers} >= {
        "+66812345678", "https://gold-th.vip/app"}
    assert [(v.field, v.value) for v in stored.rejected_values] == [
        ("phones", "0"), ("handles", "line:@ab")]
    assert stored.as_dict()["rejected_values"][1]["reason"].startswith("invalid handle")


def test_an_update_replaces_the_rejected_values(store: Store) -> None:
    ingest.ingest_records(store, [(1, {"report_id": "R1", "phones": "0"})], agency="TH-CCIB")
    ingest.ingest_records(store, [(1, {"report_id": "R1", "phones": "0812345678"})],
                          agency="TH-CCIB")
    assert reports.get_report(store, "TH-CCIB", "R1", ADMIN).rejected_values == []


@pytest.mark.parametrize(("name", "content", "where"), [
    ("reports.csv", "report_id,phone,url,colour\nR1,0812345678,https://a.top/x,red\n", 1),
    ("reports.jsonl", json.dumps({"report_id": "R0"}) + "\n"
     + json.dumps({"report_id": "R1", "phone": "0812345678", "url": "https://a.top/x",
                   "colour": "red"}) + "\n", 2),
], ids=["csv", "jsonl"])
def test_misspelled_columns_refuse_the_file_before_anything_is_stored(
        store: Store, tmp_path: Path, name: str, content: str, where: int) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MisspelledColumns) as caught:
        ingest.ingest_file(store, path, agency="TH-CCIB")
    message = str(caught.value)
    assert message.startswith(f"{path}:{where}: ")
    assert "phone (did you mean phones?)" in message and "url (did you mean urls?)" in message
    assert "colour" not in message and "--ignore-unknown-columns" in message
    assert _count(store) == 0
    result = ingest.ingest_file(store, path, agency="TH-CCIB", ignore_unknown_columns=True)
    assert result.accepted == 1 + (name == "reports.jsonl")
    assert result.ignored_columns == ["colour", "phone", "url"]
