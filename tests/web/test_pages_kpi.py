"""The KPI page over real HTTP to a real uvicorn and store: the figures as the user's
agency may read them (two agencies, two totals), split as asked, with the charts as
images, the period's errors next to their field, and the operator key refused."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from tests.web.pages_world import CN, TH, Seeded, start

from conftest import Console, sign_in

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, Seeded]]:
    yield from start(tmp_path_factory.mktemp("kpi"))


@contextmanager
def client(served: tuple[Console, Seeded], key: str) -> Iterator[httpx.Client]:
    console, _ = served
    with console.client() as http:
        sign_in(http, console, key)
        yield http


def cases_opened(page: str) -> str:
    found = re.search(r'<th scope="row">Cases opened</th><td class="num">([^<]*)</td>', page)
    assert found, page
    return found.group(1)


def test_each_agency_counts_what_it_may_read(served: tuple[Console, Seeded]) -> None:
    with client(served, f"{CN}:analyst") as cn, client(served, f"{TH}:analyst") as th:
        mine = cn.get("/console/kpi")
        theirs = th.get("/console/kpi")
    assert mine.status_code == theirs.status_code == 200, mine.text
    # CN opened its GREEN and AMBER cases; TH reads its own two and CN's GREEN one
    assert cases_opened(mine.text) == "2"
    assert cases_opened(theirs.text) == "3"
    charts = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', mine.text)
    assert len(charts) == 2
    assert all(base64.b64decode(c).lstrip().startswith((b"<?xml", b"<svg")) for c in charts)
    assert "<script" not in base64.b64decode(charts[0]).decode()


@pytest.mark.parametrize("by, header", [("agency", "CN-MPS"), ("month", "-"),
                                        ("country", "CN")], ids=["agency", "month", "country"])
def test_split_as_asked(served: tuple[Console, Seeded], by: str, header: str) -> None:
    with client(served, f"{CN}:analyst") as cn:
        page = cn.get("/console/kpi", params={"by": by, "from": "2024-01", "to": "2026-12"})
    assert page.status_code == 200, page.text
    heads = re.findall(r'<th scope="col" class="num">([^<]*)</th>', page.text)
    assert len(heads) > 1 and any(header in h for h in heads[1:])


@pytest.mark.parametrize("params, field", [
    ({"from": "last year"}, "from"), ({"to": "2025-13"}, "to"), ({"by": "planet"}, "by"),
    ({"from": "2025-06", "to": "2025-01"}, "from")],
    ids=["bad-from", "bad-to", "bad-by", "reversed"])
def test_period_errors_name_their_field(served: tuple[Console, Seeded],
                                        params: dict[str, str], field: str) -> None:
    with client(served, f"{CN}:analyst") as cn:
        page = cn.get("/console/kpi", params=params)
    assert page.status_code == 422
    assert f'id="{field}-error"' in page.text


def test_a_bank_key_is_refused(served: tuple[Console, Seeded]) -> None:
    with client(served, "CN-ICBC:operator") as bank:
        page = bank.get("/console/kpi")
        home = bank.get("/console/")
    assert page.status_code == 403
    assert 'href="/console/kpi"' not in home.text
