from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterfraud.errors import NotFound
from counterfraud.services import ingest
from counterfraud.services.store import Store
from counterfraud.store.tables import ReportIdentifierRow, ReportRow

GOOD = {"report_id": "CN-1", "reported_at": "2024-03-01T08:00:00+08:00",
        "scam_type": "investment", "loss_amount": "20000", "loss_currency": "CNY",
        "phones": "138 0013 8000", "marking": "TLP:GREEN"}
CSV = """report_id,reported_at,scam_type,loss_amount,phones,marking,narrative
CN-1,2024-03-01,investment,20000,13800138000,TLP:GREEN,加微信 kefu_8888 投资
CN-2,not-a-date,investment,5,,TLP:AMBER,
CN-3,2024-03-02,romance,100,,TLP:PURPLE,
CN-4,2024-03-03,loan,-3,,,
CN-5,2024-03-04,prize,,+8613900139000,TLP:RED,"multi
line narrative"
"""


def _reports(store: Store) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ReportRow)) or 0)


def test_csv_keeps_good_rows_and_names_bad_ones(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(CSV, encoding="utf-8")
    result = ingest.ingest_file(store, path, agency="CN-MPS")
    assert (result.accepted, result.rejected) == (2, 3)
    assert [(e.line, e.field) for e in result.errors] == [
        (3, "reported_at"), (4, "marking"), (5, "loss_amount")]
    assert _reports(store) == 2


def test_jsonl_with_broken_lines(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    lines = [json.dumps(GOOD), "{not json", "[1, 2]", "",
             json.dumps({**GOOD, "report_id": "CN-2", "phones": ["+8613900139000"]})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest.ingest_file(store, path, agency="CN-MPS")
    assert (result.accepted, result.rejected) == (2, 2)
    assert [e.line for e in result.errors] == [2, 3]


def test_reingesting_creates_no_duplicates(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(CSV, encoding="utf-8")
    first = ingest.ingest_file(store, path, agency="CN-MPS")
    again = ingest.ingest_file(store, path, agency="CN-MPS",
                               on_conflict=ingest.OnConflict.UPDATE)
    assert (first.new, again.new, again.updated, again.accepted) == (2, 0, 2, 2)
    assert _reports(store) == 2


def test_unknown_columns_are_reported(store: Store) -> None:
    result = ingest.ingest_records(store, [(1, {**GOOD, "colour": "red"})], agency="CN-MPS")
    assert result.accepted == 1 and result.ignored_columns == ["colour"]


@pytest.mark.parametrize(("content", "message"), [
    (b"id,phones\n1,2\n", "no report_id column"),
    (b"report_id\n\xff\xfe\n", "not UTF-8"),
], ids=["no-report-id", "not-utf8"])
def test_unreadable_files(store: Store, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ingest.UnreadableFile, match=message):
        ingest.ingest_file(store, path, agency="CN-MPS")


def test_unknown_agency(store: Store) -> None:
    with pytest.raises(NotFound, match="agency add"):
        ingest.ingest_records(store, [(1, GOOD)], agency="XX-NOPE")


def test_a_crash_mid_file_leaves_whole_reports_only(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second batch fails while writing: the first batch stays, nothing half-written."""
    monkeypatch.setattr(ingest, "BATCH", 3)
    real_save = ingest.save_reports
    calls = {"n": 0}

    def failing_save(session, agency_id, reports, **options):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        saved = real_save(session, agency_id, reports, **options)
        if calls["n"] == 2:
            raise RuntimeError("disk unplugged")
        return saved

    monkeypatch.setattr(ingest, "save_reports", failing_save)
    rows = [(i, {**GOOD, "report_id": f"CN-{i}"}) for i in range(1, 8)]
    with pytest.raises(RuntimeError):
        ingest.ingest_records(store, rows, agency="CN-MPS")
    with store.transaction() as session:
        stored = session.scalars(select(ReportRow.id)).all()
        orphans = session.scalar(select(func.count()).select_from(ReportIdentifierRow).where(
            ReportIdentifierRow.report_id.not_in(stored)))
    assert len(stored) == 3 and orphans == 0
