"""Victim report rows, streamed in the ingest format.

Contract: one ``random.Random`` walks the rows in order, so the stream is
deterministic. Up front only a compact schedule is drawn (when each report was filed
and by which group's victim: one 8-byte integer per report, sorted so rows come in
calendar order); every row is built only when the consumer asks for it.

Coverage guarantee: a group's identifier pool is shuffled once and cut into chunks;
the k-th report of the group carries chunk k in its identifier columns. Chunk size
is ``ceil(pool / reports)``, so every member appears in at least one row, which is
what lets the ground truth list members without generating the rows.
"""

from __future__ import annotations

import math
import random
from array import array
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from counterfraud.domain import Marking
from counterfraud.simulate.groups import COLUMN_OF_KIND, Group, Ident, rng_for
from counterfraud.simulate.sites import HOTLINES, NOISE_DOMAINS, NOISE_IPS, SHORTENER
from counterfraud.simulate.spelling import column_spelling, narrative_spelling
from counterfraud.simulate.texts import LANG_BY_COUNTRY, narrative

if TYPE_CHECKING:
    from counterfraud.simulate.world import World

__all__ = ["COLUMNS", "ID_COLUMNS", "iter_reports"]

ID_COLUMNS = ("phones", "urls", "domains", "ips", "emails", "bank_accounts", "crypto_wallets",
              "handles", "persons")
COLUMNS = ("report_id", "reported_at", "occurred_at", "scam_type", "narrative", "loss_amount",
           "loss_currency", "victim_country", "marking", *ID_COLUMNS)

_EPOCH = datetime(2023, 1, 1)
_LAST_MINUTE = 1095 * 1440 - 1  # 2025-12-31T23:59
_TZ = {"CN": "+08:00", "TH": "+07:00", "LA": "+07:00", "MM": "+06:30"}
_CURRENCY = {"CN": (("CNY",), (1.0,)), "TH": (("THB",), (1.0,)),
             "LA": (("LAK", "THB", "USD"), (0.6, 0.9, 1.0)),
             "MM": (("MMK", "USD", "CNY"), (0.7, 0.9, 1.0))}
_PER_CNY = {"CNY": 1.0, "THB": 5.0, "LAK": 3000.0, "MMK": 290.0, "USD": 0.14}
_MEDIAN_CNY = {"investment": 80_000, "romance": 50_000, "impersonation": 60_000,
               "customer_service": 15_000, "task_job": 20_000, "loan": 5_000,
               "shopping": 2_000, "prize": 5_000, "sextortion": 8_000, "gambling": 30_000,
               "kidnapping_ransom": 150_000, "job_lure": 3_000, "other": 5_000}
_MARKINGS = (Marking.CLEAR.value, Marking.GREEN.value, Marking.AMBER.value,
             Marking.AMBER_STRICT.value, Marking.RED.value)
_MARKING_CUM = (0.10, 0.43, 0.88, 0.96, 1.0)
_BRANDS = {"CN": ("淘宝", "京东", "支付宝", "顺丰快递", "抖音", "拼多多"),
           "TH": ("Shopee", "Lazada", "Kerry Express", "Flash Express", "ธนาคารกสิกรไทย"),
           "LA": ("Shopee", "Facebook", "BCEL One", "Western Union"),
           "MM": ("Facebook", "KBZPay", "Wave Money", "Shopee")}
_KIND_WEIGHTS: dict[str, dict[str, float]] = {
    "investment": {"url": 3, "domain": 2, "handle": 2, "crypto_wallet": 3, "bank_account": 1,
                   "phone": 1, "ip": 0.5, "email": 0.3, "person": 0.1},
    "romance": {"handle": 4, "phone": 2, "crypto_wallet": 2, "bank_account": 1, "url": 1,
                "person": 0.1},
    "impersonation": {"phone": 5, "bank_account": 3, "url": 1, "handle": 1, "person": 0.1},
    "customer_service": {"phone": 4, "url": 2, "bank_account": 2, "handle": 1, "domain": 1,
                         "email": 0.3},
    "task_job": {"handle": 4, "url": 2, "bank_account": 2, "crypto_wallet": 1, "phone": 1},
    "loan": {"url": 2, "phone": 3, "bank_account": 3, "domain": 1, "email": 0.5},
    "shopping": {"url": 3, "domain": 2, "bank_account": 2, "handle": 1, "phone": 1, "email": 1},
    "prize": {"phone": 3, "url": 2, "bank_account": 2},
    "sextortion": {"handle": 3, "phone": 2, "crypto_wallet": 2, "bank_account": 1},
    "gambling": {"url": 3, "domain": 3, "bank_account": 3, "crypto_wallet": 2, "handle": 2,
                 "phone": 1, "ip": 1, "person": 0.1},
    "kidnapping_ransom": {"crypto_wallet": 4, "bank_account": 3, "handle": 3, "phone": 2,
                          "person": 1},
    "job_lure": {"handle": 4, "phone": 3, "person": 1, "url": 0.5},
    "other": {"phone": 2, "handle": 2, "bank_account": 1, "url": 1},
}
_FRAUD_TYPES = ("investment", "romance", "impersonation", "customer_service", "task_job",
                "loan", "shopping", "prize", "sextortion")
