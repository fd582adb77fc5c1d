"""STIX 2.1 export and import rates (objects per second) on a demo world.

Builds the world (``--size medium``: ~50,000 reports, 20-40 s) into a temporary SQLite
store, exports everything the local operator sees, imports the bundle into a fresh
store, and beside it times the peer: ``stix2.parse(bundle_json, allow_custom=True)`` of
the same bundle, which only parses and checks the objects (no database, no policy, no
normalisation). Also exports one federation page set, as a partner pulls it.

    python benchmarks/stix.py [--size medium] [--seed 7] [--page 5000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import stix2

from counterfraud.services.demo import run_demo
from counterfraud.services.stix import export_bundle, export_page, import_bundle
from counterfraud.services.store import open_store
from counterfraud.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--page", type=int, default=5000, help="federation page size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = open_store(Settings(data_dir=folder / "a",
                                     database_url=f"sqlite:///{folder}/a.db"))
        started = time.perf_counter()
        built = run_demo(source, seed=args.seed, size=args.size, out_dir=folder / "a")
        print(f"demo world: {built.reports} reports in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        bundle = export_bundle(source, for_agency=None)
        exported = time.perf_counter() - started
        objects = len(bundle["objects"])
        text = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        kinds = Counter(o["type"] for o in bundle["objects"])
        print(f"bundle: {objects} objects, {len(text) / 1e6:.1f} MB; "
              + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
        print(f"export (counterfraud, through the policy): {exported:.1f} s, "
              f"{objects / exported:,.0f} objects/s")

        agency = built.keys[0].agency
        started, pages, paged = time.perf_counter(), 0, 0
        cursor = ""
        while True:
            page = export_page(source, for_agency=agency, cursor=cursor, limit=args.page)
            pages, paged = pages + 1, paged + len(page.bundle["objects"])
            cursor = page.cursor
            if not page.has_more:
                break
        elapsed = time.perf_counter() - started
        print(f"federation pages for {agency} ({args.page} records each): {pages} pages, "
              f"{paged} objects in {elapsed:.1f} s, {paged / elapsed:,.0f} objects/s")

        started = time.perf_counter()
        parsed = stix2.parse(text, allow_custom=True)
        peer = time.perf_counter() - started
        print(f"peer stix2.parse(allow_custom=True): {peer:.1f} s, "
              f"{len(parsed.objects) / peer:,.0f} objects/s")

        target = open_store(Settings(data_dir=folder / "b",
                                     database_url=f"sqlite:///{folder}/b.db"))
        started = time.perf_counter()
        result = import_bundle(target, json.loads(text), source="benchmark")
        imported = time.perf_counter() - started
        print(f"import (counterfraud, into a fresh store): {imported:.1f} s, "
              f"{objects / imported:,.0f} objects/s; created {result.created}; "
              f"skipped {len(result.skipped)}")
        source.close()
        target.close()


if __name__ == "__main__":
    main()
