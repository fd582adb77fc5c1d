"""The files of ``examples/`` that the README's tour uses: every report column shown and
read without a warning, ids apart from the demo world's, the STIX bundles valid and read
whole, the labelled texts enough to train on in every language."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from misp_stix_converter import stix_2_to_misp
from stix2validator import ValidationOptions, validate_instance

from counterfraud.classifier import read_labelled_csv
from counterfraud.domain import Agency, ScamType
from counterfraud.report_rows import KNOWN_COLUMNS
from counterfraud.services import ingest
from counterfraud.services.access import ensure_agency
from counterfraud.services.records import columns_of
from counterfraud.services.stix import import_bundle
from counterfraud.services.store import Store
from counterfraud.simulate import build_world

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
REPORTS = ["reports.csv", "reports.jsonl"]


def _ids(name: str) -> list[str]:
    path = EXAMPLES / name
    if name.endswith(".csv"):
        with path.open(encoding="utf-8", newline="") as f:
            return [row["report_id"] for row in csv.DictReader(f)]
    return [json.loads(line)["report_id"] for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("name", REPORTS)
def test_report_files_show_every_column_and_read_cleanly(store: Store, name: str) -> None:
    assert set(columns_of(EXAMPLES / name)) == KNOWN_COLUMNS
    ensure_agency(store, Agency("KH-NCB", "KH", "National Cybercrime Bureau"))
    result = ingest.ingest_file(store, EXAMPLES / name, agency="KH-NCB")
    assert (result.accepted, result.rejected, result.warnings, result.ignored_columns) == (
        12, 0, [], [])


def test_report_ids_are_apart_from_each_other_and_from_the_demo() -> None:
    ids = [i for name in REPORTS for i in _ids(name)]
    demo = {row["report_id"] for _, row in build_world(seed=7, size="small").reports()}
    assert len(set(ids)) == len(ids) == 24 and not set(ids) & demo


def test_reports_cover_every_scam_type() -> None:
    types = {row["scam_type"] for name in REPORTS for row in _rows(name)}
    assert types == {t.value for t in ScamType}


def _rows(name: str) -> list[dict[str, Any]]:
    path = EXAMPLES / name
    if name.endswith(".csv"):
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("name", ["opencti-export.json", "misp-export.json"])
def test_stix_bundles_are_valid_and_read_whole(store: Store, name: str) -> None:
    bundle = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert validate_instance(bundle, ValidationOptions(version="2.1")).is_valid
    result = import_bundle(store, bundle, source=name, default_agency="TH-CCIB")
    assert result.skipped == []
    assert result.created["blocklist_entry"] >= 6


def test_the_misp_bundle_is_what_misp_reads(tmp_path: Path) -> None:
    outcome = stix_2_to_misp(EXAMPLES / "misp-export.json", classification="internal",
                             output_dir=tmp_path, single_event=True)
    assert "errors" not in outcome, outcome.get("errors")
    assert outcome["success"] == 1


def test_labelled_texts_hold_both_classes_in_every_language() -> None:
    rows = read_labelled_csv(EXAMPLES / "labelled.csv")
    assert rows.errors == [] and len(rows.texts) >= 100
    with (EXAMPLES / "labelled.csv").open(encoding="utf-8", newline="") as f:
        pairs = {(row["lang"], row["label"]) for row in csv.DictReader(f)}
    assert pairs == {(lang, label) for lang in ("zh", "th", "en", "lo", "my")
                     for label in ("scam", "legit")}


def test_messages_to_screen_are_readable() -> None:
    lines = (EXAMPLES / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["text"] for line in lines)
