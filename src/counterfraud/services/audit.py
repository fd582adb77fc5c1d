"""The audit trail as a service: record a read or a write, list entries, verify the chain.

:func:`record` takes the caller's open session so that a write and its entry commit
together (or not at all); call it last in that transaction: it holds the chain's lock
until the commit. Given the store instead, it commits the entry on its own through the
store's group commit (services.group_commit): it returns once the entry is durable on
the chain, and many requests' entries share one transaction and one lock. A read that
must not be answered without its entry reads first, then records through the store.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from counterfraud.domain import Viewer
from counterfraud.services.group_commit import GroupCommit
from counterfraud.services.store import Store
from counterfraud.sharing.audit import (
    OPERATOR,
    Access,
    Action,
    AuditEntry,
    AuditProblem,
    AuditReport,
    EntryBody,
    ProblemKind,
    chained,
    verify_chain,
)
from counterfraud.store import audit as rows

LIMIT = 128  # the widest actor and path the log stores
LISTED = 10_000  # above this many references an entry keeps their count and digest
_STARTING = threading.Lock()  # one group commit per store, however many threads ask

__all__ = ["Access", "Action", "AuditEntry", "AuditReport", "access_of", "entries", "record",
           "record_async", "report_ref", "summarised", "verify"]


def record(target: Session | Store, *, actor: str, action: Action, path: str,
           record_type: str, records: Iterable[str],
           detail: Mapping[str, Any] | None = None, read_only: bool = False) -> AuditEntry:
    """Append one entry: ``actor`` did ``action`` on ``records`` (references such as
    ``CN-MPS/R123``) of ``record_type`` through ``path``. ``detail`` is JSON-ready.

    Given a session, the entry commits with it; ``read_only`` says that transaction
    writes nothing else, so its commit need not wait for the disk (see store.audit);
    only for reads. Given the store, the entry is durable when this returns."""
    body = _body(actor=actor, action=action, path=path, record_type=record_type,
                 records=records, detail=detail)
    if isinstance(target, Store):
        return _group_commit(target).append(body)
    head = rows.lock_head(target, relaxed=read_only and action is Action.READ)
    entry = chained(head, body, at=datetime.now(UTC))
    rows.save(target, entry)
    return entry


async def record_async(store: Store, *, actor: str, action: Action, path: str,
                       record_type: str, records: Iterable[str],
                       detail: Mapping[str, Any] | None = None) -> AuditEntry:
    """:func:`record` through the store's group commit, for a coroutine: the entry is
    durable when this returns, and the event loop served other requests meanwhile."""
    body = _body(actor=actor, action=action, path=path, record_type=record_type,
                 records=records, detail=detail)
    return await _group_commit(store).append_async(body)


def _body(*, actor: str, action: Action, path: str, record_type: str,
          records: Iterable[str], detail: Mapping[str, Any] | None) -> EntryBody:
    return EntryBody.of(actor=actor[:LIMIT], action=action, path=path[:LIMIT],
                        record_type=record_type, records=list(records), detail=detail)


def access_of(via: Access | None, viewer: Viewer | None = None, *, path: str) -> Access:
    """``via`` when the interface said who and how; else the viewer's agency (or the
    local operator) through ``path``."""
    if via is not None:
        return via
    actor = viewer.agency if viewer is not None and viewer.agency is not None else OPERATOR
    return Access(actor=actor, path=path)


def report_ref(agency: str, report_id: str) -> str:
    return f"{agency}/{report_id}"


def summarised(refs: Sequence[str]) -> tuple[list[str], dict[str, Any]]:
    """(references, detail) for one entry: the references themselves, or for a read of
    more than ``LISTED`` (a whole feed) their count and the SHA-256 of their sorted list,
    one per line, which a court can check against the list the reader claims."""
    if len(refs) <= LISTED:
        return list(refs), {}
    digest = hashlib.sha256("\n".join(sorted(refs)).encode()).hexdigest()
    return [], {"count": len(refs), "references_sha256": digest}


def entries(store: Store, *, since: datetime | None = None, actor: str | None = None,
            limit: int | None = None) -> list[AuditEntry]:
    """Entries in order, oldest first (the first ``limit`` of them)."""
    with store.transaction() as session:
        found: list[AuditEntry] = []
        for entry in rows.entries(session, since=since, actor=actor):
            if limit is not None and len(found) >= limit:
                break
            found.append(entry)
        return found


def verify(store: Store) -> AuditReport:
    """Check the whole chain against its head; the first problem names its entry.

    The highest entry id is read before the head: appends move both in one commit, so
    an id above a head read later can only be an entry written around the chain."""
    with store.transaction() as session:
        highest = rows.last_entry_id(session)
        head = rows.head(session)
        report = verify_chain(
            rows.entries(session, up_to=head.last_id if head else 0), head)
    last = head.last_id if head else 0
    if report.intact and highest > last:
        return AuditReport(report.entries, head, AuditProblem(
            ProblemKind.HEAD_MISMATCH, last + 1,
            f"entries after {last} were not appended through the chain"))
    return report


def _group_commit(store: Store) -> GroupCommit:
    writer = store.audit_writer
    if writer is None:
        with _STARTING:
            if store.audit_writer is None:
                store.audit_writer = GroupCommit(lambda: _writer_connection(store),
                                                 _commit_batch)
            writer = store.audit_writer
    return writer


def _writer_connection(store: Store) -> Connection:
    """The group commit's own connection, whose commits wait for the disk."""
    connection = store.engine.connect()
    rows.durable(connection)
    return connection


def _commit_batch(connection: Connection, bodies: Sequence[EntryBody]) -> list[AuditEntry]:
    with connection.begin():
        return rows.append(connection, bodies)
