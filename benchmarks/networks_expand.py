"""Expanding from one identifier as an agency analyst: the neighbourhood read around the
seed (``expand_from`` today) against the graph of every report the analyst may read.

    .venv/bin/python benchmarks/networks_expand.py            # medium demo world
    .venv/bin/python benchmarks/networks_expand.py --size small --seeds 10

Builds the demo world (seed 7) into a temporary SQLite store, picks seeds among the
identifiers the analyst's own reports name, times both ways for hops 1, 2 and 3 and
checks that they reach the same nodes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from counterfraud.domain import ApiRole, Identifier, IdentifierKind, Viewer
from counterfraud.services import network_expansion, networks
from counterfraud.services.demo import run_demo
from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from counterfraud.store import networks as network_rows
from counterfraud.store.tables import AgencyRow, IdentifierRow, ReportIdentifierRow, ReportRow


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="medium")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--agency", default="TH-CCIB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = open_store(Settings(data_dir=data, database_url=f"sqlite:///{data}/cf.db"))
        t0 = time.perf_counter()
        demo = run_demo(store, seed=7, size=args.size, out_dir=data / "demo")
        if demo.networks is None:
            networks.build(store)
        print(f"demo world ({args.size}): {demo.reports} reports in "
              f"{time.perf_counter() - t0:.0f} s")
        with store.transaction() as session:
            named = sorted(set(session.execute(
                select(IdentifierRow.kind, IdentifierRow.value)
                .join(ReportIdentifierRow, ReportIdentifierRow.identifier_id == IdentifierRow.id)
                .join(ReportRow, ReportRow.id == ReportIdentifierRow.report_id)
                .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
                .where(AgencyRow.code == args.agency)).all()))
        viewer = Viewer(args.agency, ApiRole.ANALYST)
        with store.transaction() as session:
            readable = network_rows.visible_report_ids(session, viewer)
        graph, _, _ = networks.load_graph(store, readable)  # seeds: no hub, no allowlisted
        candidates = [i for k, v in named if (i := Identifier(IdentifierKind(k), v)) in graph]
        seeds = random.Random(7).sample(candidates, args.seeds)
        print(f"{args.agency} analyst, {len(seeds)} seeds")
        print(f"{'hops':>4} {'whole median':>13} {'whole p95':>10} {'nearby median':>14} "
              f"{'nearby p95':>11} {'nodes':>6}  same")
        for hops in (1, 2, 3):
            whole_s: list[float] = []
            near_s: list[float] = []
            nodes: list[int] = []
            same = True
            for seed in seeds:
                t = time.perf_counter()
                whole = network_expansion._expand_whole(store, seed, viewer, hops)
                whole_s.append(time.perf_counter() - t)
                t = time.perf_counter()
                near = network_expansion._expand_nearby(store, seed, viewer, hops)
                near = near or network_expansion._expand_whole(store, seed, viewer, hops)
                near_s.append(time.perf_counter() - t)
                nodes.append(len(whole.nodes))
                same = same and whole.nodes == near.nodes and sorted(
                    whole.edges, key=network_expansion._edge_order) == sorted(
                    near.edges, key=network_expansion._edge_order)
            print(f"{hops:>4} {statistics.median(whole_s):>12.3f}s {p95(whole_s):>9.3f}s "
                  f"{statistics.median(near_s):>13.3f}s {p95(near_s):>10.3f}s "
                  f"{statistics.median(nodes):>6.0f}  {'yes' if same else 'NO'}", flush=True)
        store.close()


if __name__ == "__main__":
    main()
