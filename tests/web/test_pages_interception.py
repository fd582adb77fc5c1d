"""Screening, the blocklist and appeals over real HTTP to a real uvicorn and store.

CN-MPS blocks numbers and a domain; TH-CCIB (which reads CN's GREEN records by the
agreement) sees the GREEN entries but never changes them; operators screen and appeal
but never read the blocklist or the appeals, as with the API.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import httpx
import pytest

from conftest import Console, csrf_of, sign_in

pytestmark = pytest.mark.server

CN, TH = "CN-MPS", "TH-CCIB"
GREEN_PHONE = "+8613866667777"
RED_PHONE = "+8613877778888"
MESSAGE = "Urgent <b>refund</b>: call +86 138 6666 7777 now & claim"


@pytest.fixture(scope="module")
def clients(console: Console) -> Iterator[dict[str, httpx.Client]]:
    made: dict[str, httpx.Client] = {}
    for key in (f"{CN}:analyst", f"{CN}:operator", f"{TH}:analyst", f"{TH}:operator"):
        http = console.client()
        sign_in(http, console, key)
        made[key] = http
    cn = made[f"{CN}:analyst"]
    for phone, marking in ((GREEN_PHONE, "TLP:GREEN"), (RED_PHONE, "TLP:RED")):
        answer = cn.post(f"/console/identifiers/phone/{phone}",
                         data={"action": "block", "reason": f"{marking} scam line",
                               "marking": marking, "csrf_token": token(cn)})
        assert answer.status_code == 303, answer.text
    yield made
    for http in made.values():
        http.close()


def token(http: httpx.Client) -> str:
    return csrf_of(http.get("/console/search").text)


def entry_id(http: httpx.Client, phone: str) -> int:
    listed = http.get("/console/blocklist", params={"kind": "phone", "status": ""}).text
    found = re.search(r'<a href="/console/blocklist/(\d+)">#\d+</a></td>\s*<td><span '
                      r'class="muted">[^<]*</span> <a href="/console/identifiers/phone/'
                      + re.escape(phone), listed)
    assert found, listed
    return int(found.group(1))


# --- screening ------------------------------------------------------------------------


@pytest.mark.parametrize("key", [f"{CN}:operator", f"{CN}:analyst", f"{TH}:operator"])
def test_screening_marks_the_blocklisted_number(clients: dict[str, httpx.Client],
                                                key: str) -> None:
    http = clients[key]
    assert http.get("/console/screening").status_code == 200
    answer = http.post("/console/screening", data={"text": MESSAGE, "csrf_token": token(http)})
    assert answer.status_code == 200
    verdict = answer.text.split('id="verdict"', 1)[1]
    assert 'badge badge-danger">Block<' in verdict
    assert '<mark class="hl hl-danger"' in verdict
    marked = re.findall(r'<mark class="hl hl-danger"[^>]*>([^<]*)</mark>', verdict)
    assert "+86 138 6666 7777" in "".join(html.unescape(m) for m in marked)
    assert "<b>refund</b>" not in verdict and "&lt;b&gt;refund&lt;/b&gt;" in verdict
    assert "&amp; claim" in verdict


def test_screening_of_a_url_and_of_nothing(clients: dict[str, httpx.Client]) -> None:
    http = clients[f"{CN}:operator"]
    url = http.post("/console/screening", data={"text": "hxxps://pay.example-scam[.]top/x",
                                                "csrf_token": token(http)})
    assert url.status_code == 200 and "Screened as" in url.text
    empty = http.post("/console/screening", data={"text": "  ", "csrf_token": token(http)})
    assert empty.status_code == 422
    assert 'id="text-error"' in empty.text
    long = http.post("/console/screening", data={"text": "x" * 20_001,
                                                 "csrf_token": token(http)})
    assert long.status_code == 422
    assert http.post("/console/screening", data={"text": "hi"}).status_code == 403


def test_screening_hides_provenance_the_reader_may_not_see(
        clients: dict[str, httpx.Client]) -> None:
    http = clients[f"{TH}:operator"]
    answer = http.post("/console/screening",
                       data={"text": f"call {RED_PHONE}", "csrf_token": token(http)})
    assert answer.status_code == 200
    assert "TLP:RED scam line" not in answer.text  # CN's RED entry: its decision only
    assert "not shared with your agency" in answer.text


# --- blocklist ------------------------------------------------------------------------


def test_the_blocklist_is_for_analysts(clients: dict[str, httpx.Client]) -> None:
    operator = clients[f"{CN}:operator"]
    assert operator.get("/console/blocklist").status_code == 403
    assert operator.get("/console/blocklist/1").status_code == 403
    home = operator.get("/console/").text
    assert 'href="/console/blocklist"' not in home
    assert 'href="/console/screening"' in home and 'href="/console/appeals"' in home


def test_each_agency_sees_the_entries_it_may(clients: dict[str, httpx.Client]) -> None:
    cn = clients[f"{CN}:analyst"].get("/console/blocklist").text
    assert GREEN_PHONE in cn and RED_PHONE in cn
    th_http = clients[f"{TH}:analyst"]
    th = th_http.get("/console/blocklist").text
    assert GREEN_PHONE in th and RED_PHONE not in th
    red = entry_id(clients[f"{CN}:analyst"], RED_PHONE)
    assert th_http.get(f"/console/blocklist/{red}").status_code == 404
    filtered = clients[f"{CN}:analyst"].get("/console/blocklist",
                                            params={"kind": "domain"}).text
    assert GREEN_PHONE not in filtered
    assert clients[f"{CN}:analyst"].get("/console/blocklist",
                                        params={"kind": "planet"}).status_code == 422


def test_only_the_owner_delists(clients: dict[str, httpx.Client]) -> None:
    cn, th = clients[f"{CN}:analyst"], clients[f"{TH}:analyst"]
    green = entry_id(cn, GREEN_PHONE)
    theirs = th.get(f"/console/blocklist/{green}")
    assert theirs.status_code == 200 and "Stop blocking it" not in theirs.text
    refused = th.post(f"/console/blocklist/{green}/delist",
                      data={"reason": "not ours", "csrf_token": token(th)})
    assert refused.status_code == 403
    assert "only its owner may change it" in refused.text
    mine = cn.get(f"/console/blocklist/{green}")
    assert "Stop blocking it" in mine.text
    empty = cn.post(f"/console/blocklist/{green}/delist",
                    data={"reason": "", "csrf_token": token(cn)})
    assert empty.status_code == 422 and 'id="reason-error"' in empty.text


# --- appeals --------------------------------------------------------------------------


def test_an_appeal_from_an_operator_decided_by_the_owner(
        clients: dict[str, httpx.Client]) -> None:
    cn, th_operator = clients[f"{CN}:analyst"], clients[f"{TH}:operator"]
    page = th_operator.get("/console/appeals")
    assert page.status_code == 200
    assert "Appeals against your agency" not in page.text  # the queue is the owner's
    filed = th_operator.post("/console/appeals", data={
        "kind": "phone", "value": "+86 138 6666 7777", "contact": "shop@example.com",
        "statement": "This is my <shop>'s line", "csrf_token": token(th_operator)})
    assert filed.status_code == 303
    queue = cn.get("/console/appeals").text
    assert "shop@example.com" in queue and "This is my &lt;shop&gt;" in queue
    appeal = int(re.findall(r'action="/console/appeals/(\d+)/decision"', queue)[-1])
    th_queue = clients[f"{TH}:analyst"].get("/console/appeals").text
    assert "shop@example.com" not in th_queue  # contacts go to the deciding agency only
    refused = clients[f"{TH}:analyst"].post(
        f"/console/appeals/{appeal}/decision",
        data={"decision": "uphold", "reason": "x", "csrf_token": token(th_operator)})
    assert refused.status_code in (403, 404)
    no_choice = cn.post(f"/console/appeals/{appeal}/decision",
                        data={"decision": "", "reason": "x", "csrf_token": token(cn)})
    assert no_choice.status_code == 422
    assert f'id="decision-{appeal}-error"' in no_choice.text
    decided = cn.post(f"/console/appeals/{appeal}/decision",
                      data={"decision": "uphold", "reason": "a shop after all",
                            "csrf_token": token(cn)})
    assert decided.status_code == 303
    assert decided.headers["location"] == "/console/appeals?done=upheld"
    again = cn.post(f"/console/appeals/{appeal}/decision",
                    data={"decision": "reject", "reason": "x", "csrf_token": token(cn)})
    assert again.status_code == 409 and "already decided" in again.text
    entry = entry_id(cn, GREEN_PHONE)
    assert "Delisted" in cn.get(f"/console/blocklist/{entry}").text


def test_an_appeal_against_nothing(clients: dict[str, httpx.Client]) -> None:
    http = clients[f"{CN}:operator"]
    answer = http.post("/console/appeals", data={
        "kind": "phone", "value": "+8613800001111", "contact": "a", "statement": "b",
        "csrf_token": token(http)})
    assert answer.status_code == 404
    assert "nothing on the blocklist matches this appeal" in answer.text
    bad = http.post("/console/appeals", data={
        "kind": "phone", "value": "call me", "contact": "a", "statement": "b",
        "csrf_token": token(http)})
    assert bad.status_code == 422 and 'id="value-error"' in bad.text
    assert http.post("/console/appeals/1/decision",
                     data={"decision": "uphold", "reason": "x",
                           "csrf_token": token(http)}).status_code == 403
