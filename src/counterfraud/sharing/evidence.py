"""Evidence packages: the manifest that lists every file with its SHA-256 and size, its
signature, and the offline check a court in another country can run with only the
sending instance's public key. Pure: files come in as bytes or as digests.

The signature covers the manifest's canonical JSON, and the manifest covers every other
file, so one signature vouches for the whole package. The check goes from cheap to costly
and names the first fault: the manifest and signature, the signer (it must be a key the
checker trusts), the package's members against the manifest's list and sizes (missing,
unlisted, duplicated or resized), and only then each file's SHA-256 — so a package from
an untrusted signer, or with a file nobody signed for, is refused without hashing it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counterfraud.sharing.signing import (
    SignatureInvalid,
    canonical_json,
    fingerprint,
    public_key_text,
    sign,
    verify,
)

FORMAT = "counterfraud-evidence/1"
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
ALGORITHM = "Ed25519"


@dataclass(frozen=True, slots=True)
class FileDigest:
    sha256: str
    size: int

    @classmethod
    def of(cls, data: bytes) -> FileDigest:
        return cls(hashlib.sha256(data).hexdigest(), len(data))


@dataclass(frozen=True, slots=True)
class EvidenceReport:
    """``valid`` when the signer is trusted, its signature verifies and every file is as
    listed. ``signer`` is the fingerprint of the key that signed (or that the package
    names, when refused), ``trusted_as`` what the checker trusts that key as (``the given
    key``, ``this instance``, ``partner CN``); ``signer_verified`` whether it was."""

    valid: bool
    files: int = 0
    signer: str | None = None
    signer_verified: bool = False
    fault: str | None = None  # the file (or file and field) at fault
    message: str = ""
    manifest: dict[str, Any] = field(default_factory=dict)
    trusted_as: str | None = None
    untrusted_signer: bool = False  # refused because no trusted key signed it

    def as_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "files": self.files, "signer": self.signer,
                "signer_verified": self.signer_verified, "trusted_as": self.trusted_as,
                "untrusted_signer": self.untrusted_signer,
                "fault": self.fault, "message": self.message,
                "target": self.manifest.get("target"),
                "created_at": self.manifest.get("created_at")}


class EvidenceFault(Exception):
    """The first fault found: ``where`` names the file (or file and field)."""

    def __init__(self, where: str, message: str, *, signer: str | None = None,
                 untrusted: bool = False) -> None:
        super().__init__(message)
        self.where, self.message, self.signer = where, message, signer
        self.untrusted = untrusted

    def report(self) -> EvidenceReport:
        return EvidenceReport(valid=False, signer=self.signer, fault=self.where,
                              message=self.message, untrusted_signer=self.untrusted)


@dataclass(frozen=True, slots=True)
class SignedManifest:
    """A manifest whose signature verified with a trusted key, and the files it lists."""

    manifest: dict[str, Any]
    signer: str
    trusted_as: str
    files: dict[str, FileDigest]

    def fault(self, where: str, message: str) -> EvidenceFault:
        return EvidenceFault(where, message, signer=self.signer)

    def report(self) -> EvidenceReport:
        return EvidenceReport(valid=True, files=len(self.files), signer=self.signer,
                              signer_verified=True, trusted_as=self.trusted_as,
                              manifest=self.manifest,
                              message="every file matches the signed manifest")


def build_manifest(files: Mapping[str, bytes], *, about: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest of ``files`` (name -> content), with ``about`` (target, creation
    time, instance ...) beside the list."""
    listed = [{"path": name, "sha256": digest.sha256, "size": digest.size}
              for name, digest in sorted((n, FileDigest.of(d)) for n, d in files.items())]
    return {"format": FORMAT, **about, "files": listed}


