"""The case page in Chromium: a form swaps only its own section (and the timeline) with
htmx, a refused value shows its error next to the field with the focus on it, a bank
answers from its queue with the keyboard; no console error, no failed request but the
refusal asked for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.pages_world import CN, CN_BANK, Seeded, start

from conftest import Console, signed_in_page

pytestmark = [pytest.mark.server, pytest.mark.browser]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, Seeded]]:
    yield from start(tmp_path_factory.mktemp("cases-browser"))


class Watch:
    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.method} {r.url}"))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)


def test_a_note_swaps_its_section_and_an_error_takes_the_focus(
        browser: Any, served: tuple[Console, Seeded]) -> None:
    console, seeded = served
    page = signed_in_page(browser, console, f"{CN}:analyst")
    watch = Watch(page)
    try:
        page.goto(f"{console.url}/console/cases/{seeded.cn_green_case}")
        page.evaluate("() => { window.__kept = true; }")  # gone if the page reloads
        page.get_by_label("New note").fill("Bank called back <b>twice</b>")
        with page.expect_response(lambda r: r.url.endswith("/notes")):
            page.get_by_role("button", name="Add note").click()
        page.wait_for_selector("#sec-notes li")
        assert "Bank called back <b>twice</b>" in page.locator("#sec-notes").inner_text()
        assert page.evaluate("() => window.__kept === true")
        assert "note" in page.locator("#case-timeline").inner_text()

        page.fill("#ident-value", "not a phone")
        with page.expect_response(lambda r: r.url.endswith("/identifiers")):
            page.get_by_role("button", name="Add identifier").click()
        page.wait_for_selector("#ident-value-error")
        assert page.evaluate("() => document.activeElement.id") == "ident-value"
        assert page.evaluate("() => window.__kept === true")
    finally:
        page.context.close()
    assert watch.errors == [] or all("422" in e for e in watch.errors)
    assert [f for f in watch.failed if "/identifiers" not in f] == []


def test_a_bank_answers_from_its_queue(browser: Any, served: tuple[Console, Seeded]) -> None:
    console, seeded = served
    page = signed_in_page(browser, console, f"{CN_BANK}:operator")
    watch = Watch(page)
    try:
        page.goto(f"{console.url}/console/freeze")
        answer = page.locator(f"#a-{seeded.cn_freeze}-answer")
        answer.focus()
        answer.select_option("frozen")
        page.keyboard.press("Tab")  # amount
        page.keyboard.type("12000")
        with page.expect_navigation():
            page.locator(f"#a-{seeded.cn_freeze}-reason").press("Enter")
        assert "Answer recorded" in page.locator("main").inner_text()
        assert page.locator(f"#a-{seeded.cn_freeze}-answer").count() == 0
    finally:
        page.context.close()
    assert watch.errors == [] and watch.failed == []
