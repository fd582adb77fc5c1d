"""Throughput of ``counterfraud.identifiers``: extract on synthetic SMS, normalize per kind.

Run: ``.venv/bin/python benchmarks/identifiers.py [--messages N] [--seed S]``.
Messages are generated here (mixed Chinese, English and Thai, ~100 characters, about half
carrying an identifier, some obfuscated); no external data is read.
"""

from __future__ import annotations

import argparse
import random
import string
import time
from collections.abc import Callable

from counterfraud.identifiers import IdentifierKind, extract, normalize

_PLAIN = (
    "您好，您的快递已到达本小区驿站，请凭取件码尽快领取，逾期将退回寄件人。如有疑问请回复本短信，谢谢您的配合与支持。",
    "Your parcel is waiting at the depot, please confirm your delivery address today "
    "so we can schedule the next attempt.",
    "ขอบคุณที่ใช้บริการ ยอดเงินคงเหลือของท่านได้รับการอัปเดตแล้ว กรุณาตรวจสอบรายการในแอปพลิเคชันของธนาคาร",
    "【银行】验证码 {otp}，5分钟内有效，请勿泄露给任何人，包括自称银行工作人员的人员。",
    "Your OTP is {otp}. Do not share it with anyone. Order {order} shipped on 01/05/2024 14:30.",
    "รหัส OTP คือ {otp} ใช้ได้ภายใน 5 นาที ยอดชำระ 50,000 บาท ห้ามเปิดเผยรหัสนี้แก่ผู้อื่นโดยเด็ดขาด",
    "会议改到 2024-05-01 14:30，金额¥12,000.00，单号 SF{order}，请各位同事准时参加并带好材料。",
)
_BAITED = (
    "恭喜您中奖！请访问 {url} 领取奖品，或加微信 {wx} 咨询，电话 {cn_phone}",
    "Dear customer, your account is locked. Verify at {url} or call {intl_phone} now.",
    "ลงทุนวันนี้ กำไร 30% ต่อเดือน แอดไลน์ @{line} หรือโทร {th_phone} โอนเข้าบัญชี {acct}",
    "USDT 转账到 {eth} 即可提现，高额返利，名额有限，联系飞机 @{tg}",
    "Investment opportunity! Send BTC to {btc}, contact {email} or visit {domain}",
    "เว็บพนันออนไลน์ {obf_url} ฝากถอนไม่มีขั้นต่ำ สมัครวันนี้รับโบนัส 100% ไลน์ไอดี {line}",
    "兼职刷单日赚500，客服QQ {qq}，押金打到银行卡号 {card}，请勿告诉他人",
)


def _word(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(size))


def _digits(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(size))


def _luhn_card(rng: random.Random) -> str:
    body = "4" + _digits(rng, 14)
    total = 0
    for i, char in enumerate(reversed(body)):
        d = int(char) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def _fields(rng: random.Random) -> dict[str, str]:
    name = _word(rng, rng.randint(5, 9))
    return {
        "otp": _digits(rng, 6), "order": _digits(rng, 13),
        "url": f"https://{name}-invest.com/login?id={_digits(rng, 4)}",
        "obf_url": f"hxxps://{name}[.]bet/th", "domain": f"www.{name}.xyz",
        "wx": f"{name}{_digits(rng, 3)}", "line": f"{name}{_digits(rng, 2)}",
        "tg": f"{name}_bot", "qq": str(rng.randint(10_000, 9_999_999_999)),
        "cn_phone": f"13{_digits(rng, 1)} {_digits(rng, 4)} {_digits(rng, 4)}",
        "th_phone": f"08{rng.randint(1, 9)}-{_digits(rng, 3)}-{_digits(rng, 4)}",
        "intl_phone": f"+66 8{rng.randint(1, 9)} {_digits(rng, 3)} {_digits(rng, 4)}",
        "acct": f"{_digits(rng, 3)}-{_digits(rng, 1)}-{_digits(rng, 5)}-{_digits(rng, 1)}",
        "eth": "0x" + "".join(rng.choice("0123456789abcdef") for _ in range(40)),
        "btc": "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "email": f"{name}@gmail.com",
        "card": _luhn_card(rng),
    }


