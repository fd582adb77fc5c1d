"""What a group is, in a name a reader can use: its main scam type, where its leading
phone is registered and where its victims are — ``G01 investment, LA→CN (43
identifiers)`` — computed from the group's own reports in the graph analysed and its own
ranking (an agency's view names its groups from the reports it may read).

The leading phone (the group's best-ranked) tells where the group calls from: the
phones its workers use follow the victims (local SIMs), its bosses' do not."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from counterfraud.identifiers import Identifier
from counterfraud.networks.graph import IdentifierGraph

__all__ = ["GroupProfile", "group_profile", "phone_country"]


@dataclass(frozen=True, slots=True)
class GroupProfile:
    """``scam_type``: the most common among the group's reports; ``base``: the country
    its leading phone is registered in; ``victims``: the most common victim country (the
    reporting agency's country when a report has none). ``None`` when unknown."""

    reports: int
    scam_type: str | None
    base: str | None
    victims: str | None

    @property
    def name(self) -> str:
        """``investment, LA→CN``; ``romance, victims in TH`` when no phone tells the base."""
        where = (f"{self.base}→{self.victims}" if self.base and self.victims
                 else f"victims in {self.victims}" if self.victims
                 else f"phones in {self.base}" if self.base else "")
        scam = self.scam_type.replace("_", " ") if self.scam_type else ""
        return ", ".join(p for p in (scam, where) if p) or "no reports"


@lru_cache(maxsize=65_536)
def phone_country(value: str) -> str | None:
    """The country (ISO alpha-2) an E.164 number belongs to, if it tells."""
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(value))
    except phonenumbers.NumberParseException:
        return None
    return region if region and region != "ZZ" else None


def _most_common(counts: Counter[str]) -> str | None:
    """The most common value; ties go to the first in alphabetical order."""
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def group_profile(graph: IdentifierGraph, members: Iterable[Identifier], *,
                  leading_phone: Identifier | None = None) -> GroupProfile:
    """The profile of the group of ``members`` from the reports of ``graph`` naming them;
    ``leading_phone``: the group's best-ranked phone, if it has one."""
    reports: set[int] = set()
    for member in members:
        v = graph.index.get(member)
        if v is not None:
            reports.update(graph.node_reports[v])
    scams: Counter[str] = Counter()
    victims: Counter[str] = Counter()
    for r in reports:
        facts = graph.reports[r]
        scams[facts.scam_type.value] += 1
        country = facts.victim_country or facts.agency.split("-")[0]
        if len(country) == 2 and country.isalpha():
            victims[country.upper()] += 1
    base = phone_country(leading_phone.value) if leading_phone is not None else None
    return GroupProfile(len(reports), _most_common(scams), base, _most_common(victims))
