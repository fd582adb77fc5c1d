"""Screenshots of the console's main pages, as docs/console.md shows them.

Builds the small demo world (``services.demo.run_demo``, seed 7) in a temporary folder,
adds a bank operator's key, serves it with ``counterfraud serve`` on 127.0.0.1, signs in
through the sign-in form in Chromium (Debian's, /usr/bin/chromium) and shoots each page
of :func:`shots` in a 1280x800 window, as PNG, one file per page and language::

    python scripts/console_screenshots.py [--out docs/console] [--languages en]
        [--extra dashboard:zh_Hans --extra case:th]

Without ``--languages`` it writes the English set and the ``--extra`` pairs (default:
the dashboard in Simplified Chinese and the case page in Thai). The shooting itself
(:func:`shoot`) is shared with tests/web/test_screenshots.py, which runs it over the
tests' own world in the three languages.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

LANGUAGES = ("en", "zh_Hans", "th")
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM = "/usr/bin/chromium"
STAFF, BANK = "staff", "bank"  # whose session takes a shot


@dataclass(frozen=True)
class Targets:
    """The records the pages show: a query to search, an identifier's page, a network,
    a case, and a message to screen."""

    search: str
    identifier: str  # its page's path
    network: str
    case: str
    message: str


@dataclass(frozen=True)
class Shot:
    name: str  # the file's stem, before the language
    who: str  # STAFF or BANK
    path: str
    wait_for: str | None = None  # a selector the page shows once drawn
    screen: str | None = None  # a message typed into the screening form and screened
    scroll_to: str | None = None


def shots(targets: Targets) -> list[Shot]:
    """The main pages, in the order docs/console.md shows them."""
    return [
        Shot("home", STAFF, "/console/"),
        Shot("dashboard", STAFF, "/console/dashboard"),
        Shot("search", STAFF, "/console/search?q=" + quote(targets.search, safe=""),
             wait_for="#search table, #search .card"),
        Shot("identifier", STAFF, targets.identifier),
        Shot("network", STAFF, f"/console/networks/{targets.network}",
             wait_for="#network-graph[data-drawn]", scroll_to=".card:has(#network-graph)"),
        Shot("screening", STAFF, "/console/screening", screen=targets.message,
             wait_for="#verdict .verdict", scroll_to="#screening"),
        Shot("case", STAFF, f"/console/cases/{targets.case}"),
        Shot("freeze-queue", BANK, "/console/freeze"),
        Shot("kpi", STAFF, "/console/kpi"),
    ]


def sign_in(page: Any, url: str, key: str) -> None:
    page.goto(f"{url}/console/sign-in")
    page.locator("input[name=api_key]").fill(key)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{url}/console/")


def choose_language(page: Any, language: str) -> None:
    """Through the header's switcher, as a person would (kept in the session)."""
    if page.locator("#language-select").input_value() == language:
        return
    with page.expect_navigation():
        page.select_option("#language-select", language)


