"""The console's languages: every message of every template and page translated in each
catalogue with the same placeholders, and the language chosen from ``?lang=``, the
session and ``Accept-Language``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.web import i18n

TRANSLATED = ("zh_Hans", "th")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalogue(locale: str):  # type: ignore[no-untyped-def]
    path = i18n.LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def message_ids() -> list[str]:
    return [m if isinstance(m, str) else m[0] for m in i18n.extract_messages()]


def test_the_messages_are_found() -> None:
    found = message_ids()
    assert {"Sign in", "Sign out", "Skip to main content", "Audit trail"} <= set(found)


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_message_is_in_each_catalogue(locale: str) -> None:
    messages = catalogue(locale)
    missing = [m for m in message_ids() if m not in messages]
    assert missing == [], (f"run `python -m counterfraud.web.i18n` and translate them in "
                           f"web/locale/{locale}/LC_MESSAGES/messages.po")


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(locale: str) -> None:
    messages = catalogue(locale)
    problems = []
    for message_id in message_ids():
        message = messages.get(message_id)
        if message is None:
            continue  # told by the test above
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            problems.append(f"untranslated: {message_id!r}")
        elif any(sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(message_id))
                 for s in strings):
            problems.append(f"placeholders differ: {message_id!r}")
    assert problems == []


def test_catalogues_compile_and_translate() -> None:
    translations = i18n.load_translations()
    assert translations["zh_Hans"].gettext("Sign in") == "登录"
    assert translations["th"].gettext("Sign in") == "เข้าสู่ระบบ"
    assert translations["en"].gettext("Sign in") == "Sign in"
    assert translations["th"].gettext("a message nobody wrote") == "a message nobody wrote"


@pytest.mark.parametrize(("tag", "locale"), [
    ("en", "en"), ("en-GB", "en"), ("EN_us", "en"), ("zh", "zh_Hans"), ("zh-CN", "zh_Hans"),
    ("zh_Hans", "zh_Hans"), ("zh-Hans-CN", "zh_Hans"), ("zh-SG", "zh_Hans"), ("th", "th"),
    ("th-TH", "th"), ("zh-TW", None), ("zh-Hant", None), ("lo", None), ("my-MM", None),
    ("", None), (None, None), ("../../etc", None),
])
def test_language_tags(tag: str | None, locale: str | None) -> None:
    assert i18n.parse_locale(tag) == locale


@pytest.mark.parametrize(("header", "locale"), [
    (None, "en"),
    ("", "en"),
    ("th-TH,th;q=0.9,en;q=0.8", "th"),
    ("zh-CN,zh;q=0.9", "zh_Hans"),
    ("zh-TW,zh-Hant;q=0.9,th;q=0.5", "th"),
    ("lo-LA,my;q=0.9", "en"),
    ("en;q=0.5,th;q=0.8", "th"),
    ("th;q=0,zh-CN;q=0.1", "zh_Hans"),
    ("th;q=abc,zh", "zh_Hans"),
    ("*", "en"),
])
def test_accept_language(header: str | None, locale: str) -> None:
    assert i18n.negotiate(header) == locale


@given(st.text(max_size=300))
def test_any_accept_language_gives_one_of_ours(header: str) -> None:
    assert i18n.negotiate(header) in i18n.LOCALES
    assert i18n.parse_locale(header) in (*i18n.LOCALES, None)


def test_updating_the_catalogues_adds_new_messages_and_keeps_translations(
        tmp_path: Path) -> None:
    folder = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, folder)
    path = folder / "th" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        thai = read_po(po, locale="th")
    del thai["Sign out"]
    with path.open("wb") as po:
        write_po(po, thai)
    added = i18n.update_catalogues(folder)
    assert added["th"] >= 1
    with path.open("rb") as po:
        thai = read_po(po, locale="th")
    assert thai["Sign out"].string == ""  # back, to be translated
    assert thai["Sign in"].string == "เข้าสู่ระบบ"  # kept
