"""The world of the console's case and network pages: the API tests' world (CN-MPS and
TH-CCIB, keys of every role, CN shares its GREEN records of every type with TH) with two
banks, reports that form a network, cases, a victim held for ransom and freeze requests
to each bank; served by a real uvicorn. All synthetic.

Secrets the other side must never see are named ``*_SECRET*``: TH's TLP:RED reports
(one names a CN network's phone, so the operator's graph joins them and CN's must not),
TH's RED case, CN's AMBER case (TH's agreement names GREEN only) and every victim (TLP:RED).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from counterfraud.cases.victims import Money
from counterfraud.domain import AgencyKind, ApiRole, Viewer
from counterfraud.services import access, cases, freeze, ingest, networks, victims
from counterfraud.services.store import open_store

CN, TH = "CN-MPS", "TH-CCIB"
CN_BANK, TH_BANK = "CN-ICBC", "TH-KBANK"
PHONE_1 = "+8613711112222"
PHONE_2 = "+8613733334444"
ACCOUNT_1 = "6222021234567890123"
WALLET_1 = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"
HANDLE_1 = "telegram:@mentor_wang"
PERSON_1 = "wang fang|b:1988-02-03|n:CN|d:E12345678"
PERSON_1_SHOWN = "Wang Fang (CN)"
NEW_PHONE = "+8613755556666"  # reported after the build: only an expansion finds it
TH_SECRET_PHONE = "+66899990001"  # only in TH's RED reports
TH_SECRET_ACCOUNT = "5550001112"  # TH's RED report, beside CN's phone
TH_ACCOUNT = "0987654321"  # TH's GREEN case, to TH's bank
CN_GREEN_TITLE = "Mentor ring of Wang <b>Fang</b>"
CN_AMBER_SECRET_TITLE = "CN amber secret: informant Li"
TH_RED_SECRET_TITLE = "TH red secret: compound raid plan"
VICTIM = "V-CN-0001"
TH_VICTIM_SECRET = "V-TH-SECRET-1"


def _report(report_id: str, when: str, **fields: Any) -> dict[str, Any]:
    return {"report_id": report_id, "reported_at": when, "scam_type": "investment",
            "marking": "TLP:GREEN", "victim_country": "CN", "loss_amount": "5000",
            "narrative": "Investment mentor on a messaging app.", **fields}


CN_REPORTS = [
    _report("CN-NET-1", "2024-01-05T10:00:00Z", phones=[PHONE_1],
            bank_accounts=[ACCOUNT_1]),
    _report("CN-NET-2", "2024-02-10T10:00:00Z", phones=[PHONE_1, PHONE_2],
            crypto_wallets=[WALLET_1]),
    _report("CN-NET-3", "2024-02-20T10:00:00Z", phones=[PHONE_2], handles=[HANDLE_1]),
    _report("CN-NET-4", "2024-03-15T10:00:00Z", bank_accounts=[ACCOUNT_1],
            persons=[PERSON_1], handles=[HANDLE_1]),
]
TH_REPORTS = [
    {"report_id": "TH-SECRET-2", "reported_at": "2024-03-01T10:00:00Z",
     "scam_type": "romance", "marking": "TLP:RED", "victim_country": "TH",
     "phones": [PHONE_1, TH_SECRET_PHONE], "bank_accounts": [TH_SECRET_ACCOUNT]},
    {"report_id": "TH-SECRET-3", "reported_at": "2024-03-02T10:00:00Z",
     "scam_type": "romance", "marking": "TLP:RED", "victim_country": "TH",
     "phones": [TH_SECRET_PHONE], "bank_accounts": [TH_SECRET_ACCOUNT]},
]


@dataclass
class Seeded:
    """What the seeding made: case ids, freeze request ids, the network ids each
    agency sees."""

    cn_green_case: str
    cn_amber_case: str
    th_red_case: str
    th_green_case: str
    cn_freeze: str
    th_freeze: str
    cn_network: str
    th_network: str | None


def seed(folder: Path, world: Any) -> Seeded:
    store = open_store(world.settings)
    try:
        for code, country, name in ((CN_BANK, "CN", "Industrial and Commercial Bank"),
                                    (TH_BANK, "TH", "Kasikornbank")):
            access.add_agency(store, code=code, country=country, name=name,
                              kind=AgencyKind.BANK)
            for role in (ApiRole.OPERATOR, ApiRole.ANALYST):
                world.keys[f"{code}:{role.value}"] = access.create_key(
                    store, agency=code, role=role).secret
        for agency, rows in ((CN, CN_REPORTS), (TH, TH_REPORTS)):
            result = ingest.ingest_records(store, enumerate(rows, 1), agency=agency)
            assert result.rejected == 0, result.errors
        networks.build(store)
        networks.refresh_views(store)
        late = [_report("CN-LATE-1", "2024-04-01T10:00:00Z", phones=[PHONE_1, NEW_PHONE])]
        assert ingest.ingest_records(store, enumerate(late, 1), agency=CN).rejected == 0
        cn, th = Viewer(agency=CN), Viewer(agency=TH)
        green = cases.open_case(store, agency=CN, scam_type="investment", title=CN_GREEN_TITLE,
                                tlp="TLP:GREEN", pap="PAP:GREEN", viewer=cn,
                                identifiers=[f"phone:{PHONE_1}",
                                             f"bank_account:{ACCOUNT_1}"]).case.id
        amber = cases.open_case(store, agency=CN, scam_type="job_lure",
                                title=CN_AMBER_SECRET_TITLE, tlp="TLP:AMBER",
                                viewer=cn).case.id
        red = cases.open_case(store, agency=TH, scam_type="kidnapping",
                              title=TH_RED_SECRET_TITLE, tlp="TLP:RED", viewer=th).case.id
        th_green = cases.open_case(store, agency=TH, scam_type="romance",
                                   title="Romance ring on LINE", tlp="TLP:GREEN",
                                   viewer=th).case.id
        victims.add_victim(store, cn, case_id=green, victim_id=VICTIM,
                           kind="held_for_ransom", nationality="CN", officer="Inspector Zhao")
        victims.add_victim(store, th, case_id=red, victim_id=TH_VICTIM_SECRET,
                           kind="held_for_ransom", nationality="TH", officer="Pol. Maj. Somchai")
        cn_freeze = freeze.request_freeze(
            store, cn, case_id=green, ask=freeze.ask_of(
                [("bank_account", ACCOUNT_1, None)], institution=CN_BANK, amount="12000.00",
                currency="CNY")).request.id
        th_freeze = freeze.request_freeze(
            store, th, case_id=th_green, ask=freeze.ask_of(
                [("bank_account", TH_ACCOUNT, None)], institution=TH_BANK,
                amount="50000", currency="THB")).request.id
        listed = {a: networks.networks(store, Viewer(agency=a)) for a in (CN, TH)}
        cn_network = next(n.id for n in listed[CN]
                          if any(m.identifier.value == PHONE_1 for m in n.members))
        th_network = next((n.id for n in listed[TH]
                           if any(m.identifier.value == TH_SECRET_PHONE for m in n.members)),
                          None)
    finally:
        store.close()
    return Seeded(green, amber, red, th_green, cn_freeze, th_freeze, cn_network, th_network)


def start(folder: Path) -> Iterator[tuple[Any, Seeded]]:
    """The world seeded, then served (one uvicorn worker): (tests/web/conftest.py's
    ``Console``, what was seeded)."""
    from conftest import Console, api_server, api_world  # tests/web's, loaded first

    world = api_world.build_world(folder)
    seeded = seed(folder, world)
    log = folder / "uvicorn.log"
    with api_server.running_server(api_server.server_env(world.settings), log,
                                   workers=1) as (url, process):
        yield Console(url=url, keys=world.keys, settings=world.settings, log=log,
                      process=process), seeded


RANSOM = Money(Decimal("30000.00"), "USD")
