"""The audit chain: what one entry is, its hash, and the check a court can run.

Each entry's hash is the SHA-256 of its predecessor's hash followed by the canonical JSON
of every field but its id. The id is the entry's position: the chain itself binds the
order (each entry names its predecessor's hash), so an entry moved elsewhere is told
apart from one whose content was changed. The first entry follows ``GENESIS``; the head
(last id and hash, kept apart from the entries) exposes a removed tail.

``records`` and ``detail`` are hashed as the exact JSON text stored, so any byte changed
in them is detected, even one that leaves the JSON meaning the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from counterfraud.sharing.signing import canonical_json

GENESIS = "0" * 64
OPERATOR = "operator"
# signing.canonical_json's settings, kept as one encoder: verification hashes every entry
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                              allow_nan=False)


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    DELETE = "delete"
    EXPORT = "export"
    IMPORT = "import"


class ProblemKind(StrEnum):
    EDITED = "edited"
    REMOVED = "removed"
    REORDERED = "reordered"
    REMOVED_TAIL = "removed_tail"
    UNKNOWN_GENESIS = "unknown_genesis"
    HEAD_MISMATCH = "head_mismatch"


@dataclass(frozen=True, slots=True)
class Access:
    """Who reads or writes, and through which path ("api GET /v1/reports", "cli lookup",
    "sync", "export"); services default to the local operator at the command line."""

    actor: str = OPERATOR
    path: str = "cli"


@dataclass(frozen=True, slots=True)
class Head:
    last_id: int
    last_hash: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    path: str
    record_type: str
    records: str  # canonical JSON list of record references, as stored
    detail: str  # canonical JSON object, as stored
    prev_hash: str
    hash: str

    def computed_hash(self) -> str:
        return entry_hash(self.prev_hash, at=self.at, actor=self.actor, action=self.action,
                          path=self.path, record_type=self.record_type,
                          records=self.records, detail=self.detail)

    def as_dict(self) -> dict[str, Any]:
        """The entry for people: references and detail parsed when they are valid JSON."""
        return {"id": self.id, "at": canonical_time(self.at), "actor": self.actor,
                "action": self.action, "path": self.path, "record_type": self.record_type,
                "records": _parsed(self.records), "detail": _parsed(self.detail),
                "prev_hash": self.prev_hash, "hash": self.hash}


@dataclass(frozen=True, slots=True)
class AuditProblem:
    kind: ProblemKind
    entry: int
    message: str

    def __str__(self) -> str:
        return f"entry {self.entry}: {self.kind.value.replace('_', ' ')}: {self.message}"


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The outcome of one verification: how many entries were checked, the head they
    were checked against and the first problem found (None when the chain is intact)."""

    entries: int
    head: Head | None
    problem: AuditProblem | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None

    def as_dict(self) -> dict[str, Any]:
        problem = None if self.problem is None else {
            "kind": self.problem.kind.value, "entry": self.problem.entry,
            "message": self.problem.message}
        head = None if self.head is None else {"last_id": self.head.last_id,
                                               "last_hash": self.head.last_hash}
        return {"intact": self.intact, "entries": self.entries, "head": head,
                "problem": problem}


def canonical_time(at: datetime) -> str:
    """UTC with microseconds: both backends keep that precision, so a stored time
    hashes the same when read back."""
    if at.tzinfo is None:
        raise ValueError("audit times need a timezone")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, *, at: datetime, actor: str, action: str, path: str,
               record_type: str, records: str, detail: str) -> str:
    body = _CANONICAL.encode({"at": canonical_time(at), "actor": actor, "action": action,
                              "path": path, "record_type": record_type, "records": records,
                              "detail": detail}).encode("utf-8")
    return hashlib.sha256(prev_hash.encode("ascii", "replace") + body).hexdigest()


@dataclass(frozen=True, slots=True)
class EntryBody:
    """What one entry says, before it has a place in the chain: references and detail
    already as the canonical JSON text that will be stored and hashed, so that a
    bad value fails where it was given, not in the transaction that appends it."""

    actor: str
    action: str
    path: str
    record_type: str
    records: str
    detail: str

    @classmethod
    def of(cls, *, actor: str, action: Action, path: str, record_type: str,
           records: Sequence[str], detail: Mapping[str, Any] | None = None) -> EntryBody:
        return cls(actor=actor, action=action.value, path=path, record_type=record_type,
                   records=canonical_json(list(records)).decode("utf-8"),
                   detail=canonical_json(dict(detail or {})).decode("utf-8"))


