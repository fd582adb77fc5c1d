"""Three instances, CN, TH and LA, each with its own SQLite database, data folder, signing
key and real uvicorn on 127.0.0.1, synced with the real command line.

CN shares with TH (GREEN, AMBER, AMBER+STRICT) and LA (GREEN only); TH shares its own
records with LA (GREEN, AMBER). TH and LA subscribe to CN, LA also to TH. Checked on
every side: exact counts, who sees what, RED nowhere outside CN, nothing CN gave TH
reaching LA through TH; a client killed mid-sync and a partner killed mid-sync both end
in exact counts after the next sync; a wrong partner key is refused with nothing imported.
Pages recorded on the wire and played back after the owner revoked an agreement are
refused at every sync.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from counterfraud.domain import ApiRole, Viewer
from counterfraud.services import access, agreements, federation, ingest, reports
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.store.partners import set_cursor

pytestmark = pytest.mark.server

CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
NAMES = {CN: ("CN", "Ministry of Public Security"),
         TH: ("TH", "Cyber Crime Investigation Bureau"),
         LA: ("LA", "Ministry of Public Security")}
MARKINGS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
PER_MARKING = {CN: 20, TH: 4}
START_TIMEOUT = 120.0  # only reached by a process that neither answers nor exits


def ids(agency: str, *markings: str) -> set[str]:
    return {f"{agency}-{m}-{i}" for m in markings for i in range(PER_MARKING[agency])}


CN_TO_TH = ids(CN, "CLEAR", "GREEN", "AMBER", "AMBER+STRICT")
CN_TO_LA = ids(CN, "CLEAR", "GREEN")
TH_TO_LA = ids(TH, "CLEAR", "GREEN", "AMBER")


@dataclass
class Instance:
    agency: str
    folder: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    keys: dict[str, str] = field(default_factory=dict)  # "TH-CCIB" -> an analyst key here

    @property
    def settings(self) -> Settings:
        return Settings(data_dir=self.folder,
                        database_url=f"sqlite:///{self.folder}/counterfraud.db")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "COUNTERFRAUD_DATA_DIR": str(self.folder),
                "COUNTERFRAUD_DATABASE_URL": self.settings.effective_database_url}

    def store(self) -> Store:
        return open_store(self.settings)

    def start(self) -> None:
        self.port = self.port or free_port()
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "counterfraud", "serve", "--port", str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.folder / "server.log").read_text()
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        pytest.fail(f"{self.agency} did not start:\n{(self.folder / 'server.log').read_text()}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(30)
        self.process = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "counterfraud", *args], env=self.env,
                              capture_output=True, text=True, timeout=300, check=False)

    def cli_background(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "counterfraud", *args], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def report_rows(agency: str) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    country = NAMES[agency][0]
    for m, marking in enumerate(MARKINGS):
        for i in range(PER_MARKING[agency]):
            rows.append((len(rows) + 1, {
                "report_id": f"{agency}-{marking}-{i}", "marking": f"TLP:{marking}",
                "scam_type": "investment", "victim_country": country,
                "reported_at": "2025-03-01T10:00:00+00:00",
                "phones": f"+86 139 {m:02d}{i:02d} {1000 + len(agency) * 100 + ord(country[0])}",
                "narrative": f"synthetic report {i} of {agency}"}))
    return rows


def set_up(instance: Instance, *, partners: dict[str, list[str]]) -> None:
    """Home agency, its reports, partner agencies (not home) with analyst keys and the
    agreements from the home agency to each (markings per partner)."""
    store = instance.store()
    try:
        country, name = NAMES[instance.agency]
        access.add_agency(store, code=instance.agency, country=country, name=name)
        instance.keys[instance.agency] = access.create_key(
            store, agency=instance.agency, role=ApiRole.ANALYST).secret
        for partner, markings in partners.items():
            partner_country, partner_name = NAMES[partner]
            access.add_agency(store, code=partner, country=partner_country,
                              name=partner_name, home=False)
            instance.keys[partner] = access.create_key(store, agency=partner,
                                                       role=ApiRole.ANALYST).secret
            agreements.add_agreement(
                store, grantor=instance.agency, grantee=partner, markings=markings,
                record_types=["all"], purpose="joint investigation of scam compounds",
                legal_basis="bilateral_mou", reference=f"{instance.agency}-{partner} MoU")
        if instance.agency in PER_MARKING:
            result = ingest.ingest_records(store, report_rows(instance.agency),
                                           agency=instance.agency)
            assert result.rejected == 0, result.errors
    finally:
        store.close()


def subscribe(subscriber: Instance, partner: Instance, *, name: str | None = None,
              public_key: str | None = None, cli: bool = False,
              url: str | None = None) -> None:
    """Subscribe with the key the partner serves (operators compare its fingerprint)."""
    identity = httpx.get(partner.url + "/v1/federation/public-key", timeout=60).json()
    options = {"name": name or partner.agency[:2], "url": url or partner.url,
               "api_key": partner.keys[subscriber.agency],
               "public_key": public_key or identity["public_key"], "agency": subscriber.agency}
    if cli:
        done = subscriber.cli("partners", "add", options.pop("name"),
                              *(f"--{k.replace('_', '-')}={v}" for k, v in options.items()))
        assert done.returncode == 0, done.stderr
        return
    store = subscriber.store()
    try:
        federation.add_partner(store, **options)
    finally:
        store.close()


def held(instance: Instance, viewer: str | None) -> list[str]:
    """Report ids ``viewer`` sees at ``instance`` (None: everything the instance holds),
    duplicates included."""
    store = instance.store()
    try:
        total, found = reports.list_reports(store, Viewer(viewer, ApiRole.ANALYST),
                                            limit=100_000)
        assert total == len(found)
        return sorted(r.report_id for r in found)
    finally:
        store.close()


def seen_over_http(instance: Instance) -> set[str]:
    key = {"X-API-Key": instance.keys[instance.agency]}
    found: set[str] = set()
    with httpx.Client(base_url=instance.url, headers=key, timeout=30) as http:
        offset = 0
        while True:
            page = http.get("/v1/reports", params={"limit": 100, "offset": offset})
            assert page.status_code == 200, page.text
            items = page.json()["items"]
            found.update(r["report_id"] for r in items)
            if len(items) < 100:
                return found
            offset += 100


def partner_row(instance: Instance, name: str) -> Any:
    store = instance.store()
    try:
        return next(p for p in federation.list_partners(store) if p.name == name)
    finally:
        store.close()


def wait_for_first_page(instance: Instance, name: str,
                        process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while partner_row(instance, name).cursor == "":
        assert process.poll() is None, "the sync ended before its first page was stored"
        assert time.monotonic() < deadline
        time.sleep(0.02)


class Wiretap:
    """Someone on the wire in front of a partner, on its own port: ``forward`` passes each
    pull on and records the answer by cursor; ``replay`` answers with the page recorded for
    the cursor asked; ``own-nonce`` answers with a fresh page it pulled itself with the
    subscriber's key (stolen) but a nonce of its own choosing; ``stall`` passes the first
    page on and holds every later pull until :meth:`release`, so a sync can be
    interrupted after exactly one page however fast the machine is."""

    def __init__(self, target: Instance) -> None:
        self.target, self.mode = target, "forward"
        self.recorded: dict[str, bytes] = {}
        self.released = threading.Event()
        tap = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = tap.answer(self.path, self.headers.get("X-API-Key", ""))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, key: str) -> bytes:
        url = httpx.URL(self.target.url + path)
        cursor = url.params.get("cursor", "")
        if self.mode == "replay" and cursor in self.recorded:
            return self.recorded[cursor]
        if self.mode == "stall" and cursor:
            self.released.wait(START_TIMEOUT)
        if self.mode == "own-nonce":
            url = url.copy_set_param("nonce", "chosen-by-the-one-on-the-wire")
        answer = httpx.get(url, headers={"X-API-Key": key}, timeout=60)
        if self.mode == "forward":
            self.recorded[cursor] = answer.content
        return answer.content

    def stall(self) -> None:
        self.released.clear()
        self.mode = "stall"

    def release(self) -> None:
        self.mode = "forward"
        self.released.set()

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(120)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, Instance]]:
    instances = {a: Instance(a, tmp_path / a[:2].lower()) for a in (CN, TH, LA)}
    set_up(instances[CN], partners={TH: ["GREEN", "AMBER", "AMBER+STRICT"], LA: ["GREEN"]})
    set_up(instances[TH], partners={LA: ["GREEN", "AMBER"]})
    set_up(instances[LA], partners={})
    try:
        for instance in instances.values():
            instance.start()
        yield instances
    finally:
        for instance in instances.values():
            instance.stop()


def test_three_instances_share_exactly_what_their_agreements_allow(
        world: dict[str, Instance]) -> None:
    cn, th, la = world[CN], world[TH], world[LA]
    tap = Wiretap(cn)  # holds later pages while a sync is interrupted
    try:
        _share_exactly_what_agreements_allow(cn, th, la, tap)
    finally:
        tap.close()


def _share_exactly_what_agreements_allow(cn: Instance, th: Instance, la: Instance,
                                         tap: Wiretap) -> None:
    subscribe(th, cn, cli=True, url=tap.url)
    subscribe(la, cn, url=tap.url)
    subscribe(la, th)

    # A partner registered with the wrong public key: refused, nothing imported.
    subscribe(la, cn, name="CN-WRONG-KEY", public_key=httpx.get(
        th.url + "/v1/federation/public-key", timeout=60).json()["public_key"])
    refused = la.cli("sync", "CN-WRONG-KEY")
    assert refused.returncode == 1
    assert "CN-WRONG-KEY" in refused.stderr and "signature" in refused.stderr
    assert held(la, None) == []
    assert la.cli("partners", "remove", "CN-WRONG-KEY").returncode == 0

    # TH's first sync, one record a page, killed once its first page is stored.
    tap.stall()
    syncing = th.cli_background("sync", "CN", "--page-size", "1")
    wait_for_first_page(th, "CN", syncing)
    syncing.send_signal(signal.SIGKILL)
    syncing.wait(30)
    tap.release()
    assert 0 < len(held(th, None)) < len(CN_TO_TH)
    done = th.cli("sync", "CN", "--page-size", "7")
    assert done.returncode == 0, done.stderr

    # LA's sync with CN, and CN killed while it runs: a clean failure and a backoff.
    tap.stall()
    syncing = la.cli_background("sync", "CN", "--page-size", "1")
    wait_for_first_page(la, "CN", syncing)
    cn.stop(signal.SIGKILL)
    tap.release()  # the held pull now finds CN gone
    assert syncing.wait(120) == 1
    down = partner_row(la, "CN")
    assert down.failures == 1 and down.next_attempt_at is not None
    assert tap.url in down.last_error
    again = la.cli("sync", "CN")
    assert again.returncode == 1
    [line] = again.stderr.strip().splitlines()
    assert "CN" in line and tap.url in line
    assert partner_row(la, "CN").failures == 2
    every = la.cli("sync", "--all", "--json")  # CN is backing off: only TH is pulled
    assert every.returncode == 0, every.stderr
    assert '"partner": "TH"' in every.stdout and '"partner": "CN"' not in every.stdout
    cn.start()  # back on the same port
    done = la.cli("sync", "CN")
    assert done.returncode == 0, done.stderr
    assert partner_row(la, "CN").failures == 0

    # Exact counts, no duplicates, on every side.
    all_cn = ids(CN, *MARKINGS)
    assert held(cn, None) == sorted(all_cn)
    assert held(th, None) == sorted(CN_TO_TH | ids(TH, *MARKINGS))
    assert held(th, TH) == held(th, None)
    assert held(la, None) == sorted(CN_TO_LA | TH_TO_LA)
    assert held(la, LA) == held(la, None)
    assert seen_over_http(th) == CN_TO_TH | ids(TH, *MARKINGS)
    assert seen_over_http(la) == CN_TO_LA | TH_TO_LA
    # RED never left its owner; CN's AMBER at TH did not reach LA through TH.
    assert not any("-RED-" in r for r in held(th, None) if r.startswith("CN-"))
    assert not any("-RED-" in r for r in held(la, None))
    assert not {r for r in held(la, None) if r.startswith("CN-")} & ids(
        CN, "AMBER", "AMBER+STRICT")

    # Everything pulled again from the start changes nothing.
    for instance, partner in ((th, "CN"), (la, "CN"), (la, "TH")):
        before = held(instance, None)
        store = instance.store()
        try:
            with store.transaction() as session:
                set_cursor(session, partner, "")
            assert federation.sync_partner(store, partner).pages >= 1
        finally:
            store.close()
        assert held(instance, None) == before

    listed = la.cli("partners", "list", "--json")
    assert listed.returncode == 0
    assert cn.keys[LA] not in listed.stdout and th.keys[LA] not in listed.stdout


def test_a_page_captured_on_the_wire_cannot_be_replayed_after_revocation(
        world: dict[str, Instance]) -> None:
    """LA pulls from CN through someone on the wire who records every page. CN revokes
    its agreement with LA; the recorded pages, still carrying it, are played back to LA:
    each sync is refused (the page answers another nonce) and recorded as a failure, and
    LA keeps nothing new; nor does a fresh page pulled with LA's stolen key but another
    nonce pass. Once LA reaches CN itself, the revocation applies."""
    cn, la = world[CN], world[LA]
    tap = Wiretap(cn)
    try:
        subscribe(la, cn, url=tap.url)
        for _ in range(2):  # the second records the page at LA's last cursor
            done = la.cli("sync", "CN", "--page-size", "15")
            assert done.returncode == 0, done.stderr
        assert {r for r in held(la, LA) if r.startswith("CN-")} == CN_TO_LA
        [to_la] = [a for a in json.loads(cn.cli("agreements", "list", "--json").stdout)
                   if a["grantee"] == LA]
        assert cn.cli("agreements", "revoke", str(to_la["id"])).returncode == 0

        tap.mode = "replay"
        for attempt in range(1, 4):
            replayed = la.cli("sync", "CN")
            assert replayed.returncode == 1
            [line] = replayed.stderr.strip().splitlines()
            assert "CN" in line and "nonce" in line and "replayed" in line
            assert partner_row(la, "CN").failures == attempt
        assert "replayed" in partner_row(la, "CN").last_error

        tap.mode = "own-nonce"
        misdirected = la.cli("sync", "CN")
        assert misdirected.returncode == 1 and "nonce" in misdirected.stderr
        assert held(la, None) == sorted(CN_TO_LA)  # nothing was imported meanwhile

        tap.mode = "forward"
        done = la.cli("sync", "CN")
        assert done.returncode == 0, done.stderr
    finally:
        tap.close()
    assert partner_row(la, "CN").failures == 0
    assert {r for r in held(la, LA) if r.startswith("CN-")} == ids(CN, "CLEAR")
