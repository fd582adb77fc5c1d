"""Domains, URLs, IPs, e-mails and messaging handles for fraud and gambling groups.

Also the *noise*: legitimate big platforms, a URL shortener, shared CDN addresses and
official hotlines that appear across many unrelated reports. They are the hubs that
must not glue separate networks together, so the ground truth lists them apart.
"""

from __future__ import annotations

import ipaddress
import random
import string

__all__ = [
    "HOTLINES",
    "NOISE_DOMAINS",
    "NOISE_IPS",
    "SHORTENER",
    "UniqueNames",
    "defang_url",
    "make_domain",
    "make_email",
    "make_handle",
    "make_ip",
    "make_short_url",
    "make_url",
]

SHORTENER = "bit.ly"
# Big legitimate platforms and payment gateways victims mention in many reports.
NOISE_DOMAINS: tuple[str, ...] = (
    SHORTENER, "t.me", "facebook.com", "line.me", "wechat.com", "shopee.co.th",
    "lazada.co.th", "taobao.com", "jd.com", "alipay.com", "paypal.com", "binance.com",
    "tiktok.com", "google.com", "2c2p.com", "omise.co",
)
# Shared CDN front-end addresses: many unrelated sites resolve to them.
NOISE_IPS: tuple[str, ...] = ("104.21.48.133", "172.67.161.20", "104.21.77.14")
# Official hotlines by agency country: mentioned in narratives, never members.
HOTLINES: dict[str, tuple[str, ...]] = {
    "CN": ("96110", "110", "12381"),
    "TH": ("1441", "1599", "191", "1212"),
    "LA": ("1191", "191"),
    "MM": ("199", "191"),
}

_TLDS_FRAUD = ("com", "net", "vip", "top", "xyz", "cc", "club", "shop", "app", "live", "site",
               "online", "info", "asia", "pro")
_TLDS_GAMBLING = ("com", "net", "vip", "cc", "bet", "club", "live", "win", "xyz", "me", "io")
_WORDS: dict[str, tuple[str, ...]] = {
    "investment": ("coin", "trade", "gold", "fx", "invest", "wealth", "bit", "quant", "usdt",
                   "stock", "fund", "asset", "capital", "exchange", "defi", "mining"),
    "shopping": ("mall", "shop", "tmall", "outlet", "sale", "store", "deal", "buy", "lazmall"),
    "service": ("kefu", "refund", "help", "service", "support", "claim", "care", "tuikuan"),
    "task": ("task", "like", "job", "earn", "dianzan", "review", "part", "order", "rebate"),
    "loan": ("loan", "dai", "cash", "credit", "money", "jiekuan", "quick", "fin"),
    "romance": ("love", "meet", "date", "heart", "sweet", "match", "chat"),
    "gambling": ("bet", "casino", "bacc", "slot", "lucky", "ufa", "pg", "lotto", "dragon",
                 "tiger", "royal", "jili", "sport", "ball", "poker", "vegas"),
    "police": ("gov", "police", "safe", "verify", "case", "court", "check", "anquan"),
}
_SUFFIXES = ("88", "99", "168", "888", "666", "365", "pro", "vip", "hk", "asia", "plus", "app",
             "th", "cn", "-th", "-cn", "x", "go", "max", "one")
_URL_PATHS = ("register", "login", "m/index", "h5/home", "download", "app/download", "kefu",
              "pay/usdt", "deposit", "invite", "task/center", "order", "user/withdraw",
              "promo", "verify", "activity", "lottery", "recharge", "chat")
_SUBDOMAINS = ("", "", "", "m.", "h5.", "app.", "www.", "api.", "pay.")
_HOST_FIRST_OCTETS = (103, 43, 45, 47, 154, 156, 8, 119, 202, 38, 149, 91, 27, 58, 61, 110,
                      113, 118, 128, 139)
_TG_WORDS = ("king", "boss", "vip", "kefu", "lucky", "coach", "teacher", "anna", "sara", "lily",
             "mike", "cs", "service", "hr", "invest", "btc", "usdt", "win", "dragon", "tiger",
             "golden", "rich", "happy", "amy", "jenny", "nana", "agent", "admin", "manager")
_FREEMAIL = ("gmail.com", "outlook.com", "hotmail.com", "163.com", "yahoo.com", "proton.me")


