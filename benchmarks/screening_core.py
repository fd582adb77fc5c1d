"""Speed and memory of ``counterfraud.screening``: index build, lookups, message screening.

Run: ``.venv/bin/python benchmarks/screening_core.py [--phones N] [--domains N] [--ips N]
[--messages N] [--seed S]``.

Everything is synthetic and generated here: 1,000,000 blocked phone numbers (plus 2,000
phone prefixes), 800,000 domains (domain trees and exact), 20,000 exact URLs, 38,000 IPs
and CIDR networks (IPv4 and IPv6), an allowlist, and ~20,000 short mixed zh/en/th
messages, about half carrying identifiers, some of them blocked.

The message figures measure extract + lookup + combine: the scorer is a stand-in that
returns 0.0 for every text and costs ~nothing (a real classifier adds its own cost, ~70 us
per message for the hashing model). Beside it runs the peer a user would write by hand:
a loop with regexes over the text and lookups in plain sets (no de-obfuscation, no
allowlist, no provenance), on the same messages in the same run.

Memory is the process's resident set (RSS) read from /proc; ``--tracemalloc`` also reports
the Python heap peak of the build (slower).
"""

from __future__ import annotations

import argparse
import gc
import ipaddress
import random
import re
import resource
import string
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

from counterfraud.domain import (
    AllowlistEntry,
    BlocklistEntry,
    Confidence,
    EntrySource,
    MatchType,
)
from counterfraud.identifiers import Identifier, IdentifierKind, extract, normalize
from counterfraud.screening import BlocklistIndex, MessageItem, ScreeningEngine

K = IdentifierKind
NOW = datetime(2025, 6, 1, tzinfo=UTC)
TLDS = ("com", "net", "top", "xyz", "cc", "vip", "co.th", "cn", "com.cn", "shop", "bet", "la")
AGENCIES = ("CN-MPS", "TH-CCIB", "LA-MPS", "MM-MPF")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _digits(rng: random.Random, n: int) -> str:
    return f"{rng.randrange(10**n):0{n}d}"


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=n))


def phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return f"+861{rng.choice('3456789')}{_digits(rng, 9)}"
    if roll < 0.8:
        return f"+66{rng.choice('689')}{_digits(rng, 8)}"
    if roll < 0.9:
        return f"+85620{_digits(rng, 8)}"
    return f"+959{_digits(rng, 8)}"


class World:
    """The synthetic blocklist; keeps samples of what it generated for the lookups."""

    def __init__(self, seed: int, phones: int, domains: int, ips: int) -> None:
        self.rng = random.Random(seed)
        self.counts = (phones, domains, ips)
        self.phones: list[str] = []
        self.domains: list[str] = []
        self.ipv4: list[str] = []
        self.nets4: list[str] = []
        self.nets6: list[str] = []
        self.urls: list[str] = []
        self.prefixes: list[str] = []
        self._id = 0

    def _entry(self, kind: K, value: str, match: MatchType = MatchType.EXACT) -> BlocklistEntry:
        self._id += 1
        from_reports = self._id % 5 < 3
        return BlocklistEntry(
            self._id, kind, value, match,
            source=EntrySource.REPORTS if from_reports else EntrySource.NETWORK,
            confidence=Confidence.CONFIRMED if self._id % 10 else Confidence.PREDICTED,
            agency=AGENCIES[self._id % 4],
            report_ids=(f"R-{self._id:09d}",) if from_reports else (),
            network_id=None if from_reports else f"N-{self._id % 5000}",
            created_at=NOW)

    def entries(self) -> Iterator[BlocklistEntry]:
        rng = self.rng
        phones, domains, ips = self.counts
        keep = 20_000
        for i in range(phones):
            value = phone(rng)
            if i < keep:
                self.phones.append(value)
            yield self._entry(K.PHONE, value)
        for _ in range(2000):
            value = phone(rng)[: rng.randint(8, 11)]
            self.prefixes.append(value)
            yield self._entry(K.PHONE, value, MatchType.PHONE_PREFIX)
        for i in range(domains):
            value = f"{_word(rng, rng.randint(6, 12))}{rng.randint(0, 99)}.{rng.choice(TLDS)}"
            if i < keep:
                self.domains.append(value)
            yield self._entry(K.DOMAIN, value, MatchType.DOMAIN_TREE if i % 10 < 7
                              else MatchType.EXACT)
        for i in range(20_000):
            value = f"https://bit.ly/{_word(rng, 7)}"
            if i < keep:
                self.urls.append(value)
            yield self._entry(K.URL, value)
        n4, n4net, n6 = int(ips * 0.79), int(ips * 0.16), ips - int(ips * 0.79) - int(ips * 0.16)
        for _ in range(n4):
            value = ".".join(str(rng.randint(1, 254)) for _ in range(4))
            self.ipv4.append(value)
            yield self._entry(K.IP, value)
        for _ in range(n4net):
            plen = rng.choice((16, 20, 22, 24, 24, 24, 26, 28, 29))
            value = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.0/{plen}"
            self.nets4.append(value)
            yield self._entry(K.CIDR, value, MatchType.NETWORK)
        for i in range(n6):
            address = ipaddress.IPv6Address((0x2400 + rng.randrange(0x1000)) << 112
                                            | rng.getrandbits(112))
            if i % 2:
                net = ipaddress.IPv6Network((address, rng.choice((32, 48, 56, 64))), strict=False)
                self.nets6.append(str(net.network_address + 5))
                yield self._entry(K.CIDR, net.compressed, MatchType.NETWORK)
            else:
                yield self._entry(K.IP, address.compressed)


