"""What the screening engine decided, counted per UTC day, channel and decision, in
memory, and added to ``interception_counts`` in the background.

The engine calls :meth:`InterceptionCounter.counted` once per screening call (a batch
of messages is one call). Counting tallies the call's decisions first, then holds a lock
only to add at most three integers to a dictionary: no I/O, no allocation per verdict,
nothing that waits on the database. A thread of this process started by the first
count swaps the dictionary for an empty one every ``interval`` seconds and adds what it
held to the store with one additive upsert (``count = count + excluded.count``), so
several processes (API workers, batch screening workers) add to the same rows and none
overwrites another's counts.

Nothing counted is lost at a clean close: :meth:`close` (called by
:meth:`~counterfraud.services.store.Store.close`) stops the thread and writes what is
left. A write that fails keeps its counts for the next one (logged, never raised on
the screening path); only a process killed between two writes loses the counts of
those few seconds.

Counts belong to the instance, not to an agency: they are the instance's own screening,
and every agency's figures show them (docs/kpi.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from counterfraud.domain import Channel, Decision
from counterfraud.store import kpi as rows

if TYPE_CHECKING:  # the screening package is not loaded by commands that never screen
    from counterfraud.screening import Verdict
    from counterfraud.services.store import Store

logger = logging.getLogger(__name__)

INTERVAL = 5.0  # seconds between two writes
Key = tuple[str, str, str]  # (day YYYY-MM-DD in UTC, channel, decision)
Write = Callable[[dict[Key, int]], None]
_DAY = 86_400
_STARTING = threading.Lock()  # one counter per store, however many threads ask

__all__ = ["INTERVAL", "InterceptionCounter", "counter_of", "write_counts"]


class InterceptionCounter:
    """Counts verdicts in memory and hands them to ``write`` in the background
    (``write`` adds them to the store: it must be additive, see store.kpi).

    ``clock`` gives seconds since the epoch: the day a verdict is counted in is the UTC
    day of the clock when the engine gave it."""

    def __init__(self, write: Write, *, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.time) -> None:
        self._write = write
        self._interval = interval
        self._clock = clock
        self._counts: dict[Key, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._flushing = threading.Lock()  # one write at a time, in order
        self._day: tuple[int, str] = (-1, "")

    def counted(self, channel: Channel, verdicts: Sequence[Verdict]) -> None:
        """Count ``verdicts`` given on ``channel`` (the engine's VerdictCounter). After
        :meth:`close` nothing is written any more."""
        if not verdicts:
            return
        blocked = warned = 0
        block, warn = Decision.BLOCK, Decision.WARN
        for verdict in verdicts:
            decision = verdict.decision
            if decision is block:
                blocked += 1
            elif decision is warn:
                warned += 1
        allowed = len(verdicts) - blocked - warned
        day = self._today()
        name = channel.value
        with self._lock:
            counts = self._counts
            for decision_name, n in (("block", blocked), ("warn", warned),
                                     ("allow", allowed)):
                if n:
                    key = (day, name, decision_name)
                    counts[key] = counts.get(key, 0) + n
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="interceptions",
                                                daemon=True)
                self._thread.start()

    def pending(self) -> dict[Key, int]:
        """What is counted and not yet written (a copy)."""
        with self._lock:
            return dict(self._counts)

    def flush(self) -> None:
        """Write what is counted now; on failure the counts are kept and the error
        raised (the background thread logs it and tries again later)."""
        with self._flushing:
            with self._lock:
                taken, self._counts = self._counts, {}
            if not taken:
                return
            try:
                self._write(taken)
            except BaseException:
                with self._lock:
                    for key, n in taken.items():
                        self._counts[key] = self._counts.get(key, 0) + n
                raise

    def close(self) -> None:
        """Stop the thread and write what is left: nothing counted before is lost unless
        the database refuses the write (then logged, with the counts)."""
        with self._lock:
            self._stop.set()
            thread = self._thread
        if thread is not None:
            thread.join()
        try:
            self.flush()
        except Exception as e:
            logger.error("interception counts not written at close (%s): %s",
                         type(e).__name__, sorted(self.pending().items()))

    def _today(self) -> str:
        number = int(self._clock() // _DAY)
        cached = self._day
        if cached[0] == number:
            return cached[1]
        name = datetime.fromtimestamp(number * _DAY, UTC).date().isoformat()
        self._day = (number, name)
        return name

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.flush()
            except Exception as e:  # the next write tries again with these counts
                logger.warning("writing interception counts failed (%s); kept for the "
                               "next write", type(e).__name__)


def counter_of(store: Store, *, interval: float = INTERVAL) -> InterceptionCounter:
    """The store's counter, made on first use; :meth:`Store.close` writes what it holds."""
    counter = store.interceptions
    if counter is None:
        with _STARTING:
            if store.interceptions is None:
                store.interceptions = InterceptionCounter(
                    lambda counts: _write(store, counts), interval=interval)
            counter = store.interceptions
    return counter


def write_counts(store: Store) -> None:
    """Write the store's counts now, for a process that is never closed (a worker of a
    pool ends without its store's close); a failure is logged and the counts kept."""
    counter = store.interceptions
    if counter is None:
        return
    try:
        counter.flush()
    except Exception as e:
        logger.warning("writing interception counts failed (%s); kept for the next write",
                       type(e).__name__)


def _write(store: Store, counts: dict[Key, int]) -> None:
    with store.transaction() as session:
        rows.add_interceptions(session, counts)
