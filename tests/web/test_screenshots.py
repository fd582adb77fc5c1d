"""Screenshots of the console's main pages in English, Simplified Chinese and Thai, as
test artifacts: home, dashboard, a search's result, an identifier, the network explorer,
a screening verdict, a case, the freeze queue as a bank sees it, and the KPI.

They are written into ``COUNTERFRAUD_SCREENSHOT_DIR`` (default: the test's temporary
folder) by scripts/console_screenshots.py's shooting over the tour's world
(tests/web/tour_world.py), and each must be a PNG of the window's size that is not blank.
"""

from __future__ import annotations

import importlib.util
import os
import struct
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from tests.web.tour_world import BANK, CN, HUB, TourWorld, serve

from conftest import Console

pytestmark = [pytest.mark.server, pytest.mark.browser]

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "console_screenshots.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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
        message=f"Your parcel is held at customs: call {HUB[CN]} today to release it")
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
