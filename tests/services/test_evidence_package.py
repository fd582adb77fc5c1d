from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from counterfraud.domain import ApiRole, Viewer
from counterfraud.errors import InvalidInput, NotFound
from counterfraud.services import access, agreements, audit, federation, ingest, networks
from counterfraud.services.evidence import export_evidence, verify_evidence
from counterfraud.services.instance_key import public_key
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.signing import (
    fingerprint,
    load_private_key,
    new_private_key_pem,
    public_key_text,
)

TH = Viewer(agency="TH-CCIB", role=ApiRole.ANALYST)
GANG = [("A1", "+8613800138001", "https://a-invest.top/app", "TLP:GREEN"),
        ("A2", "+8613800138001", "https://a-invest.top/vip", "TLP:AMBER"),
        ("A3", "+8613800138002", "https://a-invest.top/app", "TLP:RED"),
        ("A4", "+8613800138002", "https://a-invest.top/pay", "TLP:AMBER")]


@pytest.fixture
def world(store: Store) -> Store:
    records = [(i, {"report_id": rid, "phones": phone, "urls": url, "marking": marking,
                    "scam_type": "investment", "narrative": f"report {rid}"})
               for i, (rid, phone, url, marking) in enumerate(GANG, 1)]
    assert ingest.ingest_records(store, records, agency="CN-MPS").rejected == 0
    agreements.add_agreement(store, grantor="CN-MPS", grantee="TH-CCIB",
                             markings=["TLP:GREEN"], record_types=["all"],
                             purpose="joint case", legal_basis="mlat")
    networks.build(store)
    return store


def _network_id(store: Store) -> str:
    (found,) = networks.networks(store, Viewer(None))
    return found.id


