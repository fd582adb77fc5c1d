"""Screenshots of the console's main pages in English, Simplified Chinese and Thai, as
test artifacts: home, dashboard, a search's result, an identifier, the network explorer,
a screening verdict, a case, the freeze queue as a bank sees it, and the KPI.
And the English words those pictures showed left in the Chinese and Thai pages.

They are written into ``COUNTERFRAUD_SCREENSHOT_DIR`` (default: the test's temporary
folder) by scripts/console_screenshots.py's shooting over the tour's world
(tests/web/tour_world.py), and each must be a PNG of the window's size that is not blank.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import os
import re
import struct
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from tests.web.tour_world import BANK, CN, HUB, TourWorld, serve

from conftest import Console, csrf_of, sign_in

pytestmark = [pytest.mark.server, pytest.mark.browser]

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "console_screenshots.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SCREENED = f"Your parcel is held at customs: call {HUB[CN]} today to release it"


def _script() -> ModuleType:
    found = sys.modules.get("console_screenshots")
    if found is not None:
        return found
    spec = importlib.util.spec_from_file_location("console_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["console_screenshots"] = module
    spec.loader.exec_module(module)
    return module


shots_script = _script()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, TourWorld]]:
    yield from serve(tmp_path_factory.mktemp("screenshots"))


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("COUNTERFRAUD_SCREENSHOT_DIR")
    return Path(given) if given else tmp_path_factory.mktemp("console-screenshots")


def png_facts(path: Path) -> tuple[int, int, int]:
    """(width, height, how many different byte values its pixels hold): a blank image
    (one colour) holds very few."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    pixels, at = b"", 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            pixels += data[at + 8:at + 8 + length]
        at += 12 + length
    return width, height, len(set(zlib.decompress(pixels)))


def test_png_facts_tell_a_blank_image(tmp_path: Path) -> None:
    """The check below can fail: a one-colour PNG holds one or two byte values."""
    row = b"\x00" + b"\xff\xff\xff" * 4
    raw = zlib.compress(row * 3)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    blank = tmp_path / "blank.png"
    blank.write_bytes(PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
                      + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    assert png_facts(blank) == (4, 3, 2)


def test_main_pages_in_three_languages(browser: Any, served: tuple[Console, TourWorld],
                                       out_dir: Path) -> None:
    console, world = served
    targets = shots_script.Targets(
        search=HUB[CN], identifier=f"/console/identifiers/phone/{HUB[CN]}",
        network=world.networks[CN][0], case=world.cases[f"{CN}:TLP:GREEN"],
        message=SCREENED)
    keys = {shots_script.STAFF: world.keys[f"{CN}:analyst"],
            shots_script.BANK: world.keys[f"{BANK}:operator"]}
    wanted = shots_script.shots(targets)
    written = shots_script.shoot(browser, console.url, keys, wanted,
                                 languages=shots_script.LANGUAGES, out=out_dir)
    expected = {out_dir / f"{s.name}-{lang}.png" for s in wanted
                for lang in shots_script.LANGUAGES}
    assert set(written) == expected
    viewport = shots_script.VIEWPORT
    for path in sorted(expected):
        width, height, values = png_facts(path)
        assert (width, height) == (viewport["width"], viewport["height"]), path.name
        assert values > 32, f"{path.name} looks blank"


IMAGE_DATA = re.compile(r'src="data:image/svg\+xml;base64,([^"]+)"')
OWNER_TO_FIX = "seen in the Chinese and Thai screenshots; the page's owner has not put it right"


def page_text(answer: Any) -> str:
    """A page as a reader meets it: its HTML, and the SVG text of its images."""
    drawn = [base64.b64decode(found).decode("utf-8", "replace")
             for found in IMAGE_DATA.findall(answer.text)]
    return html.unescape("\n".join([answer.text, *drawn]))


@pytest.mark.parametrize("language", ["zh_Hans", "th"])
@pytest.mark.parametrize(("page", "english"), [
    pytest.param("identifier", "co_reported", marks=pytest.mark.xfail(
        reason="identifier.html shows a linked identifier's link types as stored "
               f"(co_reported), untranslated; {OWNER_TO_FIX}")),
    pytest.param("screening", "(block)", marks=pytest.mark.xfail(
        reason="screening.html shows the text model's operating point as stored "
               f"((block)), untranslated; {OWNER_TO_FIX}")),
    pytest.param("screening-hidden", "not shared with your agency", marks=pytest.mark.xfail(
        reason="screening shows the reason services.screening gives an entry the reader "
               f"may not see in English; {OWNER_TO_FIX}")),
    pytest.param("kpi", "Intercepted", marks=pytest.mark.xfail(
        reason="the KPI page's charts (services.kpi_report's SVG) are labelled in English "
               f"only; {OWNER_TO_FIX}")),
    pytest.param("dashboard", "Dashboard"),
], ids=str)
def test_no_english_word_left(served: tuple[Console, TourWorld], page: str, english: str,
                              language: str) -> None:
    console, _ = served
    with console.client() as http:
        sign_in(http, console, f"{CN}:analyst")
        chosen = http.post("/console/language", data={
            "lang": language, "next": "/console/",
            "csrf_token": csrf_of(http.get("/console/").text)})
        assert chosen.status_code == 303
        token = csrf_of(http.get("/console/").text)
        if page.startswith("screening"):
            text = (SCREENED if page == "screening"
                    else "Pay the release fee at https://pay-th4-canary.top/login today")
            answer = http.post("/console/screening", data={"text": text, "csrf_token": token})
        else:
            paths = {"identifier": f"/console/identifiers/phone/{HUB[CN]}",
                     "kpi": "/console/kpi", "dashboard": "/console/dashboard"}
            answer = http.get(paths[page])
    assert answer.status_code == 200
    shown = page_text(answer)
    assert f'lang="{language.replace("_", "-")}"' in shown
    assert english not in shown
