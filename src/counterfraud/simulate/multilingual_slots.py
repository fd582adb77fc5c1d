"""Drawing slot values for the multilingual corpus: money, phones, links, dates.

Every value comes from the caller's ``random.Random`` and the region/language tables,
so a seed fixes every message. Values are spelled the way each country writes them:
``1.500.000đ``, ``Rp 250.000``, ``RM 35.50``, ``NT$2,000``, ``3万元``, ``၅ သိန်း``,
``+856 20 5512 3456``, ``0912-345-678``; scam links come in the obfuscated forms seen
in the wild (``hxxps://x[.]top``, ``bit.ly/...``, ``t.me/...``, spaced-out hosts).
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

from counterfraud.simulate.multilingual_regions import Region
from counterfraud.simulate.multilingual_words import LangWords
from counterfraud.simulate.numbers import tron_wallet

__all__ = ["SLOTS", "Draw", "fill", "slot_names"]


class Draw:
    """One message's context: the generator, its language's words and its region."""

    __slots__ = ("lang", "region", "rng", "words")

    def __init__(self, rng: random.Random, lang: str, words: LangWords, region: Region) -> None:
        self.rng = rng
        self.lang = lang
        self.words = words
        self.region = region

    def native(self, text: str) -> str:
        """The same digits in the script's own numerals, as often as that script does."""
        if self.words.native_digits and self.rng.random() < self.words.native_digits:
            return text.translate(str.maketrans(string.digits, self.words.digits))
        return text


