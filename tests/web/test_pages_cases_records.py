"""Victims, takedowns and suspects in the console over real HTTP to a real uvicorn and
store: a victim is read only where its marking allows (TLP:RED: its agency alone), a
ransom demand says what it blocked, raised and did not (PAP), the takedown's abuse
report to copy or save, suspects proposed from the agency's view of the networks and
confirmed, each form's errors next to its field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from tests.web.pages_world import (
    CN,
    CN_BANK,
    PERSON_1_SHOWN,
    PHONE_1,
    TH,
    TH_SECRET_PHONE,
    TH_VICTIM_SECRET,
    VICTIM,
    Seeded,
    start,
)

from conftest import Console, csrf_of, sign_in

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Console, Seeded]]:
    yield from start(tmp_path_factory.mktemp("case-records"))


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


def post(http: httpx.Client, path: str, data: dict[str, str], *, page: str
         ) -> httpx.Response:
    return http.post(path, data={**data, "csrf_token": csrf_of(http.get(page).text)})


def open_case(http: httpx.Client, *, pap: str) -> str:
    answer = post(http, "/console/cases/new", {"scam_type": "kidnapping", "title": "Held",
                                               "tlp": "TLP:GREEN", "pap": pap},
                  page="/console/cases/new")
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].rsplit("/", 1)[1]


def test_a_victim_is_read_by_its_agency_only(served: tuple[Console, Seeded],
                                             cn: httpx.Client) -> None:
    page = cn.get(f"/console/victims/{VICTIM}")
    assert page.status_code == 200, page.text
    assert "Inspector Zhao" in page.text and 'class="tlp tlp-red"' in page.text
    with client(served, f"{TH}:analyst") as th:
        theirs = th.get(f"/console/victims/{VICTIM}")
        mine = th.get(f"/console/victims/{TH_VICTIM_SECRET}")
    assert theirs.status_code == 404 and "Inspector Zhao" not in theirs.text
    assert mine.status_code == 200
    assert cn.get(f"/console/victims/{TH_VICTIM_SECRET}").status_code == 404


def test_the_victims_list_is_the_agencys(served: tuple[Console, Seeded],
                                         cn: httpx.Client) -> None:
    mine = cn.get("/console/victims")
    assert mine.status_code == 200
    assert VICTIM in mine.text and TH_VICTIM_SECRET not in mine.text
    with client(served, f"{TH}:analyst") as th:
        theirs = th.get("/console/victims")
    assert TH_VICTIM_SECRET in theirs.text and VICTIM not in theirs.text
    assert cn.get("/console/victims", params={"status": "lost"}).status_code == 422


def test_recording_and_moving_a_victim(cn: httpx.Client) -> None:
    case_id = open_case(cn, pap="PAP:GREEN")
    url = f"/console/cases/{case_id}"
    bad = post(cn, f"{url}/victims", {"victim-id": "x", "victim-kind": "held_for_ransom",
                                      "victim-nationality": "CN", "victim-officer": "Li"},
               page=url)
    assert bad.status_code == 422 and 'id="victim-id-error"' in bad.text
    made = post(cn, f"{url}/victims", {"victim-id": "V-CN-0777", "victim-kind": "lured_abroad",
                                       "victim-nationality": "CN", "victim-officer": "Li"},
                page=url)
    assert made.status_code == 303, made.text
    victim = "/console/victims/V-CN-0777"
    wrong = post(cn, f"{victim}/move", {"move-status": "rescued"}, page=victim)
    assert wrong.status_code == 422 and "allowed next: located" in wrong.text
    assert 'id="move-status-error"' in wrong.text
    moved = post(cn, f"{victim}/move", {"move-status": "located", "move-agencies": "TH-CCIB",
                                        "move-country": "MM", "move-place": "KK Park"},
                 page=victim)
    assert moved.status_code == 303, moved.text
    page = cn.get(victim).text
    assert "KK Park" in page and 'value="rescued"' in page
    lost = post(cn, f"{victim}/losses", {"loss-amount": "ten", "loss-currency": "CNY"},
                page=victim)
    assert lost.status_code == 422 and 'id="loss-amount-error"' in lost.text


@pytest.mark.parametrize("pap, blocked", [("PAP:GREEN", True), ("PAP:RED", False)],
                         ids=["green-blocks", "red-does-not"])
def test_a_ransom_demand_says_what_it_did(cn: httpx.Client, pap: str, blocked: bool) -> None:
    case_id = open_case(cn, pap=pap)
    url = f"/console/cases/{case_id}"
    victim = f"V-R-{pap[-3:]}-{case_id[-3:]}"
    post(cn, f"{url}/victims", {"victim-id": victim, "victim-kind": "held_for_ransom",
                                "victim-nationality": "CN", "victim-officer": "Li"}, page=url)
    page = f"/console/victims/{victim}"
    answer = post(cn, f"{page}/ransom", {
        "ransom-amount": "30000", "ransom-currency": "usd",
        "ransom-payment_identifiers": "6222 0299 8877 6655\nhandle:telegram:@kk_boss",
        "ransom-institution": CN_BANK}, page=page)
    assert answer.status_code == 201, answer.text
    text = answer.text
    assert "Ransom demand recorded" in text
    assert ("Not blocked: PAP" in text) is not blocked
    assert ("Payment identifiers blocked" in text) is blocked
    found = re.search(r"(FRZ-[0-9A-F]{12}) → " + CN_BANK, text)
    assert found, text
    assert found.group(1) in cn.get(url).text  # on the case's freeze section too


def test_a_bad_ransom_names_its_field(cn: httpx.Client) -> None:
    page = f"/console/victims/{VICTIM}"
    answer = post(cn, f"{page}/ransom", {"ransom-amount": "-5", "ransom-currency": "USD",
                                         "ransom-payment_identifiers": "123456789"}, page=page)
    assert answer.status_code == 422
    assert 'id="ransom-amount-error"' in answer.text
    empty = post(cn, f"{page}/ransom", {"ransom-amount": "5", "ransom-currency": "USD"},
                 page=page)
    assert empty.status_code == 422 and 'id="ransom-payment_identifiers-error"' in empty.text


def test_a_takedown_from_the_case_to_its_abuse_report(served: tuple[Console, Seeded],
                                                      cn: httpx.Client) -> None:
    _, seeded = served
    url = f"/console/cases/{seeded.cn_green_case}"
    bad = post(cn, f"{url}/takedowns", {"takedown-kind": "bank_account",
                                        "takedown-value": "123", "takedown-addressee": "X"},
               page=url)
    assert bad.status_code == 422 and 'id="takedown-kind-error"' in bad.text
    sent = post(cn, f"{url}/takedowns", {
        "takedown-kind": "url", "takedown-value": "https://pay.example-scam.top/app",
        "takedown-addressee": "Registrar <Example>"}, page=url)
    assert sent.status_code == 303, sent.text
    listed = cn.get("/console/takedowns")
    assert listed.status_code == 200
    found = re.search(r'href="/console/takedowns/(TD-[^"]+)"', listed.text)
    assert found and "Registrar &lt;Example&gt;" in listed.text
    request_id = found.group(1)
    page = cn.get(f"/console/takedowns/{request_id}")
    assert page.status_code == 200 and 'id="abuse-report"' in page.text
    assert "pay.example-scam.top" in page.text and 'data-copy="abuse-report"' in page.text
    text = cn.get(f"/console/takedowns/{request_id}/abuse-report")
    assert text.headers["content-type"].startswith("text/plain")
    assert "attachment" in text.headers["content-disposition"]
    as_json = cn.get(f"/console/takedowns/{request_id}/abuse-report", params={"format": "json"})
    assert as_json.json()
    wrong = post(cn, f"/console/takedowns/{request_id}/status", {"status": "sent"},
                 page=f"/console/takedowns/{request_id}")
    assert wrong.status_code == 422
    assert f'id="td-{request_id}-status-error"' in wrong.text
    moved = post(cn, f"/console/takedowns/{request_id}/status",
                 {"status": "acknowledged", "reason": "ticket 42",
                  "case_id": seeded.cn_green_case}, page=url)
    assert moved.status_code == 303
    assert moved.headers["location"].endswith("#sec-takedowns")
    assert "ticket 42" in cn.get(f"/console/takedowns/{request_id}").text


def test_suspects_proposed_from_the_agencys_view_and_confirmed(
        served: tuple[Console, Seeded], cn: httpx.Client) -> None:
    _, seeded = served
    url = f"/console/cases/{seeded.cn_green_case}"
    page = cn.get(url).text
    assert "Proposed from the networks" in page and PERSON_1_SHOWN in page
    assert TH_SECRET_PHONE not in page
    confirmed = post(cn, f"{url}/suspects/confirm",
                     {"network": seeded.cn_network, "member": f"phone:{PHONE_1}"}, page=url)
    assert confirmed.status_code == 303, confirmed.text
    again = post(cn, f"{url}/suspects/confirm",
                 {"network": seeded.cn_network, "member": f"phone:{PHONE_1}"}, page=url)
    assert again.status_code == 409 and 'id="confirm-form-error"' in again.text
    hidden = post(cn, f"{url}/suspects/confirm",
                  {"network": seeded.cn_network, "member": f"phone:{TH_SECRET_PHONE}"},
                  page=url)
    assert hidden.status_code == 404
    page = cn.get(url).text
    found = re.search(r'action="/console/suspects/(SU-[0-9A-F]+)/status"', page)
    assert found, page
    suspect = found.group(1)
    moved = post(cn, f"/console/suspects/{suspect}/status",
                 {"case_id": seeded.cn_green_case, "status": "wanted", "agency": "Interpol",
                  "reference": "Red Notice A-1/2025"}, page=url)
    assert moved.status_code == 303, moved.text
    handover = post(cn, f"/console/suspects/{suspect}/status",
                    {"case_id": seeded.cn_green_case, "status": "arrested",
                     "handover_to": "CN"}, page=url)
    assert handover.status_code == 422
    assert f'id="s-{suspect}-form-error"' in handover.text
    added = post(cn, f"{url}/suspects", {"suspect-name": "", "suspect-identifiers": ""},
                 page=url)
    assert added.status_code == 422 and 'id="suspect-name-error"' in added.text


@pytest.mark.parametrize("path", ["/console/victims", "/console/victims/V-CN-0001",
                                  "/console/takedowns", "/console/kpi"],
                         ids=["victims", "victim", "takedowns", "kpi"])
def test_operator_keys_are_refused(served: tuple[Console, Seeded], path: str) -> None:
    with client(served, f"{CN}:operator") as http:
        assert http.get(path).status_code == 403


ODD = ["", " ", "x" * 20_000, "\x00\x01", "<script>alert(1)</script>", "𝕏🙂ไทย中文", "-1",
       "1e309", "../../etc/passwd", "phone:+", ":", "TLP:RED"]


@pytest.mark.parametrize("value", ODD, ids=[f"odd{i}" for i in range(len(ODD))])
def test_odd_values_never_make_a_server_error(served: tuple[Console, Seeded],
                                              cn: httpx.Client, value: str) -> None:
    _, seeded = served
    case = f"/console/cases/{seeded.cn_amber_case}"
    forms = {
        "/console/cases/new": ["scam_type", "title", "tlp", "pap", "identifiers", "assignee"],
        f"{case}/status": ["move-status", "move-reason"],
        f"{case}/markings": ["mark-tlp", "mark-pap"],
        f"{case}/tasks": ["task-title", "task-assignee", "task-due"],
        f"{case}/tasks/1/assign": ["assignee"], f"{case}/tasks/1/log": ["text"],
        f"{case}/notes": ["note-text"],
        f"{case}/identifiers": ["ident-kind", "ident-value", "ident-region"],
        f"{case}/reports": ["report-agency", "report-report_id"],
        f"{case}/networks": ["network-network_id"],
        f"{case}/participants": ["invite-agency", "invite-purpose", "invite-legal_basis",
                                 "invite-record_types", "invite-valid_to"],
        f"{case}/victims": ["victim-id", "victim-kind", "victim-nationality", "victim-officer"],
        f"{case}/freeze": ["freeze-institution", "freeze-accounts", "freeze-amount",
                           "freeze-currency", "freeze-deadline"],
        f"{case}/takedowns": ["takedown-kind", "takedown-value", "takedown-addressee"],
        f"{case}/suspects": ["suspect-name", "suspect-nationality", "suspect-identifiers"],
        f"{case}/suspects/confirm": ["network", "member"],
        f"/console/victims/{VICTIM}/move": ["move-status", "move-agencies", "move-country"],
        f"/console/victims/{VICTIM}/location": ["loc-country", "loc-place"],
        f"/console/victims/{VICTIM}/losses": ["loss-amount", "loss-currency"],
        f"/console/victims/{VICTIM}/ransom": ["ransom-amount", "ransom-currency",
                                              "ransom-payment_identifiers"],
        f"/console/freeze/{seeded.cn_freeze}/answer": ["answer", "amount", "currency"],
    }
    token = csrf_of(cn.get(case).text)
    for path, names in forms.items():
        answer = cn.post(path, data={**dict.fromkeys(names, value), "csrf_token": token})
        assert answer.status_code < 500, (path, answer.status_code)
    for path, params in (("/console/cases", {"status": value}),
                         ("/console/kpi", {"from": value[:10]}),
                         (f"/console/networks/{seeded.cn_network}/expand",
                          {"node": value[:2000]})):
        assert cn.get(path, params=params).status_code < 500, path
