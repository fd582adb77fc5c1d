"""Templates: every scam type gives a valid open case with the work it calls for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cases_world import ACCOUNT, DOMAIN, OFFICER, PERSON, SITE, T0, WALLET

from counterfraud.cases.model import Pap
from counterfraud.cases.states import CaseStatus
from counterfraud.cases.templates import TEMPLATES, case_from_template, template_for
from counterfraud.domain import Marking, ScamType


@pytest.mark.parametrize("scam", list(ScamType), ids=lambda s: s.value)
def test_every_scam_type_gives_a_valid_open_case(scam: ScamType) -> None:
    template = template_for(scam)
    case = case_from_template(scam, id=f"TH-{scam.value}", owner="TH-CCIB", title="Report",
                              actor=OFFICER, at=T0, assignee="officer-9")
    assert (case.status, case.scam_type, case.tlp, case.pap) == (
        CaseStatus.OPEN, scam, template.tlp, template.pap)
    assert [t.title for t in case.tasks] == [t.title for t in template.tasks]
    assert all(t.assignee == "officer-9" and not t.done for t in case.tasks)
    assert all(t.due is not None and T0 < t.due <= T0 + timedelta(days=14) for t in case.tasks)
    assert len({t.title for t in template.tasks}) == len(template.tasks) >= 3


@pytest.mark.parametrize(("scam", "words"), [
    pytest.param(ScamType.INVESTMENT, ["trading platform", "wallets", "Preserve evidence"],
                 id="investment"),
    pytest.param(ScamType.ROMANCE, ["profiles", "support services"], id="romance"),
    pytest.param(ScamType.KIDNAPPING_RANSOM, ["family", "ransom demand", "embassy",
                                               "compound", "rescue"], id="kidnapping"),
    pytest.param(ScamType.JOB_LURE, ["family", "embassy", "compound", "repatriation",
                                      "trafficking", "recruiters"], id="job-lure"),
])
def test_specific_templates_hold_the_work_of_their_scam(scam: ScamType,
                                                        words: list[str]) -> None:
    titles = " | ".join(t.title for t in TEMPLATES[scam].tasks)
    for word in words:
        assert word in titles


def test_kidnapping_cases_alert_no_one() -> None:
    template = template_for(ScamType.KIDNAPPING_RANSOM)
    assert (template.tlp, template.pap) == (Marking.AMBER_STRICT, Pap.RED)
    first = min(template.tasks, key=lambda t: t.due_in)
    assert "family" in first.title and first.due_in <= timedelta(hours=2)


def test_named_accounts_and_sites_get_their_own_tasks() -> None:
    case = case_from_template(ScamType.INVESTMENT, id="TH-9", owner="TH-CCIB", title="t",
                              actor=OFFICER, at=T0, pap=Pap.AMBER,
                              identifiers=(ACCOUNT, SITE, WALLET, DOMAIN, PERSON, ACCOUNT))
    assert case.pap is Pap.AMBER and case.identifiers == (ACCOUNT, SITE, WALLET, DOMAIN,
                                                          PERSON)
    titles = [t.title for t in case.tasks]
    assert titles[1:5] == [f"Request freeze of bank account {ACCOUNT.value}",
                           f"Request takedown of url {SITE.value}",
                           f"Request freeze of crypto wallet {WALLET.value}",
                           f"Request takedown of domain {DOMAIN.value}"]
    assert not any(PERSON.value in title for title in titles)
    assert case.tasks[1].due == T0 + timedelta(hours=2)
