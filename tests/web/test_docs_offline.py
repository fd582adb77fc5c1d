"""/docs and /redoc work with no Internet access: Chromium loads them from a real server
with every request leaving 127.0.0.1 refused, and they show the API's operations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import Console

pytestmark = [pytest.mark.server, pytest.mark.browser]


@pytest.fixture
def offline_page(browser: Any, console: Console) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page whose requests to anywhere but the server are aborted (and listed), with
    the console errors it logs (a refused script or style shows there)."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    ours = urlsplit(console.url).netloc

    def only_ours(route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).netloc == ours:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_ours)
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, outside, errors
    context.close()


def test_swagger_ui_renders_the_operations_offline(
        offline_page: tuple[Any, list[str], list[str]], console: Console) -> None:
    page, outside, errors = offline_page
    page.goto(f"{console.url}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=60_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/v1/stats" in {p.replace("\u200b", "") for p in paths}
    assert len(paths) >= 20
    assert page.locator(".info .title").inner_text().startswith("counterfraud")
    assert outside == []
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_redoc_renders_the_operations_offline(
        offline_page: tuple[Any, list[str], list[str]], console: Console) -> None:
    page, outside, errors = offline_page
    page.goto(f"{console.url}/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", timeout=60_000)
    assert page.locator("[data-section-id^='operation/']").count() >= 20
    assert "/v1/stats" in page.content()
    assert outside == []
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_the_documentation_pages_name_no_other_host(console: Console) -> None:
    with console.client() as http:
        for path in ("/docs", "/redoc"):
            html = http.get(path).text
            assert "http://" not in html and "https://" not in html and "//cdn" not in html
