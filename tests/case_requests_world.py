"""A small world for the tests of takedown requests and suspects (services, API, CLI).

TH-CCIB owns a case (TLP:AMBER, PAP:GREEN) naming a scam site; around it:

- CN-MPS, a partner whose agreement from TH names cases, takedown requests and suspects
  (TLP:AMBER): it reads them, writes nothing;
- VN-MPS, a partner whose agreement names cases only: it reads the case, not its
  requests or suspects;
- LA-MPS, invited into the case with its takedown requests and suspects: it reads and
  writes them;
- KH-NPA, invited into the case itself only: it writes within the case but may not read
  its requests or suspects, so it may not add any;
- MM-CCPD, a stranger: it sees nothing.

Victim reports name the site: CN's of every marking (CN lets TH read its GREEN and AMBER
reports), TH's own GREEN, AMBER and RED ones. Every value is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from counterfraud.domain import OPERATOR, ApiRole, Viewer
from counterfraud.services import access, agreements, case_links, cases, ingest
from counterfraud.services.store import Store

OWNER, PARTNER, READS_CASE, JOINT, JOINT_CASE_ONLY, STRANGER = (
    "TH-CCIB", "CN-MPS", "VN-MPS", "LA-MPS", "KH-NPA", "MM-CCPD")
EXTRA_AGENCIES = {"VN-MPS": "VN", "KH-NPA": "KH", "MM-CCPD": "MM"}
SITE = "https://pay.goldharvest-trade.top/login"
PHONE = "+66812340001"
BOSS = "person:zhao lei|n:CN"
TYPES = ["case", "takedown_request", "suspect"]
SECRET = "secret-words-of-a-red-report"


def report(report_id: str, marking: str, *, day: int, narrative: str = "",
           **identifiers: Any) -> dict[str, Any]:
    return {"report_id": report_id, "reported_at": f"2025-02-{day:02d}T09:00:00Z",
            "scam_type": "investment", "marking": marking, "victim_country": "TH",
            "loss_amount": "5000", "urls": SITE, "narrative": narrative, **identifiers}


REPORTS: dict[str, list[dict[str, Any]]] = {
    PARTNER: [
        report("CN-CLEAR", "TLP:CLEAR", day=1,
               narrative=f"Published: the site {SITE} took deposits. Call 13800138000."),
        report("CN-GREEN", "TLP:GREEN", day=2, narrative="CN green narrative, not ours."),
        report("CN-AMBER", "TLP:AMBER", day=3, narrative="CN amber narrative."),
        report("CN-STRICT", "TLP:AMBER+STRICT", day=4, narrative=SECRET),
    ],
    OWNER: [
        report("TH-GREEN", "TLP:GREEN", day=5,
               narrative=f"My mentor sent me to {SITE}; my account 012-3-45678-9."),
        report("TH-AMBER", "TLP:AMBER", day=6, narrative="TH amber narrative."),
        report("TH-RED", "TLP:RED", day=7, narrative=SECRET),
    ],
}


@dataclass(frozen=True)
class CaseWorld:
    store: Store
    case_id: str


def viewer(agency: str | None, role: ApiRole = ApiRole.ANALYST) -> Viewer:
    return OPERATOR if agency is None else Viewer(agency=agency, role=role)


def open_case(store: Store, *, owner: str = OWNER, tlp: str = "TLP:AMBER",
              pap: str = "PAP:GREEN", identifiers: tuple[str, ...] = (f"url:{SITE}",),
              title: str = "Gold trading platform") -> str:
    view = cases.open_case(store, agency=owner, scam_type="investment", title=title, tlp=tlp,
                           pap=pap, identifiers=identifiers)
    return view.case.id


def build(store: Store, *, reports: bool = True) -> CaseWorld:
    """The world in ``store`` (which already holds CN-MPS, TH-CCIB and LA-MPS)."""
    for code, country in EXTRA_AGENCIES.items():
        access.add_agency(store, code=code, country=country, name=f"Police of {country}")
    if reports:
        for agency, rows in REPORTS.items():
            result = ingest.ingest_records(store, enumerate(rows, 1), agency=agency)
            assert result.rejected == 0, result.errors
    agreements.add_agreement(store, grantor=PARTNER, grantee=OWNER,
                             markings=["TLP:GREEN", "TLP:AMBER"],
                             record_types=["report", "sighting"], purpose="investigations",
                             legal_basis="bilateral_mou")
    case_id = open_case(store)
    agreements.add_agreement(store, grantor=OWNER, grantee=PARTNER, markings=["TLP:AMBER"],
                             record_types=TYPES, purpose="investigations",
                             legal_basis="bilateral_mou")
    agreements.add_agreement(store, grantor=OWNER, grantee=READS_CASE,
                             markings=["TLP:AMBER"], record_types=["case"],
                             purpose="investigations", legal_basis="bilateral_mou")
    case_links.invite(store, OPERATOR, case_id, agency=JOINT, purpose="joint case",
                      record_types=TYPES)
    case_links.invite(store, OPERATOR, case_id, agency=JOINT_CASE_ONLY, purpose="joint case")
    return CaseWorld(store, case_id)
