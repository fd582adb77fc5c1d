"""The case world of the demo: which reports and networks become cases, and what is done
within them, drawn from the world deterministically from its seed.

Three kinds of cases start from a victim's report, sampled from the report stream
(reservoir sampling, one generator: the same seed and size pick the same reports):

- **held for ransom** (kidnapping): the family reports to their home police; captors
  demand a ransom payable to accounts and wallets of the group that holds the victim
  (freeze requests go to the bank holding each account); the victim is located, rescued
  and repatriated, or not yet; the police of the compound's country join the case;
- **job lure**: a victim lured abroad or trafficked into scam work, found in the
  compound, rescued and brought home; the recruiter's handle is taken down once the
  victim is safe (the owner overriding the case's PAP);
- **fraud**: a defrauded victim; freeze requests for the accounts and wallets paid, to
  the bank holding each or in words to whoever does; takedown requests for the sites,
  handles and numbers used.

**Network cases** dismantle the largest networks (ground truth's): the case links the
network, confirms its core members as suspects, who are wanted, arrested where the
compound is and handed over to their own country (deportation, extradition treaty,
MLAT) and charged; workers trafficked into the compound are rescued in the raid.

Everything obeys the rules the services enforce, so the demo can write it as drawn: a
cross-border freeze only by the police of a victim's country (the demo's agreements
allow the rest), no takedown of an identifier that a case under PAP:AMBER or PAP:RED
holds, except by that case's owner giving its reason.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING

from counterfraud.errors import InvalidInput
from counterfraud.identifiers import normalize
from counterfraud.simulate.case_specs import BANKS, CaseSpec, CaseWorld, IdRef
from counterfraud.simulate.case_steps import SampledReport, Steps
from counterfraud.simulate.groups import COLUMN_OF_KIND, Group, Ident, rng_for
from counterfraud.simulate.truth import network_ids

if TYPE_CHECKING:
    from counterfraud.simulate.world import World

__all__ = ["CASE_COUNTS", "build_case_world"]

# cases of each kind per world size: a few per kind, so the demo stays quick
CASE_COUNTS: dict[str, dict[str, int]] = {
    "small": {"ransom": 3, "lure": 3, "fraud": 5, "network": 3},
    "medium": {"ransom": 8, "lure": 8, "fraud": 20, "network": 12},
    "large": {"ransom": 20, "lure": 20, "fraud": 50, "network": 30},
}
SPARE = 4  # reports kept per case wanted, for those that cannot become one
FRAUD_TYPES = ("investment", "romance", "impersonation", "customer_service", "task_job",
               "loan", "shopping", "prize", "sextortion")
PAP = {"kidnapping_ransom": "PAP:RED", "job_lure": "PAP:AMBER"}  # others: PAP:GREEN
_KIND_OF_COLUMN = {column: kind for kind, column in COLUMN_OF_KIND.items()}
_CASE_KINDS = ("phone", "url", "domain", "ip", "email", "bank_account", "crypto_wallet",
               "handle")


def _category(code_country: str, row: dict[str, str]) -> str | None:
    scam = row["scam_type"]
    named = any(row[c] for c in _KIND_OF_COLUMN)
    if scam in ("kidnapping_ransom", "job_lure"):
        home = row["victim_country"] == code_country
        return ("ransom" if scam == "kidnapping_ransom" else "lure") if home and named \
            else None
    if scam in FRAUD_TYPES and row["victim_country"] and (
            row["bank_accounts"] or row["crypto_wallets"]) and row["loss_amount"] not in (
            "", "0") and row["loss_currency"]:
        return "fraud"
    return None


def _sample(world: World, rng: random.Random,
            need: dict[str, int]) -> dict[str, list[SampledReport]]:
    """Reservoirs of the reports that may become cases, in stream order."""
    country = {a.code: a.country for a in world.agencies}
    kept: dict[str, list[SampledReport]] = {c: [] for c in need}
    seen: Counter[str] = Counter()
    for position, (code, row) in enumerate(world.reports()):
        category = _category(country[code], row)
        if category is None or category not in kept:
            continue
        seen[category] += 1
        room, box = need[category] * SPARE, kept[category]
        if len(box) < room:
            box.append(SampledReport(position, code, row))
        else:
            slot = rng.randrange(seen[category])
            if slot < room:
                box[slot] = SampledReport(position, code, row)
    return {c: sorted(box, key=lambda r: r.position) for c, box in kept.items()}


def _resolve(world: World, reports: list[SampledReport]) -> None:
    """Each report's group (most of the identifiers it names belong to it) and those
    identifiers, canonical as the store keeps them; noise belongs to no group."""
    country = {a.code: a.country for a in world.agencies}
    wanted: dict[IdRef, list[SampledReport]] = {}
    for report in reports:
        for column, kind in _KIND_OF_COLUMN.items():
            for raw in filter(None, report.row[column].split(";")):
                try:
                    found = normalize(kind, raw, region=country[report.code])
                except InvalidInput:
                    continue
                wanted.setdefault((kind, found.value), []).append(report)
    votes: dict[int, Counter[str]] = {id(r): Counter() for r in reports}
    named: dict[int, dict[str, list[Ident]]] = {id(r): {} for r in reports}
    for group in world.groups:
        for ident in group.pool:
            for report in wanted.get((ident.kind, ident.value), ()):
                votes[id(report)][group.gid] += 1
                named[id(report)].setdefault(group.gid, []).append(ident)
    groups = {g.gid: g for g in world.groups}
    for report in reports:
        if votes[id(report)]:
            gid = min(votes[id(report)].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            report.group = groups[gid]
            report.idents = list(dict.fromkeys(named[id(report)][gid]))


def build_case_world(world: World) -> CaseWorld:
    """The cases of ``world``: the same for the same seed and size (see the module)."""
    rng = rng_for(world.seed, world.size, "cases")
    need = CASE_COUNTS[world.size]
    sampled = _sample(world, rng, {c: n for c, n in need.items() if c != "network"})
    _resolve(world, [r for box in sampled.values() for r in box])
    networks = network_ids(world)
    steps = Steps(rng, world, networks)
    drafts: list[CaseSpec] = []
    for category in ("ransom", "lure", "fraud"):
        usable = [r for r in sampled[category] if r.group is not None and _usable(r, category)]
        for report in usable[:need[category]]:
            drafts.append(steps.from_report(category, report))
    drafts.extend(steps.network_case(gid) for gid in _largest_networks(
        world, networks, need["network"]))
    return CaseWorld(banks=BANKS, cases=steps.finish(drafts))


def _usable(report: SampledReport, category: str) -> bool:
    kinds = {i.kind for i in report.idents}
    if category == "fraud":
        return bool(kinds & {"bank_account", "crypto_wallet"})
    return bool(kinds & set(_CASE_KINDS))


def _largest_networks(world: World, networks: dict[str, str], count: int) -> list[str]:
    """The largest group of each of the ``count`` networks with the most reports."""
    reports: Counter[str] = Counter()
    best: dict[str, Group] = {}
    for group in world.groups:
        nid = networks[group.gid]
        reports[nid] += group.report_count
        if nid not in best or group.report_count > best[nid].report_count:
            best[nid] = group
    ranked = sorted(reports, key=lambda nid: (-reports[nid], nid))[:count]
    return [best[nid].gid for nid in ranked]