def messages(count: int, seed: int) -> list[str]:
    """``count`` synthetic messages; about half carry identifiers."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        template = rng.choice(_BAITED if rng.random() < 0.5 else _PLAIN)
        out.append(template.format(**_fields(rng)))
    return out


def _rate(func: Callable[[str], object], items: list[str], repeat: int = 3) -> float:
    """Best-of-``repeat`` calls per second of ``func`` over ``items``."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for item in items:
            func(item)
        best = min(best, time.perf_counter() - began)
    return len(items) / best


def _extract_rates(count: int, seed: int, region: str | None) -> tuple[float, float]:
    """(fresh, repeated) messages/s: fresh messages never seen before (the lookup caches
    do not help), then the same messages again (caches warm, as for repeated spam)."""
    extract(" ".join(messages(200, seed + 1000)), region)  # load metadata, build the PSL
    fresh = messages(count, seed)
    began = time.perf_counter()
    for text in fresh:
        extract(text, region)
    cold = count / (time.perf_counter() - began)
    warm = _rate(lambda t: extract(t, region), fresh)
    return cold, warm


_SAMPLES: dict[IdentifierKind, Callable[[random.Random], str]] = {
    IdentifierKind.PHONE: lambda r: f"+66 8{r.randint(1, 9)} {_digits(r, 3)} {_digits(r, 4)}",
    IdentifierKind.URL: lambda r: f"HTTPS://WWW.{_word(r, 8)}.co.th:443/a/b?q={_digits(r, 3)}",
    IdentifierKind.DOMAIN: lambda r: f"www.{_word(r, 8)}.blogspot.com",
    IdentifierKind.IP: lambda r: f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.1",
    IdentifierKind.CIDR: lambda r: f"10.{r.randint(0, 255)}.0.0/16",
    IdentifierKind.EMAIL: lambda r: f"{_word(r, 8)}@Example.COM",
    IdentifierKind.BANK_ACCOUNT: lambda r: f"6222 {_digits(r, 4)} {_digits(r, 4)} {_digits(r, 4)}",
    IdentifierKind.CRYPTO_WALLET: lambda r: "0x" + "".join(
        r.choice("0123456789abcdef") for _ in range(40)),
    IdentifierKind.HANDLE: lambda r: f"https://t.me/{_word(r, 8)}",
    IdentifierKind.PERSON: lambda r: (f"{_word(r, 5).title()} {_word(r, 4).title()}"
                                      f"||CN|E{_digits(r, 8)}"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    texts = messages(args.messages, args.seed)
    found = sum(len(extract(t, "TH")) for t in texts)
    size = sum(map(len, texts)) / len(texts)
    print(f"extract: {len(texts)} messages, mean {size:.0f} chars, {found} identifiers")
    for region in (None, "TH", "CN"):
        cold, warm = _extract_rates(len(texts), args.seed + 1, region)
        print(f"  region={region!s:4}  fresh {cold:>9,.0f} messages/s   "
              f"repeated {warm:>9,.0f} messages/s")
    print("normalize (1000 distinct values per kind):")
    rng = random.Random(args.seed)
    for kind, make in _SAMPLES.items():
        values = [make(rng) for _ in range(1000)]
        rate = _rate(lambda v, k=kind: normalize(k, v, "TH"), values, repeat=1)  # type: ignore[misc]
        print(f"  {kind.value:14} {rate:>10,.0f} /s")
    print("pathological inputs (regex backtracking guards; each ~40,000 characters):")
    for name, text in _PATHOLOGICAL.items():
        began = time.perf_counter()
        extract(text, "TH")
        print(f"  {name:14} {time.perf_counter() - began:8.3f} s")


_PATHOLOGICAL = {
    "dots": "a." * 20000, "digit-dots": "1." * 20000, "spaced-digits": "1 " * 20000 + "x",
    "emails": "x@ex.com " * 3000, "urls": "http://a.com/x " * 3000, "colons": "a:" * 20000,
    "brackets": "[.]" * 15000, "long-url": "http://" + "a" * 40000,
}


if __name__ == "__main__":
    main()
