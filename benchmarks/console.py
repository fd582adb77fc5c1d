"""The console's pages timed on the medium demo world: p50 and p95 per page over many
sequential requests of one signed-in person; the goal is p95 under 100 ms.

Builds the demo world (``services.demo.run_demo``, seed 7; ``--size medium``: ~50,000
reports, the cases, victims and requests of the demo) into a data folder kept between
runs (``--data-dir``, default ``counterfraud-console-<size>`` in the temporary folder;
the build takes minutes once), starts a real uvicorn (``counterfraud serve``, one
worker) on 127.0.0.1 over it, signs in through the sign-in form with httpx as a new
CN-MPS analyst key (and a bank's operator key for the freeze queue) and requests every
main page in turn, ``--rounds`` times: each round asks each page once, so whatever else
the machine does falls on every page alike. ``GET /health``, which does no database
work, is asked in the same rounds: the peer, what this client and server cost with no
page at all. Times are taken at the client, over keep-alive connections.

    python benchmarks/console.py [--size medium] [--rounds 100] [--data-dir DIR]

Every page must answer 200 (a refusal or an error would time the error page); the run
stops at the first that does not.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from lookups import free_port, server

from counterfraud.domain import ApiRole, Marking, Viewer
from counterfraud.services import access, cases, demo, demo_folder, freeze, networks
from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from counterfraud.web.pages.vocabulary import identifier_href

AGENCY, BANK = "CN-MPS", "CN-ICBC"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Page:
    name: str
    path: str
    who: str = "staff"  # or "bank"
    form: dict[str, str] | None = None  # POSTed (with the session's CSRF token)
    times: list[float] = field(default_factory=list)


def ensure_world(folder: Path, size: str) -> Settings:
    """The demo world in ``folder``: built unless a finished build of ``size`` is there."""
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder}/counterfraud.db")
    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(settings)
    try:
        build = demo_folder.last_build(store)
        if build is not None and build.finished_at is not None and build.size == size:
            print(f"reusing the {size} demo world in {folder}", flush=True)
        else:
            if build is not None:
                raise SystemExit(f"{folder} holds another or an unfinished build; "
                                 "remove it or name another --data-dir")
            print(f"building the {size} demo world in {folder} (minutes, once) ...",
                  flush=True)
            started = time.perf_counter()
            demo.run_demo(store, seed=7, size=size, out_dir=folder)
            print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        store.close()
    return settings


def pages_of(settings: Settings) -> tuple[dict[str, str], list[Page]]:
    """Fresh keys (staff, bank) and the pages to time, on records the analyst may read."""
    store = open_store(settings)
    try:
        keys = {"staff": access.create_key(store, agency=AGENCY, role=ApiRole.ANALYST).secret,
                "bank": access.create_key(store, agency=BANK, role=ApiRole.OPERATOR).secret}
        viewer = Viewer(AGENCY, ApiRole.ANALYST)
        seen = networks.networks(store, viewer, limit=100)
        largest = max(seen, key=lambda n: len(n.members))
        typical = sorted(seen, key=lambda n: len(n.members))[len(seen) // 2]
        core = min((m for m in largest.members if m.core_rank is not None),
                   key=lambda m: m.core_rank or 0)
        phone = next((m.identifier for m in largest.members
                      if m.identifier.kind.value == "phone"), core.identifier)
        total, listed = cases.list_cases(store, viewer, agency=AGENCY, limit=100)
        case = max(listed, key=lambda c: len(c.identifiers))
        if not freeze.queue(store, Viewer(BANK, ApiRole.OPERATOR)):
            shared = next(c for c in listed if c.tlp is not Marking.RED
                          and not c.status.value.startswith("closed"))
            freeze.request_freeze(store, viewer, case_id=shared.id, ask=freeze.ask_of(
                [("bank_account", "6222020200112233445", None)], institution=BANK,
                amount="86000.00", currency="CNY"))
    finally:
        store.close()
    print(f"{AGENCY} sees {len(seen)} networks (largest {largest.id}: "
          f"{len(largest.members):,} members; middle of the 100 listed {typical.id}: "
          f"{len(typical.members)}) "
          f"and {total} cases; case {case.id}", flush=True)
    value = quote(phone.value, safe="")
    return keys, [
        Page("/health (peer)", "/health"),
        Page("home", "/console/"),
        Page("dashboard", "/console/dashboard"),
        Page("kpi", "/console/kpi"),
        Page("search", f"/console/search?q={value}"),
        Page("identifier", identifier_href(phone.kind.value, phone.value)),
        Page("screening (POST)", "/console/screening",
             form={"text": f"Part-time job, 500 a day: add our agent {phone.value} now"}),
        Page("networks", "/console/networks"),
        Page("network (middle)", f"/console/networks/{typical.id}"),
        Page("  its graph.json", f"/console/networks/{typical.id}/graph.json"),
        Page("network (largest)", f"/console/networks/{largest.id}"),
        Page("  its graph.json", f"/console/networks/{largest.id}/graph.json"),
        Page("cases", "/console/cases"),
        Page("case page", f"/console/cases/{case.id}"),
        Page("blocklist", "/console/blocklist"),
        Page("appeals", "/console/appeals"),
        Page("agreements", "/console/agreements"),
        Page("audit trail", "/console/audit"),
        Page("takedowns", "/console/takedowns"),
        Page("freeze queue (bank)", "/console/freeze", who="bank"),
    ]


def signed_in(base: str, key: str) -> tuple[httpx.Client, str]:
    """A client holding a console session, and the session's CSRF token."""
    http = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    form = http.get("/console/sign-in")
    token = CSRF.search(form.text)
    assert token, "no CSRF field on the sign-in page"
    answer = http.post("/console/sign-in", data={"api_key": key, "csrf_token": token.group(1)})
    if answer.status_code != 303:
        raise SystemExit(f"signing in failed: {answer.status_code}")
    home = http.get("/console/")
    found = CSRF.search(home.text)
    assert found, "no CSRF token on the home page"
    return http, found.group(1)


