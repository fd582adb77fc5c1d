"""A report id given twice in one file (or one batch): the first stored row is kept and
the second is a bad row naming both lines, never a silent replacement."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterfraud.domain import Marking, Viewer
from counterfraud.services import ingest, reports
from counterfraud.services.store import Store

ADMIN = Viewer(None)


def _marking(store: Store, report_id: str) -> Marking:
    return reports.get_report(store, "CN-MPS", report_id, ADMIN).marking


@pytest.mark.parametrize("batch", [1000, 2], ids=["same-batch", "across-batches"])
def test_second_occurrence_in_a_file_is_rejected(store: Store, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 batch: int) -> None:
    monkeypatch.setattr(ingest, "BATCH", batch)
    path = tmp_path / "reports.csv"
    path.write_text("report_id,marking\nR1,TLP:RED\nR2,TLP:GREEN\nR3,TLP:GREEN\n"
                    " R1 ,TLP:GREEN\n", encoding="utf-8")
    result = ingest.ingest_file(store, path, agency="CN-MPS")
    assert (result.accepted, result.new, result.rejected) == (3, 3, 1)
    [error] = result.errors
    assert (error.line, error.field) == (5, "report_id")
    assert "line 2" in error.message and "R1" in error.message
    assert _marking(store, "R1") is Marking.RED


def test_a_rejected_row_does_not_claim_its_id(store: Store) -> None:
    rows = [(1, {"report_id": "R1", "marking": "TLP:BLUE"}),
            (2, {"report_id": "R1", "marking": "TLP:RED"})]
    result = ingest.ingest_records(store, rows, agency="CN-MPS")
    assert (result.accepted, result.rejected) == (1, 1)
    assert [(e.line, e.field) for e in result.errors] == [(1, "marking")]
    assert _marking(store, "R1") is Marking.RED


def test_the_same_id_in_another_file_replaces_the_report(store: Store) -> None:
    ingest.ingest_records(store, [(1, {"report_id": "R1", "marking": "TLP:RED"})],
                          agency="CN-MPS")
    again = ingest.ingest_records(store, [(1, {"report_id": "R1", "marking": "TLP:GREEN"})],
                                  agency="CN-MPS")
    assert (again.accepted, again.new, again.rejected) == (1, 0, 0)
    assert _marking(store, "R1") is Marking.GREEN


def test_rows_numbered_alike_are_still_duplicates(store: Store) -> None:
    """Callers number rows as they like; the same number twice is no excuse."""
    rows = [(1, {"report_id": "R1", "marking": "TLP:RED"}),
            (1, {"report_id": "R1", "marking": "TLP:GREEN"})]
    result = ingest.ingest_records(store, rows, agency="CN-MPS")
    assert (result.accepted, result.rejected) == (1, 1)
    assert _marking(store, "R1") is Marking.RED
