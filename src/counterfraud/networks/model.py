"""The value types of link analysis: inputs (reports, sightings, links, options) and
results (networks, groups, ranked members, expansions, person matches). Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from counterfraud.domain import IdentifierRole, LinkType, ScamType
from counterfraud.identifiers import Identifier

__all__ = [
    "SAME_PERSON",
    "Analysis",
    "Expansion",
    "ExpansionNode",
    "ExplicitLink",
    "GraphOptions",
    "Group",
    "Hub",
    "Network",
    "PathStep",
    "PersonMatch",
    "PreviousNetwork",
    "RankedMember",
    "ReportFacts",
    "Sighting",
]

# Link type of the candidate edges entity resolution adds between two person identifiers.
SAME_PERSON = "same_person_candidate"


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What the graph needs of one report; ``key`` is ``agency/report_id``."""

    key: str
    agency: str
    scam_type: ScamType
    reported_at: datetime | None = None
    loss_amount: Decimal | None = None
    loss_currency: str | None = None
    victim_country: str | None = None


@dataclass(frozen=True, slots=True)
class Sighting:
    """One identifier named in one report, in one role."""

    report_key: str
    identifier: Identifier
    role: IdentifierRole = IdentifierRole.MENTIONED


@dataclass(frozen=True, slots=True)
class ExplicitLink:
    """A link an analyst or a seizure established; ``evidence`` holds report keys."""

    source: Identifier
    target: Identifier
    link_type: LinkType
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GraphOptions:
    """Tuning of graph building and analysis. Defaults are calibrated on the demo world
    (``benchmarks/networks_quality.py`` prints the figures they give).

    Hubs (identifiers that would glue unrelated networks together) are removed in three
    steps; each removed identifier is listed with its reason, never silently lost:

    1. allowlisted identifiers (hotlines, banks, shorteners, platforms, CDN ranges);
    2. *ubiquitous*: named in more than ``hub_max_report_share`` of all reports and in at
       least ``hub_min_reports`` reports;
    3. *bridging* (in :func:`analyse`): an identifier whose links reach at least
       ``hub_min_communities`` different communities, each holding at least
       ``hub_min_links`` of its neighbours. A gang's own identifiers stay inside one or
       two communities; a wallet shared by a gambling group and its laundering partners
       reaches two or three; a platform domain or CDN address reaches many.
    """

    hub_max_report_share: float = 0.10
    hub_min_reports: int = 20
    hub_min_communities: int = 4
    hub_min_links: int = 2
    # Leiden (modularity) resolution; see the analysis module for how it was chosen.
    resolution: float = 0.1
    leiden_iterations: int = 4
    seed: int = 7
    explicit_link_weight: float = 1.0
    # Entity resolution: candidate edges between persons scoring at least this.
    match_persons: bool = True
    person_edge_threshold: float = 0.8
    person_edge_weight: float = 0.5
    # Core ranking, score = kind x place x evidence (see the ranking module): evidence
    # weighs the reports naming it, the identifiers it links and the shortest paths
    # through it, each against the best of its kind in its group and square-rooted; the
    # r-th of a kind in a group (from 0) counts 1 / (1 + rank_decay x r).
    rank_weights: tuple[float, float, float] = (0.8, 0.1, 0.1)
    rank_decay: float = 0.5
    # ... then multiplied by a prior per kind: the core of a network is people and what
    # they operate themselves; bank accounts and mail boxes are mostly mules', sites and
    # servers rented infrastructure. (kind value, factor); kinds not listed count 1.
    kind_weights: tuple[tuple[str, float], ...] = (
        ("person", 3.0), ("phone", 1.0), ("handle", 1.0), ("crypto_wallet", 1.0),
        ("bank_account", 0.2), ("email", 0.2), ("domain", 0.2), ("url", 0.2), ("ip", 0.2),
        ("cidr", 0.2))
    betweenness_max_nodes: int = 5_000
    betweenness_cutoff: int = 4
    core_size: int = 100  # members ranked per group (the ranking; reports show its head)


@dataclass(frozen=True, slots=True)
class Hub:
    identifier: Identifier
    reason: str


@dataclass(frozen=True, slots=True)
class PreviousNetwork:
    id: str
    members: frozenset[tuple[str, str]]  # (kind, value)


@dataclass(frozen=True, slots=True)
class RankedMember:
    """``score`` = kind x place x evidence; ``parts`` holds them, and the three measures
    evidence weighs (reports, links, paths: each over the best of its kind in its group,
    square-rooted)."""

    identifier: Identifier
    score: float
    why: str
    parts: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    members: list[Identifier]


@dataclass(slots=True)
class Network:
    id: str
    members: list[Identifier]
    core_members: list[RankedMember]
    groups: list[Group]
    report_keys: list[str]
    overlap: list[Identifier] = field(default_factory=list)


@dataclass(slots=True)
class Analysis:
    networks: list[Network]
    hubs: list[Hub]
    resolution: float

    def network_of(self, identifier: Identifier) -> Network | None:
        for network in self.networks:
            if identifier in network.members:
                return network
        return None


@dataclass(frozen=True, slots=True)
class PathStep:
    """One hop towards the seed: go to ``identifier`` via a link of ``link_type``."""

    identifier: Identifier
    link_type: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExpansionNode:
    identifier: Identifier
    hops: int
    path: tuple[PathStep, ...]  # from this node back to the seed (last step is the seed)


@dataclass(frozen=True, slots=True)
class Expansion:
    seed: Identifier
    nodes: list[ExpansionNode]
    edges: list[tuple[Identifier, Identifier, tuple[str, ...], float]]  # a, b, types, weight


@dataclass(frozen=True, slots=True)
class PersonMatch:
    a: Identifier
    b: Identifier
    score: float
    reasons: tuple[str, ...]
