from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.sharing.evidence import (
    MANIFEST,
    SIGNATURE,
    FileDigest,
    build_manifest,
    package_files,
    sign_manifest,
    verify_package,
)
from counterfraud.sharing.signing import (
    fingerprint,
    load_private_key,
    new_private_key_pem,
    public_key_text,
)

KEY = load_private_key(new_private_key_pem())
PUBLIC = public_key_text(KEY)
OTHER = load_private_key(new_private_key_pem())
FILES = {"reports/CN-MPS/R1.json": b'{"report_id": "R1"}\n',
         "reports/TH-CCIB/R2.json": b'{"report_id": "R2"}\n',
         "links.json": b"[]\n", "README.txt": b"how to check\n"}
ABOUT = {"target": "N-000001", "created_at": "2026-03-01T00:00:00+00:00"}

Package = dict[str, bytes]


def check(package: Package, public_key: str | None = PUBLIC) -> tuple[bool, str | None]:
    digests = {n: FileDigest.of(d) for n, d in package.items() if n not in (MANIFEST, SIGNATURE)}
    report = verify_package(package.get(MANIFEST), package.get(SIGNATURE), digests,
                            public_key=public_key)
    return report.valid, report.fault


def test_a_signed_package_verifies_with_its_key() -> None:
    package = package_files(FILES, about=ABOUT, key=KEY)
    digests = {n: FileDigest.of(d) for n, d in FILES.items()}
    report = verify_package(package[MANIFEST], package[SIGNATURE], digests, public_key=PUBLIC)
    assert (report.valid, report.files, report.signer, report.signer_verified) == (
        True, 4, fingerprint(PUBLIC), True)
    assert report.as_dict()["target"] == "N-000001"


def test_without_a_key_integrity_is_checked_and_the_signer_unverified() -> None:
    package = package_files(FILES, about=ABOUT, key=KEY)
    digests = {n: FileDigest.of(d) for n, d in FILES.items()}
    report = verify_package(package[MANIFEST], package[SIGNATURE], digests, public_key=None)
    assert report.valid and not report.signer_verified
    assert report.signer == fingerprint(PUBLIC)


def _changed_byte(p: Package) -> Package:
    p["reports/CN-MPS/R1.json"] = p["reports/CN-MPS/R1.json"].replace(b"R1", b"R7")
    return p


def _removed(p: Package) -> Package:
    del p["links.json"]
    return p


def _added(p: Package) -> Package:
    p["reports/CN-MPS/R9.json"] = b"{}"
    return p


def _manifest_edited(p: Package) -> Package:
    manifest = json.loads(p[MANIFEST])
    manifest["files"][0]["sha256"] = "0" * 64
    p[MANIFEST] = json.dumps(manifest).encode()
    return p


def _resigned_by_another(p: Package) -> Package:
    manifest = json.loads(p[MANIFEST])
    p[SIGNATURE] = json.dumps(sign_manifest(manifest, OTHER)).encode()
    return p


def _signature_replaced(p: Package) -> Package:
    other = package_files({"x": b"y"}, about=ABOUT, key=KEY)
    p[SIGNATURE] = other[SIGNATURE]
    return p


def _no_signature(p: Package) -> Package:
    del p[SIGNATURE]
    return p


def _manifest_not_json(p: Package) -> Package:
    p[MANIFEST] = b"{not json"
    return p


def _manifest_lists_itself(p: Package) -> Package:
    manifest = json.loads(p[MANIFEST])
    manifest["files"].append({"path": MANIFEST, "sha256": "0" * 64, "size": 1})
    p[MANIFEST] = json.dumps(manifest).encode()
    p[SIGNATURE] = json.dumps(sign_manifest(manifest, KEY)).encode()
    return p


@pytest.mark.parametrize(("tamper", "fault"), [
    (_changed_byte, "reports/CN-MPS/R1.json"),
    (_removed, "links.json"),
    (_added, "reports/CN-MPS/R9.json"),
    (_manifest_edited, "signature.json: signature"),
    (_resigned_by_another, "signature.json: signature"),
    (_signature_replaced, "signature.json: signature"),
    (_no_signature, SIGNATURE),
    (_manifest_not_json, MANIFEST),
    (_manifest_lists_itself, "manifest.json: files[4]"),
], ids=lambda v: getattr(v, "__name__", str(v)))
def test_tampering_is_detected_and_named(tamper: Callable[[Package], Package],
                                         fault: str) -> None:
    package = tamper(package_files(FILES, about=ABOUT, key=KEY))
    assert check(package) == (False, fault)


def test_a_package_resigned_by_another_key_passes_only_as_unverified() -> None:
    package = _resigned_by_another(package_files(FILES, about=ABOUT, key=KEY))
    digests = {n: FileDigest.of(d) for n, d in FILES.items()}
    report = verify_package(package[MANIFEST], package[SIGNATURE], digests, public_key=None)
    assert report.valid and not report.signer_verified
    assert report.signer == fingerprint(public_key_text(OTHER)) != fingerprint(PUBLIC)


def test_the_wrong_key_is_named_with_both_fingerprints() -> None:
    package = package_files(FILES, about=ABOUT, key=KEY)
    digests = {n: FileDigest.of(d) for n, d in FILES.items()}
    report = verify_package(package[MANIFEST], package[SIGNATURE], digests,
                            public_key=public_key_text(OTHER))
    assert not report.valid
    assert fingerprint(PUBLIC) in report.message
    assert fingerprint(public_key_text(OTHER)) in report.message


def test_duplicates_are_refused() -> None:
    package = package_files(FILES, about=ABOUT, key=KEY)
    digests = {n: FileDigest.of(d) for n, d in FILES.items()}
    report = verify_package(package[MANIFEST], package[SIGNATURE], digests, public_key=PUBLIC,
                            duplicates=("links.json",))
    assert (report.valid, report.fault) == (False, "links.json")


@given(st.dictionaries(st.text(min_size=1, max_size=30).filter(
    lambda n: n not in (MANIFEST, SIGNATURE)), st.binary(max_size=64), max_size=6))
def test_any_files_round_trip_and_the_manifest_lists_them_all(files: dict[str, bytes]) -> None:
    manifest = build_manifest(files, about=ABOUT)
    assert [f["path"] for f in manifest["files"]] == sorted(files)
    assert check(package_files(files, about=ABOUT, key=KEY)) == (True, None)
