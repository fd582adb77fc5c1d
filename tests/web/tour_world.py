"""The world of the console's tour and screenshots: two police agencies that each own a
report of every TLP marking, an agreement between them, a bank, cases with victims,
freeze requests, takedowns and suspects, and networks built over it; served by a real
uvicorn over a real SQLite store. All synthetic.

What one agency's TLP:RED records hold is a canary (:attr:`TourWorld.red_canaries`): a
narrative, a phone, a bank account, a domain and a handle found in its RED report
only; a case title, a note, a victim's family contact and place, a freeze request's
account and addressee found in its RED case only. No page of the other agency, nor of
the bank, may ever hold one. Each agency's reports share one hub phone, and TH's GREEN
report names CN's hub, so the networks join across agencies and across markings: the
drawing the other agency sees must leave the RED members out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterfraud.cases.victims import Location
from counterfraud.domain import AgencyKind, ApiRole, Marking, Viewer
from counterfraud.services import (
    access,
    agreements,
    blocklist,
    cases,
    freeze,
    ingest,
    networks,
    suspects,
    takedowns,
    victims,
)
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

CN, TH, BANK = "CN-MPS", "TH-CCIB", "CN-ICBC"
POLICE = (CN, TH)
COUNTRY = {CN: "CN", TH: "TH"}
HUB = {CN: "+8613711110000", TH: "+66811110000"}  # in every report of the agency
GREEN_ACCOUNT = {CN: "6222020000000001", TH: "1230000001"}  # frozen by the bank
SCAM_TYPE = {Marking.CLEAR: "investment", Marking.GREEN: "investment",
             Marking.AMBER: "job_lure", Marking.AMBER_STRICT: "romance",
             Marking.RED: "kidnapping"}


def tag(agency: str, marking: Marking) -> str:
    """``cn0`` ... ``th4``: unique per agency and marking, no tag part of another."""
    return f"{agency[:2].lower()}{marking.rank}"


def phone(agency: str, marking: Marking) -> str:
    if agency == CN:
        return f"+86139{marking.rank}00{POLICE.index(agency)}4321"
    return f"+66899{marking.rank}0{POLICE.index(agency)}321"


def account(agency: str, marking: Marking) -> str:
    return f"62{POLICE.index(agency)}{marking.rank}8800776655"


def report_row(agency: str, marking: Marking) -> dict[str, Any]:
    t = tag(agency, marking)
    phones = [phone(agency, marking), HUB[agency]]
    if agency == TH and marking is Marking.GREEN:
        phones.append(HUB[CN])  # the networks join across agencies
    return {"report_id": f"RPT-{t.upper()}-1",
            "reported_at": f"2025-03-0{marking.rank + 1}T10:00:00Z",
            "scam_type": SCAM_TYPE[marking], "marking": marking.value,
            "victim_country": COUNTRY[agency], "loss_amount": str(1000 * (marking.rank + 1)),
            "narrative": f"narr-{t}-canary: met a mentor online who asked for a deposit.",
            "phones": phones, "bank_accounts": [account(agency, marking)],
            "urls": [f"https://pay-{t}-canary.top/login"],
            "handles": [f"telegram:@mentor_{t}_canary"]}


@dataclass
class TourWorld:
    """What was made: keys by name (``"CN-MPS:analyst"``, ``"CN-ICBC:operator"``), the
    canaries of each agency's RED records, and ids to visit."""

    settings: Settings
    keys: dict[str, str] = field(default_factory=dict)
    red_canaries: dict[str, list[str]] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)  # "CN-MPS:TLP:GREEN" -> case id
    freeze_requests: dict[str, str] = field(default_factory=dict)
    networks: dict[str, list[str]] = field(default_factory=dict)  # agency -> ids it sees

    def canaries_hidden_from(self, key_name: str) -> list[str]:
        """The RED canaries the key's agency may not see: the other police's, and both
        for the bank."""
        agency = key_name.split(":", 1)[0]
        return [c for owner, found in self.red_canaries.items() if owner != agency
                for c in found]


def build(folder: Path) -> TourWorld:
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder}/tour.db")
    world = TourWorld(settings=settings)
    store = open_store(settings)
    try:
        _agencies(store, world)
        for agency in POLICE:
            rows = [report_row(agency, m) for m in Marking]
            result = ingest.ingest_records(store, enumerate(rows, 1), agency=agency)
            assert result.rejected == 0, result.errors
            red = report_row(agency, Marking.RED)
            world.red_canaries[agency] = [
                red["narrative"].split(":")[0], red["phones"][0], red["bank_accounts"][0],
                red["urls"][0].split("/")[2], red["handles"][0].split("@")[1]]
        for agency in POLICE:
            _blocklist(store, agency)
        networks.build(store)
        networks.refresh_views(store)
        for agency in POLICE:
            _cases(store, world, agency)
        for agency in POLICE:
            world.networks[agency] = [n.id for n in networks.networks(store, Viewer(agency))]
    finally:
        store.close()
    return world


