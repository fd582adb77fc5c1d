"""The record pages over real HTTP to a real uvicorn and store: search, an identifier's
page (with blocking and appealing) and report intake.

The world is the API tests' (tests/api/conftest.py): CN-MPS's GREEN and AMBER reports,
TH-CCIB's RED one, CN sharing its GREEN records with TH. TH's RED report, its phone's
reports and its loss never reach a page of CN's; each role meets the API's refusals.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

from conftest import Console, csrf_of, sign_in

pytestmark = pytest.mark.server

CN, TH = "CN-MPS", "TH-CCIB"
PHONE = "+8613800138000"  # CN's GREEN and AMBER reports
TH_PHONE = "+66812345678"  # only in TH's RED report
PHONE_PAGE = f"/console/identifiers/phone/{PHONE}"


@pytest.fixture(scope="module")
def clients(console: Console) -> Iterator[dict[str, httpx.Client]]:
    """A signed-in client per key name, made on first use."""
    made: dict[str, httpx.Client] = {}

    class Clients(dict[str, httpx.Client]):
        def __missing__(self, key: str) -> httpx.Client:
            http = console.client()
            sign_in(http, console, key)
            made[key] = http
            self[key] = http
            return http

    yield Clients()
    for http in made.values():
        http.close()


def text_of(page: str) -> str:
    """The page's text as people read it (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def token(http: httpx.Client) -> str:
    return csrf_of(http.get("/console/search").text)


# --- search ---------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "query", "kind", "canonical"), [
    (CN, "hxxps://pay.example-scam[.]top/app/login?id=7",
     "url", "https://pay.example-scam.top/app/login?id=7"),
    (CN, "example-scam(dot)top", "domain", "example-scam.top"),
    (CN, "＋８６ １３８ ００１３ ８０００", "phone", PHONE),
    (CN, "+66 81 234 5678", "phone", TH_PHONE),
    (TH, "081 234 5678", "phone", TH_PHONE),  # national format, read in the key's country
    (CN, "phone:+86 138 0013 8000", "phone", PHONE),
    (CN, "call me on +86\u200b138 0013 8000 today", "phone", PHONE),
    (CN, "8.8.8[.]8", "ip", "8.8.8.8"),
], ids=["hxxp-url", "dot-domain", "full-width", "spaced", "national-th", "kind-value",
        "zero-width", "defanged-ip"])
def test_search_reads_obfuscated_identifiers(clients: dict[str, httpx.Client], key: str,
                                              query: str, kind: str, canonical: str) -> None:
    answer = clients[f"{key}:operator"].get("/console/search", params={"q": query})
    assert answer.status_code == 200
    href = f'href="/console/identifiers/{kind}/{quote(canonical, safe=":@+")}"'
    assert href in answer.text, answer.text


def test_search_says_when_nothing_parses(clients: dict[str, httpx.Client]) -> None:
    answer = clients[f"{CN}:analyst"].get("/console/search", params={"q": "hello there"})
    assert answer.status_code == 200
    assert "Nothing here reads as an identifier" in answer.text
    assert "/console/identifiers/" not in answer.text.split('id="results"')[1]


def test_search_escapes_what_was_typed(clients: dict[str, httpx.Client]) -> None:
    typed = '"><script>alert(1)</script> +86 138 0013 8000'
    answer = clients[f"{CN}:analyst"].get("/console/search", params={"q": typed})
    assert answer.status_code == 200
    assert "<script>alert(1)" not in answer.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer.text


def test_search_refuses_a_novel(clients: dict[str, httpx.Client]) -> None:
    answer = clients[f"{CN}:analyst"].get("/console/search", params={"q": "x" * 2001})
    assert answer.status_code == 422
    assert 'id="q-error"' in answer.text


# --- an identifier's page --------------------------------------------------------------


