"""Group commit of audit entries: many threads append, one writer chains and commits.

An entry that commits on its own (a read's entry, an export's) used to take the chain's
lock in its request's transaction: under concurrent requests they queued for that one
lock, and on SQLite each waiter slept in the busy handler, so a few dozen requests a
second took seconds at the tail. Here a request hands its entry to this process's writer
thread and waits (a coroutine awaits it, holding no thread: :meth:`GroupCommit.append_async`).
The writer takes every entry waiting at that moment, locks the head once, chains them in
arrival order, stores them, moves the head and commits them in one transaction that waits
for the disk (store.audit.durable), on a connection it keeps for the next batch; only then
are the requests released. While it commits, the next batch gathers, so the batch grows
with the load and an idle server still commits at once.

The contract for callers of :meth:`GroupCommit.append`: when it returns, the entry is
durable and on the chain; when it raises, the caller must fail its request (a read whose
entry cannot be written is not answered). Killing the process loses only entries whose
``append`` had not returned, so nothing acknowledged is lost, and the chain stays whole:
a batch commits entirely or not at all, together with the head. A batch the database
refuses for its content is tried again one entry at a time, so one bad entry fails only
its own request; one that fails because the database is unavailable (locked beyond its
busy timeout, gone) fails every request waiting on it at once.

Writers in other processes (other API workers, the CLI, sync) and writes that record
their entry in their own transaction still append under the same head lock, so every
appender serialises on it and the chain never forks.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from counterfraud.errors import StoreUnavailable
from counterfraud.sharing.audit import AuditEntry, EntryBody

logger = logging.getLogger(__name__)

MAX_BATCH = 1000  # entries per transaction; more wait for the next one
WAIT_SECONDS = 120.0  # beyond the database's own busy timeout: a writer that hangs fails


@dataclass(slots=True)
class _Pending:
    body: EntryBody
    done: Future[AuditEntry] = field(default_factory=Future)


class GroupCommit:
    """One writer thread over ``connect``: ``commit(connection, bodies)`` appends the
    bodies in a transaction on a connection from ``connect`` and returns their entries
    (store.audit.append on a connection made store.audit.durable, in services.audit).
    The writer's connection is its own: it is invalidated, never handed back to the pool,
    when the writer stops or a batch fails, since ``connect`` may have changed its
    settings."""

    def __init__(self, connect: Callable[[], Connection],
                 commit: Callable[[Connection, Sequence[EntryBody]], list[AuditEntry]], *,
                 max_batch: int = MAX_BATCH) -> None:
        self._connect = connect
        self._commit = commit
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._waiting = 0
        self._connection: Connection | None = None  # the writer thread's own
        self._thread = threading.Thread(target=self._run, name="audit-group-commit",
                                         daemon=True)
        self._thread.start()

    def append(self, body: EntryBody) -> AuditEntry:
        """Wait until ``body`` is committed on the chain; its entry. Raises
        StoreUnavailable when it could not be (the entry is then not on the chain)."""
        pending = self._enqueue(body)
        try:
            return pending.done.result(timeout=WAIT_SECONDS)
        except FutureTimeout:
            raise StoreUnavailable(
                f"the audit entry was not committed within {WAIT_SECONDS:.0f} s") from None
        except StoreUnavailable as e:
            raise StoreUnavailable(str(e)) from e  # each waiter its own traceback

    async def append_async(self, body: EntryBody) -> AuditEntry:
        """:meth:`append` for a coroutine: the event loop goes on serving while the entry
        commits, and no thread waits for it. A caller cancelled meanwhile (its client
        left) does not withdraw the entry: the records may already be on their way."""
        pending = self._enqueue(body)
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(pending.done)),
                                          WAIT_SECONDS)
        except TimeoutError:
            raise StoreUnavailable(
                f"the audit entry was not committed within {WAIT_SECONDS:.0f} s") from None
        except StoreUnavailable as e:
            raise StoreUnavailable(str(e)) from e

    def _enqueue(self, body: EntryBody) -> _Pending:
        pending = _Pending(body)
        with self._lock:  # an append racing close() is either drained or refused
            if self._closed:
                raise StoreUnavailable("the store is closed: the audit entry was not written")
            self._waiting += 1
            self._queue.put(pending)
        pending.done.add_done_callback(self._answered)
        return pending

    def _answered(self, _done: Future[AuditEntry]) -> None:
        with self._lock:
            self._waiting -= 1

    @property
    def waiting(self) -> int:
        """Appends not answered yet: queued, or in the batch being committed."""
        with self._lock:
            return self._waiting

    def close(self) -> None:
        """Commit what is queued, then stop the writer; later appends are refused."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        try:
            self._serve()
        finally:
            self._disconnect()

    def _serve(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                batch.append(more)
            self._write(batch)

    def _write(self, batch: list[_Pending]) -> None:
        try:
            entries = self._commit_batch(batch)
        except OperationalError as e:  # the database itself: locked, gone, full
            self._fail(batch, e)
        except Exception as e:
            if len(batch) == 1:
                self._fail(batch, e)
                return
            # an entry the database refuses must fail only its own request
            for pending in batch:
                self._write([pending])
        else:
            for pending, entry in zip(batch, entries, strict=True):
                pending.done.set_result(entry)

    def _commit_batch(self, batch: list[_Pending]) -> list[AuditEntry]:
        """Commit on the writer's connection, kept from one batch to the next (a pool
        check-out and its reset cost as much as a small batch's statements); after a
        failure the next batch starts on a new one."""
        if self._connection is None:
            self._connection = self._connect()
        try:
            return self._commit(self._connection, [p.body for p in batch])
        except BaseException:
            self._disconnect()
            raise

    def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.invalidate()
                connection.close()
            except Exception:  # a broken connection is gone either way
                logger.warning("closing the audit writer's connection failed", exc_info=True)

    @staticmethod
    def _fail(batch: list[_Pending], e: Exception) -> None:
        # the driver's own message: SQLAlchemy's would quote the entries' references
        reason = e.orig if isinstance(e, DBAPIError) else type(e).__name__
        logger.error("audit group commit of %d entries failed: %s", len(batch), reason)
        error = StoreUnavailable(f"the audit entry could not be written: {reason}")
        for pending in batch:
            pending.done.set_exception(error)
