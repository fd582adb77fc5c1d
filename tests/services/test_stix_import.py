"""Importing MISP- and OpenCTI-made bundles into a real store: identifiers and blocklist
candidates with their markings and owner, the allowlist winning, nothing lost, nothing
duplicated; and our own exports holding to the OASIS validator and MISP's converter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from misp_stix_converter import stix_2_to_misp
from sqlalchemy import select
from stix2validator import ValidationOptions, validate_instance

from counterfraud.domain import AllowlistEntry, IdentifierKind, MatchType
from counterfraud.errors import InvalidInput
from counterfraud.services import blocklist, ingest
from counterfraud.services.stix import export_bundle, import_bundle
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.stix import Dialect
from counterfraud.store.tables import AgencyRow, BlocklistEntryRow, IdentifierRow

DATA = Path(__file__).parent.parent / "sharing" / "data"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


def _entries(store: Store) -> dict[str, tuple[str, str, str | None, str]]:
    """value -> (marking, confidence, owner code, source) of every blocklist entry."""
    with store.transaction() as session:
        rows = session.execute(
            select(BlocklistEntryRow.value, BlocklistEntryRow.marking,
                   BlocklistEntryRow.confidence, AgencyRow.code, BlocklistEntryRow.source)
            .outerjoin(AgencyRow, AgencyRow.id == BlocklistEntryRow.agency_id))
        return {v: (m, c, a, s) for v, m, c, a, s in rows}


def test_opencti_bundle(store: Store) -> None:
    result = import_bundle(store, _load("opencti_bundle.json"), source="opencti.json",
                           default_agency="TH-CCIB")
    assert result.created == {"blocklist_entry": 5, "identifier": 5}
    assert len(result.skipped) == 3
    assert _entries(store) == {
        "+66812345678": ("TLP:GREEN", "predicted", "TH-CCIB", "feed"),
        "GB33BUKB20201555555555": ("TLP:AMBER+STRICT", "predicted", "TH-CCIB", "feed"),
        "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7": ("TLP:GREEN", "predicted", "TH-CCIB", "feed"),
        "gold-vip.top": ("TLP:GREEN", "predicted", "TH-CCIB", "feed"),
        "https://gold-vip.top/app": ("TLP:GREEN", "predicted", "TH-CCIB", "feed"),
    }
    again = import_bundle(store, _load("opencti_bundle.json"), source="opencti.json",
                          default_agency="TH-CCIB")
    assert again.created == {} and again.unchanged == {"blocklist_entry": 5}


def test_misp_bundle_without_an_owner_belongs_to_the_operator(store: Store) -> None:
    result = import_bundle(store, _load("misp_bundle.json"), source="misp.json")
    assert result.created["blocklist_entry"] == 7
    assert [s for s in result.skipped if "invalid phone" in s]
    entries = _entries(store)
    assert entries["+66812345678"] == ("TLP:AMBER", "predicted", None, "feed")
    assert entries["6222021234567890123"][0] == "TLP:AMBER"


def test_the_allowlist_wins(store: Store) -> None:
    blocklist.install_allowlist(store, [AllowlistEntry(
        IdentifierKind.DOMAIN, "gold-vip.top", MatchType.DOMAIN_TREE, "a real shop")],
        actor="t")
    result = import_bundle(store, _load("opencti_bundle.json"), source="o.json")
    assert "gold-vip.top" not in _entries(store)
    assert "https://gold-vip.top/app" in _entries(store)  # a URL under it may be blocked
    assert [s for s in result.skipped if "allowlist" in s] == [
        "indicator--9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b: domain gold-vip.top is on the "
        "allowlist (a real shop); not blocked"]


def test_a_delisted_entry_stays_delisted(store: Store) -> None:
    entry = blocklist.add_entry(store, blocklist.parse_target("phone", "+66812345678"),
                                actor="t", reason="reports")
    blocklist.delist(store, entry.id, actor="t", reason="appeal upheld")
    import_bundle(store, _load("opencti_bundle.json"), source="o.json")
    with store.transaction() as session:
        assert session.scalar(select(BlocklistEntryRow.status).where(
            BlocklistEntryRow.id == entry.id)) == "delisted"


def test_unknown_default_agency_is_refused(store: Store) -> None:
    with pytest.raises(InvalidInput, match="XX-NONE"):
        import_bundle(store, _load("opencti_bundle.json"), source="o.json",
                      default_agency="XX-NONE")


def test_identifiers_are_kept_even_when_not_blockable(store: Store) -> None:
    bundle = {"type": "bundle", "id": "bundle--1", "objects": [
        {"type": "identity", "spec_version": "2.1", "id": "identity--1",
         "identity_class": "individual", "name": "Zhang Wei"}]}
    result = import_bundle(store, bundle, source="p.json")
    assert result.created == {"identifier": 1}
    with store.transaction() as session:
        assert session.scalar(select(IdentifierRow.value)) == "zhang wei"


@pytest.fixture
def small_world(store: Store) -> Store:
    rows = [(n, {"report_id": f"CN-{n}", "reported_at": "2024-03-01T08:00:00Z",
                 "scam_type": "investment", "marking": marking, "loss_amount": "10",
                 "phones": f"+861380013800{n}", "urls": f"https://shop{n}.top/pay",
                 "domains": f"shop{n}.top", "crypto_wallets":
                     "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7",
                 "handles": f"telegram:kefu_{n}", "persons": "Li Wei",
                 "narrative": "加微信 kefu_8888 投资"})
            for n, marking in enumerate(["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:RED"])]
    ingest.ingest_records(store, rows, agency="CN-MPS")
    blocklist.promote_from_reports(store, min_reports=1)
    return store


@pytest.mark.parametrize("dialect", list(Dialect))
def test_store_export_validates(small_world: Store, dialect: Dialect) -> None:
    result = validate_instance(export_bundle(small_world, for_agency=None, dialect=dialect),
                               ValidationOptions(version="2.1"))
    assert result.errors == [] and result.is_valid


def test_store_export_converts_to_misp(small_world: Store, tmp_path: Path) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(export_bundle(small_world, for_agency=None,
                                             dialect=Dialect.MISP)), encoding="utf-8")
    outcome = stix_2_to_misp(path, classification="internal", output_dir=tmp_path,
                             single_event=True)
    assert "errors" not in outcome, outcome.get("errors")
    assert outcome["success"] == 1


_junk = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                         st.text(max_size=8), inner, max_size=3), max_leaves=10)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_garbled_bundles_never_crash_an_import(small_world: Store, tmp_path: Path,
                                               data: st.DataObject) -> None:
    bundle = export_bundle(small_world, for_agency=None)
    fresh = open_store(Settings(data_dir=tmp_path / "fresh",
                                database_url=f"sqlite:///{tmp_path}/fresh.db"))
    for _ in range(data.draw(st.integers(1, 4))):
        obj = data.draw(st.sampled_from(bundle["objects"]))
        key = data.draw(st.sampled_from([*sorted(obj), "object_refs", "extensions"]))
        obj[key] = data.draw(_junk)
    try:
        result = import_bundle(fresh, bundle, source="garbled.json")
    finally:
        fresh.close()
    assert isinstance(result.skipped, list)


def test_a_bundle_naming_owners_its_sender_does_not_speak_for_is_refused_whole(
        small_world: Store, store: Store) -> None:
    bundle = export_bundle(small_world, for_agency=None)
    with pytest.raises(InvalidInput, match="does not speak for: CN-MPS"):
        import_bundle(store, bundle, source="partner:X", owners=frozenset({"LA-MPS"}))
