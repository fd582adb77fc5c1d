"""Phone numbers, bank accounts and crypto wallets for the synthetic world.

Every value is built from a caller-supplied ``random.Random`` so the world stays
deterministic. Each generator returns the canonical value (exactly what
``counterfraud.identifiers.normalize`` produces) together with the raw spellings a
victim or an officer might type, because the ingester must prove it can fold those
spellings back into one identifier.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

__all__ = [
    "PHONE_PLANS",
    "PhonePlan",
    "b58encode",
    "bank_account_cn",
    "bank_account_th",
    "eth_wallet",
    "luhn_ok",
    "make_phone",
    "phone_spelling",
    "phone_variants",
    "tron_wallet",
]

_DIGITS = "0123456789"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class PhonePlan:
    """A slice of a numbering plan that phonenumbers accepts as valid.

    ``prefixes`` follow the country code; ``rest`` random digits complete the
    national significant number; ``trunk`` is the national dialling prefix.
    """

    country: str
    code: str
    prefixes: tuple[str, ...]
    rest: int
    trunk: str


PHONE_PLANS: dict[str, PhonePlan] = {
    "CN": PhonePlan("CN", "86", ("130", "131", "132", "133", "135", "136", "137", "138", "139",
                                 "150", "151", "152", "155", "156", "157", "158", "159", "176",
                                 "177", "180", "181", "182", "183", "185", "186", "187", "188",
                                 "189", "198", "199"), 8, ""),
    "TH": PhonePlan("TH", "66", ("61", "62", "63", "64", "65", "80", "81", "82", "83", "84", "85",
                                 "86", "87", "88", "89", "90", "91", "92", "93", "94", "95", "96",
                                 "97", "98", "99"), 7, "0"),
    "LA": PhonePlan("LA", "856", ("202", "205", "207", "209"), 7, "0"),
    "MM": PhonePlan("MM", "95", ("975", "976", "977", "978", "979", "925", "926", "940",
                                 "944", "945", "965", "966", "967", "968", "969", "996",
                                 "997", "998"), 7, "0"),
    "KH": PhonePlan("KH", "855", ("10", "11", "12", "15", "16", "17", "61", "69", "70", "77",
                                  "78", "81", "85", "86", "87", "89", "92", "93", "97"), 6, "0"),
    "PH": PhonePlan("PH", "63", ("28",), 7, "0"),  # Manila DIDs, the usual VoIP ranges
}


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(_DIGITS, k=n))


def make_phone(rng: random.Random, country: str) -> tuple[str, str]:
    """Return ``(e164, national_significant_number)`` for a valid number of ``country``."""
    plan = PHONE_PLANS[country]
    nsn = rng.choice(plan.prefixes) + _digits(rng, plan.rest)
    return f"+{plan.code}{nsn}", nsn


def _group(nsn: str, sizes: tuple[int, ...], sep: str) -> str:
    parts: list[str] = []
    pos = 0
    for size in sizes:
        if pos >= len(nsn):
            break
        parts.append(nsn[pos:pos + size])
        pos += size
    if pos < len(nsn):
        parts.append(nsn[pos:])
    return sep.join(parts)


_NATIONAL_GROUPS: dict[str, tuple[int, ...]] = {
    "CN": (3, 4, 4), "TH": (2, 3, 4), "LA": (2, 4, 4), "MM": (1, 3, 3, 3),
    "KH": (2, 3, 3), "PH": (1, 4, 4),
}


# (international?, text between country code and number, separator inside the number)
_VARIANTS: tuple[tuple[bool, str, str], ...] = (
    (True, "", ""), (True, " ", " "), (True, "-", "-"), (True, " ", ""),
    (False, "", ""), (False, "", " "), (False, "", "-"), (False, "", " "),
)


def phone_spelling(country: str, nsn: str, variant: int) -> str:
    """One spelling of a number; ``variant`` 0-3 international, 4-7 national.

    International spellings parse anywhere. National spellings (trunk prefix, local
    grouping) only parse in the number's own country, so callers use them only when
    the reporting agency is in that country. Variant 7 is ``0086 ...`` for CN, where
    00 is the international prefix; elsewhere it is the spaced national form.
    """
    plan = PHONE_PLANS[country]
    international, joiner, sep = _VARIANTS[variant]
    body = _group(nsn, _NATIONAL_GROUPS[country], sep) if sep else nsn
    if international:
        return f"+{plan.code}{joiner}{body}"
    if variant == 7 and country == "CN":
        return f"0086 {body}"
    return plan.trunk + body


def phone_variants(country: str, nsn: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """All spellings of one number: ``(international, national)``."""
    national = [4, 5, 6, 7] if country == "CN" else [4, 5, 6]
    return (tuple(phone_spelling(country, nsn, v) for v in range(4)),
            tuple(phone_spelling(country, nsn, v) for v in national))


def luhn_ok(number: str) -> bool:
    """Luhn check, used by UnionPay card numbers (and by the tests)."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _luhn_digit(body: str) -> str:
    for check in _DIGITS:
        if luhn_ok(body + check):
            return check
    raise AssertionError("unreachable: one Luhn digit always fits")


_CN_BINS = ("622202", "622848", "621700", "622700", "621226", "622588", "621483", "623668",
            "622908", "621799", "622260", "625965")


def bank_account_cn(rng: random.Random) -> str:
    """A UnionPay-style debit card number (16-19 digits, Luhn-valid): mule cards."""
    length = rng.choice((16, 19, 19, 17, 18))
    body = rng.choice(_CN_BINS) + _digits(rng, length - 7)
    return body + _luhn_digit(body)


def bank_account_th(rng: random.Random) -> str:
    """A Thai 10-digit account number (printed xxx-x-xxxxx-x in passbooks)."""
    return _digits(rng, 10)


def b58encode(data: bytes) -> str:
    """Bitcoin-alphabet base58 (leading zero bytes become '1')."""
    num = int.from_bytes(data, "big")
    out = []
    while num:
        num, rem = divmod(num, 58)
        out.append(_B58[rem])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]


def tron_wallet(rng: random.Random) -> str:
    """A checksum-valid TRON address: base58check(0x41 + 20 bytes), starts with 'T'."""
    payload = b"\x41" + rng.randbytes(20)
    return b58encode(payload + _checksum(payload))


def eth_wallet(rng: random.Random) -> str:
    """An Ethereum (ERC-20 USDT) address, lower-case as the canonical form."""
    return "0x" + rng.randbytes(20).hex()
