"""Evidence packages: the manifest that lists every file with its SHA-256 and size, its
signature, and the offline check a court in another country can run with only the
sending instance's public key. Pure: files come in as bytes or as digests.

The signature covers the manifest's canonical JSON, and the manifest covers every other
file, so one signature vouches for the whole package. The check names the first fault:
the package's own files first, then the signature, then each listed file, then any
file nobody listed.
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
    """``valid`` when every file is as listed and the signature verifies; ``signer`` is
    the fingerprint of the key that signed it, ``signer_verified`` whether that key was
    the one the checker trusts (False when no key was given)."""

    valid: bool
    files: int = 0
    signer: str | None = None
    signer_verified: bool = False
    fault: str | None = None  # the file (or file and field) at fault
    message: str = ""
    manifest: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "files": self.files, "signer": self.signer,
                "signer_verified": self.signer_verified, "fault": self.fault,
                "message": self.message, "target": self.manifest.get("target"),
                "created_at": self.manifest.get("created_at")}


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
                   digests: Mapping[str, FileDigest], *, public_key: str | None,
                   duplicates: tuple[str, ...] = ()) -> EvidenceReport:
    """Check a package given its manifest, its signature and the digest of every other
    file in it; with ``public_key`` the signer must hold that key, without it the
    package is checked for integrity and its signer reported as unverified."""
    if duplicates:
        return _fault(duplicates[0], "the package holds this file more than once")
    try:
        manifest = _document(manifest_bytes, MANIFEST)
        signature = _document(signature_bytes, SIGNATURE)
        signer = _check_signature(manifest, signature, public_key)
        listed = _listed(manifest)
    except _Fault as e:
        return _fault(e.where, e.message)
    for name, expected in listed.items():
        found = digests.get(name)
        if found is None:
            return _fault(name, "listed in the manifest but missing from the package",
                          signer, public_key)
        if found.sha256 != expected.sha256 or found.size != expected.size:
            return _fault(name, "its content does not match the manifest's SHA-256",
                          signer, public_key)
    extra = sorted(set(digests) - set(listed))
    if extra:
        return _fault(extra[0], "in the package but not in the manifest", signer, public_key)
    return EvidenceReport(valid=True, files=len(listed), signer=signer,
                          signer_verified=public_key is not None, manifest=manifest,
                          message="every file matches the signed manifest")


class _Fault(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


def _fault(where: str, message: str, signer: str | None = None,
           public_key: str | None = None) -> EvidenceReport:
    return EvidenceReport(valid=False, signer=signer,
                          signer_verified=signer is not None and public_key is not None,
                          fault=where, message=message)


def _document(data: bytes | None, name: str) -> dict[str, Any]:
    if data is None:
        raise _Fault(name, "missing from the package")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as e:
        raise _Fault(name, f"not valid JSON ({e})") from e
    if not isinstance(document, dict):
        raise _Fault(name, "not a JSON object")
    return document


def _check_signature(manifest: dict[str, Any], signature: dict[str, Any],
                     public_key: str | None) -> str:
    """The signer's fingerprint, once the signature verifies with the trusted key (or,
    with none given, with the key the package names)."""
    for name in ("algorithm", "public_key", "signature"):
        if not isinstance(signature.get(name), str):
            raise _Fault(f"{SIGNATURE}: {name}", "missing or not a string")
    if signature["algorithm"] != ALGORITHM:
        raise _Fault(f"{SIGNATURE}: algorithm", f"{signature['algorithm']!r} is not {ALGORITHM}")
    key = public_key if public_key is not None else signature["public_key"]
    try:
        verify(key, canonical_json(manifest), signature["signature"])
    except SignatureInvalid as e:
        if public_key is not None and signature["public_key"] != public_key:
            raise _Fault(f"{SIGNATURE}: signature",
                         f"not signed with the given key (signed by "
                         f"{_fingerprint_or_raw(signature['public_key'])}, expected "
                         f"{_fingerprint_or_raw(public_key)})") from e
        raise _Fault(f"{SIGNATURE}: signature",
                     f"does not verify over {MANIFEST}: the manifest or the signature "
                     f"was changed ({e})") from e
    return fingerprint(key)


def _listed(manifest: dict[str, Any]) -> dict[str, FileDigest]:
    if manifest.get("format") != FORMAT:
        raise _Fault(f"{MANIFEST}: format", f"expected {FORMAT!r}")
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise _Fault(f"{MANIFEST}: files", "missing or not a list")
    listed: dict[str, FileDigest] = {}
    for index, entry in enumerate(entries):
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str)
                and isinstance(entry.get("sha256"), str) and isinstance(entry.get("size"), int)
                and entry["path"] not in (MANIFEST, SIGNATURE)):
            raise _Fault(f"{MANIFEST}: files[{index}]", "needs path, sha256 and size")
        listed[entry["path"]] = FileDigest(entry["sha256"], entry["size"])
    return listed


def _fingerprint_or_raw(key: str) -> str:
    try:
        return fingerprint(key)
    except SignatureInvalid:
        return repr(key[:20])


def _pretty(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
