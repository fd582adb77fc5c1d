"""A small world for the tests of victims and freeze requests, on any store: the police
of China, Thailand and Laos (the store fixture's), three banks, a case opened through
``services.cases``, victims and agreements. All synthetic."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from counterfraud.cases.victims import Money
from counterfraud.domain import Agency, AgencyKind, Viewer
from counterfraud.identifiers import normalize
from counterfraud.identifiers.types import Identifier
from counterfraud.services import access, agreements, cases, victims
from counterfraud.services.store import Store

CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
BANKS = [Agency("LA-BCEL", "LA", "Banque pour le Commerce Exterieur Lao", AgencyKind.BANK),
         Agency("TH-KBANK", "TH", "Kasikornbank", AgencyKind.BANK),
         Agency("CN-ICBC", "CN", "Industrial and Commercial Bank of China", AgencyKind.BANK)]
LA_BANK, TH_BANK, CN_BANK = (b.code for b in BANKS)
ACCOUNT = normalize("bank_account", "0101 2345 6789")
ACCOUNT_2 = normalize("bank_account", "6222 0212 3456 7890 123")
WALLET = normalize("crypto_wallet", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")
PHONE = normalize("phone", "+856 20 5555 1234")
HANDLE = normalize("handle", "telegram:@kk_park_finance")
RANSOM = Money(Decimal("30000.00"), "USD")


def analyst(agency: str) -> Viewer:
    return Viewer(agency=agency)


def add_banks(store: Store) -> None:
    for bank in BANKS:
        access.add_agency(store, code=bank.code, country=bank.country, name=bank.name,
                          kind=bank.kind)


def open_case(store: Store, agency: str = CN, *, scam_type: str = "kidnapping",
              tlp: str | None = None, pap: str | None = None) -> str:
    view = cases.open_case(store, agency=agency, scam_type=scam_type,
                           title="Held in a compound across the border", tlp=tlp, pap=pap)
    return view.case.id


def add_victim(store: Store, case_id: str, victim_id: str, *, nationality: str = "CN",
               viewer: Viewer | None = None, marking: str | None = None,
               kind: str = "held_for_ransom") -> victims.VictimView:
    return victims.add_victim(store, viewer or Viewer(agency=None), case_id=case_id,
                              victim_id=victim_id, kind=kind, nationality=nationality,
                              officer="Inspector Zhao", officer_agency=CN,
                              family_contact="brother, via the county police station",
                              marking=marking)


def grant(store: Store, grantor: str, grantee: str, markings: Sequence[str],
          record_types: Sequence[str], case_id: str | None = None) -> None:
    agreements.add_agreement(store, grantor=grantor, grantee=grantee, markings=markings,
                             record_types=record_types, purpose="freeze tests",
                             legal_basis="interpol", reference=f"{grantor}-{grantee}",
                             **({"case_id": case_id} if case_id else {}))


def identifiers(*values: Identifier) -> list[dict[str, str]]:
    return [{"kind": i.kind.value, "value": i.value} for i in values]