ALLOWLIST = [
    AllowlistEntry(K.PHONE, "96110", reason="CN anti-fraud hotline"),
    AllowlistEntry(K.PHONE, "1441", reason="TH anti-fraud hotline"),
    AllowlistEntry(K.DOMAIN, "bit.ly", reason="URL shortener: block the link, not the domain"),
    AllowlistEntry(K.DOMAIN, "gov.cn", MatchType.DOMAIN_TREE, reason="government"),
    AllowlistEntry(K.DOMAIN, "go.th", MatchType.DOMAIN_TREE, reason="government"),
    AllowlistEntry(K.PHONE, "+8695588", MatchType.PHONE_PREFIX, reason="bank"),
]


def build(world: World, use_tracemalloc: bool) -> BlocklistIndex:
    gc.collect()
    base = rss_mb()
    began = time.perf_counter()
    entries = list(world.entries())
    generated = time.perf_counter() - began
    with_entries = rss_mb()
    if use_tracemalloc:
        tracemalloc.start()
    began = time.perf_counter()
    index = BlocklistIndex.build(entries, ALLOWLIST, version=1, now=NOW)
    took = time.perf_counter() - began
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if use_tracemalloc else None
    tracemalloc.stop()
    del entries
    gc.collect()
    after = rss_mb()
    print(f"index: {len(index):,} entries ({world.counts[0]:,} phones + 2,000 prefixes, "
          f"{world.counts[1]:,} domains, 20,000 URLs, {world.counts[2]:,} IPs/CIDRs), "
          f"{len(index.rejected)} rejected")
    print(f"  generate entries {generated:6.2f} s   (+{with_entries - base:,.0f} MB of "
          "entry objects)")
    print(f"  build index      {took:6.2f} s   (+{after - with_entries:,.0f} MB of maps)"
          + (f"   tracemalloc peak during build {heap:,.0f} MB" if heap is not None else ""))
    print(f"  index incl. the entries it holds: {after - base:,.0f} MB RSS;"
          f" process peak RSS {peak_rss_mb():,.0f} MB")
    return index


def rate(func: Callable[[Identifier], object], items: Sequence[Identifier]) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for item in items:
            func(item)
        best = min(best, time.perf_counter() - began)
    return len(items) / best


