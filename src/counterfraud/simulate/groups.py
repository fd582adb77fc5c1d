"""Fraud and gambling groups: their base, targets, core, workers and identifiers.

A group's identifiers are drawn once, up front, sized by how many reports the group
will receive (bigger operations burn through more numbers, sites and mule
accounts). Only canonical values and a few facts needed to re-spell them are kept,
so even the large world (~2,000 groups) fits comfortably in memory.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from counterfraud.simulate import names, numbers, sites

__all__ = ["BASES", "Base", "Group", "Ident", "build_group", "rng_for"]


def rng_for(seed: int, size: str, purpose: str) -> random.Random:
    """An independent generator per purpose.

    String seeds are hashed with SHA-512 by ``random.Random`` (not ``hash()``), so they
    are stable across runs, processes and platforms.
    """
    return random.Random(f"counterfraud:{seed}:{size}:{purpose}")


@dataclass(frozen=True, slots=True)
class Base:
    """A compound area groups operate from."""

    name: str
    country: str
    weight: float


BASES: tuple[Base, ...] = (
    Base("Myawaddy/KK Park", "MM", 5.0),
    Base("Shwe Kokko", "MM", 4.0),
    Base("Golden Triangle SEZ (Bokeo)", "LA", 3.5),
    Base("Laukkaing", "MM", 3.0),
    Base("Tachileik", "MM", 1.5),
    Base("Sihanoukville", "KH", 2.0),
)

COLUMN_OF_KIND = {
    "phone": "phones", "url": "urls", "domain": "domains", "ip": "ips", "email": "emails",
    "bank_account": "bank_accounts", "crypto_wallet": "crypto_wallets", "handle": "handles",
    "person": "persons",
}


@dataclass(slots=True, eq=False)
class Ident:
    """One identifier a group uses.

    ``value`` is canonical. ``country`` is the phone's or account's country,
    ``platform`` the handle's platform, ``shown`` the fixed spelling of a person or a
    handle's display name, ``parent`` the domain of a URL.
    """

    kind: str
    value: str
    role: str
    country: str = ""
    platform: str = ""
    shown: str = ""
    parent: Ident | None = None


@dataclass(slots=True, eq=False)
class Group:
    """A criminal group and every identifier it will be reported with."""

    gid: str
    type: str
    base: Base
    report_count: int
    targets: tuple[str, ...]
    target_cum: tuple[float, ...]
    start_day: int
    span_days: int
    pool: list[Ident] = field(default_factory=list)
    core: list[Ident] = field(default_factory=list)
    by_kind: dict[str, list[Ident]] = field(default_factory=dict)

    def add(self, ident: Ident, *, core: bool = False) -> Ident:
        self.pool.append(ident)
        self.by_kind.setdefault(ident.kind, []).append(ident)
        if core:
            self.core.append(ident)
        return ident


_TARGET_PROFILES: tuple[tuple[tuple[str, ...], tuple[float, ...], float], ...] = (
    (("CN", "TH", "LA", "MM"), (0.82, 0.08, 0.04, 0.06), 0.55),
    (("TH", "LA", "MM", "CN"), (0.70, 0.12, 0.10, 0.08), 0.25),
    (("CN", "TH", "LA", "MM"), (0.40, 0.30, 0.12, 0.18), 0.20),
)
_SUSPECT_NATIONALITIES = (("CN", 6.0), ("MM", 1.5), ("TH", 1.0), ("LA", 0.6), ("KH", 0.4),
                          ("MY", 0.5))


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _cum(weights: tuple[float, ...]) -> tuple[float, ...]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return tuple(out)


def _pick_targets(rng: random.Random) -> tuple[tuple[str, ...], tuple[float, ...]]:
    roll = rng.random()
    for countries, weights, share in _TARGET_PROFILES:
        if roll < share:
            return countries, _cum(weights)
        roll -= share
    countries, weights, _ = _TARGET_PROFILES[-1]
    return countries, _cum(weights)


def _nationality(rng: random.Random) -> str:
    return rng.choices([n for n, _ in _SUSPECT_NATIONALITIES],
                       [w for _, w in _SUSPECT_NATIONALITIES])[0]


def _phone(rng: random.Random, country: str, role: str) -> Ident:
    e164, _ = numbers.make_phone(rng, country)
    return Ident("phone", e164, role, country=country)


def _add_phones(group: Group, rng: random.Random, count: int, seen: sites.UniqueNames) -> None:
    """Worker phones follow the victims: local SIMs of the target country, +86 for China,
    plus VoIP ranges (PH) and Cambodian numbers that call across borders."""
    plans = [group.targets[0]] * 6 + list(group.targets[1:3]) + ["PH", "KH"]
    while count > 0:
        ident = _phone(rng, rng.choice(plans), "worker")
        if seen.claim(ident.value):
            group.add(ident)
            count -= 1


def _add_handles(group: Group, rng: random.Random, count: int, seen: sites.UniqueNames,
                 role: str = "worker") -> None:
    platforms = ["telegram", "telegram"]
    platforms.append("wechat" if group.targets[0] == "CN" else "line")
    platforms.append("wechat" if "CN" in group.targets[:2] else "line")
    for _ in range(count):
        platform = rng.choice(platforms)
        value, shown = sites.make_handle(rng, platform, seen)
        group.add(Ident("handle", value, role, platform=platform, shown=shown))


def _add_sites(group: Group, rng: random.Random, theme_pool: tuple[str, ...], count: int,
               seen: sites.UniqueNames) -> None:
    ip: Ident | None = None
    for _ in range(count):
        domain = group.add(Ident("domain", sites.make_domain(rng, rng.choice(theme_pool), seen),
                                 "site"))
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            url = sites.make_url(rng, domain.value)
            if seen.claim(url):
                group.add(Ident("url", url, "site", parent=domain))
        if ip is None or rng.random() < 0.7:  # sites of a group often share a server
            ip = group.add(Ident("ip", sites.make_ip(rng, seen), "site"))


def _add_payments(group: Group, rng: random.Random, banks: int, wallets: int,
                  seen: sites.UniqueNames) -> None:
    for _ in range(banks):
        country = "CN" if group.targets[0] == "CN" or rng.random() < 0.2 else "TH"
        make = numbers.bank_account_cn if country == "CN" else numbers.bank_account_th
        value = make(rng)
        if seen.claim(value):
            group.add(Ident("bank_account", value, "payment", country=country))
    for _ in range(wallets):
        value = numbers.tron_wallet(rng) if rng.random() < 0.75 else numbers.eth_wallet(rng)
        group.add(Ident("crypto_wallet", value, "payment"))


def _add_core(group: Group, rng: random.Random, seen: sites.UniqueNames) -> None:
    """The boss and lieutenants, with the few identifiers they use directly."""
    for _ in range(rng.choice((1, 2, 2, 3, 4))):
        person = names.make_person(rng, _nationality(rng), detailed=0.7)
        if seen.claim(person.value):
            group.add(Ident("person", person.value, "core", shown=person.raw), core=True)
    base_country = group.base.country
    for country in (base_country, rng.choice((base_country, "TH", "CN"))):
        ident = _phone(rng, country, "core")
        if seen.claim(ident.value):
            group.add(ident, core=True)
    for _ in range(rng.choice((1, 2))):
        value, shown = sites.make_handle(rng, "telegram", seen)
        group.add(Ident("handle", value, "core", platform="telegram", shown=shown), core=True)
    group.add(Ident("crypto_wallet", numbers.tron_wallet(rng), "core"), core=True)


def build_group(rng: random.Random, *, gid: str, gtype: str, base: Base, report_count: int,
                seen: sites.UniqueNames) -> Group:
    """Draw one group; identifier counts grow with ``report_count``."""
    targets, target_cum = _pick_targets(rng)
    if gtype == "gambling" and rng.random() < 0.5:
        targets, target_cum = ("TH", "CN", "LA", "MM"), _cum((0.6, 0.25, 0.08, 0.07))
    start = rng.randint(0, 1095 - 90)
    group = Group(gid=gid, type=gtype, base=base, report_count=report_count, targets=targets,
                  target_cum=target_cum, start_day=start,
                  span_days=min(1095 - start, rng.randint(90, 800)))
    c = report_count
    _add_core(group, rng, seen)
    if gtype == "gambling":
        _add_sites(group, rng, ("gambling",), _clamp(c / 30, 1, 60), seen)
        _add_phones(group, rng, _clamp(c / 40, 1, 60), seen)
        _add_handles(group, rng, _clamp(c / 25, 2, 100), seen)
        _add_payments(group, rng, _clamp(c / 15, 2, 150), _clamp(c / 30, 1, 60), seen)
    else:
        themes = rng.sample(("investment", "shopping", "service", "task", "loan", "romance",
                             "police"), 3)
        _add_sites(group, rng, tuple(themes), _clamp(c / 45, 1, 60), seen)
        _add_phones(group, rng, _clamp(c / 14, 2, 200), seen)
        _add_handles(group, rng, _clamp(c / 16, 2, 160), seen)
        _add_handles(group, rng, _clamp(c / 150, 1, 20), seen, role="recruiter")
        _add_payments(group, rng, _clamp(c / 25, 1, 100), _clamp(c / 35, 1, 60), seen)
    for _ in range(_clamp(c / 70, 0, 30)):
        domains = group.by_kind.get("domain", [])
        value = sites.make_email(rng, seen, domain=rng.choice(domains).value if domains else None)
        group.add(Ident("email", value, "worker"))
    for _ in range(rng.choice((1, 2, 3)) + _clamp(c / 80, 0, 25)):
        value = sites.make_short_url(rng, seen)
        group.add(Ident("url", value, "shortlink"))
    for _ in range(_clamp(c / 60, 0, 25)):
        person = names.make_person(rng, _nationality(rng), detailed=0.4)
        if seen.claim(person.value):
            group.add(Ident("person", person.value, "worker", shown=person.raw))
    return group
