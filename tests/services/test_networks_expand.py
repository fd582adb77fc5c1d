"""An expansion read from the seed's neighbourhood equals the one over the graph of every
report the viewer may read: nodes, hops, evidence paths and edges, for every viewer.

The worlds hold several gangs, a hotline named in a third of the reports (a hub for the
viewers who read enough of them, not for the others), an allowlisted shortener, persons
matched across gangs by document or birth date, money flows between gangs (one to an
account no report names) and reports hidden from some viewers by their marking."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select

from counterfraud.domain import ApiRole, Identifier, IdentifierKind, LinkType, Viewer
from counterfraud.errors import NotFound
from counterfraud.identifiers import normalize
from counterfraud.networks import Expansion
from counterfraud.services import agreements, blocklist, ingest, network_expansion, networks
from counterfraud.services.store import Store
from counterfraud.store import networks as network_rows
from counterfraud.store.exchange import add_links
from counterfraud.store.tables import AgencyRow, IdentifierRow

AGENCIES = ("CN-MPS", "TH-CCIB", "LA-MPS")
MARKINGS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER", "TLP:RED")
HOTLINE = "+8613911112222"
VIEWERS = [Viewer(None), Viewer("CN-MPS", ApiRole.ANALYST),
           Viewer("TH-CCIB", ApiRole.ANALYST), Viewer("LA-MPS", ApiRole.ANALYST)]
# persons by gang: the same document or birth date under other spellings across gangs
PERSONS = {0: ["Zhang Wei|1980-03-02|CN|E12345678", "Li Na||CN|E55555555"],
           1: ["Zhang  Wei|1980-03-02||E12345678", "Somchai Dee|1975-01-01|TH|"],
           2: ["Somchai Dee|1975-01-01|TH|", "Lina Li||CN|E55555555"],
           3: ["Chen Jie|1990-09-09|CN|G1"],
           4: ["Chen Jie|1990-09-09|CN|G1", "Nobody Known"]}


def _world(store: Store, seed: int) -> list[Identifier]:
    """Reports of five gangs (plus the hotline and the shortener); returns every
    identifier worth expanding from."""
    rng = random.Random(seed)
    blocklist.install_allowlist(store, blocklist.default_allowlist(), actor="test")
    agreements.add_agreement(store, grantor="CN-MPS", grantee="TH-CCIB",
                             markings=["green", "amber"], record_types=["network"],
                             purpose="t", legal_basis="mlat")
    agreements.add_agreement(store, grantor="LA-MPS", grantee="CN-MPS", markings=["green"],
                             record_types=["report"], purpose="t", legal_basis="mlat")
    by_agency: dict[str, list[tuple[int, dict[str, object]]]] = {a: [] for a in AGENCIES}
    evidence: dict[str, list[str]] = {a: [] for a in AGENCIES}
    for n in range(rng.randint(90, 130)):
        gang = rng.randrange(5)
        phones = [f"+86138{gang:02d}{rng.randrange(6):06d}" for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.3:
            phones.append(HOTLINE)
        if rng.random() < 0.05:  # a stray contact between gangs
            phones.append(f"+86138{rng.randrange(5):02d}{rng.randrange(6):06d}")
        row: dict[str, object] = {
            "report_id": f"R{n}", "phones": ";".join(phones), "scam_type": "investment",
            "marking": rng.choice(MARKINGS),
            "urls": f"https://gang{gang}.top/p{rng.randrange(4)}",
            "domains": f"gang{gang}.top" + (";bit.ly" if rng.random() < 0.2 else ""),
            "bank_accounts": f"62170{gang:02d}{rng.randrange(4):09d}"}
        if rng.random() < 0.3:
            row["persons"] = rng.choice(PERSONS[gang])
        agency = rng.choice(AGENCIES)
        by_agency[agency].append((n, row))
        evidence[agency].append(f"R{n}")
    for agency, rows in by_agency.items():
        result = ingest.ingest_records(store, rows, agency=agency)
        assert result.rejected == 0, result.errors
    flows = [(normalize("bank_account", f"62170{a:02d}{0:09d}"),
              normalize("bank_account", f"62170{b:02d}{1:09d}")) for a, b in ((0, 1), (2, 3))]
    flows.append((normalize("bank_account", f"62170{4:02d}{2:09d}"),
                  normalize("bank_account", "6217099999999999")))  # named in no report
    with store.transaction() as session:
        for agency in AGENCIES:
            owner = session.scalars(select(AgencyRow.id).where(AgencyRow.code == agency)).one()
            add_links(session, owner, [(s, t, LinkType.MONEY_FLOW,
                                        tuple(rng.sample(evidence[agency], 2)))
                                       for s, t in flows if rng.random() < 0.7])
    with store.transaction() as session:
        return [Identifier(IdentifierKind(k), v)
                for k, v in session.execute(select(IdentifierRow.kind, IdentifierRow.value))]


def _canonical(found: Expansion) -> tuple[Any, ...]:
    return found.seed, found.nodes, sorted(found.edges, key=network_expansion._edge_order)


def _both(store: Store, seed: Identifier, viewer: Viewer, hops: int) -> tuple[Any, Any]:
    try:
        whole: Any = _canonical(network_expansion._expand_whole(store, seed, viewer, hops))
    except NotFound:
        whole = NotFound
    try:
        nearby = network_expansion._expand_nearby(store, seed, viewer, hops)
        assert nearby is not None, "no fallback expected in these worlds"
        near: Any = _canonical(nearby)
    except NotFound:
        near = NotFound
    return whole, near


@pytest.mark.parametrize("world", [1, 2, 3])
def test_the_neighbourhood_gives_what_the_whole_graph_gives(store: Store, world: int) -> None:
    identifiers = _world(store, world)
    hubs = found = person_edges = 0
    rng = random.Random(world)
    for viewer in VIEWERS:
        for seed in [normalize("phone", HOTLINE), *rng.sample(identifiers, 12)]:
            for hops in (1, 2, 3):
                whole, near = _both(store, seed, viewer, hops)
                assert near == whole, (viewer, seed, hops)
                if whole is NotFound:
                    continue
                found += 1
                person_edges += any("same_person_candidate" in types
                                    for _, _, types, _ in whole[2])
        with store.transaction() as session:
            readable = network_rows.visible_report_ids(session, viewer)
        graph, _, _ = networks.load_graph(store, readable)
        hubs += sum(h.reason.startswith("ubiquitous") for h in graph.hubs)
    # the worlds do exercise what the rules are about
    assert found and person_edges and hubs


def test_a_hub_seed_is_not_found_like_in_the_whole_graph(store: Store) -> None:
    _world(store, 1)
    hotline = normalize("phone", HOTLINE)
    graph, _, _ = networks.load_graph(store)
    assert hotline in {h.identifier for h in graph.hubs}
    assert _both(store, hotline, Viewer(None), 2) == (NotFound, NotFound)
    with pytest.raises(NotFound):
        network_expansion.expand_from(store, "domain", "bit.ly", viewer=Viewer(None))


def test_expand_from_answers_with_edges_in_a_stable_order(store: Store) -> None:
    _world(store, 2)
    found = network_expansion.expand_from(store, "url", "https://gang0.top/p0", viewer=Viewer(None),
                                 hops=3)
    ends = [(e["a"]["kind"], e["a"]["value"], e["b"]["kind"], e["b"]["value"])
            for e in found["edges"]]
    assert ends == sorted(ends) and len(found["nodes"]) > 1
