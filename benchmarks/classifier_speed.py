"""Speed of text canonicalisation (``counterfraud.classifier.canonical``) beside a peer.

Run: ``.venv/bin/python benchmarks/classifier_speed.py [--messages N] [--batch B]
[--repeat R] [--seed S]``.

The messages are synthetic and generated here: short (~60-120 character) scam and
ordinary messages in Simplified and Traditional Chinese, English and Thai, with the
usual obfuscations (full-width letters, spaced-out words, leet, zero-width characters,
URLs, local digits). A second set mixes in Burmese, a quarter of it in the Zawgyi font
encoding, so the cost of detecting and converting Zawgyi shows beside the common case.

Figures: the time to build the per-character table (paid once per process, on first
use), then microseconds per message and messages per second for ``canonicalise_many``
over batches of ``--batch`` messages, and for ``canonicalise`` one message at a time.
The peer is what one would write by hand: NFKC + casefold + one whitespace regex per
message (it undoes fewer obfuscations: no leet, no spaced letters, no URL hosts, no
Traditional Chinese, no Zawgyi). Medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
import unicodedata
from collections.abc import Callable, Sequence

from counterfraud.classifier import canonical

TEMPLATES = [
    "Congratulations! You won {n} USD. Claim now at http://prize-{w}.top/claim?id={n}",
    "URGENT: your bank account is suspended, verify at www.{w}-secure.xyz within 24h",
    "Ｅａｓｙ ｊｏｂ, earn {n} per day, add telegram @{w}_jobs n0w, fr33 b0nus",
    "Hi {w}, dinner at 7 tonight? Let me know. W i n n e r of the quiz is Tom",
    "恭喜您中奖{n}元，请点击 http://{w}.top 领取，需先缴纳手续费",
    "【公安局】您的帳戶涉嫌洗錢，請立即轉賬{n}元到安全帳戶配合調查，點擊網址",
    "兼职刷单日赚{n}元，加 微 信 {w}888 了解详情",
    "【工商银行】您尾号{n}的储蓄卡收入人民币{n}.00元，余额{n}元。",
    "ยินดีด้วย คุณได้รับรางวัลเงินสด {n} บาท กดลิงก์ http://{w}.top เพื่อรับ",
    "บัญชีของคุณถูกระงับ กรุณายืนยันตัวตน โทร ๐๘๑๒๓๔๕๖๗๘ ด่วน",
    "รหัส OTP ของคุณคือ {n} ใช้ภายใน 5 นาที ห้ามเปิดเผย\u200bรหัสนี้",
    "กรุงไทย: เงินเข้าบัญชี {n} บาท คงเหลือ {n} บาท ขอบคุณค่ะ",
]
#: The same lure in Unicode Burmese and in Zawgyi ("you have won a prize, contact ...").
BURMESE = [
    "ဆုကြီးပေါက်ပါပြီ {n} ကျပ် ရယူရန် ဆက်သွယ်ပါ http://{w}.top",
    "ဆုႀကီးေပါက္ပါၿပီ {n} က်ပ္ ရယူရန္ ဆက္သြယ္ပါ http://{w}.top",
    "မင်္ဂလာပါ မနက်ဖြန် {n} နာရီ တွေ့ကြမယ်",
    "မဂၤလာပါ မနက္ျဖန္ {n} နာရီ ေတြ႕ၾကမယ္",
]
WORDS = ["alpha", "lucky", "gold", "star", "asia", "prime", "king", "fast"]


def messages(count: int, rng: random.Random, *, burmese: bool = False) -> list[str]:
    """``count`` messages filled from the templates (a third Burmese when asked)."""
    out = []
    for _ in range(count):
        pool = BURMESE if burmese and rng.random() < 1 / 3 else TEMPLATES
        template = rng.choice(pool)
        out.append(template.format(n=rng.randint(10, 99_999_999), w=rng.choice(WORDS)))
    return out


_SPACES = re.compile(r"\s+")


def peer(texts: Sequence[str]) -> list[str]:
    """The hand-written peer: NFKC + casefold + whitespace collapse, one message at a time."""
    return [_SPACES.sub(" ", unicodedata.normalize("NFKC", t).casefold()).strip()
            for t in texts]


def per_message_us(run: Callable[[], object], count: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / count * 1e6


def report(name: str, us: float) -> None:
    print(f"  {name:<44} {us:8.2f} us/message  {1e6 / us:>10,.0f} messages/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    start = time.perf_counter()
    canonical.canonicalise("warm up: build the table")
    print(f"table built on first use in {time.perf_counter() - start:.3f} s")

    for label, burmese in (("zh/zh-Hant/en/th", False), ("with Burmese (Unicode + Zawgyi)", True)):
        texts = messages(args.messages, random.Random(args.seed), burmese=burmese)
        chars = sum(map(len, texts)) / len(texts)
        batches = [texts[i:i + args.batch] for i in range(0, len(texts), args.batch)]
        print(f"{len(texts):,} messages, {label}, {chars:.0f} characters on average")
        report(f"canonicalise_many, batches of {args.batch:,}",
               per_message_us(lambda b=batches: [canonical.canonicalise_many(x) for x in b],
                              len(texts), args.repeat))
        some = texts[:2_000]
        report("canonicalise, one message at a time",
               per_message_us(lambda s=some: [canonical.canonicalise(t) for t in s],
                              len(some), args.repeat))
        report("peer: NFKC + casefold + regex, one at a time",
               per_message_us(lambda t=texts: peer(t), len(texts), args.repeat))


if __name__ == "__main__":
    main()