def shoot(browser: Any, url: str, keys: dict[str, str], wanted: Sequence[Shot], *,
          languages: Sequence[str], out: Path,
          only: set[tuple[str, str]] | None = None) -> list[Path]:
    """Each shot of ``wanted`` in each language (or only the (name, language) pairs of
    ``only``), into ``out/<name>-<language>.png``; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for who in dict.fromkeys(s.who for s in wanted):
        for language in languages:
            todo = [s for s in wanted if s.who == who
                    and (only is None or (s.name, language) in only)]
            if not todo:
                continue
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1,
                                          locale="en-GB")
            try:
                page = context.new_page()
                sign_in(page, url, keys[who])
                choose_language(page, language)
                for shot in todo:
                    target = out / f"{shot.name}-{language}.png"
                    take(page, url, shot, target)
                    written.append(target)
            finally:
                context.close()
    return written


def take(page: Any, url: str, shot: Shot, target: Path) -> None:
    page.goto(f"{url}{shot.path}")
    if shot.screen is not None:
        page.fill("#text", shot.screen)
        page.locator("#screening button[type=submit]").click()
    if shot.wait_for:
        page.wait_for_selector(shot.wait_for, timeout=15_000)
    page.wait_for_load_state("networkidle")
    if shot.scroll_to:
        page.locator(shot.scroll_to).first.evaluate(
            "el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(target), type="png")


# -- the demo world, served -------------------------------------------------------------

STAFF_AGENCY = "CN-MPS"
BANK_AGENCY = "CN-ICBC"


def demo_world(folder: Path) -> tuple[dict[str, str], Targets]:
    """The small demo world in ``folder``; the keys to sign in with and the targets."""
    from counterfraud.domain import ApiRole, Marking, Viewer
    from counterfraud.services import access, cases, demo, freeze, networks
    from counterfraud.services.store import open_store
    from counterfraud.web.pages.vocabulary import identifier_href

    store = open_store(settings_of(folder))
    try:
        result = demo.run_demo(store, seed=7, size="small", out_dir=folder)
        staff = next(k.secret for k in result.keys
                     if k.agency == STAFF_AGENCY and k.role is ApiRole.ANALYST)
        bank = access.create_key(store, agency=BANK_AGENCY, role=ApiRole.OPERATOR).secret
        viewer = Viewer(STAFF_AGENCY, ApiRole.ANALYST)
        seen = networks.networks(store, viewer, limit=20)
        network = min(seen, key=lambda n: abs(len(n.members) - 40))  # legible when drawn
        core = sorted((m for m in network.members if m.core_rank is not None),
                      key=lambda m: m.core_rank or 0)
        phone = next((m.identifier for m in core if m.identifier.kind.value == "phone"),
                     core[0].identifier)
        _, listed = cases.list_cases(store, viewer, agency=STAFF_AGENCY, limit=100)
        open_cases = [c for c in listed if not c.status.value.startswith("closed")] or listed
        case = next((c for c in open_cases if c.scam_type == "kidnapping_ransom"),
                    open_cases[0])
        # the demo's banks have answered every request: one more awaits CN-ICBC's answer
        shared = next(c for c in open_cases if c.tlp is not Marking.RED)
        freeze.request_freeze(store, viewer, case_id=shared.id, ask=freeze.ask_of(
            [("bank_account", "6222020200112233445", None)], institution=BANK_AGENCY,
            amount="86000.00", currency="CNY"))
    finally:
        store.close()
    message = f"恭喜您获得高薪兼职，日赚500元，请立即添加客服 {phone.value} 办理入职"
    return {STAFF: staff, BANK: bank}, Targets(
        search=phone.value, identifier=identifier_href(phone.kind.value, phone.value),
        network=network.id, case=case.id, message=message)


def settings_of(folder: Path) -> Any:
    from counterfraud.settings import Settings

    return Settings(data_dir=folder, database_url=f"sqlite:///{folder}/counterfraud.db")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``counterfraud serve`` over the folder's store until /health answers."""
    import httpx

    port = free_port()
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(folder),
           "COUNTERFRAUD_DATABASE_URL": f"sqlite:///{folder}/counterfraud.db"}
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "counterfraud", "serve", "--port",
                                    str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start:\n"
                                 + (folder / "server.log").read_text()[-3000:])
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/console"))
    parser.add_argument("--languages", nargs="*", default=None,
                        help="every page in each of these (default: English)")
    parser.add_argument("--extra", action="append", default=None,
                        help="NAME:LANGUAGE, one more shot (default: dashboard:zh_Hans, "
                             "case:th)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="console-shots-") as temp:
        folder = Path(temp)
        print("building the small demo world ...", flush=True)
        keys, targets = demo_world(folder)
        wanted = shots(targets)
        languages = tuple(args.languages or ("en",))
        extra = [tuple(e.split(":", 1)) for e in (args.extra or ["dashboard:zh_Hans",
                                                                  "case:th"])]
        pairs = {(s.name, lang) for s in wanted for lang in languages}
        pairs |= {(n, lang) for n, lang in extra}
        with served(folder) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                written = shoot(browser, url, keys, wanted, languages=LANGUAGES, out=args.out,
                                only=pairs)
            finally:
                browser.close()
    for path in written:
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
