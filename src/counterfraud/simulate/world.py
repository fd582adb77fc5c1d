"""The synthetic world: agencies, groups, the overlaps between them, and ground truth.

``build_world`` draws every group and its identifiers up front (cheap even for the
large world) and nothing else; rows are produced lazily by :mod:`.rows` and the
labelled corpus by :mod:`.corpus`. Every random draw comes from a
``random.Random`` seeded from ``(seed, size, purpose)`` strings, so the same seed and
size give byte-identical output on every run and platform.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from counterfraud.domain import Agency
from counterfraud.errors import InvalidInput
from counterfraud.simulate import sites
from counterfraud.simulate.case_specs import CaseWorld
from counterfraud.simulate.cases import build_case_world
from counterfraud.simulate.corpus import build_corpus
from counterfraud.simulate.groups import BASES, Base, Group, Ident, build_group, rng_for
from counterfraud.simulate.rows import iter_reports
from counterfraud.simulate.truth import ground_truth as _ground_truth

__all__ = ["AGENCIES", "GROUP_COUNTS", "SIZES", "World", "build_world", "rng_for"]

SIZES: dict[str, int] = {"small": 1_000, "medium": 50_000, "large": 1_000_000}
GROUP_COUNTS: dict[str, int] = {"small": 12, "medium": 200, "large": 2_000}
GAMBLING_SHARE = 0.15
MIN_REPORTS_PER_GROUP = 15

AGENCIES: tuple[Agency, ...] = (
    Agency("CN-MPS", "CN", "Ministry of Public Security anti-fraud centre"),
    Agency("TH-CCIB", "TH", "Cyber Crime Investigation Bureau"),
    Agency("LA-MPS", "LA", "Ministry of Public Security"),
    Agency("MM-MPF", "MM", "Myanmar Police Force"),
)


def _allocate(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split ``total`` by ``weights`` (largest remainder), each share >= ``minimum``."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise InvalidInput(f"{total} reports cannot give {len(weights)} groups "
                           f"{minimum} each", field="size")
    wsum = sum(weights)
    exact = [spare * w / wsum for w in weights]
    counts = [minimum + math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - math.floor(exact[i])), i))
    for i in order[:total - sum(counts)]:
        counts[i] += 1
    return counts


def _pick_base(rng: random.Random) -> Base:
    return rng.choices(BASES, [b.weight for b in BASES])[0]


@dataclass(slots=True)
class SharedPayment:
    """A payment identifier used by a gambling group and one or more fraud groups."""

    ident: Ident
    groups: list[str] = field(default_factory=list)


def _share_payments(rng: random.Random, groups: list[Group]) -> list[SharedPayment]:
    """Let some gambling groups launder through the same mules as fraud groups."""
    fraud = [g for g in groups if g.type == "fraud"]
    gambling = [g for g in groups if g.type == "gambling"]
    shared: list[SharedPayment] = []
    for i, gamb in enumerate(gambling):
        if i > 0 and rng.random() > 0.6:
            continue
        same_base = [g for g in fraud if g.base == gamb.base]
        partners = rng.sample(fraud, min(len(fraud), rng.choice((1, 1, 2))))
        if same_base and rng.random() < 0.7:
            partners[0] = rng.choice(same_base)
        payments = [x for x in gamb.pool if x.role == "payment"]
        for ident in rng.sample(payments, min(len(payments), rng.choice((1, 2, 3)))):
            entry = SharedPayment(ident, [gamb.gid])
            for partner in partners:
                if partner.gid not in entry.groups:
                    partner.add(ident)
                    entry.groups.append(partner.gid)
            shared.append(entry)
    return shared


class World:
    """A deterministic synthetic world; see the package docstring for the contract."""

    def __init__(self, seed: int, size: str) -> None:
        if size not in SIZES:
            raise InvalidInput(f"unknown size {size!r}; known: {', '.join(SIZES)}",
                               field="size")
        self.seed = seed
        self.size = size
        self.report_count = SIZES[size]
        self.agencies: list[Agency] = list(AGENCIES)
        rng = rng_for(seed, size, "world")
        n_groups = GROUP_COUNTS[size]
        n_gambling = max(2, round(n_groups * GAMBLING_SHARE))
        gambling_ids = set(rng.sample(range(n_groups), n_gambling))
        types = ["gambling" if i in gambling_ids else "fraud" for i in range(n_groups)]
        gambling_reports = round(self.report_count * GAMBLING_SHARE)
        counts = [0] * n_groups
        for gtype, total in (("gambling", gambling_reports),
                             ("fraud", self.report_count - gambling_reports)):
            idx = [i for i in range(n_groups) if types[i] == gtype]
            weights = [min(40.0, rng.paretovariate(1.2)) for _ in idx]
            for i, count in zip(idx, _allocate(total, weights, MIN_REPORTS_PER_GROUP),
                                strict=True):
                counts[i] = count
        seen = sites.UniqueNames()
        self.groups: list[Group] = []
        for i in range(n_groups):
            gid = f"G{i + 1:04d}"
            self.groups.append(build_group(rng_for(seed, size, gid), gid=gid, gtype=types[i],
                                           base=_pick_base(rng), report_count=counts[i],
                                           seen=seen))
        self.shared = _share_payments(rng, self.groups)
        self._cases: CaseWorld | None = None

    def reports(self) -> Iterator[tuple[str, dict[str, str]]]:
        """Rows as ``(agency_code, row)``, generated lazily in a fixed order."""
        return iter_reports(self)

    def corpus(self) -> list[dict[str, str]]:
        """Labelled scam/legit messages (see :mod:`.corpus`)."""
        return build_corpus(self)

    def cases(self) -> CaseWorld:
        """The case world (see :mod:`.cases`): drawn once, from a walk over the reports,
        the first time it is asked for."""
        if self._cases is None:
            self._cases = build_case_world(self)
        return self._cases

    def ground_truth(self) -> dict[str, Any]:
        """What an analyst should find, JSON-serialisable (see :mod:`.truth`)."""
        return _ground_truth(self)


def build_world(seed: int = 7, size: str = "small") -> World:
    """Build the world for ``seed`` and ``size`` (``small``, ``medium`` or ``large``)."""
    return World(seed, size)
