"""Waiting for a server process to be ready: it is alive and answers, not a number of
seconds. The overall bound is generous; it only ends a wait when something is broken
(the process hangs without exiting), never on a busy machine."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

BOUND = 120.0  # seconds; reached only by a process that neither answers nor exits
POLL = 0.05


def wait_until(ready: Callable[[], bool], process: subprocess.Popen[Any], *,
               what: str, log: Callable[[], str] = lambda: "") -> None:
    """Return once ``ready()`` is true; fail at once, with the log, if the process exits."""
    deadline = time.monotonic() + BOUND
    while True:
        if ready():
            return
        if process.poll() is not None:
            pytest.fail(f"the process exited with {process.returncode} before {what}:\n"
                        f"{log()}")
        if time.monotonic() > deadline:
            pytest.fail(f"the process neither exited nor reached {what} in {BOUND:.0f} s:\n"
                        f"{log()}")
        time.sleep(POLL)


def answers_health(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return httpx.get(f"{url}/health", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    return ready


def wait_until_healthy(url: str, process: subprocess.Popen[Any], *,
                       log: Callable[[], str] = lambda: "") -> None:
    """Until ``GET /health`` answers 200; fail if the process exits first."""
    wait_until(answers_health(url), process, what=f"answering {url}/health", log=log)
