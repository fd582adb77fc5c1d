"""STIX export and import on real stores (SQLite and PostgreSQL): what each agency may
see, deterministic output, round trips, idempotent and owner-wins imports, pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from counterfraud.domain import Agency, Marking
from counterfraud.services import agreements, blocklist, ingest
from counterfraud.services.access import ensure_agency
from counterfraud.services.stix import export_bundle, export_page, import_bundle
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.stix import TLP2_IDS
from counterfraud.store.tables import AgencyRow, BlocklistEntryRow, LinkRow, ReportRow

MARKINGS = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]


def _rows(agency: str, start: int = 0) -> list[tuple[int, dict[str, object]]]:
    """One report per marking, each naming a phone, a URL and its domain, an account."""
    d = 1 if agency.startswith("CN") else 2
    return [(n, {"report_id": f"{agency}-{n}", "reported_at": f"2024-03-0{n + 1}T08:00:00Z",
                 "scam_type": "investment", "loss_amount": "1200.50", "loss_currency": "CNY",
                 "victim_country": "CN", "marking": marking,
                 "narrative": f"victim paid {agency} {n}",
                 "phones": f"+8613{d}00138{n:03d}", "urls": f"https://gold-vip{d}{n}.top/app",
                 "domains": f"gold-vip{d}{n}.top", "bank_accounts": f"6222021234{d}678{n:05d}"})
            for n, marking in enumerate(MARKINGS, start=start)]


@pytest.fixture
def world(store: Store) -> Store:
    """CN-MPS and TH-CCIB reports of every marking; CN grants TH GREEN and AMBER."""
    for code in ("CN-MPS", "TH-CCIB"):
        ingest.ingest_records(store, _rows(code), agency=code)
    agreements.add_agreement(store, grantor="CN-MPS", grantee="TH-CCIB",
                             markings=["TLP:GREEN", "TLP:AMBER"], record_types=["all"],
                             purpose="joint investigation", legal_basis="bilateral_mou")
    for n, marking in enumerate(("TLP:GREEN", "TLP:RED")):
        blocklist.add_entry(store, blocklist.parse_target("phone", f"+8617012{n}45678"),
                            actor="t", reason="named by victims", agency="CN-MPS",
                            marking=Marking(marking))
    return store


@pytest.fixture
def other_store(tmp_path: Path) -> Iterator[Store]:
    """A second instance that knows none of the agencies."""
    opened = open_store(Settings(data_dir=tmp_path / "other",
                                 database_url=f"sqlite:///{tmp_path}/other.db"))
    yield opened
    opened.close()


def _reports(bundle: dict[str, Any]) -> dict[str, str]:
    """external id -> TLP name of every report in a bundle."""
    names = {v: k.value for k, v in TLP2_IDS.items()}
    return {o["extensions"][next(iter(o["extensions"]))]["external_id"]:
            names[o["object_marking_refs"][0]]
            for o in bundle["objects"] if o["type"] == "report"}


def test_operator_export_holds_everything(world: Store) -> None:
    bundle = export_bundle(world, for_agency=None)
    assert len(_reports(bundle)) == 10
    types = {o["type"] for o in bundle["objects"]}
    assert {"identity", "marking-definition", "extension-definition", "phone-number", "url",
            "domain-name", "bank-account", "relationship", "indicator", "report"} <= types


@pytest.mark.parametrize(("agency", "expected"), [
    ("TH-CCIB", {"CN-MPS-0": "TLP:CLEAR", "CN-MPS-1": "TLP:GREEN", "CN-MPS-2": "TLP:AMBER",
                 **{f"TH-CCIB-{n}": m for n, m in enumerate(MARKINGS)}}),
    ("LA-MPS", {"CN-MPS-0": "TLP:CLEAR", "TH-CCIB-0": "TLP:CLEAR"}),
], ids=["grantee", "no-agreement"])
def test_export_for_an_agency_holds_only_what_it_may_see(
        world: Store, agency: str, expected: dict[str, str]) -> None:
    bundle = export_bundle(world, for_agency=agency)
    assert _reports(bundle) == expected
    text = json.dumps(bundle)
    assert "CN-MPS 4" not in text and "+8613100138004" not in text  # CN's RED report
    indicators = [o for o in bundle["objects"] if o["type"] == "indicator"]
    assert [o["pattern"] for o in indicators] == (
        ["[phone-number:value = '+8617012045678']"] if agency == "TH-CCIB" else [])


def test_reexport_is_byte_identical(world: Store) -> None:
    first = json.dumps(export_bundle(world, for_agency="TH-CCIB"), sort_keys=True)
    assert json.dumps(export_bundle(world, for_agency="TH-CCIB"), sort_keys=True) == first


def test_round_trip_into_another_instance(world: Store, other_store: Store) -> None:
    bundle = export_bundle(world, for_agency="TH-CCIB")
    result = import_bundle(other_store, bundle, source="th.json")
    assert result.skipped == []
    assert result.created["report"] == 8
    assert result.created["agency"] == 2
    with other_store.transaction() as session:
        homes = {c: h for c, h in session.execute(select(AgencyRow.code, AgencyRow.home))}
        markings = {e: m for e, m in session.execute(
            select(ReportRow.external_id, ReportRow.marking))}
        links = session.scalar(select(func.count()).select_from(LinkRow))
        entries = session.execute(select(BlocklistEntryRow.value, BlocklistEntryRow.marking,
                                         BlocklistEntryRow.confidence)).all()
    assert homes == {"CN-MPS": False, "TH-CCIB": False}
    assert markings == _reports(bundle)
    assert links == 8  # each URL hosted on its domain
    assert entries == [("+8617012045678", "TLP:GREEN", "predicted")]
    again = export_bundle(other_store, for_agency=None)
    original = {o["id"]: o for o in bundle["objects"] if o["type"] == "report"}
    copied = {o["id"]: o for o in again["objects"] if o["type"] == "report"}
    assert copied == original


def test_reimport_changes_nothing_and_older_never_wins(world: Store,
                                                       other_store: Store) -> None:
    old = export_bundle(world, for_agency="TH-CCIB")
    import_bundle(other_store, old, source="old.json")
    again = import_bundle(other_store, old, source="old.json")
    assert again.created.get("report", 0) == 0 and again.updated.get("report", 0) == 0
    assert again.unchanged["report"] == 8
    ingest.ingest_records(world, [(1, {**_rows("CN-MPS")[1][1], "narrative": "updated"})],
                          agency="CN-MPS")
    new = export_bundle(world, for_agency="TH-CCIB")
    assert import_bundle(other_store, new, source="new.json").updated == {"report": 1}
    assert import_bundle(other_store, old, source="old.json").updated == {}
    with other_store.transaction() as session:
        assert session.scalar(select(ReportRow.narrative).where(
            ReportRow.external_id == "CN-MPS-1")) == "updated"


def test_records_of_home_agencies_are_never_overwritten(world: Store) -> None:
    bundle = export_bundle(world, for_agency=None)
    result = import_bundle(world, bundle, source="self.json")
    assert len([s for s in result.skipped if "an agency of this instance" in s]) == 10
    assert result.updated == {}


def _ids(bundle: dict[str, Any]) -> list[str]:
    return [*_reports(bundle), *(o["id"] for o in bundle["objects"] if o["type"] == "indicator")]


@pytest.mark.parametrize("limit", [1, 2, 3, 100])
def test_pages_resume_without_gaps_or_repeats(world: Store, limit: int) -> None:
    seen: list[str] = []
    cursor = ""
    while True:
        page = export_page(world, for_agency="TH-CCIB", cursor=cursor, limit=limit)
        assert len(_ids(page.bundle)) <= limit
        seen += _ids(page.bundle)
        cursor = page.cursor
        if not page.has_more:
            break
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(_ids(export_bundle(world, for_agency="TH-CCIB")))
    assert [a.grantor for a in page.agreements] == ["CN-MPS"]
    assert _ids(export_page(world, for_agency="TH-CCIB", cursor=cursor, limit=limit).bundle) == []
    ingest.ingest_records(world, [(1, {**_rows("CN-MPS")[2][1], "narrative": "changed"})],
                          agency="CN-MPS")
    assert _ids(export_page(world, for_agency="TH-CCIB", cursor=cursor,
                            limit=limit).bundle) == ["CN-MPS-2"]


def test_changed_agreements_restart_the_cursor(world: Store) -> None:
    page = export_page(world, for_agency="TH-CCIB", cursor="", limit=100)
    assert {"CN-MPS-0", "CN-MPS-1", "CN-MPS-2"} <= set(_reports(page.bundle))
    later = export_page(world, for_agency="TH-CCIB", cursor=page.cursor, limit=100)
    assert _reports(later.bundle) == {}
    agreements.add_agreement(world, grantor="CN-MPS", grantee="TH-CCIB",
                             markings=["TLP:AMBER+STRICT"], record_types=["report"],
                             purpose="extradition case", legal_basis="mlat")
    restarted = export_page(world, for_agency="TH-CCIB", cursor=page.cursor, limit=100)
    assert {r for r in _reports(restarted.bundle) if r.startswith("CN")} == {
        "CN-MPS-0", "CN-MPS-1", "CN-MPS-2", "CN-MPS-3"}


def test_partner_records_are_never_reexported(world: Store, other_store: Store) -> None:
    ensure_agency(other_store, Agency("LA-MPS", "LA", "Ministry of Public Security"))
    import_bundle(other_store, export_bundle(world, for_agency="TH-CCIB"), source="th.json")
    page = export_page(other_store, for_agency="LA-MPS", cursor="", limit=100)
    assert _reports(page.bundle) == {}


def test_bad_cursor_is_refused(world: Store) -> None:
    with pytest.raises(ValueError, match="cursor"):
        export_page(world, for_agency="TH-CCIB", cursor="v1.bm90IGpzb24", limit=5)


def test_identifier_kinds_in_export(world: Store) -> None:
    bundle = export_bundle(world, for_agency=None)
    accounts = [o for o in bundle["objects"] if o["type"] == "bank-account"]
    assert len(accounts) == 10 and all("account_number" in o for o in accounts)
    phones = [o["value"] for o in bundle["objects"] if o["type"] == "phone-number"]
    assert "+8613100138000" in phones


def test_since_keeps_only_later_changes(world: Store) -> None:
    everything = export_bundle(world, for_agency=None)
    latest = datetime.fromisoformat(max(
        o["modified"] for o in everything["objects"] if o["type"] == "report")) + timedelta(
        milliseconds=1)  # STIX times are to the millisecond
    later = export_bundle(world, for_agency=None, since=latest)
    assert _reports(later) == {}
    ingest.ingest_records(world, [(1, {**_rows("TH-CCIB")[3][1], "narrative": "more"})],
                          agency="TH-CCIB")
    assert list(_reports(export_bundle(world, for_agency=None, since=latest))) == ["TH-CCIB-3"]


def test_an_export_for_an_unknown_agency_is_refused(store: Store) -> None:
    from counterfraud.errors import NotFound

    with pytest.raises(NotFound, match="XX-NONE"):
        export_bundle(store, for_agency="XX-NONE")
