"""The console's languages: English, Simplified Chinese and Thai.

Catalogues are the ``.po`` files in ``web/locale/<lang>/LC_MESSAGES/messages.po``, read
once when the console is mounted (babel's ``read_po``, compiled in memory; no binary
files kept). A message missing from a catalogue, or left fuzzy or empty, shows in English.

The locale of a request: the one asked for with ``?lang=``, else the session's, else the
best of ``Accept-Language``, else English.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DEFAULT = "en"
LOCALES: tuple[str, ...] = ("en", "zh_Hans", "th")
NAMES: Mapping[str, str] = {"en": "English", "zh_Hans": "简体中文", "th": "ไทย"}
"""Each language in itself, as the switcher shows it."""
HTML_LANG: Mapping[str, str] = {"en": "en", "zh_Hans": "zh-Hans", "th": "th"}
LOCALE_DIR = Path(__file__).parent / "locale"
_ALIASES = {"zh": "zh_Hans", "zh_cn": "zh_Hans", "zh_sg": "zh_Hans", "zh_hans": "zh_Hans",
            "zh_hans_cn": "zh_Hans", "en": "en", "th": "th", "th_th": "th"}
_MAX_ACCEPT_LANGUAGE = 1000


def parse_locale(value: str | None) -> str | None:
    """One of :data:`LOCALES` for a tag such as ``zh-CN``, ``zh_Hans``, ``th-TH`` or
    ``en-GB``; None for anything else (Traditional Chinese is not offered)."""
    if not value:
        return None
    tag = value.strip().replace("-", "_").lower()[:32]
    if tag in _ALIASES:
        return _ALIASES[tag]
    language = tag.split("_", 1)[0]
    if language == "zh":
        return None  # zh_TW, zh_Hant ...: not Simplified; let the next choice decide
    return _ALIASES.get(language)


def negotiate(accept_language: str | None) -> str:
    """The best of our locales for an ``Accept-Language`` header (quality values
    honoured, ties in the header's order), English when none fits."""
    if not accept_language:
        return DEFAULT
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language[:_MAX_ACCEPT_LANGUAGE].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        locale = parse_locale(tag)
        if locale is not None and quality > 0:
            choices.append((-quality, position, locale))
    return min(choices)[2] if choices else DEFAULT


def babel_locale(locale: str) -> Locale:
    return Locale.parse(locale)


def load_translations(folder: Path = LOCALE_DIR) -> dict[str, gettext.NullTranslations]:
    """Each locale's catalogue, compiled in memory; English falls back to the msgids."""
    found: dict[str, gettext.NullTranslations] = {}
    for locale in LOCALES:
        path = folder / locale / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            found[locale] = gettext.NullTranslations()
            continue
        with path.open("rb") as po:
            catalog = read_po(po, locale=locale)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        found[locale] = gettext.GNUTranslations(compiled)
    return found


MESSAGE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract_messages(package: Path = Path(__file__).parent) -> list[tuple[str, ...] | str]:
    """Every message of the console: ``_()``, ``gettext``, ``ngettext`` and ``{% trans %}``
    in the templates, ``N_()`` (and ``_``) in the Python modules; plurals as (singular,
    plural). In the order first met, once each."""
    from babel.messages.extract import extract_from_dir

    found: list[tuple[str, ...] | str] = []
    seen: set[tuple[str, ...] | str] = set()
    for _name, _line, message, _comments, _context in extract_from_dir(
            str(package), method_map=[("templates/**.html", "jinja2"), ("**.py", "python")],
            options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
            keywords=MESSAGE_KEYWORDS):
        if message not in seen:
            seen.add(message)
            found.append(message)
    return found


def update_catalogues(folder: Path = LOCALE_DIR) -> dict[str, int]:
    """Add every message not yet in a catalogue (untranslated) and write the catalogues
    back, sorted; how many each gained. Existing translations are kept."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    messages = extract_messages()
    added: dict[str, int] = {}
    for locale in LOCALES:
        path = folder / locale / "LC_MESSAGES" / "messages.po"
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=locale)
        else:
            catalog = Catalog(locale=locale, project="counterfraud", domain="messages",
                              copyright_holder="the counterfraud authors", fuzzy=False,
                              header_comment=f"# The console's messages in {NAMES[locale]}."
                                             "\n# Apache-2.0, like the rest of counterfraud.")
        added[locale] = 0
        for message in messages:
            if message not in catalog:
                catalog.add(message, string=("", "") if isinstance(message, tuple) else "")
                added[locale] += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalog, width=100, sort_output=True, omit_header=False,
                     include_lineno=False, include_previous=False)
    return added


if __name__ == "__main__":  # python -m counterfraud.web.i18n: bring catalogues up to date
    for code, count in update_catalogues().items():
        print(f"{code}: {count} new message(s)")