def lookups(world: World, index: BlocklistIndex) -> None:
    rng = random.Random(1)
    n = 20_000
    probes: dict[str, list[Identifier]] = {
        "phone, exact hit": [Identifier(K.PHONE, v) for v in world.phones[:n]],
        "phone, random number": [Identifier(K.PHONE, phone(rng)) for _ in range(n)],
        "phone, prefix hit": [Identifier(K.PHONE, p + _digits(rng, 12 - len(p) + 1))
                              for p in rng.choices(world.prefixes, k=n)],
        "domain, host under a tree": [
            Identifier(K.DOMAIN, d, details={"host": f"www.login.{d}"})
            for d in world.domains[:n]],
        "domain, miss": [Identifier(K.DOMAIN, f"{_word(rng, 9)}.com",
                                    details={"host": f"www.{_word(rng, 9)}.com"})
                         for _ in range(n)],
        "url, exact hit (allowlisted host)": [normalize(K.URL, u) for u in world.urls[:5000]],
        "url, host under a tree": [
            normalize(K.URL, f"https://m.{d}/login?id=1") for d in world.domains[:5000]],
        "ipv4, exact hit": [Identifier(K.IP, v) for v in world.ipv4[:n]],
        "ipv4, miss (all lengths probed)": [
            Identifier(K.IP, f"{rng.randint(224, 239)}.{rng.randint(0, 255)}.1.1")
            for _ in range(n)],
        "ipv4, in a network": [
            Identifier(K.IP, net.split("/")[0].rsplit(".", 1)[0] + ".7")
            for net in rng.choices(world.nets4, k=n)],
        "ipv6, in a network": [
            Identifier(K.IP, inside) for inside in rng.choices(world.nets6, k=n)],
    }
    print("lookups (BlocklistIndex.lookup on normalized identifiers, best of 3):")
    for label, items in probes.items():
        hits = sum(1 for i in items if index.lookup(i).hits)
        per_second = rate(index.lookup, items)
        print(f"  {label:36} {per_second:>11,.0f} /s   ({hits:,}/{len(items):,} hit)")


_PLAIN = (
    "您好，您的快递已到达驿站，请凭取件码 {otp} 尽快领取，逾期将退回。",
    "Your parcel is waiting at the depot, please confirm your delivery address today.",
    "ขอบคุณที่ใช้บริการ ยอดเงินคงเหลือของท่านได้รับการอัปเดตแล้ว กรุณาตรวจสอบในแอป",
    "【银行】验证码 {otp}，5分钟内有效，请勿泄露给任何人。",
    "Your OTP is {otp}. Do not share it with anyone. Order {otp}{otp} shipped.",
    "รหัส OTP คือ {otp} ใช้ได้ภายใน 5 นาที ห้ามเปิดเผยรหัสนี้แก่ผู้อื่น",
)
_BAITED = (
    "恭喜您中奖！请访问 https://{domain}/gift 领取，或致电 {cn_phone}",
    "Dear customer, your account is suspended. Verify at {short} now or call {intl_phone}.",
    "ลงทุนวันนี้ กำไร 30% ต่อเดือน โทร {th_phone} หรือเข้า www.{domain}",
    "紧急：您的账户已冻结，立即点击 {short} 解冻，客服 {cn_phone}",
    "Police notice: transfer to the safe account via http://{ip}/pay today",
    "เว็บพนันออนไลน์ {domain} สมัครวันนี้รับโบนัส 100% ติดต่อ {intl_phone}",
)


def messages(world: World, count: int, seed: int) -> list[MessageItem]:
    """``count`` messages, half baited; a bait uses a blocked value 40% of the time."""
    rng = random.Random(seed)
    senders = [f"+66{rng.choice('689')}{_digits(rng, 8)}" for _ in range(3000)]
    out = []
    for i in range(count):
        blocked = rng.random() < 0.4

        def pick(pool: list[str], fresh: str, blocked: bool = blocked) -> str:
            return rng.choice(pool) if blocked else fresh

        th = pick([p for p in world.phones[:2000] if p.startswith("+66")],
                  f"+668{_digits(rng, 8)}")
        fields = {
            "otp": _digits(rng, 6),
            "domain": pick(world.domains, f"{_word(rng, 8)}.com"),
            "short": pick(world.urls, f"https://bit.ly/{_word(rng, 7)}"),
            "cn_phone": pick([p for p in world.phones[:2000] if p.startswith("+86")],
                             f"+86138{_digits(rng, 8)}"),
            "intl_phone": th, "th_phone": "0" + th[3:],
            "ip": pick(world.ipv4, f"203.0.113.{rng.randint(1, 254)}"),
        }
        template = rng.choice(_BAITED if rng.random() < 0.5 else _PLAIN)
        out.append(MessageItem(f"m{i}", template.format(**fields), sender=rng.choice(senders)))
    return out


