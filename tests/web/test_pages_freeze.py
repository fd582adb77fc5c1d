"""The freeze queue over real HTTP to a real uvicorn and store: a bank's keys see its
own open requests only (oldest first, overdue ones marked) and answer each once (a
second answer shows the conflict's message), its feed to save; the police see the
requests they may read with the time to freeze; errors next to their field."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from tests.web.pages_world import (
    ACCOUNT_1,
    CN,
    CN_BANK,
    TH,
    TH_ACCOUNT,
    TH_BANK,
    Seeded,
    start,
)

from conftest import Console, csrf_of, sign_in

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, Seeded]]:
    yield from start(tmp_path_factory.mktemp("freeze"))


@contextmanager
def client(served: tuple[Console, Seeded], key: str) -> Iterator[httpx.Client]:
    console, _ = served
    with console.client() as http:
        sign_in(http, console, key)
        yield http


def answer(http: httpx.Client, request_id: str, **data: str) -> httpx.Response:
    token = csrf_of(http.get("/console/freeze").text)
    return http.post(f"/console/freeze/{request_id}/answer", data={**data, "csrf_token": token})


@pytest.mark.parametrize("bank, mine, theirs", [
    (CN_BANK, ACCOUNT_1, TH_ACCOUNT), (TH_BANK, TH_ACCOUNT, ACCOUNT_1)],
    ids=["cn-bank", "th-bank"])
@pytest.mark.parametrize("role", ["operator", "analyst"])
def test_a_bank_sees_its_own_queue_only(served: tuple[Console, Seeded], bank: str, mine: str,
                                        theirs: str, role: str) -> None:
    with client(served, f"{bank}:{role}") as http:
        page = http.get("/console/freeze")
        home = http.get("/console/")
    assert page.status_code == 200, page.text
    assert mine in page.text and theirs not in page.text
    assert 'name="answer"' in page.text and "Freeze feed (CSV)" in page.text
    assert 'href="/console/freeze"' in home.text
    if role == "operator":
        assert 'href="/console/cases"' not in home.text


def test_answers_are_final_and_errors_named(served: tuple[Console, Seeded]) -> None:
    _, seeded = served
    with client(served, f"{TH_BANK}:operator") as bank:
        partly = answer(bank, seeded.th_freeze, answer="partly_frozen")
        assert partly.status_code == 422
        assert f'id="a-{seeded.th_freeze}-amount-error"' in partly.text
        refused = answer(bank, seeded.th_freeze, answer="melted")
        assert refused.status_code == 422
        assert f'id="a-{seeded.th_freeze}-answer-error"' in refused.text
        first = answer(bank, seeded.th_freeze, answer="partly_frozen", amount="20000")
        assert first.status_code == 303, first.text
        assert TH_ACCOUNT not in bank.get(first.headers["location"]).text  # left the queue
        second = answer(bank, seeded.th_freeze, answer="frozen")
        assert second.status_code == 409
        assert "already answered" in second.text and "first answer is final" in second.text
    with client(served, f"{TH}:analyst") as police:
        page = police.get("/console/freeze")
    assert page.status_code == 200
    assert seeded.th_freeze in page.text and "Partly frozen" in page.text


def test_a_bank_may_not_answer_another_banks_request(served: tuple[Console, Seeded]) -> None:
    _, seeded = served
    with client(served, f"{TH_BANK}:operator") as bank:
        refused = answer(bank, seeded.cn_freeze, answer="frozen")
    assert refused.status_code == 404
    assert ACCOUNT_1 not in refused.text
    with client(served, f"{CN_BANK}:operator") as bank:
        assert ACCOUNT_1 in bank.get("/console/freeze").text  # still open


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_feed_is_the_banks(served: tuple[Console, Seeded], fmt: str) -> None:
    with client(served, f"{CN_BANK}:operator") as bank:
        feed = bank.get("/console/freeze/feed", params={"format": fmt})
    assert feed.status_code == 200
    assert "attachment" in feed.headers["content-disposition"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(feed.text)))
        values = {r["value"] for r in rows}
    else:
        values = {a["value"] for a in json.loads(feed.text)["accounts"]}
    assert ACCOUNT_1 in values and TH_ACCOUNT not in values


def test_the_police_see_their_requests(served: tuple[Console, Seeded]) -> None:
    _, seeded = served
    with client(served, f"{CN}:analyst") as police:
        page = police.get("/console/freeze")
        feed = police.get("/console/freeze/feed")
        bad = police.get("/console/freeze", params={"status": "melted"})
    assert page.status_code == 200
    assert seeded.cn_freeze in page.text and seeded.th_freeze not in page.text
    assert 'name="answer"' not in page.text
    assert feed.status_code == 403  # the feed is for banks, as the API says
    assert bad.status_code == 422


def test_an_agencys_operator_key_reads_no_request(served: tuple[Console, Seeded]) -> None:
    with client(served, f"{CN}:operator") as http:
        page = http.get("/console/freeze")
    assert page.status_code == 403
    assert ACCOUNT_1 not in page.text