def sign_manifest(manifest: Mapping[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    public = public_key_text(key)
    return {"algorithm": ALGORITHM, "public_key": public, "fingerprint": fingerprint(public),
            "signature": sign(key, canonical_json(dict(manifest)))}


def package_files(files: Mapping[str, bytes], *, about: Mapping[str, Any],
                  key: Ed25519PrivateKey) -> dict[str, bytes]:
    """Everything that goes in the package: ``files``, the manifest and its signature."""
    manifest = build_manifest(files, about=about)
    return {**files, MANIFEST: _pretty(manifest), SIGNATURE: _pretty(sign_manifest(manifest,
                                                                                    key))}


def verify_package(manifest_bytes: bytes | None, signature_bytes: bytes | None,
                   digests: Mapping[str, FileDigest], *, trusted: Mapping[str, str],
                   duplicates: tuple[str, ...] = ()) -> EvidenceReport:
    """Check a package given its manifest, its signature and the digest of every other
    file in it, in the order a reader of a zip should: the signature (by a key in
    ``trusted``, public key -> what it is trusted as), then the members against the
    list, then each file's digest."""
    try:
        signed = open_manifest(manifest_bytes, signature_bytes, trusted=trusted)
        check_members(signed, {name: d.size for name, d in digests.items()},
                      duplicates=duplicates)
        for name, expected in signed.files.items():
            check_file(signed, name, expected, digests[name])
    except EvidenceFault as e:
        return e.report()
    return signed.report()


def open_manifest(manifest_bytes: bytes | None, signature_bytes: bytes | None, *,
                  trusted: Mapping[str, str]) -> SignedManifest:
    """The manifest, once its signature verifies with a key in ``trusted``: nothing else
    of the package needs to be read before the signer is known to be trusted."""
    manifest = _document(manifest_bytes, MANIFEST)
    signature = _document(signature_bytes, SIGNATURE)
    key, trusted_as = _check_signature(manifest, signature, trusted)
    signer = fingerprint(key)
    try:
        files = _listed(manifest)
    except EvidenceFault as e:
        raise EvidenceFault(e.where, e.message, signer=signer) from None
    return SignedManifest(manifest=manifest, signer=signer, trusted_as=trusted_as,
                          files=files)


def check_members(signed: SignedManifest, members: Mapping[str, int], *,
                  duplicates: tuple[str, ...] = ()) -> None:
    """Refuse a package whose members (name -> size the zip declares, folders included)
    are not exactly the files the manifest lists, at the sizes it lists; checked before
    any file is read, so a huge file nobody signed for is never hashed."""
    if duplicates:
        raise signed.fault(duplicates[0], "the package holds this file more than once")
    for name, expected in signed.files.items():
        if name not in members:
            raise signed.fault(name, "listed in the manifest but missing from the package")
        if members[name] != expected.size:
            raise signed.fault(name, f"its size ({members[name]} bytes) is not the "
                                     f"manifest's ({expected.size} bytes)")
    extra = sorted(set(members) - set(signed.files))
    if extra:
        raise signed.fault(extra[0], "in the package but not in the manifest")


def check_file(signed: SignedManifest, name: str, expected: FileDigest,
               found: FileDigest) -> None:
    if found.sha256 != expected.sha256 or found.size != expected.size:
        raise signed.fault(name, "its content does not match the manifest's SHA-256")


def _document(data: bytes | None, name: str) -> dict[str, Any]:
    if data is None:
        raise EvidenceFault(name, "missing from the package")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as e:
        raise EvidenceFault(name, f"not valid JSON ({e})") from e
    if not isinstance(document, dict):
        raise EvidenceFault(name, "not a JSON object")
    return document


def _check_signature(manifest: dict[str, Any], signature: dict[str, Any],
                     trusted: Mapping[str, str]) -> tuple[str, str]:
    """(the signer's public key, what it is trusted as), once the signature verifies with
    a trusted key: the key the package names if it is trusted, else any trusted key (a
    package may misname its signer); an untrusted signer is refused unread."""
    for name in ("algorithm", "public_key", "signature"):
        if not isinstance(signature.get(name), str):
            raise EvidenceFault(f"{SIGNATURE}: {name}", "missing or not a string")
    if signature["algorithm"] != ALGORITHM:
        raise EvidenceFault(f"{SIGNATURE}: algorithm",
                            f"{signature['algorithm']!r} is not {ALGORITHM}")
    named, where = signature["public_key"].strip(), f"{SIGNATURE}: signature"
    candidates = [named] if named in trusted else list(trusted)
    payload = canonical_json(manifest)
    for key in candidates:
        try:
            verify(key, payload, signature["signature"])
        except SignatureInvalid:
            continue
        return key, trusted[key]
    signer = _fingerprint_or_none(named)
    if named in trusted:
        raise EvidenceFault(where, f"does not verify over {MANIFEST}: the manifest or the "
                                   "signature was changed", signer=signer)
    shown = signer or repr(named[:20])
    if not trusted:
        raise EvidenceFault(where, f"signed by {shown}, which is not trusted here: no "
                                   "trusted key was given", signer=signer, untrusted=True)
    expected = ", ".join(f"{label} {_fingerprint_or_none(key) or '?'}"
                         for key, label in sorted(trusted.items(), key=lambda kv: kv[1]))
    raise EvidenceFault(where, f"signed by {shown}, which is not trusted here (expected "
                               f"{expected})", signer=signer, untrusted=True)


def _listed(manifest: dict[str, Any]) -> dict[str, FileDigest]:
    if manifest.get("format") != FORMAT:
        raise EvidenceFault(f"{MANIFEST}: format", f"expected {FORMAT!r}")
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise EvidenceFault(f"{MANIFEST}: files", "missing or not a list")
    listed: dict[str, FileDigest] = {}
    for index, entry in enumerate(entries):
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str)
                and isinstance(entry.get("sha256"), str) and isinstance(entry.get("size"), int)
                and entry["path"] not in (MANIFEST, SIGNATURE)):
            raise EvidenceFault(f"{MANIFEST}: files[{index}]", "needs path, sha256 and size")
        if entry["path"] in listed:
            raise EvidenceFault(f"{MANIFEST}: files[{index}]",
                                f"{entry['path']!r} is listed more than once")
        listed[entry["path"]] = FileDigest(entry["sha256"], entry["size"])
    return listed


def _fingerprint_or_none(key: str) -> str | None:
    try:
        return fingerprint(key)
    except SignatureInvalid:
        return None


def _pretty(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
