"""Search and screening in Chromium: the forms answer through htmx in place, every
control is reached with the keyboard and shows its focus, and the pages log no error,
fail no request and send nothing outside the server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import Console, signed_in_page

pytestmark = [pytest.mark.server, pytest.mark.browser]


@pytest.fixture
def watched(browser: Any, console: Console) -> Iterator[tuple[Any, list[str]]]:
    """A signed-in page and what went wrong on it: errors logged, requests failed or
    answered 4xx/5xx, requests to other hosts (aborted)."""
    page = signed_in_page(browser, console, "CN-MPS:operator")
    problems: list[str] = []
    ours = urlsplit(console.url).netloc

    def only_ours(route: Any) -> None:
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            problems.append(f"outside: {route.request.url}")
            route.abort()

    page.route("**/*", only_ours)
    page.on("console", lambda m: problems.append(f"console: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}")
            if r.status >= 400 else None)
    yield page, problems
    page.context.close()


def focus_shows(page: Any) -> bool:
    """Whether the focused element draws the console's focus outline."""
    return bool(page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle !== 'none'"))


def test_search_answers_in_place(watched: tuple[Any, list[str]], console: Console) -> None:
    page, problems = watched
    page.goto(f"{console.url}/console/search")
    field = page.get_by_label("Any identifier")
    field.focus()
    assert focus_shows(page)
    field.fill("call hxxps://pay.example-scam[.]top/app/login?id=7 or "
               "＋８６ １３８ ００１３ ８０００")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results table")
    links = page.locator("#results a.identifier")
    assert links.count() == 3
    assert page.url.startswith(f"{console.url}/console/search?q=")  # pushed by htmx
    field.fill("<img src=x onerror=alert(1)> nothing here")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results .notice")
    assert page.locator("img").count() == 0
    links = page.locator("main a.identifier")
    assert links.count() == 0
    page.goto(f"{console.url}/console/search?q=%2B86%20138%200013%208000")
    page.locator("#results a.identifier").first.click()
    page.wait_for_url(re.compile(r"/console/identifiers/phone/"))
    assert page.get_by_role("heading", level=1).inner_text().endswith("+8613800138000")
    assert problems == []


def test_screening_marks_the_reasons_in_place(watched: tuple[Any, list[str]],
                                              console: Console) -> None:
    page, problems = watched
    page.goto(f"{console.url}/console/screening")
    for _ in range(40):  # the message box is reached with the keyboard
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "text":
            break
    assert page.evaluate("document.activeElement.id") == "text"
    assert focus_shows(page)
    page.get_by_role("button", name="Screen").click()  # nothing typed: told at the field
    page.wait_for_selector("#text-error")
    assert page.get_by_label("Message, number or URL").get_attribute("aria-invalid") == "true"
    page.get_by_label("Message, number or URL").focus()
    page.keyboard.type("Congratulations! <script>alert(1)</script> claim your prize at "
                       "hxxps://pay.example-scam[.]top/app/login?id=7 now")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Screen"
    assert focus_shows(page)
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict .verdict")
    assert page.locator("#verdict mark.hl").count() >= 1
    assert "<script>alert(1)</script>" in page.locator(".screened-text").inner_text()
    assert page.locator("#verdict script").count() == 0
    assert page.url == f"{console.url}/console/screening"  # the text stays out of the URL
    assert problems == []
