"""Link analysis ("to dismantle the network, all its links and associated groups must be
targeted"): the identifier graph, its networks and groups, their core members, the links
of any one identifier, network reports (a dict and its Markdown, with persons by
their display names and groups by their scam types and countries), and person matching
across agencies.

Pure: no I/O, no database, no settings. Heavy parts run in python-igraph.

    graph = build_graph(reports, sightings, links, allowlist=allowlist)
    analysis = analyse(graph, previous=last_networks)
    for network in analysis.networks:
        print(report_markdown(network_report(network, graph)))
    expand(graph, wallet, hops=2)
"""

from counterfraud.networks.analysis import analyse
from counterfraud.networks.expand import expand
from counterfraud.networks.graph import EdgeInfo, IdentifierGraph, build_graph
from counterfraud.networks.markdown import format_amount, format_losses, report_markdown
from counterfraud.networks.model import (
    SAME_PERSON,
    Analysis,
    Expansion,
    ExpansionNode,
    ExplicitLink,
    GraphOptions,
    Group,
    Hub,
    Network,
    PathStep,
    PersonMatch,
    PreviousNetwork,
    RankedMember,
    ReportFacts,
    Sighting,
)
from counterfraud.networks.persons import person_matches
from counterfraud.networks.report import network_report

__all__ = [
    "SAME_PERSON",
    "Analysis",
    "EdgeInfo",
    "Expansion",
    "ExpansionNode",
    "ExplicitLink",
    "GraphOptions",
    "Group",
    "Hub",
    "IdentifierGraph",
    "Network",
    "PathStep",
    "PersonMatch",
    "PreviousNetwork",
    "RankedMember",
    "ReportFacts",
    "Sighting",
    "analyse",
    "build_graph",
    "expand",
    "format_amount",
    "format_losses",
    "network_report",
    "person_matches",
    "report_markdown",
]
