"""Evidence packages: a network or a report, with everything that backs it, in one signed
zip that a court in another country can check offline with the instance's public key.

Only what the viewer may see goes in (each record through the sharing policy), every
reference inside resolves inside the package, and the export itself is an entry on the
audit trail whose id and hash the manifest carries. Verifying with the sender's public
key reads the zip alone: no database, no settings, no key file. Without it, only keys
this machine's instance vouches for are trusted (its own, its partners'), read without
creating anything; a package signed by any other key is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cryptography.exceptions import UnsupportedAlgorithm
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from counterfraud.domain import RecordType, Viewer, parse_agency_code
from counterfraud.errors import CounterfraudError, InvalidInput
from counterfraud.services import audit
from counterfraud.services import networks as network_service
from counterfraud.services.audit import Access, Action
from counterfraud.services.instance_key import key_path, signing_key
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.evidence import (
    MANIFEST,
    SIGNATURE,
    EvidenceFault,
    EvidenceReport,
    FileDigest,
    SignedManifest,
    check_file,
    check_members,
    open_manifest,
    package_files,
)
from counterfraud.sharing.signing import fingerprint, load_private_key, public_key_text
from counterfraud.store import evidence as rows
from counterfraud.store import partners as stored_partners

__all__ = ["EvidencePackage", "EvidenceReport", "export_evidence", "trusted_keys",
           "verify_evidence"]

MAX_DOCUMENT = 64 * 1024 * 1024  # the manifest and signature are read whole: cap them
GIVEN_KEY = "the given key"
OWN_KEY = "this instance"
_UNREADABLE = (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error)
README = """Evidence package exported by a counterfraud instance.

manifest.json lists every other file with its SHA-256 and size; signature.json holds
the Ed25519 signature over the manifest's canonical JSON (UTF-8, keys sorted, no
whitespace) and the signing instance's public key. Check it offline with

    counterfraud evidence verify THIS.zip --public-key KEY

