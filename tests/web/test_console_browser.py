"""The console in Chromium: signing in and out through the forms, the error next to its
field, the language switcher, the skip link and visible focus, htmx loaded, and no
request leaving the server nor a script refused by the Content-Security-Policy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import Console, signed_in_page

pytestmark = [pytest.mark.server, pytest.mark.browser]


@pytest.fixture
def watched(browser: Any, console: Console) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page, the requests it made to other hosts (aborted) and the errors it logged."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    ours = urlsplit(console.url).netloc

    def only_ours(route: Any) -> None:
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, outside, errors
    context.close()


def test_sign_in_home_and_sign_out(watched: tuple[Any, list[str], list[str]],
                                   console: Console) -> None:
    page, outside, errors = watched
    page.goto(f"{console.url}/")
    page.wait_for_url(re.compile(r"/console/sign-in"))
    page.get_by_label(re.compile("API key")).fill(console.keys["CN-MPS:analyst"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{console.url}/console/")
    assert page.get_by_role("heading", name="Console").is_visible()
    assert "Signed in as CN-MPS" in page.inner_text("header")
    assert page.evaluate("window.htmx && window.htmx.version") == "2.0.8"
    assert page.evaluate("document.cookie") == ""  # the session cookie is HttpOnly
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{console.url}/console/sign-in")
    page.goto(f"{console.url}/console/")
    assert "/console/sign-in" in page.url
    assert outside == [] and errors == []


def test_a_bad_key_is_shown_at_its_field_and_focused(
        watched: tuple[Any, list[str], list[str]], console: Console) -> None:
    page, outside, errors = watched
    page.goto(f"{console.url}/console/sign-in")
    field = page.get_by_label(re.compile("API key"))
    field.fill("cf_not-a-real-key-at-all-000000000000000000000")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#api_key-error")
    assert field.get_attribute("aria-invalid") == "true"
    assert "api_key-error" in (field.get_attribute("aria-describedby") or "")
    assert field.input_value() == ""  # the key typed is not sent back
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    assert outside == []
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_the_language_switcher_changes_the_pages(browser: Any, console: Console) -> None:
    page = signed_in_page(browser, console, "TH-CCIB:analyst")
    page.get_by_label("Language").select_option("th")  # applied at once by console.js
    page.wait_for_function("document.documentElement.lang === 'th'")
    assert page.get_by_role("heading", name="คอนโซล").is_visible()
    page.goto(f"{console.url}/console/")
    assert page.evaluate("document.documentElement.lang") == "th"
    page.get_by_label("ภาษา").select_option("zh_Hans")
    page.wait_for_function("document.documentElement.lang === 'zh-Hans'")
    assert "退出登录" in page.inner_text("header")
    page.context.close()


def test_the_skip_link_comes_first_and_focus_is_visible(browser: Any,
                                                        console: Console) -> None:
    page = signed_in_page(browser, console, "CN-MPS:admin")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e);
        return {text: e.textContent.trim(), top: e.getBoundingClientRect().top,
                outline: s.outlineStyle, width: parseFloat(s.outlineWidth)};
    }""")
    assert focused["text"] == "Skip to main content"
    assert focused["top"] >= 0 and focused["outline"] != "none" and focused["width"] >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.context.close()


@pytest.mark.parametrize(("locale", "text", "font"), [
    ("zh_Hans", "登录控制台", "Noto Sans CJK"),
    ("th", "เข้าสู่ระบบคอนโซล", ""),  # whichever Thai font is installed, not a fallback box
])
def test_chinese_and_thai_are_drawn_with_real_fonts(browser: Any, console: Console,
                                                    locale: str, text: str,
                                                    font: str) -> None:
    """The fonts Chromium drew the heading's glyphs with (DevTools' CSS domain): every
    glyph drawn by a font that has it, none by Last Resort or a box."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{console.url}/console/sign-in?lang={locale}")
    assert page.get_by_role("heading", level=1).inner_text() == text
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    names = [f["familyName"] for f in fonts]
    assert sum(f["glyphCount"] for f in fonts) == len(text.replace(" ", ""))
    assert not any("last resort" in n.lower() for n in names), names
    assert all(font in n for n in names), names
    context.close()
