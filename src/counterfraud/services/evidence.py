"""Evidence packages: a network or a report, with everything that backs it, in one signed
zip that a court in another country can check offline with the instance's public key.

Only what the viewer may see goes in (each record through the sharing policy), every
reference inside resolves inside the package, and the export itself is an entry on the
audit trail whose id and hash the manifest carries. Verifying reads the zip alone: no
database, no settings, no key file.
"""

from __future__ import annotations

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

from counterfraud.domain import RecordType, Viewer, parse_agency_code
from counterfraud.errors import InvalidInput
from counterfraud.services import audit
from counterfraud.services import networks as network_service
from counterfraud.services.audit import Access, Action
from counterfraud.services.instance_key import signing_key
from counterfraud.services.store import Store
from counterfraud.sharing.evidence import (
    MANIFEST,
    SIGNATURE,
    EvidenceReport,
    FileDigest,
    package_files,
    verify_package,
)
from counterfraud.sharing.signing import fingerprint, public_key_text
from counterfraud.store import evidence as rows

__all__ = ["EvidencePackage", "EvidenceReport", "export_evidence", "verify_evidence"]

MAX_DOCUMENT = 64 * 1024 * 1024  # the manifest and signature are read whole: cap them
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


def verify_evidence(path: Path, public_key: str | None) -> EvidenceReport:
    """Check the zip at ``path`` against its signed manifest (see sharing.evidence)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _verify_archive(archive, public_key)
    except FileNotFoundError as e:
        raise InvalidInput(f"{path}: no such file", field="path") from e
    except (zipfile.BadZipFile, OSError) as e:
        raise InvalidInput(f"{path}: not a readable zip file ({e})", field="path") from e


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


def _verify_archive(archive: zipfile.ZipFile, public_key: str | None) -> EvidenceReport:
    digests: dict[str, FileDigest] = {}
    documents: dict[str, bytes] = {}
    duplicates: list[str] = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        if info.filename in digests or info.filename in documents:
            duplicates.append(info.filename)
            continue
        try:
            if info.filename in (MANIFEST, SIGNATURE):
                if info.file_size > MAX_DOCUMENT:
                    return EvidenceReport(valid=False, fault=info.filename,
                                          message="larger than any manifest or signature")
                documents[info.filename] = archive.read(info)
            else:
                digests[info.filename] = _digest(archive, info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as e:
            return EvidenceReport(valid=False, fault=info.filename,
                                  message=f"cannot be read from the zip ({e})")
    return verify_package(documents.get(MANIFEST), documents.get(SIGNATURE), digests,
                          public_key=public_key, duplicates=tuple(duplicates))


def _digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> FileDigest:
    sha, size = hashlib.sha256(), 0
    with archive.open(info) as f:
        while chunk := f.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return FileDigest(sha.hexdigest(), size)


def _json(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
