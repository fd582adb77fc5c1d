"""The case pages over real HTTP to a real uvicorn and store: lists and case pages hold
what the API gives the same key and nothing more (another agency's RED and AMBER cases,
victims of TLP:RED, never in the HTML), opening a case and every form of the case page
with its errors next to the field, the lifecycle's next states, role refusals, and
user text escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import httpx
import pytest
from tests.web.pages_world import (
    ACCOUNT_1,
    CN,
    CN_AMBER_SECRET_TITLE,
    CN_GREEN_TITLE,
    TH,
    TH_RED_SECRET_TITLE,
    TH_VICTIM_SECRET,
    VICTIM,
    Seeded,
    start,
)

from conftest import Console, csrf_of, sign_in

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, Seeded]]:
    yield from start(tmp_path_factory.mktemp("cases"))


@contextmanager
def client(served: tuple[Console, Seeded], key: str) -> Iterator[httpx.Client]:
    console, _ = served
    with console.client() as http:
        sign_in(http, console, key)
        yield http


@pytest.fixture(scope="module")
def cn(served: tuple[Console, Seeded]) -> Iterator[httpx.Client]:
    with client(served, f"{CN}:analyst") as http:
        yield http


@pytest.fixture(scope="module")
def th(served: tuple[Console, Seeded]) -> Iterator[httpx.Client]:
    with client(served, f"{TH}:analyst") as http:
        yield http


def post(http: httpx.Client, path: str, data: dict[str, str | list[str]], *,
         page: str) -> httpx.Response:
    """POST ``data`` with the CSRF token of ``page`` (the form's page)."""
    token = csrf_of(http.get(page).text)
    return http.post(path, data={**data, "csrf_token": token})


def test_the_list_holds_what_the_agency_may_see(cn: httpx.Client, th: httpx.Client) -> None:
    mine = cn.get("/console/cases")
    theirs = th.get("/console/cases")
    assert mine.status_code == theirs.status_code == 200
    escaped = CN_GREEN_TITLE.replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in mine.text and CN_GREEN_TITLE not in mine.text  # escaped, not markup
    assert CN_AMBER_SECRET_TITLE in mine.text
    assert TH_RED_SECRET_TITLE not in mine.text
    assert escaped in theirs.text  # shared under the GREEN agreement
    assert CN_AMBER_SECRET_TITLE not in theirs.text
    assert 'class="tlp tlp-green"' in mine.text and "PAP:GREEN" in mine.text


@pytest.mark.parametrize("status, shown, hidden", [
    ("open", CN_AMBER_SECRET_TITLE, "never-a-title"),
    ("closed_solved", "never-a-title", CN_AMBER_SECRET_TITLE),
], ids=["open", "closed"])
def test_the_list_filters_by_status(cn: httpx.Client, status: str, shown: str,
                                    hidden: str) -> None:
    page = cn.get("/console/cases", params={"status": status})
    assert page.status_code == 200
    assert hidden not in page.text
    if shown != "never-a-title":
        assert shown in page.text


def test_a_bad_filter_names_its_field(cn: httpx.Client) -> None:
    page = cn.get("/console/cases", params={"status": "sleeping"})
    assert page.status_code == 422
    assert 'id="status-error"' in page.text or "unknown case status" in page.text


def test_the_case_page_of_the_owner(served: tuple[Console, Seeded],
                                    cn: httpx.Client) -> None:
    _, seeded = served
    page = cn.get(f"/console/cases/{seeded.cn_green_case}")
    assert page.status_code == 200, page.text
    text = page.text
    assert VICTIM in text and seeded.cn_freeze in text and ACCOUNT_1 in text
    assert 'value="investigating"' in text  # the one next state, as a button
    assert 'value="action"' not in text
    for section in ("sec-tasks", "sec-notes", "sec-identifiers", "sec-victims", "sec-freeze",
                    "sec-takedowns", "sec-suspects", "case-timeline"):
        assert f'id="{section}"' in text
    assert 'action="/console/cases/' + seeded.cn_green_case + '/participants"' in text
    assert "<script>" not in text


def test_a_reading_partner_sees_no_red_victim_and_no_form(served: tuple[Console, Seeded],
                                                          th: httpx.Client) -> None:
    _, seeded = served
    page = th.get(f"/console/cases/{seeded.cn_green_case}")
    assert page.status_code == 200, page.text
    assert VICTIM not in page.text  # a victim is TLP:RED: seeing the case is not enough
    assert 'name="move-status"' not in page.text
    assert 'name="note-text"' not in page.text
    assert "/participants\"" not in page.text


@pytest.mark.parametrize("who, case", [
    ("cn", "th_red_case"), ("th", "cn_amber_case")], ids=["cn-th-red", "th-cn-amber"])
def test_hidden_cases_are_not_found_and_never_shown(
        served: tuple[Console, Seeded], cn: httpx.Client, th: httpx.Client, who: str,
        case: str) -> None:
    _, seeded = served
    http = cn if who == "cn" else th
    page = http.get(f"/console/cases/{getattr(seeded, case)}")
    assert page.status_code == 404
    for secret in (TH_RED_SECRET_TITLE, CN_AMBER_SECRET_TITLE, TH_VICTIM_SECRET):
        assert secret not in page.text
    ghost = http.get("/console/cases/XX-NOPE-000001")
    assert ghost.status_code == 404


@pytest.mark.parametrize("data, field", [
    ({"scam_type": "investment", "title": ""}, "title"),
    ({"scam_type": "", "title": "A ring"}, "scam_type"),
    ({"scam_type": "nonsense", "title": "A ring"}, "scam_type"),
    ({"scam_type": "romance", "title": "A ring", "identifiers": "phone"}, "identifiers"),
    ({"scam_type": "romance", "title": "A ring", "tlp": "TLP:PURPLE"}, "tlp"),
    ({"scam_type": "romance", "title": "A ring", "pap": "PAP:PINK"}, "pap"),
    ({"scam_type": "romance", "title": "x" * 201}, "title"),
], ids=["no-title", "no-type", "bad-type", "bad-identifier", "bad-tlp", "bad-pap",
        "long-title"])
def test_opening_a_case_names_the_field_in_error(cn: httpx.Client, data: dict[str, str],
                                                 field: str) -> None:
    answer = post(cn, "/console/cases/new", data, page="/console/cases/new")
    assert answer.status_code == 422, answer.text
    assert f'id="{field}-error"' in answer.text
    assert f'aria-describedby="{field}-hint {field}-error"' in answer.text \
        or f'aria-describedby="{field}-error"' in answer.text


def test_opening_a_case_makes_it_the_users_agencys(cn: httpx.Client) -> None:
    answer = post(cn, "/console/cases/new", {
        "scam_type": "romance", "title": "Opened <from> the console", "tlp": "TLP:AMBER",
        "pap": "PAP:AMBER", "identifiers": "phone:+66 81 999 0000\nbank_account:12345678"},
        page="/console/cases/new")
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(rf"/console/cases/{CN}-\d+", location)
    page = cn.get(location)
    assert "Opened &lt;from&gt; the console" in page.text
    assert "+66819990000" in page.text and "PAP:AMBER" in page.text


def test_case_forms_show_errors_next_to_their_field(served: tuple[Console, Seeded],
                                                   cn: httpx.Client) -> None:
    _, seeded = served
    url = f"/console/cases/{seeded.cn_green_case}"
    task = post(cn, f"{url}/tasks", {"task-title": ""}, page=url)
    assert task.status_code == 422 and 'id="task-title-error"' in task.text
    late = post(cn, f"{url}/tasks", {"task-title": "Later", "task-due": "2999-01-01"}, page=url)
    assert late.status_code == 422 and 'id="task-due-error"' in late.text
    move = post(cn, f"{url}/status", {"move-status": "action"}, page=url)
    assert move.status_code == 422 and 'id="move-status-error"' in move.text
    assert "allowed next: investigating" in move.text
    ident = post(cn, f"{url}/identifiers", {"ident-kind": "phone", "ident-value": "nope"},
                 page=url)
    assert ident.status_code == 422 and 'id="ident-value-error"' in ident.text
    report = post(cn, f"{url}/reports", {"report-agency": TH, "report-report_id": "TH-SECRET-2"},
                  page=url)
    ghost = post(cn, f"{url}/reports", {"report-agency": TH, "report-report_id": "TH-NONE-9"},
                 page=url)
    assert report.status_code == ghost.status_code == 404  # RED: alike a report that is not
    said = re.search(r'id="report-form-error">([^<]*)<', report.text)
    none = re.search(r'id="report-form-error">([^<]*)<', ghost.text)
    assert said and none and said.group(1).replace("TH-SECRET-2", "TH-NONE-9") == none.group(1)


def test_case_forms_change_the_case(served: tuple[Console, Seeded], cn: httpx.Client) -> None:
    _, seeded = served
    url = f"/console/cases/{seeded.cn_green_case}"
    steps = [
        (f"{url}/notes", {"note-text": "Called the bank <urgently>"}),
        (f"{url}/tasks", {"task-title": "Trace the wallet", "task-assignee": "Inspector Li",
                          "task-due": (date.today() + timedelta(days=30)).isoformat()}),
        (f"{url}/tasks/1/log", {"text": "Subpoena drafted"}),
        (f"{url}/tasks/1/assign", {"assignee": "Sergeant Wu"}),
        (f"{url}/tasks/1/done", {}),
        (f"{url}/identifiers", {"ident-kind": "email", "ident-value": "boss@example.org"}),
        (f"{url}/status", {"move-status": "investigating", "move-reason": "evidence in"}),
    ]
    for path, data in steps:
        answer = post(cn, path, data, page=url)
        assert answer.status_code == 303, (path, answer.text)
    page = cn.get(url).text
    assert "Called the bank &lt;urgently&gt;" in page
    assert "Trace the wallet" in page and "Subpoena drafted" in page and "Sergeant Wu" in page
    assert "boss@example.org" in page
    assert 'value="action"' in page  # investigating's next state


def test_a_reading_partner_may_not_write(served: tuple[Console, Seeded],
                                         th: httpx.Client) -> None:
    _, seeded = served
    url = f"/console/cases/{seeded.cn_green_case}"
    answer = post(th, f"{url}/notes", {"note-text": "TH was here"}, page=url)
    assert answer.status_code == 403
    assert "TH was here" not in th.get(url).text


def test_an_htmx_form_gets_its_section_with_the_error(served: tuple[Console, Seeded],
                                                      cn: httpx.Client) -> None:
    _, seeded = served
    url = f"/console/cases/{seeded.cn_green_case}"
    token = csrf_of(cn.get(url).text)
    answer = cn.post(f"{url}/notes", data={"note-text": ""},
                     headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert answer.status_code == 422
    assert 'id="sec-notes"' in answer.text and 'id="note-text-error"' in answer.text


@pytest.mark.parametrize("method, path", [
    ("GET", "/console/cases"), ("GET", "/console/cases/new"),
    ("GET", "/console/cases/CN-MPS-000001"), ("POST", "/console/cases/new"),
    ("POST", "/console/cases/CN-MPS-000001/notes"),
], ids=["list", "new", "show", "open", "note"])
def test_operator_keys_are_refused_like_the_api(served: tuple[Console, Seeded], method: str,
                                                path: str) -> None:
    with client(served, f"{CN}:operator") as bank:
        token = csrf_of(bank.get("/console/").text)
        answer = bank.request(method, path, data={"csrf_token": token, "title": "x",
                                                  "note-text": "x"}
                              if method == "POST" else None)
        home = bank.get("/console/")
    assert answer.status_code == 403
    assert CN_GREEN_TITLE not in answer.text
    assert 'href="/console/cases"' not in home.text


def test_owner_only_forms_refuse_a_joint_participant(served: tuple[Console, Seeded],
                                                     cn: httpx.Client) -> None:
    _, seeded = served
    url = f"/console/cases/{seeded.cn_green_case}"
    invited = post(cn, f"{url}/participants", {
        "invite-agency": TH, "invite-purpose": "joint investigation",
        "invite-record_types": ["case", "suspect"]}, page=url)
    assert invited.status_code == 303, invited.text
    with client(served, f"{TH}:analyst") as th:
        page = th.get(url).text
        assert 'name="note-text"' in page  # a participant writes within the case
        assert 'name="move-status"' not in page  # but only the owner moves it
        moved = post(th, f"{url}/status", {"move-status": "action"}, page=url)
        assert moved.status_code == 403
        noted = post(th, f"{url}/notes", {"note-text": "Thai side: suspect seen"}, page=url)
        assert noted.status_code == 303
    ended = post(cn, f"{url}/participants/{TH}/remove", {}, page=url)
    assert ended.status_code == 303
    with client(served, f"{TH}:analyst") as th:
        assert 'name="note-text"' not in th.get(url).text