class UniqueNames:
    """Remembers values handed out so two groups never draw the same identifier.

    Only used for membership tests (never iterated), so it cannot leak set order.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def claim(self, value: str) -> bool:
        if value in self._seen:
            return False
        self._seen.add(value)
        return True


def make_domain(rng: random.Random, theme: str, seen: UniqueNames) -> str:
    """A registrable domain (lower-case) themed after what the site pretends to be."""
    tlds = _TLDS_GAMBLING if theme == "gambling" else _TLDS_FRAUD
    words = _WORDS[theme]
    while True:
        first = rng.choice(words)
        second = rng.choice(_SUFFIXES if rng.random() < 0.6 else words)
        sep = "-" if rng.random() < 0.25 and not second.startswith("-") else ""
        # a random tail keeps fake names away from real businesses' domains
        num = (str(rng.randint(10, 999)) if rng.random() < 0.5
               else "".join(rng.choices(string.ascii_lowercase + string.digits, k=3)))
        label = f"{first}{sep}{second}{num}".strip("-")
        domain = f"{label}.{rng.choice(tlds)}"
        if seen.claim(domain):
            return domain


def make_url(rng: random.Random, domain: str) -> str:
    """A canonical URL on ``domain``: lower-case scheme and host, a non-empty path."""
    scheme = "https" if rng.random() < 0.8 else "http"
    path = rng.choice(_URL_PATHS)
    if rng.random() < 0.35:
        path += "/" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=6))
    return f"{scheme}://{rng.choice(_SUBDOMAINS)}{domain}/{path}"


def make_short_url(rng: random.Random, seen: UniqueNames) -> str:
    """A group-specific short link (the link is a member, ``bit.ly`` itself is noise)."""
    while True:
        code = "".join(rng.choices(string.ascii_letters + string.digits, k=7))
        url = f"https://{SHORTENER}/{code}"
        if seen.claim(url):
            return url


def defang_url(url: str, rng: random.Random) -> str:
    """The obfuscated forms analysts see in narratives: ``hxxp``, ``[.]``, ``(dot)``."""
    roll = rng.random()
    if roll < 0.4:
        return url.replace("http", "hxxp", 1).replace(".", "[.]")
    if roll < 0.6:
        # a bare host/path reads as http://, so only http URLs lose their scheme
        scheme, rest = url.split("://", 1)
        spelled = rest.replace(".", " (dot) ")
        return spelled if scheme == "http" else f"{scheme}://{spelled}"
    return url


def make_ip(rng: random.Random, seen: UniqueNames) -> str:
    """A public hosting address, compressed textual form (a few IPv6)."""
    while True:
        if rng.random() < 0.08:
            raw = ipaddress.IPv6Address(b"\x24\x06" + rng.randbytes(6) + bytes(6)
                                        + rng.randbytes(2))
            value = raw.compressed
        else:
            value = (f"{rng.choice(_HOST_FIRST_OCTETS)}.{rng.randint(1, 254)}."
                     f"{rng.randint(0, 255)}.{rng.randint(1, 254)}")
        if seen.claim(value):
            return value


def make_handle(rng: random.Random, platform: str, seen: UniqueNames) -> tuple[str, str]:
    """Return ``(canonical 'platform:name', display name as typed)``.

    Names are 6-20 characters of letters, digits and underscore starting with a letter,
    which every platform accepts; the display form may add capitals.
    """
    while True:
        word = rng.choice(_TG_WORDS)
        if platform == "wechat" and rng.random() < 0.5:
            word = rng.choice(("kefu", "wxid", "vx", "laoshi", "jingli", "dashi"))
        tail = str(rng.randint(1, 9999)) if rng.random() < 0.7 else rng.choice(_TG_WORDS)
        name = f"{word}_{tail}" if rng.random() < 0.4 else f"{word}{tail}"
        if len(name) < 6:  # WeChat IDs need 6-20 characters, Telegram 5-32
            name += str(rng.randint(100, 999))
        value = f"{platform}:{name}"
        if seen.claim(value):
            shown = name.capitalize() if rng.random() < 0.3 else name
            return value, shown


def make_email(rng: random.Random, seen: UniqueNames, *, domain: str | None) -> str:
    """A lower-case e-mail: support mailbox on a group site, or a free-mail account."""
    while True:
        if domain is not None and rng.random() < 0.5:
            local = rng.choice(("support", "service", "kefu", "admin", "vip", "hr", "cs"))
            value = f"{local}{rng.randint(1, 99)}@{domain}"
        elif rng.random() < 0.3:
            value = f"{rng.randint(10_000_000, 3_999_999_999)}@qq.com"
        else:
            local = rng.choice(_TG_WORDS) + str(rng.randint(100, 99999))
            value = f"{local}@{rng.choice(_FREEMAIL)}"
        if seen.claim(value):
            return value
