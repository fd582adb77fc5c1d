"""How victims and officers write identifiers: the noise the ingester must undo.

``column_spelling`` returns a spelling that still normalises to the canonical value
(case, spaces, dashes, national phone format when the reporting agency is in the
number's country, ``www.`` hosts). ``narrative_spelling`` may also obfuscate
(``hxxp``, ``[.]``) because free text is read by the extractor, not the normaliser.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from counterfraud.simulate.groups import Ident
from counterfraud.simulate.numbers import PHONE_PLANS, phone_spelling
from counterfraud.simulate.sites import defang_url

__all__ = ["column_spelling", "narrative_spelling"]


def _phone(ident: Ident, rng: random.Random, agency_country: str) -> str:
    plan = PHONE_PLANS[ident.country]
    nsn = ident.value[1 + len(plan.code):]
    if ident.country == agency_country and rng.random() < 0.6:
        return phone_spelling(ident.country, nsn, 4 + int(rng.random() * 4))
    return phone_spelling(ident.country, nsn, int(rng.random() * 4))


def _bank(ident: Ident, rng: random.Random, _country: str) -> str:
    value = ident.value
    roll = rng.random()
    if roll < 0.5:
        return value
    if ident.country == "TH":
        sep = "-" if roll < 0.8 else " "
        return sep.join((value[:3], value[3], value[4:9], value[9]))
    sep = " " if roll < 0.8 else "-"
    return sep.join(value[i:i + 4] for i in range(0, len(value), 4))


def _url(ident: Ident, rng: random.Random, _country: str) -> str:
    value = ident.value
    if rng.random() < 0.75:
        return value
    scheme, rest = value.split("://", 1)
    host, path = rest.split("/", 1)
    if rng.random() < 0.5:
        scheme = scheme.upper()
    return f"{scheme}://{host.upper()}/{path}"


def _domain(ident: Ident, rng: random.Random, _country: str) -> str:
    value = ident.value
    roll = rng.random()
    if roll < 0.7:
        return value
    return value.upper() if roll < 0.85 else f"www.{value}"


_PLATFORM_ALIASES = {("CN", "wechat"): ("微信", "vx", "wx"), ("CN", "telegram"): ("tg", "飞机"),
                     ("TH", "line"): ("ไลน์",)}


def _handle(ident: Ident, rng: random.Random, agency_country: str) -> str:
    """``platform:name``; ``@`` where the platform uses it; local platform aliases."""
    platform = ident.platform
    aliases = _PLATFORM_ALIASES.get((agency_country, platform))
    if aliases is not None and rng.random() < 0.25:
        platform = rng.choice(aliases)
    at = "@" if ident.platform != "wechat" and rng.random() < 0.6 else ""
    return f"{platform}:{at}{ident.shown}"


def _email(ident: Ident, rng: random.Random, _country: str) -> str:
    value = ident.value
    if rng.random() < 0.8:
        return value
    local, domain = value.split("@", 1)
    return f"{local}@{domain.upper()}"


def _fixed(ident: Ident, _rng: random.Random, _country: str) -> str:
    return ident.shown or ident.value  # persons keep one spelling; ips and wallets as is


_SPELLERS: dict[str, Callable[[Ident, random.Random, str], str]] = {
    "phone": _phone, "bank_account": _bank, "url": _url, "domain": _domain,
    "handle": _handle, "email": _email, "person": _fixed, "ip": _fixed,
    "crypto_wallet": _fixed,
}


def column_spelling(ident: Ident, rng: random.Random, agency_country: str) -> str:
    """A spelling for an identifier column of a row filed by ``agency_country``."""
    return _SPELLERS[ident.kind](ident, rng, agency_country)


def narrative_spelling(ident: Ident, rng: random.Random, agency_country: str) -> str:
    """A spelling for free text: may be obfuscated, handles lose their platform prefix."""
    kind = ident.kind
    if kind == "url":
        return defang_url(ident.value, rng)
    if kind == "domain":
        return ident.value.replace(".", "[.]") if rng.random() < 0.4 else ident.value
    if kind == "handle":
        name = ident.value.split(":", 1)[1]
        return name if ident.platform == "wechat" else f"@{name}"
    if kind == "person":
        return ident.shown.split("|", 1)[0]
    return column_spelling(ident, rng, agency_country)