class ZeroScorer:
    """Stand-in for the text model that costs ~nothing: every text scores 0.0."""

    def score_many(self, texts: Sequence[str]) -> list[float]:
        return [0.0] * len(texts)

    def explain(self, text: str, top: int = 5) -> list[tuple[str, float]]:
        return []


class Peer:
    """What a user writes by hand: regexes, plain sets, a parent walk, nothing else."""

    PHONE = re.compile(r"\+?\d[\d \-]{7,16}\d")
    HOST = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(/[^\s]*)?", re.IGNORECASE)
    IP = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")

    def __init__(self, world: World) -> None:
        self.phones = set(world.phones) | set(world.phones)  # the user loads every phone
        self.domains = set(world.domains)
        self.urls = {u.split("://", 1)[1] for u in world.urls}
        self.ips = set(world.ipv4)

    def flagged(self, text: str) -> bool:
        for m in self.PHONE.finditer(text):
            digits = re.sub(r"[ \-]", "", m.group(0))
            if digits.startswith("0"):
                digits = "+66" + digits[1:]
            if digits in self.phones:
                return True
        for m in self.HOST.finditer(text):
            host = m.group(1).lower()
            if host + (m.group(2) or "") in self.urls:
                return True
            parts = host.split(".")
            if any(".".join(parts[i:]) in self.domains for i in range(len(parts) - 1)):
                return True
        return any(m.group(0) in self.ips for m in self.IP.finditer(text))


def screening(world: World, index: BlocklistIndex, count: int, seed: int) -> None:
    engine = ScreeningEngine(index, ZeroScorer(), default_region="TH")
    items = messages(world, count, seed)
    texts = [i.text for i in items]
    peer = Peer(world)
    engine.screen_messages(messages(world, 200, seed + 1))  # PSL, metadata, regexes loaded
    batch = 1000

    def run_engine() -> tuple[float, int]:
        began = time.perf_counter()
        blocked = 0
        for start in range(0, len(items), batch):
            for v in engine.screen_messages(items[start:start + batch]):
                blocked += v.decision.value == "block"
        return time.perf_counter() - began, blocked

    def run_extract() -> float:
        began = time.perf_counter()
        for text in texts:
            extract(text, "TH")
        return time.perf_counter() - began

    def run_peer() -> tuple[float, int]:
        began = time.perf_counter()
        flagged = sum(1 for text in texts if peer.flagged(text))
        return time.perf_counter() - began, flagged

    fresh, blocked = run_engine()  # first pass: extract's caches cold for these values
    warm = min(run_engine()[0] for _ in range(2))
    ext = min(run_extract() for _ in range(2))
    peer_time, flagged = min(run_peer() for _ in range(2))
    n = len(items)
    with_ids = sum(1 for t in texts if extract(t, "TH"))
    print(f"screen_messages: {n:,} messages (mean {sum(map(len, texts)) / n:.0f} chars, "
          f"{with_ids:,} with identifiers), batches of {batch}, zero-cost scorer stand-in")
    print(f"  engine, first pass     {n / fresh:>9,.0f} msgs/s   ({blocked:,} blocked)")
    print(f"  engine, repeated       {n / warm:>9,.0f} msgs/s")
    print(f"  extract() alone        {n / ext:>9,.0f} msgs/s   -> lookup + rules + verdict "
          f"{(warm - ext) / n * 1e6:.1f} us/message")
    print(f"  peer: regex + sets     {n / peer_time:>9,.0f} msgs/s   ({flagged:,} flagged; "
          "no de-obfuscation, allowlist, rules or provenance)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=1_000_000)
    parser.add_argument("--domains", type=int, default=800_000)
    parser.add_argument("--ips", type=int, default=38_000)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    world = World(args.seed, args.phones, args.domains, args.ips)
    index = build(world, args.tracemalloc)
    lookups(world, index)
    screening(world, index, args.messages, args.seed)


if __name__ == "__main__":
    main()