_ID_COUNT = (2, 2, 3, 3, 3, 4, 4, 5, 6)


@dataclass(slots=True, eq=False)
class _Plan:
    """Per-group tables prepared once before streaming."""

    group: Group
    pool: list[Ident]
    chunk: int
    scams: tuple[str, ...]
    scam_cum: tuple[float, ...]
    kinds: dict[str, tuple[tuple[list[Ident], ...], tuple[float, ...]]]


def _cum(weights: list[float]) -> tuple[float, ...]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return tuple(out)


def _scam_mix(rng: random.Random, group: Group) -> tuple[tuple[str, ...], tuple[float, ...]]:
    if group.type == "gambling":
        return ("gambling", "other", "task_job"), _cum([0.95, 0.03, 0.02])
    favourites = rng.sample(_FRAUD_TYPES, rng.choice((2, 3, 4)))
    weights = [8.0 if t in favourites else 0.6 for t in _FRAUD_TYPES]
    total = sum(weights)
    scams = (*_FRAUD_TYPES, "kidnapping_ransom", "job_lure", "other")
    return scams, _cum([*weights, total * 0.018, total * 0.028, total * 0.02])


def _plan(rng: random.Random, group: Group) -> _Plan:
    pool = list(group.pool)
    rng.shuffle(pool)
    chunk = max(1, math.ceil(len(pool) / group.report_count))
    scams, scam_cum = _scam_mix(rng, group)
    kinds: dict[str, tuple[tuple[list[Ident], ...], tuple[float, ...]]] = {}
    for scam in scams:
        table = [(group.by_kind[k], w) for k, w in _KIND_WEIGHTS[scam].items()
                 if group.by_kind.get(k)]
        kinds[scam] = (tuple(t for t, _ in table), _cum([w for _, w in table]))
    return _Plan(group, pool, chunk, scams, scam_cum, kinds)


def _pick(rng: random.Random, plan: _Plan, scam: str, chosen: list[Ident], n: int) -> None:
    """Add popular-biased identifiers of the kinds this scam type leaves behind."""
    lists, cum = plan.kinds[scam]
    top = cum[-1]
    for _ in range(n * 3):
        if len(chosen) >= n:
            return
        items = lists[bisect(cum, rng.random() * top)]
        ident = items[int(len(items) * rng.random() ** 2)]
        if ident not in chosen:  # Ident compares by identity: cheap
            chosen.append(ident)
            parent = ident.parent
            if parent is not None and rng.random() < 0.5 and parent not in chosen:
                chosen.append(parent)


def _has(chosen: list[Ident], what: str, *, role: bool = False) -> bool:
    return any((ident.role if role else ident.kind) == what for ident in chosen)


def _amount(rng: random.Random, scam: str, currency: str) -> str:
    if scam == "job_lure" and rng.random() < 0.5:
        return "0"
    value = _MEDIAN_CNY[scam] * math.exp(rng.gauss(0.0, 0.9)) * _PER_CNY[currency]
    if currency in ("LAK", "MMK") or rng.random() < 0.3:
        return str(int(max(1.0, round(value, -2 if value > 1000 else 0))))
    return f"{value:.2f}"


def _occurred(rng: random.Random, reported: int, scam: str) -> int:
    """Reports come days after the fact; families of the held wait longer."""
    delay = rng.expovariate(1 / (20 if scam == "kidnapping_ransom" else 4)) * 1440
    return max(0, int(reported - delay))


def _calendar() -> tuple[list[tuple[str, int]], list[str]]:
    """Day strings with their year, and ``THH:MM:00`` for each minute of a day."""
    days = [((_EPOCH + timedelta(days=d)).strftime("%Y-%m-%d"), (_EPOCH + timedelta(days=d)).year)
            for d in range(1095)]
    return days, [f"T{m // 60:02d}:{m % 60:02d}:00" for m in range(1440)]