where KEY is the public key the sending instance gave you through another channel.
"""


@dataclass(frozen=True, slots=True)
class EvidencePackage:
    path: Path
    target: str
    files: int
    reports: int
    identifiers: int
    links: int
    signer: str  # the signing key's fingerprint
    audit_entry: int

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "target": self.target, "files": self.files,
                "reports": self.reports, "identifiers": self.identifiers,
                "links": self.links, "signer": self.signer, "audit_entry": self.audit_entry}


def export_evidence(store: Store, target: str, out: Path, *, viewer: Viewer,
                    via: Access | None = None) -> EvidencePackage:
    """Pack ``target`` — a network id (``N-000001``) or a report (``AGENCY/REPORT_ID``) —
    as ``viewer`` may see it into the zip ``out`` (replaced whole, never half-written)."""
    key = signing_key(store.settings)
    network_files, members = _network_part(store, target, viewer)
    who = audit.access_of(via, viewer, path="cli evidence export")
    with store.transaction() as session:
        if members is None:
            agency, _, report_id = target.partition("/")
            ids = [rows.report_by_key(session, viewer, parse_agency_code(agency), report_id)]
        else:
            ids = rows.reports_naming(session, viewer, members)
        packed = rows.packed_reports(session, ids)
        sightings = rows.sightings(session, viewer, ids)
        links = rows.links_among(session, viewer, ids)
        refs = [audit.report_ref(p.report.agency, p.report.report_id) for p in packed]
        entry = audit.record(session, actor=who.actor, action=Action.EXPORT, path=who.path,
                             record_type=RecordType.REPORT.value, records=refs,
                             detail={"evidence": target, "for": viewer.agency,
                                     "sightings": len(sightings), "links": len(links)})
    files = {**network_files, **_record_files(packed, sightings, links),
             "README.txt": README.encode()}
    signer = fingerprint(public_key_text(key))
    identifiers = len({s.identifier for s in sightings})
    about = {"target": target, "created_at": entry.at.isoformat(), "for": viewer.agency,
             "signer": signer, "audit_entry": {"id": entry.id, "hash": entry.hash},
             "counts": {"reports": len(packed), "identifiers": identifiers,
                        "links": len(links)}}
    everything = package_files(files, about=about, key=key)
    _write_zip(out, everything, entry.at)
    return EvidencePackage(path=out, target=target, files=len(everything),
                           reports=len(packed), identifiers=identifiers, links=len(links),
                           signer=signer, audit_entry=entry.id)


def verify_evidence(path: Path, public_key: str | None = None, *,
                    settings: Settings | None = None) -> EvidenceReport:
    """Check the zip at ``path`` against its signed manifest (see sharing.evidence).

    The signer must be trusted: with ``public_key``, that key alone; without it, the
    keys of the instance ``settings`` describe, if one lives on this machine (its own
    and its partners' registered keys, see :func:`trusted_keys`); else none, and the
    package is refused naming its signer."""
    if public_key is not None:
        trusted = {public_key.strip(): GIVEN_KEY}
    else:
        trusted = trusted_keys(settings) if settings is not None else {}
    try:
        with zipfile.ZipFile(path) as archive:
            return _verify_archive(archive, trusted)
    except FileNotFoundError as e:
        raise InvalidInput(f"{path}: no such file", field="path") from e
    except (zipfile.BadZipFile, OSError) as e:
        raise InvalidInput(f"{path}: not a readable zip file ({e})", field="path") from e


def trusted_keys(settings: Settings) -> dict[str, str]:
    """Public key -> what it is trusted as: this instance's own key and each partner's,
    read from the instance ``settings`` describe without creating anything (no key file,
    no database) where there is none; an unreadable store trusts no partner."""
    trusted: dict[str, str] = {}
    key_file = key_path(settings)
    if key_file.is_file():
        with contextlib.suppress(OSError, ValueError, TypeError, UnsupportedAlgorithm):
            trusted[public_key_text(load_private_key(key_file.read_bytes()))] = OWN_KEY
    for name, key in _partner_keys(settings).items():
        trusted.setdefault(key, f"partner {name}")
    return trusted


def _partner_keys(settings: Settings) -> dict[str, str]:
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return {}
    try:
        store = open_store(settings, migrate_schema=False)
    except (CounterfraudError, SQLAlchemyError):
        return {}
    try:
        with store.transaction() as session:
            return {p.name: p.public_key for p in stored_partners.list_partners(session)}
    except (CounterfraudError, SQLAlchemyError):
        return {}
    finally:
        store.close()


def _network_part(store: Store, target: str, viewer: Viewer) -> tuple[
        dict[str, bytes], list[Any] | None]:
    if "/" in target:
        return {}, None
    found = network_service.network(store, target, viewer)
    files = {"network.json": _json({**network_service.as_json(found),
                                    "summary": found.summary}),
             "network.md": network_service.markdown(found).encode()}
    return files, [m.identifier for m in found.members]


def _record_files(packed: list[rows.PackedReport], sightings: list[rows.PackedSighting],
                  links: list[rows.PackedLink]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    provenance = []
    for p in packed:
        name = (f"reports/{quote(p.report.agency, safe='')}/"
                f"{quote(p.report.report_id, safe='')}.json")
        files[name] = _json(p.report.as_dict())
        provenance.append({
            "report": audit.report_ref(p.report.agency, p.report.report_id), "file": name,
            "owner": p.report.agency, "marking": p.report.marking.value,
            "ingested_at": p.ingested_at.isoformat(), "updated_at": p.updated_at.isoformat(),
            "source": "this instance" if p.owner_home else "a partner instance"})
    by_identifier: dict[tuple[str, str], dict[str, Any]] = {}
    for s in sightings:
        item = by_identifier.setdefault((s.identifier.kind.value, s.identifier.value), {
            **s.identifier.as_dict(), "sightings": []})
        item["sightings"].append({"report": s.report, "role": s.role, "found_in": s.source})
    files["provenance.json"] = _json(provenance)
    files["identifiers.json"] = _json([by_identifier[k] for k in sorted(by_identifier)])
    files["links.json"] = _json([{
        "source": {"kind": li.source.kind.value, "value": li.source.value},
        "target": {"kind": li.target.kind.value, "value": li.target.value},
        "link_type": li.link_type, "evidence": list(li.evidence),
        "first_seen": li.first_seen.isoformat() if li.first_seen else None,
        "last_seen": li.last_seen.isoformat() if li.last_seen else None} for li in links])
    return files


def _write_zip(out: Path, files: dict[str, bytes], at: datetime) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    draft = out.with_name(f".{out.name}.{os.getpid()}.partial")
    stamp = at.astimezone(UTC).timetuple()[:6]
    try:
        with zipfile.ZipFile(draft, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[name])
        os.replace(draft, out)
    finally:
        draft.unlink(missing_ok=True)


def _verify_archive(archive: zipfile.ZipFile, trusted: dict[str, str]) -> EvidenceReport:
    """The zip's directory is read first, then the manifest and its signature; files are
    hashed only once the signer is trusted and the members match the signed list."""
    members: dict[str, zipfile.ZipInfo] = {}
    duplicates: list[str] = []
    for info in archive.infolist():
        if info.filename in members:
            duplicates.append(info.filename)
        members[info.filename] = info
    try:
        documents = {name: _document(archive, members.get(name))
                     for name in (MANIFEST, SIGNATURE)}
        signed = open_manifest(documents[MANIFEST], documents[SIGNATURE], trusted=trusted)
        check_members(signed, {name: info.file_size for name, info in members.items()
                               if name not in (MANIFEST, SIGNATURE)},
                      duplicates=tuple(duplicates))
        for name, expected in signed.files.items():
            check_file(signed, name, expected, _digest(archive, members[name], signed))
    except EvidenceFault as e:
        return e.report()
    return signed.report()


def _document(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None) -> bytes | None:
    if info is None:
        return None
    if info.file_size > MAX_DOCUMENT:
        raise EvidenceFault(info.filename, "larger than any manifest or signature")
    try:
        return archive.read(info)
    except _UNREADABLE as e:
        raise EvidenceFault(info.filename, f"cannot be read from the zip ({e})") from e


def _digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo,
            signed: SignedManifest) -> FileDigest:
    """The file's SHA-256 and size, reading no more than the size its header declares
    (which the signed manifest has already matched)."""
    sha, size = hashlib.sha256(), 0
    try:
        with archive.open(info) as f:
            while size <= info.file_size and (chunk := f.read(1 << 20)):
                sha.update(chunk)
                size += len(chunk)
    except _UNREADABLE as e:
        raise signed.fault(info.filename, f"cannot be read from the zip ({e})") from e
    return FileDigest(sha.hexdigest(), size)


def _json(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
