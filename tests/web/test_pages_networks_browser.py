"""The network page in Chromium: the drawing has a node for every member of the
agency's view, selecting a node adds its neighbours (a phone reported after the build),
filters hide what they should, and the page logs no error and fails no request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.pages_world import CN, NEW_PHONE, Seeded, start

from conftest import Console, signed_in_page

pytestmark = [pytest.mark.server, pytest.mark.browser]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, Seeded]]:
    yield from start(tmp_path_factory.mktemp("networks-browser"))


class Watch:
    """Console errors and failed or refused requests of one page."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.method} {r.url}"))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)


# (waits use selectors: a predicate given as a string would be evaluated in the page,
# which its Content-Security-Policy refuses)


def drawn(page: Any) -> int:
    return int(page.evaluate("window.counterfraudNetwork.cy.nodes().length"))


def visible(page: Any) -> int:
    return int(page.evaluate(
        "window.counterfraudNetwork.cy.nodes().filter(n => !n.hasClass('filtered')).length"))


def test_the_drawing_shows_the_view_and_expands(browser: Any,
                                                served: tuple[Console, Seeded]) -> None:
    console, seeded = served
    page = signed_in_page(browser, console, f"{CN}:analyst")
    watch = Watch(page)
    try:
        with page.expect_response(lambda r: r.url.endswith("/graph.json")) as graph_answer:
            page.goto(f"{console.url}/console/networks/{seeded.cn_network}")
        members = graph_answer.value.json()["nodes"]
        page.wait_for_selector("#network-graph[data-drawn]")
        assert drawn(page) == len(members) > 0
        assert page.evaluate("window.counterfraudNetwork.cy.edges().length") > 0

        # a node selected with the mouse: its neighbours join, the new phone among them
        with page.expect_response(lambda r: "/expand?" in r.url):
            page.evaluate("() => { window.counterfraudNetwork.cy.getElementById("
                          "'phone:+8613711112222').emit('tap'); }")
        page.wait_for_selector(f"#network-graph:not([data-drawn='{len(members)}'])")
        assert page.evaluate(
            f"window.counterfraudNetwork.cy.getElementById('phone:{NEW_PHONE}').nonempty()")
        assert "+8613711112222" in page.locator("#graph-details").inner_text()

        # the keyboard's way: a member's button does the same
        button = page.locator("[data-expand-node='handle:telegram:mentor_wang']")
        button.focus()
        with page.expect_response(lambda r: "/expand?" in r.url):
            page.keyboard.press("Enter")

        # filters: unticking phones hides every phone
        before = visible(page)
        page.get_by_label("Phone", exact=True).uncheck()
        phones = page.evaluate(
            "window.counterfraudNetwork.cy.nodes('[kind = \"phone\"]').length")
        assert visible(page) == before - phones
        page.get_by_label("Phone", exact=True).check()
        page.fill("#graph-to", "2024-01-31")
        assert visible(page) < before
    finally:
        page.context.close()
    assert watch.errors == []
    assert watch.failed == []


def test_the_png_export_downloads_an_image(browser: Any,
                                           served: tuple[Console, Seeded]) -> None:
    console, seeded = served
    page = signed_in_page(browser, console, f"{CN}:analyst")
    watch = Watch(page)
    try:
        page.goto(f"{console.url}/console/networks/{seeded.cn_network}")
        page.wait_for_selector("#network-graph[data-drawn]")
        with page.expect_download() as download:
            page.click("#graph-png")
        saved = download.value.path()
        assert saved is not None
        with open(saved, "rb") as image:
            assert image.read(8) == b"\x89PNG\r\n\x1a\n"
        assert download.value.suggested_filename == f"network-{seeded.cn_network}.png"
    finally:
        page.context.close()
    assert watch.errors == [] and watch.failed == []
