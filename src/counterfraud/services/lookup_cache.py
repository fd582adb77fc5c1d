"""Answers to identifier lookups kept between requests, never served across a write.

A lookup's answer depends only on the records it reads (store.changes.WATCHED) and on
the time, through agreements that start, end or are revoked at a given moment. So an
answer is kept with:

- the records version read *before* its records were read (store.changes): it is served
  again only while the version is still the same, and each lookup reads the version
  anew from the database. A write committed by this process or any other (another API
  worker, the command line, sync) moves the version in its own transaction, so the
  first lookup that starts after the commit reads the records again. Reading the
  version first means an answer can only be newer than its tag, never older;
- the time it was read at and the next moment after it at which any agreement starts,
  ends or is revoked: past that moment, or if the clock went back before the read,
  the answer is read again, exactly as the query would then see it.

On a database server each version read is a round trip: a coroutine does not make it
on the event loop, which would stall every request on a slow answer. It waits instead
for a read that one thread makes on behalf of every coroutine waiting when that read
begins (:class:`_SharedReads`): each still sees every write committed before it asked,
and under load one read serves many lookups. A SQLite file is read inline (a few
microseconds, less than any hand-over).

The key is what the caller asked (its agency, the kind, the value as sent and the
region), so a kept answer costs no normalisation and no query but the version's. The
answer is the same object for every caller with that key: treat it as read-only.
What each answer is kept for is per process: with several workers each keeps its own,
and all of them read the one version.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from counterfraud.domain import IdentifierLookup
from counterfraud.errors import StoreUnavailable
from counterfraud.store.changes import VersionReader

SIZE = 4096  # answers kept; the oldest goes first

Key = tuple[str | None, str, str, str | None]  # agency, kind, value as sent, region


@dataclass(frozen=True, slots=True)
class _Kept:
    version: int
    read_at: datetime
    until: datetime | None  # the next agreement start, end or revocation after read_at
    answer: IdentifierLookup


class LookupCache:
    """A store's kept answers (see above); thread-safe, one per store (services.reports)."""

    def __init__(self, engine: Engine, *, size: int = SIZE) -> None:
        self._reader = VersionReader(engine)
        self._in_place = engine.dialect.name == "sqlite"
        self._shared: _SharedReads | None = None  # started by the first coroutine
        self._size = size
        self._kept: dict[Key, _Kept] = {}
        self._countries: dict[str, tuple[int, str]] = {}  # agency -> (version, country)
        # (version, read at, the next agreement change after it)
        self._next_change: tuple[int, datetime, datetime | None] | None = None
        self._latest = 0  # the highest version read: answers under older ones are dropped
        self._lock = threading.Lock()

    def version(self) -> int:
        """The records version now; read it before reading the records an answer uses."""
        return self._seen(self._reader.read())

    async def version_async(self) -> int:
        """:meth:`version` for a coroutine: a version read that began after this call."""
        if self._in_place:
            return self.version()
        if self._shared is None:
            with self._lock:
                if self._shared is None:
                    self._shared = _SharedReads(self._reader.read)
        return self._seen(await self._shared.read())

    def _seen(self, version: int) -> int:
        if version > self._latest:
            with self._lock:
                if version > self._latest:
                    self._latest = version
                    self._kept.clear()
        return version

    def get(self, key: Key, *, version: int, now: datetime) -> IdentifierLookup | None:
        """The answer kept for ``key`` if it was read at ``version`` and nothing about
        agreements changed between when it was read and ``now``."""
        kept = self._kept.get(key)
        if kept is None or kept.version != version or now < kept.read_at:
            return None
        if kept.until is not None and now >= kept.until:
            return None
        return kept.answer

    def country(self, agency: str, *, version: int, read: Callable[[], str]) -> str:
        """Agency ``agency``'s country, read once a version (agencies are records too)."""
        kept = self._countries.get(agency)
        if kept is not None and kept[0] == version:
            return kept[1]
        country = read()
        with self._lock:
            if version >= self._latest:
                self._countries[agency] = (version, country)
        return country

    def next_change(self, *, version: int, at: datetime,
                    read: Callable[[], datetime | None]) -> datetime | None:
        """The next agreement start, end or revocation after ``at``, read again only
        when the version moved, or ``at`` passed what was read, or fell before it."""
        kept = self._next_change
        if kept is not None and kept[0] == version and kept[1] <= at and (
                kept[2] is None or at < kept[2]):
            return kept[2]
        until = read()
        with self._lock:
            if version >= self._latest:
                self._next_change = (version, at, until)
        return until

    def put(self, key: Key, answer: IdentifierLookup, *, version: int, read_at: datetime,
            until: datetime | None) -> None:
        """Keep ``answer``, read at ``read_at`` after the version read was ``version``."""
        with self._lock:
            if version < self._latest:
                return  # a write has been seen since: this answer may be older than it
            if key not in self._kept and len(self._kept) >= self._size:
                del self._kept[next(iter(self._kept))]
            self._kept[key] = _Kept(version, read_at, until, answer)

    def __len__(self) -> int:
        return len(self._kept)

    def close(self) -> None:
        if self._shared is not None:
            self._shared.close()
        self._reader.close()


class _SharedReads:
    """Reads made by one thread for coroutines: each read answers every coroutine that
    was waiting when it began, so each sees all that was committed before it asked."""

    def __init__(self, read: Callable[[], int]) -> None:
        self._read = read
        self._waiting: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[int]]] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="records-version",
                                        daemon=True)
        self._thread.start()

    async def read(self) -> int:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[int] = loop.create_future()
        with self._lock:
            if self._closed:
                raise StoreUnavailable("the store is closed")
            self._waiting.append((loop, future))
        self._wake.set()
        return await future

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            with self._lock:
                self._wake.clear()
                waiting, self._waiting = self._waiting, []
                closed = self._closed
            if waiting:
                self._answer(waiting)
            if closed:
                return

    def _answer(self, waiting: list[tuple[asyncio.AbstractEventLoop,
                                          asyncio.Future[int]]]) -> None:
        try:
            outcome: int | BaseException = self._read()
        except Exception as e:  # each waiter gets the error (StoreUnavailable)
            outcome = e
        by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[int]]] = {}
        for loop, future in waiting:
            by_loop.setdefault(loop, []).append(future)
        for loop, futures in by_loop.items():  # one wake-up of each loop, not one a waiter
            with contextlib.suppress(RuntimeError):  # a loop closed meanwhile
                loop.call_soon_threadsafe(_settle, futures, outcome)


def _settle(futures: list[asyncio.Future[int]], outcome: int | BaseException) -> None:
    for future in futures:
        if future.done():  # its caller was cancelled
            continue
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
