"""The whole console as its users walk it, in Chromium over a real uvicorn and store.

Every role of two police agencies and a bank's operator sign in and follow every link
their navigation shows (read from the page, so a new page is toured without a change
here), then the first link to a record's own page found on them: a case, a network, an
identifier, a report (and a victim, a blocklist entry, a takedown when shown). On every
page: no answer of 400 or more to the page or anything it loads, nothing logged as an
error nor a script error, no failed request, no request to a host other than the
server's, and no word of the other agency's TLP:RED records in the page or in the data
it fetches (tests/web/tour_world.py says what those canaries are). Then the two forms
that take a person's typing most: report intake and opening a case, each sent with one
bad field, show the error next to that field.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from tests.web.tour_world import BANK, CN, POLICE, TourWorld, serve

from conftest import Console

pytestmark = [pytest.mark.server, pytest.mark.browser]

USERS = [f"{agency}:{role}" for agency in POLICE for role in ("admin", "analyst", "operator")]
USERS.append(f"{BANK}:operator")
STAFF_ROLES = ("admin", "analyst")

# A record's own page, by kind; the first link of each kind found is followed.
DETAILS: dict[str, re.Pattern[str]] = {
    "case": re.compile(r"^/console/cases/(?!new$)[^/?#]+$"),
    "network": re.compile(r"^/console/networks/[^/?#]+$"),
    "identifier": re.compile(r"^/console/identifiers/[^/?#]+/[^?#]+$"),
    "report": re.compile(r"^/console/reports/(?!new$)[^/?#]+/[^?#]+$"),
    "victim": re.compile(r"^/console/victims/[^/?#]+$"),
    "blocklist entry": re.compile(r"^/console/blocklist/\d+$"),
    "takedown": re.compile(r"^/console/takedowns/[^/?#]+$"),
}
STAFF_MUST_REACH = ("case", "network", "identifier", "report")

# Faults of a page seen by the tour and not yet put right by the page's owner:
# (key names, path, a word of the problem) -> why. The test is marked xfail while one
# is seen, and fails on any other; once the fault is gone the tour passes.
KNOWN: dict[tuple[tuple[str, ...], str, str], str] = {}
DIGIT_GAPS = re.compile(r"(?<=\d)[\s\u00a0\u202f-](?=\d)")  # "+86 139 4000 4321"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, TourWorld]]:
    yield from serve(tmp_path_factory.mktemp("tour"))


@dataclass
class Watch:
    """What one browser context did wrong, and the data its pages fetched."""

    host: str
    problems: list[str] = field(default_factory=list)
    fetched: list[Any] = field(default_factory=list)  # fetch/XHR answers, read later
    in_flight: int = 0

    def attach(self, context: Any, page: Any) -> None:
        # only requests to other hosts are intercepted (the pattern is matched in the
        # browser), so the server's own are not slowed
        context.route(re.compile(rf"^(?!https?://{re.escape(self.host)}/)"), self._only_ours)
        page.on("console", lambda m: self.problems.append(f"console error: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._failed)
        page.on("response", self._answered)

    def _only_ours(self, route: Any) -> None:
        if urlsplit(route.request.url).netloc == self.host:
            route.continue_()
        else:
            self.problems.append(f"request leaving the server: {route.request.url}")
            route.abort()

    def _started(self, request: Any) -> None:
        self.in_flight += 1

    def _ended(self, request: Any) -> None:
        self.in_flight -= 1

    def _failed(self, request: Any) -> None:
        self.in_flight -= 1
        if urlsplit(request.url).netloc == self.host:  # others are counted when aborted
            self.problems.append(f"failed request: {request.method} {request.url} "
                                 f"({request.failure})")

    def _answered(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.request.method} "
                                 f"{response.url}")
        if response.request.resource_type in ("fetch", "xhr"):
            self.fetched.append(response)

    def settle(self, page: Any, *, limit: float = 10.0) -> None:
        """Until nothing the page started is still loading (htmx and fetch included)."""
        deadline = time.monotonic() + limit
        quiet = 0
        while quiet < 2 and time.monotonic() < deadline:
            page.wait_for_timeout(25)
            quiet = quiet + 1 if self.in_flight <= 0 else 0


def leaks(text: str, canaries: list[str]) -> list[str]:
    """The canaries in ``text``, as written, percent-decoded or with digits grouped."""
    forms = (text, unquote(text), DIGIT_GAPS.sub("", text))
    return [c for c in canaries if any(c.lower() in f.lower() for f in forms)]


def sign_in(page: Any, console: Console, key_name: str) -> None:
    page.goto(f"{console.url}/console/sign-in")
    page.locator("input[name=api_key]").fill(console.keys[key_name])
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{console.url}/console/")


def links_of(page: Any, selector: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        selector, "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h]


def test_every_page_of_every_role(browser: Any, served: tuple[Console, TourWorld]) -> None:
    console, world = served
    failures: dict[str, list[str]] = {}
    reached: dict[str, set[str]] = {}
    own: dict[str, list[str]] = {}
    for key_name in USERS:
        problems, kinds, own[key_name] = tour(browser, console, world, key_name)
        if problems:
            failures[key_name] = problems
        reached[key_name] = kinds
    known = {why for (names, path, word), why in KNOWN.items()
             for name in names for problem in failures.get(name, [])
             if problem.startswith(f"{path}: ") and word in problem}
    unknown = [f"{name}: {problem}" for name, problems in failures.items()
               for problem in problems
               if not any(name in names and problem.startswith(f"{path}: ") and word in problem
                          for names, path, word in KNOWN)]
    assert unknown == [], "\n".join(unknown)
    for key_name in USERS:
        if key_name.split(":")[1] in STAFF_ROLES and not key_name.startswith(BANK):
            missing = set(STAFF_MUST_REACH) - reached[key_name]
            assert not missing, f"{key_name} found no link to a {', '.join(sorted(missing))}"
            # the canaries are words pages do show: to their owner (so their absence
            # elsewhere is not an accident of what pages show)
            agency = key_name.partition(":")[0]
            assert {c for c in world.red_canaries[agency] if c.startswith("case-")} <= set(
                own[key_name]), f"{key_name} never saw its own RED case"
    if known:
        pytest.xfail("; ".join(sorted(known)))


def tour(browser: Any, console: Console, world: TourWorld,
         key_name: str) -> tuple[list[str], set[str], list[str]]:
    """Sign in as ``key_name`` and visit every page; (what went wrong, kinds of record
    pages reached, the agency's own RED canaries its pages showed)."""
    host = urlsplit(console.url).netloc
    hidden = world.canaries_hidden_from(key_name)
    mine = world.red_canaries.get(key_name.partition(":")[0], [])
    shown: set[str] = set()
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    watch = Watch(host)
    watch.attach(context, page)
    problems: list[str] = []
    try:
        sign_in(page, console, key_name)
        nav = list(dict.fromkeys(links_of(page, "nav.main-nav a[href]")))
        assert "/console/" in nav and len(nav) > 2, f"{key_name}: no navigation"
        found: dict[str, str] = {}
        visited: set[str] = set()

        def visit(path: str) -> None:
            visited.add(path)
            watch.problems.clear()
            page.goto(f"{console.url}{path}")
            watch.settle(page)
            if urlsplit(page.url).path != urlsplit(path).path:
                watch.problems.append(f"landed on {page.url}")
            html = page.content()
            for answer in watch.fetched:
                try:
                    html += answer.text()
                except Exception:  # a body gone with its page is not the page's fault
                    continue
            watch.fetched.clear()
            watch.problems.extend(f"holds another agency's RED canary {c!r}"
                                  for c in leaks(html, hidden))
            shown.update(leaks(html, mine))
            problems.extend(f"{path}: {p}" for p in watch.problems)
            for href in links_of(page, "main a[href]"):
                target = urlsplit(href).path if href.startswith("/") else ""
                for kind, pattern in DETAILS.items():
                    if kind not in found and pattern.match(target):
                        found[kind] = target

        for path in nav:
            visit(path)
        while pending := [p for p in found.values() if p not in visited]:
            for path in pending:
                visit(path)
        if "network" in found:  # the drawing was made from its data
            page.goto(f"{console.url}{found['network']}")
            page.wait_for_selector("#network-graph[data-drawn]", timeout=10_000)
        return problems, set(found), sorted(shown)
    finally:
        context.close()


def field_error_beside(page: Any, name: str) -> str:
    """The error shown in the same field as the input ``name``, which points to it."""
    box = page.locator(f".field:has([name='{name}'])")
    assert box.count() == 1, f"no single field holds {name}"
    error = box.locator(f"#{name}-error")
    assert error.is_visible(), f"no error shown beside {name}"
    control = box.locator(f"[name='{name}']")
    assert control.get_attribute("aria-invalid") == "true"
    assert f"{name}-error" in (control.get_attribute("aria-describedby") or "")
    return str(error.inner_text())


@pytest.mark.parametrize(("path", "name", "bad", "said"), [
    ("/console/reports/new", "loss_amount", "a lot", "amount"),
    ("/console/reports/new", "victim_country", "Atlantis", "country"),
    ("/console/cases/new", "identifiers", "phone:12", "phone"),
], ids=["report-loss", "report-country", "case-identifier"])
def test_a_bad_field_is_told_beside_it(browser: Any, served: tuple[Console, TourWorld],
                                       path: str, name: str, bad: str, said: str) -> None:
    console, _ = served
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    watch = Watch(urlsplit(console.url).netloc)
    watch.attach(context, page)
    try:
        sign_in(page, console, f"{CN}:analyst")
        page.goto(f"{console.url}{path}")
        if path == "/console/cases/new":
            page.select_option("#scam_type", "investment")
            page.fill("#title", "Deposit mentor ring")
        page.fill(f"[name='{name}']", bad)
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("main form.form button[type=submit]").first.click()
        assert answer.value.status == 422
        page.wait_for_load_state()
        message = field_error_beside(page, name)
        assert said in message.lower(), message
        assert page.locator(f"[name='{name}']").input_value() == bad  # kept, to correct
    finally:
        context.close()
    # the refusal's own 422 is expected; nothing else may have gone wrong
    assert [p for p in watch.problems if "HTTP 422" not in p
            and "status of 422" not in p] == []


def test_the_watch_catches_what_it_looks_for(browser: Any,
                                             served: tuple[Console, TourWorld]) -> None:
    """The tour's checks can fail: a request to another host, an error answer and a
    canary are each caught."""
    console, world = served
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    watch = Watch(urlsplit(console.url).netloc)
    watch.attach(context, page)
    try:
        sign_in(page, console, f"{CN}:analyst")
        page.goto(f"{console.url}/console/no-such-page")
        with pytest.raises(Exception, match="ERR_FAILED"):
            page.goto("http://outside.invalid/")
    finally:
        context.close()
    assert f"HTTP 404: GET {console.url}/console/no-such-page" in watch.problems
    assert "request leaving the server: http://outside.invalid/" in watch.problems
    canary = world.red_canaries[CN][0]
    assert leaks(f"<p>{canary.upper()}</p>", world.canaries_hidden_from(f"{POLICE[1]}:analyst"))
    assert leaks("+86 139 4000 4321", ["+8613940004321"])
    assert not leaks("<p>nothing here</p>", world.canaries_hidden_from(f"{BANK}:operator"))
