"""When each API key was last used, written off the request path.

Authenticating a request only looks at a dictionary: a key not recorded in the last
``INTERVAL`` seconds is queued, and a thread of this process writes the queue to
``api_keys.last_used_at`` (so at most once a minute per key and process, and the
statement itself skips a key another process wrote in that minute). A request never
waits for the database on this account; a write that fails is logged and dropped, as
the time is only a help to find unused keys. :meth:`KeyUsage.close` writes what is
still queued.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

logger = logging.getLogger(__name__)

INTERVAL = 60.0  # seconds between two writes for one key
Write = Callable[[dict[str, datetime]], None]  # key hash -> when it was used


class KeyUsage:
    def __init__(self, write: Write, *, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._write = write
        self._interval = interval
        self._clock = clock
        self._queued: dict[str, datetime] = {}
        self._recorded: dict[str, float] = {}  # key hash -> monotonic time it was queued
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None

    def seen(self, key_hash: str) -> None:
        """Note a use of the key; cheap when it was noted in the last interval."""
        now = self._clock()
        last = self._recorded.get(key_hash)
        if last is not None and now - last < self._interval:
            return
        with self._lock:
            if self._closed:
                return
            self._recorded[key_hash] = now
            self._queued[key_hash] = datetime.now(UTC)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="key-usage",
                                                daemon=True)
                self._thread.start()
        self._wake.set()

    def close(self) -> None:
        """Write what is queued and stop the thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                queued, self._queued = self._queued, {}
                closing = self._closed
            if queued:
                try:
                    self._write(queued)
                except Exception as e:  # advisory data: never let it stop the server
                    logger.warning("recording when API keys were last used failed: %s",
                                   type(e).__name__)
            if closing:
                return
