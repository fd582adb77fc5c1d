"""The labelled message corpus the text classifier is trained and evaluated on.

Scam messages carry the world's own identifiers (so screening demos line up with the
networks), spelled with the obfuscations seen in the wild; legitimate messages
include the hard cases (OTP codes, bank notices, official anti-fraud warnings that
talk about scams). Output order and content depend only on seed and size.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from counterfraud.simulate.corpus_templates import LEGIT, PREFIXES, SCAM, SUFFIXES
from counterfraud.simulate.groups import Group, Ident, rng_for
from counterfraud.simulate.numbers import PHONE_PLANS, phone_variants
from counterfraud.simulate.sites import HOTLINES, defang_url

if TYPE_CHECKING:
    from counterfraud.simulate.world import World

__all__ = ["CORPUS_SIZES", "build_corpus"]

CORPUS_SIZES = {"small": 2_000, "medium": 3_000, "large": 4_000}
SCAM_SHARE = 0.45
_LANG_WEIGHTS = (("zh", 0.45), ("en", 0.3), ("th", 0.25))
_HOTLINE_BY_LANG = {"zh": "CN", "th": "TH", "en": "TH"}
_BANKS = {"zh": ("工商银行", "建设银行", "农业银行", "中国银行", "招商银行"),
          "en": ("Kasikorn Bank", "BCEL", "KBZ Bank", "HSBC", "Bangkok Bank"),
          "th": ("KBank", "SCB", "กรุงไทย", "กรุงเทพ", "ออมสิน")}
_BRANDS = {"zh": ("淘宝", "京东", "拼多多", "抖音", "美团"),
           "en": ("Shopee", "Lazada", "Grab", "Amazon", "Foodpanda"),
           "th": ("Shopee", "Lazada", "7-Eleven", "Grab", "LINE MAN")}
_NAMES = {"zh": ("小王", "阿明", "老李", "丽丽", "张姐"),
          "en": ("Tom", "Noy", "Aung", "Mia", "Ken"),
          "th": ("ต้น", "น้องมิว", "พี่เอ", "ป้าแดง", "บอส")}
_COUNTRY_BY_LANG = {"zh": "CN", "th": "TH"}
_TRACKING = {"zh": (("SF", 12, ""), ("JD", 14, ""), ("YT", 13, "")),
             "en": (("TH", 10, "A"), ("LA", 9, "LA"), ("EE", 9, "MM")),
             "th": (("TH", 10, "A"), ("KEX", 10, ""), ("FLE", 9, ""))}
_PLACES = ("Myawaddy", "Shwe Kokko", "the Golden Triangle", "Sihanoukville", "Tachileik")


def _spaced(text: str) -> str:
    return " ".join(text)


def _link(rng: random.Random, group: Group) -> str:
    urls = group.by_kind.get("url") or []
    domains = group.by_kind.get("domain") or []
    roll = rng.random()
    if domains and roll < 0.15:
        return _spaced(rng.choice(domains).value) if roll < 0.05 else rng.choice(domains).value
    if not urls:
        return "t.me/joinchat"
    url = rng.choice(urls).value
    return defang_url(url, rng)


def _handle(rng: random.Random, group: Group) -> str:
    handle = rng.choice(group.by_kind["handle"])
    name = handle.value.split(":", 1)[1]
    return name if handle.platform == "wechat" else f"@{name}"


def _phone(rng: random.Random, group: Group, lang: str) -> str:
    """International spelling, or national when the number is local to the reader."""
    ident: Ident = rng.choice(group.by_kind["phone"])
    plan = PHONE_PLANS[ident.country]
    intl, national = phone_variants(ident.country, ident.value[1 + len(plan.code):])
    local = _COUNTRY_BY_LANG.get(lang) == ident.country
    return rng.choice(intl + national if local else intl)


def _payment(rng: random.Random, group: Group, kind: str) -> str:
    items = group.by_kind.get(kind) or group.by_kind["crypto_wallet"]
    return rng.choice(items).value


def _scam(rng: random.Random, by_type: dict[str, list[Group]], lang: str) -> tuple[str, str]:
    category = rng.choice(sorted(SCAM[lang]))
    group = rng.choice(by_type["gambling" if category == "gambling" else "fraud"])
    template = rng.choice(SCAM[lang][category])
    amount = rng.choice(("3000", "5,000", "12000", "20000", "49,999", "100000", "888", "1500"))
    text = template.format(
        link=_link(rng, group), handle=_handle(rng, group), phone=_phone(rng, group, lang),
        wallet=_payment(rng, group, "crypto_wallet"), account=_payment(rng, group, "bank_account"),
        amount=amount, brand=rng.choice(_BRANDS[lang]), salary=rng.choice(("30,000", "$1500",
                                                                           "50000 บาท", "2万")),
        place=rng.choice(_PLACES))
    return text, category


def _legit(rng: random.Random, lang: str) -> tuple[str, str]:
    category = rng.choice(sorted(LEGIT[lang]))
    template = rng.choice(LEGIT[lang][category])
    head, digits, tail = rng.choice(_TRACKING[lang])
    tracking = f"{head}{rng.randint(10 ** (digits - 1), 10 ** digits - 1)}{tail}"
    text = template.format(
        code=f"{rng.randint(0, 999_999):06d}", bank=rng.choice(_BANKS[lang]),
        tail=f"{rng.randint(0, 9999):04d}", amount=f"{rng.randint(10, 50_000):,}.00",
        balance=f"{rng.randint(100, 900_000):,}.{rng.randint(0, 99):02d}",
        tracking=tracking, time=f"{rng.randint(8, 20):02d}:{rng.choice(('00', '15', '30'))}",
        date=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日" if lang == "zh"
        else f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2025",
        name=rng.choice(_NAMES[lang]), hotline=rng.choice(HOTLINES[_HOTLINE_BY_LANG[lang]]),
        brand=rng.choice(_BRANDS[lang]))
    return text, category


def _decorate(rng: random.Random, text: str, lang: str) -> str:
    """Greeting and sign-off drawn from pools both labels share."""
    prefix = rng.choice(PREFIXES[lang]).format(name=rng.choice(_NAMES[lang]))
    return prefix + text + rng.choice(SUFFIXES[lang])


def build_corpus(world: World) -> list[dict[str, str]]:
    """``[{"text", "label", "lang", "category"}]``, about 2,000 for small."""
    rng = rng_for(world.seed, world.size, "corpus")
    langs = [lang for lang, _ in _LANG_WEIGHTS]
    weights = [w for _, w in _LANG_WEIGHTS]
    by_type = {t: [g for g in world.groups if g.type == t] for t in ("fraud", "gambling")}
    out: list[dict[str, str]] = []
    for _ in range(CORPUS_SIZES[world.size]):
        lang = rng.choices(langs, weights)[0]
        if rng.random() < SCAM_SHARE:
            text, category = _scam(rng, by_type, lang)
            label = "scam"
        else:
            text, category = _legit(rng, lang)
            label = "legit"
        text = _decorate(rng, text, lang)
        out.append({"text": text, "label": label, "lang": lang, "category": category})
    return out