@pytest.mark.parametrize(("key", "shown", "hidden"), [
    (f"{CN}:analyst", {"CN-GREEN-1", "CN-AMBER-1"}, {"TH-RED-1"}),
    (f"{CN}:admin", {"CN-GREEN-1", "CN-AMBER-1"}, {"TH-RED-1"}),
    (f"{TH}:analyst", {"CN-GREEN-1"}, {"CN-AMBER-1"}),
], ids=["cn-analyst", "cn-admin", "th-analyst"])
def test_identifier_page_lists_the_reports_the_reader_may_read(
        clients: dict[str, httpx.Client], key: str, shown: set[str], hidden: set[str]) -> None:
    answer = clients[key].get(PHONE_PAGE)
    assert answer.status_code == 200
    page = text_of(answer.text)
    for report in shown:
        assert report in page
    for report in hidden:
        assert report not in page


def test_another_agencys_red_report_never_shows(clients: dict[str, httpx.Client]) -> None:
    for key in (f"{CN}:analyst", f"{CN}:admin", f"{CN}:operator"):
        answer = clients[key].get(f"/console/identifiers/phone/{TH_PHONE}")
        assert answer.status_code == 200
        page = text_of(answer.text)
        assert "TH-RED-1" not in page and "TH-CCIB" not in page
        assert "No report you may see names this identifier." in page
    red = clients[f"{CN}:admin"].get("/console/reports/TH-CCIB/TH-RED-1")
    assert red.status_code == 404  # as for no report: its existence is not told
    assert "Romance" not in red.text and "3,000" not in red.text


def test_operators_see_the_lookup_only(clients: dict[str, httpx.Client]) -> None:
    answer = clients[f"{CN}:operator"].get(PHONE_PAGE)
    assert answer.status_code == 200
    assert "CN-GREEN-1" not in answer.text  # reports are for analysts, as in the API
    assert 'value="block"' not in answer.text
    assert 'value="appeal"' in answer.text
    assert "Job lure" in answer.text  # the lookup's scam types are every role's


def test_identifier_page_goes_to_the_canonical_form(clients: dict[str, httpx.Client]) -> None:
    http = clients[f"{CN}:analyst"]
    answer = http.get("/console/identifiers/phone/" + quote("+86 138 0013 8000", safe="+"))
    assert answer.status_code == 303
    assert answer.headers["location"] == PHONE_PAGE
    assert http.get("/console/identifiers/planet/earth").status_code == 404
    unreadable = http.get("/console/identifiers/phone/not-a-number")
    assert unreadable.status_code == 422
    found = http.get("/console/identifiers", params={"kind": "url", "value": "hxxp://x.top"})
    assert found.status_code in (303, 422)


def test_block_needs_a_reason_and_a_writing_role(clients: dict[str, httpx.Client]) -> None:
    page = "/console/identifiers/phone/+8613811112222"
    analyst = clients[f"{CN}:analyst"]
    empty = analyst.post(page, data={"action": "block", "reason": " ",
                                     "csrf_token": token(analyst)})
    assert empty.status_code == 422
    assert 'id="reason-error"' in empty.text and 'aria-invalid="true"' in empty.text
    bad_days = analyst.post(page, data={"action": "block", "reason": "scam", "days": "0",
                                        "csrf_token": token(analyst)})
    assert bad_days.status_code == 422 and 'id="days-error"' in bad_days.text
    operator = clients[f"{CN}:operator"]
    refused = operator.post(page, data={"action": "block", "reason": "scam",
                                        "csrf_token": token(operator)})
    assert refused.status_code == 403
    no_token = analyst.post(page, data={"action": "block", "reason": "scam"})
    assert no_token.status_code == 403
    blocked = analyst.post(page, data={"action": "block", "reason": "fake <i>bank</i> line",
                                       "csrf_token": token(analyst)})
    assert blocked.status_code == 303
    shown = analyst.get(blocked.headers["location"])
    assert "The identifier is on the blocklist." in shown.text
    assert "fake &lt;i&gt;bank&lt;/i&gt; line" in shown.text
    assert "<i>bank</i>" not in shown.text