def _iso(minute: int, offset: str, days: list[tuple[str, int]],
         clock: list[str]) -> tuple[str, int]:
    """ISO 8601 local time with the agency's UTC offset, and the year (string-built: fast)."""
    day, year = days[minute // 1440]
    return day + clock[minute % 1440] + offset, year


class _RowMaker:
    """Builds rows in stream order; holds the per-agency and per-group counters."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.rng = rng
        self.codes = {a.country: a.code for a in world.agencies}
        self.serial: dict[tuple[str, int], int] = {}
        self.plans = [_plan(rng, g) for g in world.groups]
        self.seen = [0] * len(world.groups)
        self.days, self.clock = _calendar()

    def row(self, key: int) -> tuple[str, dict[str, str]]:
        gi, reported = key & 0xFFFF, key >> 16
        rng, plan = self.rng, self.plans[gi]
        group = plan.group
        k = self.seen[gi]
        self.seen[gi] = k + 1
        scam = plan.scams[bisect(plan.scam_cum, rng.random() * plan.scam_cum[-1])]
        country = group.targets[bisect(group.target_cum, rng.random() * group.target_cum[-1])]
        victim = country
        if scam in ("kidnapping_ransom", "job_lure") and rng.random() < 0.4:
            country = "MM"  # rescued or held in Myanmar, reported to MM-MPF
        elif rng.random() < 0.06:
            victim = rng.choice(("CN", "TH", "LA", "MM", "VN", "MY", ""))
        forced = plan.pool[k * plan.chunk:(k + 1) * plan.chunk]
        chosen = list(forced)
        mode = "columns"
        if not forced:
            roll = rng.random()
            mode = "nothing" if roll < 0.04 else "narrative" if roll < 0.12 else "columns"
        if mode != "nothing":
            _pick(rng, plan, scam, chosen, max(len(chosen), rng.choice(_ID_COUNT)))
        cols = self._columns(chosen if mode == "columns" else [], country, scam)
        mentioned = chosen if mode == "narrative" else []
        if mode == "columns" and chosen and rng.random() < 0.35:
            mentioned = rng.sample(chosen, min(len(chosen), rng.choice((1, 2))))
        return self.codes[country], self._finish(group, scam, country=country, victim=victim,
                                                 cols=cols, mentioned=mentioned,
                                                 reported=reported,
                                                 paid_crypto=_has(chosen, "crypto_wallet"))

    def _columns(self, chosen: list[Ident], country: str, scam: str) -> dict[str, list[str]]:
        rng = self.rng
        cols: dict[str, list[str]] = {}
        for ident in chosen:
            cols.setdefault(COLUMN_OF_KIND[ident.kind], []).append(
                column_spelling(ident, rng, country))
        if not chosen:
            return cols
        if _has(chosen, "shortlink", role=True) and rng.random() < 0.5:
            cols.setdefault("domains", []).append(SHORTENER)
        if rng.random() < 0.12:
            cols.setdefault("domains", []).append(rng.choice(NOISE_DOMAINS))
        if ("ips" in cols and rng.random() < 0.15) or (scam == "gambling" and rng.random() < 0.03):
            cols.setdefault("ips", []).append(rng.choice(NOISE_IPS))
        return cols

    def _finish(self, group: Group, scam: str, *, country: str, victim: str,
                cols: dict[str, list[str]], mentioned: list[Ident], reported: int,
                paid_crypto: bool) -> dict[str, str]:
        rng = self.rng
        currencies, cum = _CURRENCY[country]
        currency = currencies[bisect(cum, rng.random())]
        if paid_crypto and rng.random() < 0.6:
            currency = "USD"
        amount = _amount(rng, scam, currency)
        if rng.random() < 0.03:
            amount = currency = ""
        offset = _TZ[country]
        occurred_at, _ = _iso(_occurred(rng, reported, scam), offset, self.days, self.clock)
        reported_at, year = _iso(reported, offset, self.days, self.clock)
        serial = self.serial.get((country, year), 0) + 1
        self.serial[country, year] = serial
        brand = None
        if scam == "customer_service" or rng.random() < 0.06:
            brand = rng.choice(_BRANDS[country])
        hotline = rng.choice(HOTLINES[country]) if rng.random() < 0.18 else None
        mentions = [(x.kind, narrative_spelling(x, rng, country), x.platform) for x in mentioned]
        text = narrative(rng, lang=LANG_BY_COUNTRY[country], scam=scam, amount=amount,
                         currency=currency, mentions=mentions, base=group.base.name,
                         hotline=hotline, brand=brand, identified=bool(cols))
        marking = _MARKINGS[bisect(_MARKING_CUM, rng.random())]
        if scam == "kidnapping_ransom" and rng.random() < 0.4:
            marking = Marking.RED.value
        row = {"report_id": f"{country}-{year}-{serial:06d}",
               "reported_at": reported_at, "occurred_at": occurred_at,
               "scam_type": scam, "narrative": text, "loss_amount": amount,
               "loss_currency": currency, "victim_country": victim, "marking": marking}
        for column in ID_COLUMNS:
            values = cols.get(column)
            row[column] = ";".join(values) if values else ""
        return row


def _schedule(rng: random.Random, groups: list[Group]) -> array[int]:
    """Every report as ``reported_minute << 16 | group_index``, in time order.

    Times fall in the group's active window plus a reporting delay, capped at the
    end of 2025; sorting makes agency serial numbers follow the calendar.
    """
    keys = array("q")
    for gi, group in enumerate(groups):
        start, span = group.start_day * 1440, group.span_days * 1440
        rand, expo = rng.random, rng.expovariate
        for _ in range(group.report_count):
            reported = min(_LAST_MINUTE, int(start + rand() * span + expo(1 / 5760)))
            keys.append(reported << 16 | gi)
    return array("q", sorted(keys))


def iter_reports(world: World) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield every report of ``world`` lazily (see the module docstring)."""
    rng = rng_for(world.seed, world.size, "rows")
    maker = _RowMaker(world, rng)
    for key in _schedule(rng, world.groups):
        yield maker.row(key)