def _nice(rng: random.Random, low: int, high: int) -> int:
    """A round figure between low and high (two significant digits), as people quote."""
    value = rng.randint(low, high)
    step: int = 10 ** max(len(str(value)) - 2, 0)
    return max(low, value // step * step)


def _dots(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _round_units(value: int, unit: int, *, exact: bool) -> int | None:
    """``value`` in ``unit``s (万, triệu, သိန်း ...) when it is a whole number of them."""
    return value // unit if not exact and value >= unit and value % unit == 0 else None


def _cny(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    units = _round_units(value, 10_000, exact=exact)
    if units is not None:
        return (f"{units}万元", f"{units}万", f"¥{value:,}")
    return (f"{value}元", f"¥{value:,}", f"{value:,}元", f"人民币{value}元")


def _twd(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    units = _round_units(value, 10_000, exact=exact)
    if units is not None:
        return (f"{units}萬元", f"{units}萬", f"NT${value:,}")
    return (f"{value:,}元", f"NT${value:,}", f"新台幣{value:,}元", f"{value}元")


def _hkd(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    return (f"HK${value:,}", f"港幣{value:,}元", f"HK$ {value:,}.00", f"{value:,}元")


def _mop(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    return (f"MOP{value:,}", f"澳門幣{value:,}元", f"MOP {value:,}.00", f"{value:,}元")


def _thb(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    if d.lang == "en":
        return (f"฿{value:,}", f"THB {value:,}", f"{value:,} baht", f"THB {value:,}.00")
    return (f"{value:,} บาท", f"{value:,}.00 บาท", f"฿{value:,}", f"{value:,}บ.")


def _lak(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    units = _round_units(value, 1_000_000, exact=exact)
    if units is not None:
        return (d.native(str(units)) + " ລ້ານກີບ", f"{value:,} ກີບ")
    return (d.native(f"{value:,}") + " ກີບ", f"{value:,} LAK", f"{value:,} ກີບ", f"{value:,} kip")


def _mmk(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    units = _round_units(value, 100_000, exact=exact)
    if units is not None:
        return (d.native(str(units)) + " သိန်း", "သိန်း " + d.native(str(units)),
                d.native(f"{value:,}") + " ကျပ်")
    return (d.native(f"{value:,}") + " ကျပ်", f"{value:,} Ks", "ကျပ် " + d.native(f"{value:,}"),
            f"{value:,} MMK")


def _khr(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    usd, riel = max(1, value // 4_000), value // 100 * 100
    return (f"${usd:,}", d.native(f"{usd:,}") + " ដុល្លារ", d.native(f"{riel:,}") + " រៀល",
            f"{riel:,}៛")


def _vnd(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    units = _round_units(value, 1_000_000, exact=exact)
    if units is not None:
        return (f"{units} triệu đồng", f"{units} triệu", f"{_dots(value)}đ")
    text = _dots(value)
    return (f"{text}đ", f"{text} VNĐ", f"{text} đồng", f"{text} VND")


def _idr(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
    units = _round_units(value, 1_000_000, exact=exact)
    if units is not None:
        return (f"Rp {units} juta", f"Rp{units}jt", f"Rp{_dots(value)}")
    text = _dots(value)
    return (f"Rp{text}", f"Rp {text}", f"IDR {text}", f"Rp {text},00")


def _dollar_like(sign: str, code: str) -> Callable[[Draw, int, bool], tuple[str, ...]]:
    def spell(d: Draw, value: int, exact: bool) -> tuple[str, ...]:
        cents = f"{value:,}.{d.rng.randint(0, 99):02d}" if exact else f"{value:,}.00"
        return (f"{sign}{value:,}", f"{code} {cents}", f"{sign} {value:,}", f"{sign}{cents}")
    return spell


_CURRENCIES: dict[str, Callable[[Draw, int, bool], tuple[str, ...]]] = {
    "CNY": _cny, "TWD": _twd, "HKD": _hkd, "MOP": _mop, "THB": _thb, "LAK": _lak,
    "MMK": _mmk, "KHR": _khr, "VND": _vnd, "IDR": _idr,
    "MYR": _dollar_like("RM", "RM"), "SGD": _dollar_like("S$", "SGD"),
    "PHP": _dollar_like("₱", "PHP"),
}


def _money(d: Draw, value: int, *, exact: bool) -> str:
    """``value`` in the region's currency, in one of the spellings used there."""
    return d.rng.choice(_CURRENCIES[d.region.currency](d, value, exact))


def _amount(d: Draw, bounds: tuple[int, int], *, exact: bool = False) -> str:
    value = d.rng.randint(*bounds) if exact else _nice(d.rng, *bounds)
    return _money(d, value, exact=exact)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.digits, k=n))


def _run_digits(rng: random.Random, n: int) -> str:
    """Digits where a run like 999 or 888 often appears, as in real tracking numbers."""
    body = _digits(rng, n)
    if n >= 6 and rng.random() < 0.5:
        at = rng.randrange(n - 3)
        body = body[:at] + rng.choice(("999", "888", "000", "666", "9999")) + body[at + 3:]
    return body[:n]


_PHONES: dict[str, tuple[str, ...]] = {
    # Patterns: N = any digit; the first of each tuple is the national form.
    "CN": ("13N NNNN NNNN", "18NNNNNNNNN", "+86 15N-NNNN-NNNN", "177 NNNN NNNN"),
    "TW": ("09NN-NNN-NNN", "09NNNNNNNN", "+886 9NN NNN NNN", "09NN NNN NNN"),
    "HK": ("9NNN NNNN", "6NNN NNNN", "+852 5NNN NNNN", "+852 9NNNNNNN"),
    "MO": ("6NNN NNNN", "+853 6NNN NNNN", "66NNNNNN"),
    "TH": ("08N-NNN-NNNN", "09NNNNNNNN", "+66 8N NNN NNNN", "06N NNN NNNN"),
    "LA": ("020 5NNN NNNN", "020 9NNNNNNN", "+856 20 7NNN NNNN", "030 5NNN NNN"),
    "MM": ("09 7NN NNN NNN", "09NNNNNNNNN", "+95 9 4NN NNN NNN", "09-2NN-NNN-NNN"),
    "KH": ("012 NNN NNN", "097 NNN NNNN", "+855 15 NNN NNN", "088 NNN NNNN"),
    "VN": ("09NN NNN NNN", "03NN.NNN.NNN", "+84 9NN NNN NNN", "08NNNNNNNN"),
    "ID": ("0812-NNNN-NNNN", "0857NNNNNNNN", "+62 813 NNNN NNNN", "0878-NNNN-NNN"),
    "MY": ("012-NNN NNNN", "011-NNNN NNNN", "+60 16-NNN NNNN", "019NNNNNNN"),
    "SG": ("9NNN NNNN", "8NNN NNNN", "+65 9NNN NNNN", "+65 8NNNNNNN"),
    "PH": ("0917 NNN NNNN", "0998NNNNNNN", "+63 917 NNN NNNN", "0926-NNN-NNNN"),
}


def _phone(d: Draw) -> str:
    pattern = d.rng.choice(_PHONES[d.region.code])
    text = "".join(d.rng.choice(string.digits) if ch == "N" else ch for ch in pattern)
    return d.native(text) if d.lang == "my" and not text.startswith("+") else text


_ALNUM = string.ascii_letters + string.digits
_SCAM_WORDS = ("verify", "secure", "refund", "reward", "vip", "bonus", "claim", "kyc", "update",
               "gift", "help", "cs", "win", "app", "pay", "service")
_SCAM_TLDS = ("top", "xyz", "vip", "cc", "shop", "live", "club", "online", "site", "icu", "buzz",
              "asia", "info", "net", "com")
_HANDLE_WORDS = ("anna", "coach_mei", "lucky", "kefu", "vip", "teacher_li", "cs_help", "hr_job",
                 "sara", "boss", "golden", "btc_king", "dragon", "amy", "jenny", "nana", "agent")
_SHORTENERS = ("bit.ly", "tinyurl.com", "s.id", "cutt.ly", "rb.gy")


def _host(d: Draw) -> str:
    rng = d.rng
    base = rng.choice(d.region.look_alikes)
    roll = rng.random()
    if roll < 0.3:
        base = f"{base}-{rng.choice(_SCAM_WORDS)}"
    elif roll < 0.6:
        base = f"{base}{rng.choice(('88', '99', '168', '888', '365', '01', '24'))}"
    return f"{base}.{rng.choice(_SCAM_TLDS)}"


def _link(d: Draw) -> str:
    """A scam link, plain or in one of the obfuscations that dodge filters."""
    rng = d.rng
    path = rng.choice(("", "/login", "/h5", "/verify", "/claim", "/m/index", "/app", "/kyc"))
    host = _host(d)
    forms: tuple[tuple[float, Callable[[], str]], ...] = (
        (0.12, lambda: f"{rng.choice(_SHORTENERS)}/{''.join(rng.choices(_ALNUM, k=6))}"),
        (0.20, lambda: f"t.me/{rng.choice(_HANDLE_WORDS)}{rng.randint(1, 999)}"),
        (0.40, lambda: f"hxxps://{host.replace('.', '[.]')}{path}"),
        (0.48, lambda: host.replace(".", " . ")),
        (0.55, lambda: host.replace(".", " (dot) ")),
        (0.75, lambda: f"https://{host}{path}"),
        (0.85, lambda: f"http://{host}{path}"),
        (1.00, lambda: host + path),
    )
    roll = rng.random()
    return next(make() for bound, make in forms if roll < bound)


def _site(d: Draw) -> str:
    site = d.rng.choice(d.region.official)
    return site if d.rng.random() < 0.6 else f"https://{site}"


def _handle(d: Draw) -> str:
    rng = d.rng
    word = rng.choice(_HANDLE_WORDS)
    return rng.choice((f"@{word}{rng.randint(1, 999)}", f"{word}{rng.randint(10, 9999)}",
                       f"@{word}_{rng.choice(('cs', 'th', 'asia', 'official', 'hr'))}"))


def _tracking(d: Draw) -> str:
    rng, country = d.rng, d.region.code
    kind = rng.randrange(3)
    if kind == 0:  # UPU S10: two letters, eight digits, a check digit, the country
        return f"{rng.choice(('EE', 'EB', 'RR', 'EM', 'CP'))}{_run_digits(rng, 9)}{country}"
    if kind == 1:
        head = {"CN": "SF", "TW": "", "HK": "SF", "MO": "SF", "TH": "TH", "LA": "LA", "MM": "RE",
                "KH": "JT", "VN": "SPXVN0", "ID": "JP", "MY": "NVMY", "SG": "SPSGS", "PH": "PH"}
        return f"{head[country]}{_run_digits(rng, 12)}"
    return _run_digits(rng, rng.choice((12, 13, 14, 16)))


def _account(d: Draw) -> str:
    rng, country = d.rng, d.region.code
    if country == "CN":
        return " ".join(["6222"] + [_digits(rng, 4) for _ in range(3)])
    if country == "TH":
        return f"{_digits(rng, 3)}-{_digits(rng, 1)}-{_digits(rng, 5)}-{_digits(rng, 1)}"
    if country == "TW":
        return f"({rng.choice(('822', '808', '812', '700'))}) {_digits(rng, 12)}"
    if country == "KH":
        return f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}"
    if country == "MY":
        return f"{_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"
    return _digits(rng, rng.choice((10, 12, 13, 14, 16)))


def _date(d: Draw) -> str:
    rng, lang = d.rng, d.lang
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    name = d.words.months[month - 1]
    if lang.startswith("zh"):
        return rng.choice((f"{month}月{day}日", f"{month}/{day}"))
    if lang == "th":
        return rng.choice((f"{day} {name}", f"{day} {name} 68", f"{day:02d}/{month:02d}/2568"))
    if lang == "vi":
        return rng.choice((f"{day:02d}/{month:02d}", f"{day}/{month}/2025",
                           f"{day:02d}/{month:02d}/2025"))
    if lang == "en" and d.region.code == "PH":
        return rng.choice((f"{name} {day}", f"{month:02d}/{day:02d}/2025"))
    return d.native(rng.choice((f"{day} {name}", f"{day:02d}/{month:02d}/2025")))


def _time(d: Draw) -> str:
    rng, lang = d.rng, d.lang
    hour, minute = rng.randint(7, 21), rng.choice(("00", "15", "30", "45"))
    if lang == "th" and rng.random() < 0.5:
        return f"{hour:02d}.{minute} น."
    if lang == "vi" and rng.random() < 0.5:
        return f"{hour}h{minute}"
    if lang == "id" and rng.random() < 0.5:
        return f"{hour:02d}.{minute} WIB"
    return d.native(f"{hour:02d}:{minute}")


def _latin(text: str) -> bool:
    return all(ord(c) < 0x250 for c in text)


def _name_of(d: Draw, values: tuple[str, ...]) -> str:
    """A brand, bank or operator name; in a Latin-script language, one spelled in Latin."""
    if d.lang in _LATIN_LANGS:
        values = tuple(v for v in values if _latin(v)) or values
    return d.rng.choice(values)


_LATIN_LANGS = frozenset(("en", "vi", "id", "ms"))


def _flight(d: Draw) -> str:
    return f"{d.rng.choice(d.region.airlines)}{d.rng.randint(100, 989)}"


SLOTS: dict[str, Callable[[Draw], str]] = {
    "amount": lambda d: _amount(d, d.region.mid),
    "exact": lambda d: _amount(d, d.region.mid, exact=True),
    "fee": lambda d: _amount(d, d.region.fee),
    "big": lambda d: _amount(d, d.region.big),
    "balance": lambda d: _amount(d, (d.region.mid[0], d.region.big[0] * 2), exact=True),
    "salary": lambda d: d.rng.choice(d.words.salaries),
    "phone": _phone,
    "hotline": lambda d: d.rng.choice(d.region.hotlines),
    "short": lambda d: d.rng.choice(d.region.short_codes),
    "link": _link,
    "site": _site,
    "handle": _handle,
    "usdt": lambda d: tron_wallet(d.rng),
    "account": _account,
    "tail": lambda d: _digits(d.rng, 4),
    "code": lambda d: _digits(d.rng, d.rng.choice((6, 6, 6, 4))),
    "ref": lambda d: f"{d.rng.choice(string.ascii_uppercase)}{_digits(d.rng, 7)}",
    "order": lambda d: _run_digits(d.rng, d.rng.choice((10, 12, 15))),
    "tracking": _tracking,
    "bank": lambda d: _name_of(d, d.region.banks),
    "wallet": lambda d: _name_of(d, d.region.wallets),
    "brand": lambda d: _name_of(d, d.region.brands),
    "telco": lambda d: _name_of(d, d.region.telcos),
    "courier": lambda d: _name_of(d, d.region.couriers),
    "flight": _flight,
    "name": lambda d: d.rng.choice(d.words.names),
    "place": lambda d: d.rng.choice(d.words.places),
    "city": lambda d: d.rng.choice(d.words.cities),
    "date": _date,
    "time": _time,
    "pct": lambda d: d.native(str(d.rng.choice((3, 5, 8, 10, 15, 20, 30)))),
    "n": lambda d: d.native(str(d.rng.randint(2, 9))),
}


def slot_names(template: str) -> list[str]:
    """The placeholders of ``template``, in order of first appearance."""
    names: list[str] = []
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None and field not in names:
            names.append(field)
    return names


def fill(template: str, draw: Draw) -> str:
    """``template`` with each placeholder drawn once (a repeated one keeps its value).

    Unknown placeholders raise ``KeyError``: a template table is checked by the tests.
    """
    return template.format(**{name: SLOTS[name](draw) for name in slot_names(template)})