def _agencies(store: Store, world: TourWorld) -> None:
    access.add_agency(store, code=CN, country="CN", name="Ministry of Public Security")
    access.add_agency(store, code=TH, country="TH", name="Cyber Crime Investigation Bureau")
    access.add_agency(store, code=BANK, country="CN", name="Industrial and Commercial Bank",
                      kind=AgencyKind.BANK)
    for grantor, grantee in ((CN, TH), (TH, CN)):
        agreements.add_agreement(store, grantor=grantor, grantee=grantee,
                                 markings=["TLP:GREEN", "TLP:AMBER"], record_types=["all"],
                                 purpose="fraud investigations", legal_basis="bilateral_mou",
                                 reference="CN-TH MoU 2025")
    for agency in POLICE:
        for role in ApiRole:
            world.keys[f"{agency}:{role.value}"] = access.create_key(
                store, agency=agency, role=role).secret
    world.keys[f"{BANK}:operator"] = access.create_key(
        store, agency=BANK, role=ApiRole.OPERATOR).secret


def _blocklist(store: Store, agency: str) -> None:
    """A GREEN entry of the agency's hub, a RED one of its RED report's domain."""
    for kind, value, marking in (("phone", HUB[agency], Marking.GREEN),
                                 ("domain", f"pay-{tag(agency, Marking.RED)}-canary.top",
                                  Marking.RED)):
        blocklist.add_entry(store, blocklist.parse_target(kind, value), actor=agency,
                            reason="reported by victims", agency=agency, marking=marking,
                            viewer=Viewer(agency, ApiRole.ANALYST))


def _cases(store: Store, world: TourWorld, agency: str) -> None:
    """A GREEN case (victim, a freeze request, to the bank for CN's, a takedown, a
    suspect) and a
    RED one whose every word is a canary (title, note, identifiers, victim, request)."""
    viewer = Viewer(agency, ApiRole.ANALYST)
    country = COUNTRY[agency]
    for marking in (Marking.GREEN, Marking.RED):
        t = tag(agency, marking)
        secret = marking is Marking.RED
        title = f"case-{t}-canary title" if secret else f"Deposit mentor ring ({country})"
        case_id = cases.open_case(
            store, agency=agency, scam_type=SCAM_TYPE[marking], title=title, tlp=marking.value,
            identifiers=[f"phone:{phone(agency, marking)}",
                         f"bank_account:{account(agency, marking)}"],
            viewer=viewer).case.id
        world.cases[f"{agency}:{marking.value}"] = case_id
        cases.add_note(store, viewer, case_id,
                       f"note-{t}-canary" if secret else "Victims met the mentor online.")
        cases.link_report(store, viewer, case_id, agency, f"RPT-{t.upper()}-1")
        victims.add_victim(store, viewer, case_id=case_id, victim_id=f"V-{t.upper()}-1",
                           kind="held_for_ransom", nationality=country, officer="Officer Lin",
                           family_contact=f"fam-{t}-canary" if secret else "brother",
                           location=Location("MM", place=f"camp-{t}-canary" if secret
                                             else "Myawaddy"))
        if not secret:
            victims.remark(store, viewer, f"V-{t.upper()}-1", marking.value)
        bank_account = GREEN_ACCOUNT[agency] if not secret else f"7{POLICE.index(agency)}99887766"
        made = freeze.request_freeze(store, viewer, case_id=case_id, ask=freeze.ask_of(
            [("bank_account", bank_account, None)],
            institution=BANK if agency == CN and not secret else None,
            addressee=(f"bank-{t}-canary" if secret else
                       None if agency == CN else "Kasikornbank"),
            amount="12000.00", currency="CNY"))
        world.freeze_requests[f"{agency}:{marking.value}"] = made.request.id
        if secret:
            world.red_canaries[agency] += [f"case-{t}-canary", f"note-{t}-canary",
                                           f"fam-{t}-canary", f"camp-{t}-canary",
                                           bank_account, f"bank-{t}-canary"]
            continue
        takedowns.request_takedown(store, viewer, case_id, "url",
                                   f"https://pay-{t}-canary.top/login",
                                   addressee="registrar-abuse")
        suspects.add_suspect(store, viewer, case_id, name="Zhang Wei", nationality="CN",
                             identifiers=[f"phone:{HUB[agency]}"])


def serve(folder: Path) -> Iterator[tuple[Any, TourWorld]]:
    """The world built, then served by one uvicorn worker: (tests/web/conftest.py's
    ``Console``, the world)."""
    from conftest import Console, api_server  # tests/web's, loaded first

    world = build(folder)
    log = folder / "uvicorn.log"
    with api_server.running_server(api_server.server_env(world.settings), log,
                                   workers=1) as (url, process):
        yield Console(url=url, keys=world.keys, settings=world.settings, log=log,
                      process=process), world
