"""Link analysis ("to dismantle the network, all its links and associated groups must be
targeted"): the identifier graph, its networks and groups, their core members, the links
of any one identifier, network reports, and person matching across agencies.

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
from counterfraud.networks.report import network_report, report_markdown

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
    "network_report",
    "person_matches",
    "report_markdown",
]
