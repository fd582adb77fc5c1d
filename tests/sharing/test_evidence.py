from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.sharing.evidence import (
    MANIFEST,
    SIGNATURE,
    EvidenceFault,
    EvidenceReport,
    FileDigest,
    build_manifest,
    check_members,
    open_manifest,
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
TRUSTED = {PUBLIC: "the given key"}
FILES = {"reports/CN-MPS/R1.json": b'{"report_id": "R1"}\n',
         "reports/TH-CCIB/R2.json": b'{"report_id": "R2"}\n',
         "links.json": b"[]\n", "README.txt": b"how to check\n"}
ABOUT = {"target": "N-000001", "created_at": "2026-03-01T00:00:00+00:00"}

Package = dict[str, bytes]


def check(package: Package, trusted: dict[str, str] = TRUSTED) -> tuple[bool, str | None]:
    digests = {n: FileDigest.of(d) for n, d in package.items() if n not in (MANIFEST, SIGNATURE)}
    report = verify_package(package.get(MANIFEST), package.get(SIGNATURE), digests,
                            trusted=trusted)
    return report.valid, report.fault


def verified(package: Package, trusted: dict[str, str]) -> EvidenceReport:
    digests = {n: FileDigest.of(d) for n, d in FILES.items()}
    return verify_package(package[MANIFEST], package[SIGNATURE], digests, trusted=trusted)


def test_a_signed_package_verifies_with_its_key() -> None:
    report = verified(package_files(FILES, about=ABOUT, key=KEY), TRUSTED)
    assert (report.valid, report.files, report.signer, report.signer_verified) == (
        True, 4, fingerprint(PUBLIC), True)
    assert report.trusted_as == "the given key"
    assert report.as_dict()["target"] == "N-000001"


@pytest.mark.parametrize("trusted", [{}, {public_key_text(OTHER): "partner CN"}],
                         ids=["no-trusted-key", "another-trusted-key"])
def test_a_signer_not_trusted_is_refused_and_named(trusted: dict[str, str]) -> None:
    report = verified(package_files(FILES, about=ABOUT, key=KEY), trusted)
    assert (report.valid, report.signer_verified, report.fault) == (
        False, False, "signature.json: signature")
    assert report.signer == fingerprint(PUBLIC) and report.untrusted_signer
    assert fingerprint(PUBLIC) in report.message and "not trusted" in report.message


def test_a_partners_key_is_trusted_under_its_name() -> None:
    trusted = {public_key_text(OTHER): "partner CN", PUBLIC: "this instance"}
    report = verified(package_files(FILES, about=ABOUT, key=KEY), trusted)
    assert (report.valid, report.trusted_as) == (True, "this instance")
    other = verified(package_files(FILES, about=ABOUT, key=OTHER), trusted)
    assert (other.valid, other.trusted_as) == (True, "partner CN")


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
    (_manifest_edited, "signature.json: signature"),  # by a trusted key, but changed
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


def test_a_changed_manifest_is_not_mistaken_for_an_untrusted_signer() -> None:
    report = verified(_manifest_edited(package_files(FILES, about=ABOUT, key=KEY)), TRUSTED)
    assert (report.valid, report.untrusted_signer) == (False, False)
    assert "was changed" in report.message


def test_a_package_resigned_by_another_key_is_refused() -> None:
    package = _resigned_by_another(package_files(FILES, about=ABOUT, key=KEY))
    report = verified(package, {})
    assert not report.valid and not report.signer_verified
    assert report.signer == fingerprint(public_key_text(OTHER)) != fingerprint(PUBLIC)


def test_the_wrong_key_is_named_with_both_fingerprints() -> None:
    report = verified(package_files(FILES, about=ABOUT, key=KEY),
                      {public_key_text(OTHER): "the given key"})
    assert not report.valid
    assert fingerprint(PUBLIC) in report.message
    assert fingerprint(public_key_text(OTHER)) in report.message


def test_duplicates_are_refused() -> None:
    package = package_files(FILES, about=ABOUT, key=KEY)
    digests = {n: FileDigest.of(d) for n, d in FILES.items()}
    report = verify_package(package[MANIFEST], package[SIGNATURE], digests, trusted=TRUSTED,
                            duplicates=("links.json",))
    assert (report.valid, report.fault) == (False, "links.json")


def _listed_twice(p: Package) -> Package:
    manifest = json.loads(p[MANIFEST])
    manifest["files"].append(dict(manifest["files"][0]))
    p[MANIFEST] = json.dumps(manifest).encode()
    p[SIGNATURE] = json.dumps(sign_manifest(manifest, KEY)).encode()
    return p


def _size_changed(p: Package) -> Package:
    manifest = json.loads(p[MANIFEST])
    manifest["files"][0]["size"] += 1
    p[MANIFEST] = json.dumps(manifest).encode()
    p[SIGNATURE] = json.dumps(sign_manifest(manifest, KEY)).encode()
    return p


@pytest.mark.parametrize(("tamper", "fault", "message"), [
    (_listed_twice, "manifest.json: files[4]", "listed more than once"),
    (_size_changed, "README.txt", "size"),
], ids=lambda v: getattr(v, "__name__", None))
def test_a_signed_but_inconsistent_manifest_is_refused(
        tamper: Callable[[Package], Package], fault: str, message: str) -> None:
    package = tamper(package_files(FILES, about=ABOUT, key=KEY))
    digests = {n: FileDigest.of(d) for n, d in FILES.items()}
    report = verify_package(package[MANIFEST], package[SIGNATURE], digests, trusted=TRUSTED)
    assert (report.valid, report.fault) == (False, fault)
    assert message in report.message


def test_the_members_are_checked_against_the_manifest_before_any_file_is_read() -> None:
    package = package_files(FILES, about=ABOUT, key=KEY)
    signed = open_manifest(package[MANIFEST], package[SIGNATURE], trusted=TRUSTED)
    sizes = {n: len(d) for n, d in FILES.items()}
    check_members(signed, sizes)
    for members, fault in [({**sizes, "reports/": 0}, "reports/"),
                           ({n: s for n, s in sizes.items() if n != "links.json"}, "links.json"),
                           ({**sizes, "links.json": 8 << 30}, "links.json")]:
        with pytest.raises(EvidenceFault) as refused:
            check_members(signed, members)
        assert refused.value.where == fault


@given(st.dictionaries(st.text(min_size=1, max_size=30).filter(
    lambda n: n not in (MANIFEST, SIGNATURE)), st.binary(max_size=64), max_size=6))
def test_any_files_round_trip_and_the_manifest_lists_them_all(files: dict[str, bytes]) -> None:
    manifest = build_manifest(files, about=ABOUT)
    assert [f["path"] for f in manifest["files"]] == sorted(files)
    assert check(package_files(files, about=ABOUT, key=KEY)) == (True, None)
