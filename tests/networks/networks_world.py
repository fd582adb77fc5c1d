"""A tiny hand-made world: two fraud gangs that share nothing but bit.ly and a bank's
hotline, and a gambling ring that launders through gang A's wallet."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from counterfraud.domain import AllowlistEntry, IdentifierRole, MatchType, ScamType
from counterfraud.identifiers import Identifier, IdentifierKind, normalize
from counterfraud.networks import ReportFacts, Sighting

K = IdentifierKind


def ident(kind: IdentifierKind, value: str) -> Identifier:
    return normalize(kind, value)


BOSS = ident(K.PERSON, "Chen Long|1980-01-02|CN|E7777777")
WALLET = ident(K.CRYPTO_WALLET, "TEv8xn6CKNMCoWVprDdMSPMge6eW1xbVg2")
HOTLINE = Identifier(K.PHONE, "95588")
BITLY = ident(K.DOMAIN, "bit.ly")

ALLOWLIST = (AllowlistEntry(K.PHONE, "95588", MatchType.EXACT, "ICBC customer service"),
             AllowlistEntry(K.DOMAIN, "bit.ly", MatchType.DOMAIN_TREE, "URL shortener"))


def _gang(prefix: str, phone_base: int) -> list[Identifier]:
    return [ident(K.PHONE, f"+8613{phone_base + i:09d}") for i in range(4)] + [
        ident(K.HANDLE, f"telegram:{prefix}_agent{i}") for i in range(3)]


GANG_A = _gang("alpha", 800000000)
GANG_B = _gang("bravo", 900000000)
GAMBLING = [ident(K.DOMAIN, "lucky-bet777.win"), ident(K.BANK_ACCOUNT, "6222021234567890123"),
            ident(K.HANDLE, "telegram:bet_cs1")]

World = tuple[list[ReportFacts], list[Sighting]]


def _add(world: World, key: str, scam: ScamType, idents: list[Identifier], *, month: int,
         loss: str = "1000", currency: str = "CNY", agency: str = "CN-MPS") -> None:
    facts, sightings = world
    facts.append(ReportFacts(key, agency, scam, datetime(2024, month, 5, tzinfo=UTC),
                             Decimal(loss), currency, agency[:2]))
    sightings.extend(Sighting(key, i, IdentifierRole.CONTACTED_FROM) for i in idents)


def make_world(*, with_gambling: bool = True) -> World:
    world: World = ([], [])
    n = 0
    for gang, scam in ((GANG_A, ScamType.INVESTMENT), (GANG_B, ScamType.ROMANCE)):
        for i in range(len(gang)):  # a ring of reports: each member with the next two
            n += 1
            chosen = [gang[i], gang[(i + 1) % len(gang)], gang[(i + 2) % len(gang)],
                      BITLY, HOTLINE]
            _add(world, f"CN-MPS/R{n:03d}", scam, chosen, month=1 + i % 6)
    # the boss of gang A, and gang A's wallet, named with gang A's members
    _add(world, "TH-CCIB/T001", ScamType.INVESTMENT, [BOSS, WALLET, GANG_A[0], GANG_A[3]],
         month=7, loss="5000", currency="THB", agency="TH-CCIB")
    _add(world, "CN-MPS/R100", ScamType.INVESTMENT, [BOSS, GANG_A[5], GANG_A[6]], month=8)
    if with_gambling:
        for i in range(3):
            _add(world, f"TH-CCIB/G{i:03d}", ScamType.GAMBLING,
                 [GAMBLING[i], GAMBLING[(i + 1) % 3], BOSS if i == 0 else WALLET],
                 month=9 + i, loss="200", currency="THB", agency="TH-CCIB")
    return world
