"""Rows are in the ingest format and the small world has the advertised shape."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from counterfraud.domain import Marking, ScamType
from counterfraud.simulate import COLUMNS, ID_COLUMNS, SIZES, World, build_world

Rows = list[tuple[str, dict[str, str]]]
EXPECTED_AGENCIES = [("CN-MPS", "CN"), ("TH-CCIB", "TH"), ("LA-MPS", "LA"), ("MM-MPF", "MM")]
CURRENCIES = {"CNY", "THB", "LAK", "MMK", "USD", ""}
MARKINGS = {m.value for m in Marking}


def test_agencies_are_the_four_partners(world: World) -> None:
    assert [(a.code, a.country) for a in world.agencies] == EXPECTED_AGENCIES


def test_small_has_the_advertised_size(world: World, rows: Rows) -> None:
    assert len(rows) == SIZES["small"]
    assert len(world.groups) == 12


@pytest.mark.parametrize("code", [c for c, _ in EXPECTED_AGENCIES])
def test_every_agency_reports(rows: Rows, code: str) -> None:
    assert sum(1 for c, _ in rows if c == code) >= 30


@pytest.mark.parametrize("seed", [7, 1, 42], ids=["seed7", "seed1", "seed42"])
def test_every_scam_type_is_present_in_small(seed: int) -> None:
    rows = list(build_world(seed=seed, size="small").reports())
    assert {r["scam_type"] for _, r in rows} == {s.value for s in ScamType}


def test_gambling_is_about_fifteen_percent(rows: Rows) -> None:
    share = sum(r["scam_type"] == "gambling" for _, r in rows) / len(rows)
    assert 0.10 <= share <= 0.20


def test_rows_have_exactly_the_documented_columns(rows: Rows) -> None:
    for _, row in rows:
        assert tuple(row) == COLUMNS
        assert all(isinstance(v, str) for v in row.values())


@pytest.mark.parametrize(("column", "allowed"), [
    ("marking", MARKINGS),
    ("scam_type", {s.value for s in ScamType}),
    ("loss_currency", CURRENCIES),
    ("victim_country", {"CN", "TH", "LA", "MM", "VN", "MY", ""}),
], ids=["marking", "scam_type", "currency", "victim_country"])
def test_vocabulary_columns(rows: Rows, column: str, allowed: set[str]) -> None:
    assert {r[column] for _, r in rows} <= allowed


def test_markings_are_mostly_amber_and_green(rows: Rows) -> None:
    counts = Counter(r["marking"] for _, r in rows)
    assert counts["TLP:AMBER"] + counts["TLP:GREEN"] > len(rows) * 0.6
    assert 0 < counts["TLP:RED"] < counts["TLP:CLEAR"]


def test_dates_are_iso_and_within_2023_2025(rows: Rows) -> None:
    for _, row in rows:
        occurred = datetime.fromisoformat(row["occurred_at"])
        reported = datetime.fromisoformat(row["reported_at"])
        assert occurred <= reported
        assert 2023 <= occurred.year <= 2025 and 2023 <= reported.year <= 2025
        assert occurred.tzinfo is not None


def test_loss_amounts_are_non_negative_decimals(rows: Rows) -> None:
    for _, row in rows:
        if row["loss_amount"]:
            assert Decimal(row["loss_amount"]) >= 0
            assert row["loss_currency"]
        else:
            assert row["loss_currency"] == ""


def test_report_ids_are_unique_per_agency_and_well_formed(rows: Rows) -> None:
    ids = Counter((code, r["report_id"]) for code, r in rows)
    assert max(ids.values()) == 1
    for code, row in rows:
        match = re.fullmatch(r"([A-Z]{2})-(\d{4})-(\d{6,})", row["report_id"])
        assert match and match.group(1) == code[:2]
        assert match.group(2) == row["reported_at"][:4]


@pytest.mark.parametrize(("country", "script"), [
    ("CN", re.compile(r"[\u4e00-\u9fff]")),
    ("TH", re.compile(r"[\u0e00-\u0e7f]")),
    ("LA", re.compile(r"[A-Za-z]")),
    ("MM", re.compile(r"[A-Za-z]")),
], ids=["chinese", "thai", "lao-english", "burmese-english"])
def test_narratives_are_in_the_agency_language(rows: Rows, country: str,
                                               script: re.Pattern[str]) -> None:
    texts = [r["narrative"] for code, r in rows if code.startswith(country)]
    assert texts and all(script.search(t) for t in texts)


def _has_ids(row: dict[str, str]) -> bool:
    return any(row[c] for c in ID_COLUMNS)


NOISE_CASES = [
    pytest.param(lambda r: not _has_ids(r), 0.01, 0.25, id="nothing-identifiable"),
    pytest.param(lambda r: "hxxp" in r["narrative"] or "[.]" in r["narrative"], 0.005, 0.3,
                 id="obfuscated-url-in-narrative"),
    pytest.param(lambda r: any(h in r["narrative"] for h in ("96110", "1441", "1599", "1191")),
                 0.05, 0.4, id="official-hotline-in-narrative"),
    pytest.param(lambda r: "bit.ly" in r["domains"].split(";"), 0.005, 0.3, id="shortener-domain"),
    pytest.param(lambda r: any(p.startswith("0") for p in r["phones"].split(";")), 0.05, 0.6,
                 id="national-phone-format"),
    pytest.param(lambda r: "-" in r["bank_accounts"] or " " in r["bank_accounts"], 0.02, 0.6,
                 id="account-with-separators"),
    pytest.param(lambda r: "|" in r["persons"], 0.01, 0.3, id="suspect-with-details"),
    pytest.param(lambda r: any(c.isupper() for c in r["domains"] + r["urls"]), 0.02, 0.6,
                 id="upper-case-host"),
]


@pytest.mark.parametrize(("predicate", "low", "high"), NOISE_CASES)
def test_realistic_noise_is_present(rows: Rows, predicate: Any, low: float,
                                    high: float) -> None:
    share = sum(1 for _, r in rows if predicate(r)) / len(rows)
    assert low <= share <= high, f"share {share:.3f}"


def test_identifier_counts_per_row_are_partial(rows: Rows) -> None:
    sizes = [sum(len(r[c].split(";")) for c in ID_COLUMNS if r[c]) for _, r in rows
             if _has_ids(r)]
    assert min(sizes) >= 1 and max(sizes) <= 12
    assert 2 <= sum(sizes) / len(sizes) <= 6


def test_kidnapping_and_job_lure_cases_exist(rows: Rows) -> None:
    counts = Counter(r["scam_type"] for _, r in rows)
    assert counts["kidnapping_ransom"] >= 3 and counts["job_lure"] >= 3
    held = [r for _, r in rows if r["scam_type"] == "kidnapping_ransom"]
    assert any(r["crypto_wallets"] or r["bank_accounts"] for r in held)


def test_national_phone_formats_only_in_their_own_country(rows: Rows) -> None:
    prefixes = {"CN": ("1", "0086"), "TH": ("0",), "LA": ("020", "02"), "MM": ("09",)}
    for code, row in rows:
        for phone in filter(None, row["phones"].split(";")):
            if not phone.startswith("+"):
                assert phone.startswith(prefixes[code[:2]]), (code, phone)


def test_world_groups_are_heavy_tailed(world: World) -> None:
    counts = sorted(g.report_count for g in world.groups)
    assert sum(counts) == SIZES["small"]
    assert counts[-1] >= 2 * counts[len(counts) // 2]


def test_kinds_of_every_group(truth: dict[str, Any]) -> None:
    for group in truth["groups"]:
        kinds = {m["kind"] for m in group["members"]}
        assert {"phone", "handle", "crypto_wallet", "person", "domain", "url"} <= kinds