def test_an_appeal_through_an_operator(clients: dict[str, httpx.Client]) -> None:
    page = "/console/identifiers/phone/+8613822223333"
    analyst = clients[f"{CN}:analyst"]
    assert analyst.post(page, data={"action": "block", "reason": "reported twice",
                                    "csrf_token": token(analyst)}).status_code == 303
    operator = clients[f"{TH}:operator"]  # TH sees CN's GREEN entries by the agreement
    missing = operator.post(page, data={"action": "appeal", "contact": "",
                                        "statement": "mine", "csrf_token": token(operator)})
    assert missing.status_code == 422 and 'id="contact-error"' in missing.text
    filed = operator.post(page, data={"action": "appeal", "contact": "owner@example.com",
                                      "statement": "my shop's number",
                                      "csrf_token": token(operator)})
    assert filed.status_code == 303
    unknown = operator.post("/console/identifiers/phone/+8613899990000",
                            data={"action": "appeal", "contact": "x", "statement": "y",
                                  "csrf_token": token(operator)})
    assert unknown.status_code == 404
    assert "nothing on the blocklist matches this appeal" in unknown.text
    history = analyst.get(page).text
    assert "appealed" in history and "owner@example.com" not in history


# --- report intake ----------------------------------------------------------------------


def test_report_intake_names_every_bad_field(clients: dict[str, httpx.Client]) -> None:
    http = clients[f"{CN}:analyst"]
    form = http.get("/console/reports/new")
    assert form.status_code == 200
    answer = http.post("/console/reports/new", data={
        "csrf_token": csrf_of(form.text), "report_id": "WEB-BAD-1",
        "reported_at": "1801-01-01T00:00", "loss_amount": "12.345", "victim_country": "XX",
        "loss_currency": "dollars", "scam_type": "investment", "marking": "TLP:AMBER"})
    assert answer.status_code == 422
    for field in ("reported_at", "loss_amount", "victim_country", "loss_currency"):
        assert f'id="{field}-error"' in answer.text, field
    assert 'value="12.345"' in answer.text  # what was typed is kept
    assert http.get("/console/reports/CN-MPS/WEB-BAD-1").status_code == 404


def test_report_intake_stores_and_shows_the_report(clients: dict[str, httpx.Client]) -> None:
    http = clients[f"{CN}:analyst"]
    data = {"report_id": "WEB-1", "reported_at": "2024-06-01T08:30", "scam_type": "prize",
            "marking": "TLP:GREEN", "victim_country": "cn", "loss_amount": "1,200.50",
            "loss_currency": "CNY", "narrative": "Won a <b>prize</b>; paid a fee.",
            "phones": "+86 138 0013 8000\nnot a phone", "urls": "hxxps://prize[.]top/claim"}
    answer = http.post("/console/reports/new",
                       data={**data, "csrf_token": token(http)})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/reports/CN-MPS/WEB-1?stored=1"
    shown = http.get(answer.headers["location"])
    assert shown.status_code == 200
    assert "The report was stored." in shown.text
    assert "Won a &lt;b&gt;prize&lt;/b&gt;; paid a fee." in shown.text
    assert f'href="{PHONE_PAGE}"' in shown.text
    assert "not a phone" in shown.text  # kept, and listed as unreadable
    again = http.post("/console/reports/new", data={**data, "csrf_token": token(http)})
    assert again.status_code == 422
    assert "Your agency already has a report with this id" in again.text
    theirs = clients[f"{TH}:analyst"].get("/console/reports/CN-MPS/WEB-1")
    assert theirs.status_code == 200  # GREEN: shared with TH by the agreement


@pytest.mark.parametrize("path", ["/console/reports/new", "/console/reports/CN-MPS/CN-GREEN-1"])
def test_operators_may_not_read_or_write_reports(clients: dict[str, httpx.Client],
                                                path: str) -> None:
    assert clients[f"{CN}:operator"].get(path).status_code == 403


def test_signed_out_visitors_go_to_sign_in(console: Console) -> None:
    with console.client() as http:
        answer = http.get(PHONE_PAGE)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/console/sign-in")
        assert http.post("/console/reports/new", data={}).status_code in (303, 403)


def test_a_persons_page_shows_the_name_not_the_document(
        clients: dict[str, httpx.Client]) -> None:
    value = "chan vannak|b:1999-08-27|n:KH|d:N9982916"
    answer = clients[f"{CN}:analyst"].get(
        "/console/identifiers/person/" + quote(value, safe=":@+"))
    assert answer.status_code == 200
    shown = text_of(answer.text.split('<main id="main"', 1)[1])  # the URL aside
    assert "Chan Vannak (KH)" in shown
    assert "N9982916" not in shown and "1999-08-27" not in shown
