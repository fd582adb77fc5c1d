"""The abuse report: what an abuse desk reads, and what never goes out (victim data,
AMBER+STRICT and RED reports, other agencies' narratives)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cases_world import DOMAIN, OFFICER, SITE, T0
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.cases.abuse_report import (
    EXCERPT,
    FORMAT,
    AbuseReport,
    BlocklistFact,
    Evidence,
    build_abuse_report,
    countable,
    quotable,
    redact,
)
from counterfraud.cases.requests import TakedownRequest, create_takedown_request
from counterfraud.domain import IdentifierRole, Marking, ScamType
from counterfraud.identifiers.types import Identifier, IdentifierKind

ME, OTHER = "TH-CCIB", "CN-MPS"
VICTIM_PHONE = "+66812345678"
SECRET = "kept-secret-words"
R = IdentifierRole


def _evidence(n: int, *, owner: str = ME, marking: Marking = Marking.GREEN,
              roles: frozenset[IdentifierRole] = frozenset({R.WEBSITE}),
              narrative: str = "", scam: ScamType = ScamType.INVESTMENT) -> Evidence:
    return Evidence(reference=f"{owner}/R{n}", owner=owner, marking=marking, scam_type=scam,
                    reported_at=datetime(2025, 1, n, 9, tzinfo=UTC), roles=roles,
                    narrative=narrative)


def _request(target: Identifier = DOMAIN) -> TakedownRequest:
    return create_takedown_request(id="TD-7", case_id="TH-2025-0001", requesting_agency=ME,
                                   addressee="Registrar abuse desk", target=target,
                                   actor=OFFICER, at=T0)


def _report(evidence: list[Evidence], **kwargs: Any) -> AbuseReport:
    return build_abuse_report(_request(kwargs.pop("target", DOMAIN)),
                              case_scam_type=ScamType.INVESTMENT, evidence=evidence,
                              blocklist=kwargs.pop("blocklist", ()), **kwargs)


def _rendered(report: AbuseReport) -> str:
    return report.as_text() + json.dumps(report.as_json(), ensure_ascii=False)


@pytest.mark.parametrize(("owner", "marking", "roles", "counted", "quoted"), [
    pytest.param(OTHER, Marking.CLEAR, {R.WEBSITE}, True, True, id="clear-anyone"),
    pytest.param(ME, Marking.GREEN, {R.WEBSITE}, True, True, id="green-own"),
    pytest.param(OTHER, Marking.GREEN, {R.WEBSITE}, True, False, id="green-other"),
    pytest.param(ME, Marking.AMBER, {R.WEBSITE}, True, False, id="amber-own"),
    pytest.param(OTHER, Marking.AMBER, {R.WEBSITE}, False, False, id="amber-other"),
    pytest.param(ME, Marking.AMBER_STRICT, {R.WEBSITE}, False, False, id="amber-strict-own"),
    pytest.param(ME, Marking.RED, {R.WEBSITE}, False, False, id="red-own"),
    pytest.param(ME, Marking.CLEAR, {R.VICTIM}, False, False, id="only-the-victims"),
    pytest.param(ME, Marking.CLEAR, {R.VICTIM, R.CONTACTED_FROM}, True, True,
                 id="victim-and-scammer-roles"),
])
def test_what_the_requester_may_pass_on(owner: str, marking: Marking,
                                        roles: set[IdentifierRole], counted: bool,
                                        quoted: bool) -> None:
    evidence = _evidence(1, owner=owner, marking=marking, roles=frozenset(roles),
                         narrative="They sent me to the site.")
    assert countable(evidence, ME) is counted
    assert quotable(evidence, ME) is quoted
    report = _report([evidence])
    assert report.reports == int(counted)
    assert len(report.examples) == int(quoted)
    assert report.sources == ((evidence.reference,) if counted else ())


def test_the_report_says_what_an_abuse_desk_needs() -> None:
    evidence = [
        _evidence(3, narrative="The mentor said to deposit on goldharvest-trade.example now."),
        _evidence(5, owner=OTHER, marking=Marking.CLEAR, roles=frozenset({R.WEBSITE,
                  R.MENTIONED}), narrative="Clear case, published by the bank."),
        _evidence(9, owner=OTHER, scam=ScamType.ROMANCE, roles=frozenset({R.CONTACTED_FROM})),
    ]
    since = datetime(2025, 1, 20, tzinfo=UTC)
    report = _report(evidence, blocklist=[BlocklistFact("active", since, "domain_tree")],
                     requester_name="Cyber Crime Investigation Bureau")
    document = report.as_json()
    assert document["format"] == FORMAT
    assert document["target"] == {"kind": "domain", "value": DOMAIN.value,
                                  "display": DOMAIN.value}
    assert document["case"] == {"reference": "TH-2025-0001", "scam_type": "investment"}
    assert document["request"]["id"] == "TD-7"
    assert document["from"] == {"agency": ME, "name": "Cyber Crime Investigation Bureau"}
    assert document["requested_action"].startswith("suspend the domain")
    assert document["evidence"]["reports"] == 3
    assert (document["evidence"]["first_seen"], document["evidence"]["last_seen"]) == (
        "2025-01-03", "2025-01-09")
    assert document["evidence"]["roles"] == {"website": 2, "contacted_from": 1,
                                             "mentioned": 1}
    assert document["evidence"]["scam_types"] == {"investment": 2, "romance": 1}
    assert document["evidence"]["blocklist"] == {"status": "active", "since": "2025-01-20",
                                                 "match": "domain_tree"}
    assert [e["reported_on"] for e in document["evidence"]["examples"]] == [
        "2025-01-05", "2025-01-03"]  # newest first
    text = report.as_text()
    assert "3 victim reports name it, from 2025-01-03 to 2025-01-09" in text
    assert "blocked since 2025-01-20 (domain_tree)" in text
    assert "Please reply quoting TD-7." in text
    assert "deposit on goldharvest-trade.example now" in text


@pytest.mark.parametrize(("facts", "shown"), [
    pytest.param([], "not listed", id="none"),
    pytest.param([BlocklistFact("delisted", T0, owner=ME, marking=Marking.AMBER),
                  BlocklistFact("active", T0.replace(day=20), owner=None)],
                 "blocked since 2025-03-20 (exact)", id="active-first"),
    pytest.param([BlocklistFact("delisted", T0, owner=ME, marking=Marking.AMBER)],
                 "delisted (listed 2025-03-01)", id="own-amber"),
    pytest.param([BlocklistFact("active", T0, owner=OTHER, marking=Marking.AMBER),
                  BlocklistFact("active", T0, owner=ME, marking=Marking.RED)],
                 "not listed", id="other-amber-and-red-withheld"),
])
def test_blocklist_status(facts: list[BlocklistFact], shown: str) -> None:
    assert f"Blocklist: {shown}" in _report([], blocklist=facts).as_text()


def test_nothing_to_pass_on_says_so() -> None:
    report = _report([_evidence(1, marking=Marking.RED, narrative=SECRET)])
    text = report.as_text()
    assert "No victim report that can be passed on names it." in text
    assert "Blocklist: not listed" in text
    assert report.as_json()["evidence"]["first_seen"] is None


@pytest.mark.parametrize("marking", [Marking.AMBER_STRICT, Marking.RED, Marking.AMBER],
                         ids=lambda m: m.value)
def test_restricted_reports_leave_no_trace(marking: Marking) -> None:
    hidden = _evidence(7, owner=OTHER, marking=marking, scam=ScamType.KIDNAPPING_RANSOM,
                       roles=frozenset({R.RECRUITER}), narrative=SECRET)
    shown = _evidence(2, marking=Marking.GREEN)
    with_it, without = _report([shown, hidden]), _report([shown])
    assert with_it.as_json() == without.as_json()
    assert with_it.as_text() == without.as_text()
    assert SECRET not in _rendered(with_it)


def test_victim_data_never_goes_out() -> None:
    narrative = (f"My number {VICTIM_PHONE} and my account 0123-456-789 were used; "
                 f"mail me at somchai.k@example.co.th. I paid on {SITE.value} twice.")
    report = _report([_evidence(4, marking=Marking.CLEAR, narrative=narrative,
                                roles=frozenset({R.WEBSITE}))], target=SITE)
    out = _rendered(report)
    for leaked in (VICTIM_PHONE, "0123-456-789", "somchai.k@example.co.th", "0123"):
        assert leaked not in out
    assert SITE.value in out
    assert "victim_country" not in out and "loss" not in out


@pytest.mark.parametrize(("narrative", "expected"), [
    pytest.param("call +8613800138000 or 081 234 5678 now", "call [removed] or [removed] now",
                 id="phones-any-format"),
    pytest.param("site goldharvest-trade.example, not evil.example-scam.top",
                 "site goldharvest-trade.example, not [removed]", id="other-domains"),
    pytest.param("paid 5,000 baht", "paid 5,000 baht", id="short-numbers-stay"),
    pytest.param("a   b\n\nc", "a b c", id="spaces-collapsed"),
    pytest.param("go to https://www.other-scam.top/login?id=123456789 now",
                 "go to [removed] now", id="another-url"),
])
def test_redact(narrative: str, expected: str) -> None:
    assert redact(narrative, DOMAIN) == expected


def test_the_target_is_kept_whole() -> None:
    site = Identifier(IdentifierKind.URL, "https://pay.example-scam.top/app?id=1234567")
    assert redact(f"paid on {site.value} call +8613800138000", site) == (
        f"paid on {site.value} call [removed]")


def test_a_long_narrative_is_cut_at_a_word() -> None:
    excerpt = redact("word " * 500, DOMAIN)
    assert len(excerpt) <= EXCERPT + 2 and excerpt.endswith(" …")
    assert excerpt.removesuffix(" …").split(" ")[-1] == "word"


DIGIT_RUNS = st.lists(st.integers(0, 9), min_size=6, max_size=14).map(
    lambda ds: st.sampled_from(["", " ", "-", "."]).map(lambda sep: sep.join(map(str, ds))))


@given(before=st.text(max_size=60), after=st.text(max_size=60),
       number=DIGIT_RUNS.flatmap(lambda s: s))
def test_no_run_of_six_digits_survives(before: str, after: str, number: str) -> None:
    excerpt = redact(f"{before} {number} {after}", DOMAIN, limit=10_000)
    assert sum(c.isdigit() for c in number) >= 6
    assert number.replace(" ", "") not in excerpt.replace(" ", "") or not number


@given(st.text(max_size=300))
def test_redact_never_fails_and_stays_short(text: str) -> None:
    excerpt = redact(text, Identifier(IdentifierKind.PHONE, "+8613800138000"))
    assert len(excerpt) <= EXCERPT + 2


def test_a_reader_who_may_not_read_the_case_gets_no_scam_type() -> None:
    report = build_abuse_report(_request(), case_scam_type=None, evidence=[])
    assert report.as_json()["case"] == {"reference": "TH-2025-0001", "scam_type": None}
    assert "Scam type:" not in report.as_text()


EVIDENCE = st.builds(
    lambda n, owner, marking, roles, scam: _evidence(
        n, owner=owner, marking=marking, roles=frozenset(roles), scam=scam,
        narrative=f"narrative-{n}-{owner}-{marking.name}"),
    st.integers(1, 28), st.sampled_from([ME, OTHER]), st.sampled_from(list(Marking)),
    st.sets(st.sampled_from(list(IdentifierRole)), min_size=1, max_size=3),
    st.sampled_from(list(ScamType)))


@given(st.lists(EVIDENCE, max_size=12, unique_by=lambda e: e.reference))
def test_only_what_may_be_passed_on_shapes_the_report(evidence: list[Evidence]) -> None:
    full = _report(evidence)
    passable_only = _report([e for e in evidence if countable(e, ME)])
    assert full.as_json() == passable_only.as_json()
    out = _rendered(full)
    for e in evidence:
        assert (e.narrative in out) == (quotable(e, ME) and any(
            e.narrative == text for _, _, text in full.examples))
        if not quotable(e, ME):
            assert e.narrative not in out