def chained(head: Head, body: EntryBody, *, at: datetime) -> AuditEntry:
    """``body`` as the entry that follows ``head``, written at ``at``."""
    digest = entry_hash(head.last_hash, at=at, actor=body.actor, action=body.action,
                        path=body.path, record_type=body.record_type, records=body.records,
                        detail=body.detail)
    return AuditEntry(id=head.last_id + 1, at=at, actor=body.actor, action=body.action,
                      path=body.path, record_type=body.record_type, records=body.records,
                      detail=body.detail, prev_hash=head.last_hash, hash=digest)


def new_entry(head: Head, *, at: datetime, actor: str, action: Action, path: str,
              record_type: str, records: Sequence[str],
              detail: Mapping[str, Any] | None = None) -> AuditEntry:
    """The entry that follows ``head``."""
    return chained(head, EntryBody.of(actor=actor, action=action, path=path,
                                      record_type=record_type, records=records,
                                      detail=detail), at=at)


def verify_chain(entries: Iterable[AuditEntry], head: Head | None) -> AuditReport:
    """Check ``entries`` (in id order) against ``head``; report the first problem.

    Reads the entries once, holding only the previous one, so it runs over any number.
    After a broken link it reads on only to tell a moved entry (its real neighbour
    appears elsewhere) from a removed one.
    """
    stream = iter(entries)
    prev_id, prev_hash, count = 0, GENESIS, 0
    for entry in stream:
        count += 1
        if entry.computed_hash() != entry.hash:
            return AuditReport(count, head, AuditProblem(
                ProblemKind.EDITED, entry.id, "its content does not match its hash"))
        if entry.prev_hash != prev_hash:
            return AuditReport(count, head, _broken_link(entry, prev_id, prev_hash, stream))
        if entry.id != prev_id + 1:
            return AuditReport(count, head, AuditProblem(
                ProblemKind.EDITED, entry.id,
                f"it follows entry {prev_id} in the chain but is numbered {entry.id}"))
        prev_id, prev_hash = entry.id, entry.hash
    return AuditReport(count, head, _check_head(prev_id, prev_hash, head))


def _broken_link(entry: AuditEntry, prev_id: int, prev_hash: str,
                 rest: Iterator[AuditEntry]) -> AuditProblem:
    moved = any(later.hash == entry.prev_hash or later.prev_hash == prev_hash
                for later in rest)
    after = f"entry {prev_id}" if prev_id else "the start of the chain"
    if not moved and prev_id == 0 and entry.id == 1:
        return AuditProblem(ProblemKind.UNKNOWN_GENESIS, entry.id,
                            "the first entry does not start from the genesis hash")
    if moved:
        return AuditProblem(ProblemKind.REORDERED, entry.id,
                            f"it does not follow {after}: entries were moved out of order")
    if entry.id > prev_id + 1:
        gone = (f"entry {prev_id + 1}" if entry.id == prev_id + 2
                else f"entries {prev_id + 1}-{entry.id - 1}")
        return AuditProblem(ProblemKind.REMOVED, entry.id, f"{gone} removed before it")
    return AuditProblem(ProblemKind.REMOVED, entry.id,
                        f"it does not follow {after}: an entry between them was removed "
                        f"(or {after} was rewritten)")


def _check_head(last_id: int, last_hash: str, head: Head | None) -> AuditProblem | None:
    recorded = head or Head(0, GENESIS)
    if recorded.last_id == last_id and recorded.last_hash == last_hash:
        return None
    if recorded.last_id > last_id:
        gone = (f"entry {last_id + 1}" if recorded.last_id == last_id + 1
                else f"entries {last_id + 1}-{recorded.last_id}")
        return AuditProblem(ProblemKind.REMOVED_TAIL, last_id + 1,
                            f"{gone} removed from the end (the head records "
                            f"{recorded.last_id})")
    if recorded.last_id < last_id:
        return AuditProblem(ProblemKind.HEAD_MISMATCH, recorded.last_id + 1,
                            f"entries after {recorded.last_id} were not appended through "
                            f"the chain (the head records {recorded.last_id})")
    return AuditProblem(ProblemKind.EDITED, last_id,
                        "the last entry was rewritten (the head records another hash)")


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