def _read(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _write(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_a_network_package_holds_what_backs_it(world: Store, tmp_path: Path) -> None:
    network_id = _network_id(world)
    package = export_evidence(world, network_id, tmp_path / "n.zip", viewer=Viewer(None))
    files = _read(tmp_path / "n.zip")
    assert package.reports == 4
    assert {"network.json", "network.md", "identifiers.json", "links.json", "provenance.json",
            "manifest.json", "signature.json", "README.txt"} <= set(files)
    assert json.loads(files["network.json"])["id"] == network_id
    provenance = {p["report"]: p for p in json.loads(files["provenance.json"])}
    assert set(provenance) == {f"CN-MPS/{r[0]}" for r in GANG}
    assert provenance["CN-MPS/A3"]["marking"] == "TLP:RED"
    assert provenance["CN-MPS/A1"]["source"] == "this instance"
    assert all(p["file"] in files for p in provenance.values())
    links = json.loads(files["links.json"])
    assert links and all(set(li["evidence"]) <= set(provenance) for li in links)
    manifest = json.loads(files["manifest.json"])
    assert {f["path"] for f in manifest["files"]} == set(files) - {"manifest.json",
                                                                   "signature.json"}
    entry = audit.entries(world)[-1]
    assert (entry.action, entry.id, entry.hash) == ("export", manifest["audit_entry"]["id"],
                                                    manifest["audit_entry"]["hash"])
    assert verify_evidence(tmp_path / "n.zip", public_key(world.settings)).valid


def test_only_what_the_recipient_may_see_goes_in(world: Store, tmp_path: Path) -> None:
    network_id = _network_id(world)
    package = export_evidence(world, network_id, tmp_path / "th.zip", viewer=TH)
    files = _read(tmp_path / "th.zip")
    reports = sorted(n for n in files if n.startswith("reports/"))
    assert reports == ["reports/CN-MPS/A1.json"] and package.reports == 1
    assert b"A2" not in files["identifiers.json"] + files["links.json"]
    assert json.loads(files["manifest.json"])["for"] == "TH-CCIB"


def test_a_report_package_and_unknown_targets(world: Store, tmp_path: Path) -> None:
    package = export_evidence(world, "CN-MPS/A2", tmp_path / "r.zip", viewer=Viewer(None))
    assert package.reports == 1
    with pytest.raises(NotFound):
        export_evidence(world, "CN-MPS/A2", tmp_path / "x.zip", viewer=TH)  # AMBER
    with pytest.raises(NotFound):
        export_evidence(world, "N-999999", tmp_path / "x.zip", viewer=Viewer(None))
    assert not (tmp_path / "x.zip").exists()


def _changed_byte(files: dict[str, bytes]) -> str:
    files["reports/CN-MPS/A1.json"] = files["reports/CN-MPS/A1.json"].replace(b"A1", b"A9")
    return "reports/CN-MPS/A1.json"


def _removed(files: dict[str, bytes]) -> str:
    del files["links.json"]
    return "links.json"


def _added(files: dict[str, bytes]) -> str:
    files["reports/CN-MPS/A5.json"] = b"{}"
    return "reports/CN-MPS/A5.json"


def _signature_replaced(files: dict[str, bytes]) -> str:
    signature = json.loads(files["signature.json"])
    signature["signature"] = signature["signature"][::-1]
    files["signature.json"] = json.dumps(signature).encode()
    return "signature.json: signature"


@pytest.mark.parametrize("tamper", [_changed_byte, _removed, _added, _signature_replaced],
                         ids=lambda f: f.__name__)
def test_tampered_packages_are_named(world: Store, tmp_path: Path,
                                     tamper: Callable[[dict[str, bytes]], str]) -> None:
    export_evidence(world, _network_id(world), tmp_path / "n.zip", viewer=Viewer(None))
    files = _read(tmp_path / "n.zip")
    fault = tamper(files)
    report = verify_evidence(_write(tmp_path / "t.zip", files), public_key(world.settings))
    assert (report.valid, report.fault) == (False, fault)


def test_a_flipped_byte_in_the_zip_is_named(world: Store, tmp_path: Path) -> None:
    export_evidence(world, "CN-MPS/A1", tmp_path / "r.zip", viewer=Viewer(None))
    raw = bytearray((tmp_path / "r.zip").read_bytes())
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        info = archive.getinfo("reports/CN-MPS/A1.json")
    raw[info.header_offset + 30 + len(info.filename) + 2] ^= 0xFF  # inside its data
    (tmp_path / "flipped.zip").write_bytes(bytes(raw))
    report = verify_evidence(tmp_path / "flipped.zip", public_key(world.settings))
    assert (report.valid, report.fault) == (False, "reports/CN-MPS/A1.json")


def _flipped(path: Path, member: str) -> Path:
    """``path`` with a byte of ``member``'s compressed data flipped: reading it fails."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    raw[info.header_offset + 30 + len(info.filename) + 2] ^= 0xFF
    out = path.with_name("flipped-" + path.name)
    out.write_bytes(bytes(raw))
    return out


def test_the_signature_is_checked_before_any_file_is_read(world: Store,
                                                         tmp_path: Path) -> None:
    """A package signed by a key not trusted here is refused on its signature alone: the
    damaged file in it is never read (nor would a huge one be hashed)."""
    export_evidence(world, "CN-MPS/A1", tmp_path / "r.zip", viewer=Viewer(None))
    damaged = _flipped(tmp_path / "r.zip", "reports/CN-MPS/A1.json")
    stranger = public_key_text(load_private_key(new_private_key_pem()))
    for key in (stranger, None):
        report = verify_evidence(damaged, key)
        assert (report.valid, report.fault) == (False, "signature.json: signature")
        assert report.signer == fingerprint(public_key(world.settings))


def test_sizes_and_members_are_checked_before_any_file_is_read(world: Store,
                                                               tmp_path: Path) -> None:
    export_evidence(world, "CN-MPS/A1", tmp_path / "r.zip", viewer=Viewer(None))
    files = _read(tmp_path / "r.zip")
    files["reports/CN-MPS/A1.json"] += b" " * 4096  # larger than the manifest says
    damaged = _flipped(_write(tmp_path / "big.zip", files), "reports/CN-MPS/A1.json")
    report = verify_evidence(damaged, public_key(world.settings))
    assert (report.valid, report.fault) == (False, "reports/CN-MPS/A1.json")
    assert "size" in report.message


def test_a_member_the_manifest_does_not_list_is_refused_even_a_folder(
        world: Store, tmp_path: Path) -> None:
    export_evidence(world, "CN-MPS/A1", tmp_path / "r.zip", viewer=Viewer(None))
    with zipfile.ZipFile(tmp_path / "r.zip", "a") as archive:
        archive.writestr(zipfile.ZipInfo("reports/extra/"), b"")
    report = verify_evidence(tmp_path / "r.zip", public_key(world.settings))
    assert (report.valid, report.fault) == (False, "reports/extra/")


def test_without_a_key_only_this_instance_and_its_partners_are_trusted(
        world: Store, tmp_path: Path) -> None:
    export_evidence(world, "CN-MPS/A1", tmp_path / "own.zip", viewer=Viewer(None))
    own = verify_evidence(tmp_path / "own.zip", None, settings=world.settings)
    assert (own.valid, own.signer_verified, own.trusted_as) == (True, True, "this instance")
    assert not verify_evidence(tmp_path / "own.zip", None).valid  # nothing trusted

    partner = Settings(data_dir=tmp_path / "partner",
                       database_url=f"sqlite:///{tmp_path}/partner/cf.db")
    theirs = open_store(partner)
    try:
        access.add_agency(theirs, code="CN-MPS", country="CN", name="MPS")
        assert ingest.ingest_records(theirs, [(1, {"report_id": "P1", "marking": "TLP:GREEN",
                                                   "phones": "+8613800138009"})],
                                     agency="CN-MPS").rejected == 0
        export_evidence(theirs, "CN-MPS/P1", tmp_path / "theirs.zip", viewer=Viewer(None))
    finally:
        theirs.close()
    refused = verify_evidence(tmp_path / "theirs.zip", None, settings=world.settings)
    assert (refused.valid, refused.fault) == (False, "signature.json: signature")
    federation.add_partner(world, name="CN", url="https://cn.example", api_key="cf_x",
                           public_key=public_key(partner), agency="TH-CCIB")
    trusted = verify_evidence(tmp_path / "theirs.zip", None, settings=world.settings)
    assert (trusted.valid, trusted.trusted_as) == (True, "partner CN")


def test_a_machine_without_an_instance_trusts_nothing_and_creates_nothing(
        world: Store, tmp_path: Path) -> None:
    export_evidence(world, "CN-MPS/A1", tmp_path / "r.zip", viewer=Viewer(None))
    court = Settings(data_dir=tmp_path / "court")
    report = verify_evidence(tmp_path / "r.zip", None, settings=court)
    assert (report.valid, report.fault) == (False, "signature.json: signature")
    assert not (tmp_path / "court").exists()


def test_not_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_text("hello")
    with pytest.raises(InvalidInput, match=r"x\.zip: not a readable zip"):
        verify_evidence(tmp_path / "x.zip", None)


def _verify_elsewhere(package: Path, key: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The court's machine: no database, an empty data folder, settings that would refuse
    to load (production without a secret), only the package and the key."""
    home.mkdir()
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(home),
           "COUNTERFRAUD_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
           "COUNTERFRAUD_ENVIRONMENT": "production", "COUNTERFRAUD_SECRET_KEY": ""}
    return subprocess.run([sys.executable, "-m", "counterfraud", "evidence", "verify",
                           str(package), "--public-key", key, "--json"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_verification_runs_offline_with_only_the_public_key(world: Store,
                                                            tmp_path: Path) -> None:
    export_evidence(world, _network_id(world), tmp_path / "n.zip", viewer=Viewer(None))
    key = public_key(world.settings)
    done = _verify_elsewhere(tmp_path / "n.zip", key, tmp_path / "court")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["signer_verified"] is True
    assert list((tmp_path / "court").iterdir()) == []
    other = public_key_text(load_private_key(new_private_key_pem()))
    refused = _verify_elsewhere(tmp_path / "n.zip", other, tmp_path / "court2")
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["fault"] == "signature.json: signature"
