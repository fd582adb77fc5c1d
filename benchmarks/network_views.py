"""Networks as each agency sees them: what analysing an agency's own view costs, and what
reading it costs afterwards, beside the instance's whole build (the peer: one analysis
of every report).

    .venv/bin/python benchmarks/network_views.py            # medium demo world
    .venv/bin/python benchmarks/network_views.py --size small

Builds the demo world (seed 7) into a temporary SQLite store, then for each agency: the
time to analyse its view (after a build, or after an agreement changes), the time to
check that a stored view is current and list its first page (every later read), and one
network's report; and how many networks and members the agency sees next to the build.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete

from counterfraud.domain import ApiRole, Viewer
from counterfraud.services import access, networks
from counterfraud.services.demo import run_demo
from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from counterfraud.store.tables import NetworkViewMemberRow, NetworkViewNetworkRow, NetworkViewRow


def timed(fn: object, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="medium")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = open_store(Settings(data_dir=data, database_url=f"sqlite:///{data}/cf.db"))
        started = time.perf_counter()
        demo = run_demo(store, seed=7, size=args.size, out_dir=data / "demo")
        print(f"demo world ({args.size}): {demo.reports} reports in "
              f"{time.perf_counter() - started:.0f} s")
        build = timed(lambda: networks.build(store, full=True), 1)[0]
        whole = networks.networks(store, Viewer(None), limit=100_000)
        print(f"peer, the instance's full build: {build:.1f} s, {len(whole)} networks, "
              f"{sum(len(n.members) for n in whole)} members")
        print("agency    analyse view   read page p50   show p50   networks  members")
        for agency in sorted(a.code for a in access.list_agencies(store)):
            viewer = Viewer(agency, ApiRole.ANALYST)
            with store.transaction() as session:  # forget the stored views: analyse anew
                for table in (NetworkViewMemberRow, NetworkViewNetworkRow, NetworkViewRow):
                    session.execute(delete(table))
            first = timed(lambda v=viewer: networks.agency_view(store, v), 1)[0]
            page = timed(lambda v=viewer: networks.networks(store, v, limit=100), args.repeat)
            seen = networks.networks(store, viewer, limit=100_000)
            show = timed(lambda v=viewer, i=seen[0].id: networks.network(store, i, v),
                         args.repeat) if seen else [0.0]
            print(f"{agency:8}  {first:10.2f} s  {statistics.median(page):11.3f} s  "
                  f"{statistics.median(show):7.3f} s  {len(seen):8}  "
                  f"{sum(len(n.members) for n in seen):7}")
        store.close()


if __name__ == "__main__":
    main()
