"""Fixtures of the console's tests: a real uvicorn on 127.0.0.1 over a real SQLite store,
and Chromium driven by Playwright.

The world is the API tests' (tests/api/conftest.py: CN-MPS and TH-CCIB with a key of
every role, a revoked key, three reports, one agreement), served as operators serve it
(tests/api/test_api_server.py's ``running_server``: ``uvicorn --factory``). Browser
tests are marked ``browser`` and skipped, saying why, without /usr/bin/chromium or
Playwright.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from counterfraud.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
TESTS = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    """A module of another test folder, loaded under its own name (every folder has a
    ``conftest``, so it cannot be imported by that name)."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


api_world = _load("api_world_for_console", TESTS / "api" / "conftest.py")
api_server = _load("api_server_for_console", TESTS / "api" / "test_api_server.py")


@dataclass
class Console:
    """A running server: its URL, the world's keys (``"CN-MPS:analyst"`` ...,
    ``"revoked"``), its settings and the log it writes (stdout and stderr)."""

    url: str
    keys: dict[str, str]
    settings: Settings
    log: Path
    process: subprocess.Popen[bytes]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=60)


def start_console(folder: Path, *, env: dict[str, str] | None = None) -> Iterator[Console]:
    world = api_world.build_world(folder)
    log = folder / "uvicorn.log"
    environment = {**api_server.server_env(world.settings), **(env or {})}
    with api_server.running_server(environment, log, workers=1) as (url, process):
        yield Console(url=url, keys=world.keys, settings=world.settings, log=log,
                      process=process)


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """One server per test module (tests that change sessions make their own keys)."""
    yield from start_console(tmp_path_factory.mktemp("console"))


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(http: httpx.Client, console: Console, key_name: str) -> httpx.Response:
    """Sign ``http`` in with the world's key ``key_name``; the answer to the POST."""
    form = http.get("/console/sign-in")
    assert form.status_code == 200, form.text
    answer = http.post("/console/sign-in", data={"api_key": console.keys[key_name],
                                                 "csrf_token": csrf_of(form.text)})
    assert answer.status_code == 303, answer.text
    return answer


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium (Debian's, /usr/bin/chromium) through Playwright; skipped without it."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests skipped: /usr/bin/chromium is missing "
                    "(apt-get install chromium fonts-noto-cjk fonts-thai-tlwg)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests skipped: playwright is not installed "
                    "(pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield launched
        finally:
            launched.close()


def signed_in_page(browser: Any, console: Console, key_name: str, *,
                   locale: str = "en-GB") -> Any:
    """A new browser page signed in with ``key_name`` through the sign-in form."""
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(f"{console.url}/console/sign-in")
    page.get_by_label(re.compile("API key|API 密钥|คีย์ API")).fill(console.keys[key_name])
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{console.url}/console/")
    return page