def run(base: str, keys: dict[str, str], pages: list[Page], rounds: int) -> None:
    clients = {who: signed_in(base, key) for who, key in keys.items()}
    try:
        for number in range(rounds + 3):  # three rounds to warm up, not counted
            for page in pages:
                http, token = clients[page.who]
                started = time.perf_counter()
                if page.form is None:
                    answer = http.get(page.path)
                else:
                    answer = http.post(page.path, data={**page.form, "csrf_token": token})
                spent = time.perf_counter() - started
                if answer.status_code != 200:
                    raise SystemExit(f"{page.name}: {page.path} answered "
                                     f"{answer.status_code}:\n{answer.text[:2000]}")
                if number >= 3:
                    page.times.append(spent)
    finally:
        for http, _ in clients.values():
            http.close()


def report(pages: list[Page]) -> None:
    print(f"\n{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   goal p95 < 100 ms")
    for page in pages:
        cuts = statistics.quantiles(page.times, n=20, method="inclusive")
        p50, p95 = statistics.median(page.times) * 1000, cuts[18] * 1000
        verdict = "" if page.name.startswith("/health") else ("ok" if p95 < 100 else "SLOW")
        print(f"{page.name:<22} {p50:8.1f} {p95:8.1f} {max(page.times) * 1000:8.1f}   "
              f"{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.data_dir or Path(tempfile.gettempdir()) / f"counterfraud-console-{args.size}"
    settings = ensure_world(folder, args.size)
    keys, pages = pages_of(settings)
    with server(folder, str(settings.database_url), free_port(), 1) as (base, _pid):
        started = time.perf_counter()
        run(base, keys, pages, args.rounds)
        seconds = time.perf_counter() - started
    print(f"{args.rounds} rounds of {len(pages)} requests in {seconds:.0f} s "
          f"(one uvicorn worker, SQLite, {args.size} demo world)")
    report(pages)


if __name__ == "__main__":
    main()
