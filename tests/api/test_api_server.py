"""A real uvicorn, started as operators start it, answering real HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from counterfraud.settings import Settings
from readiness import wait_until
from readiness import wait_until_healthy as wait_for_health

pytestmark = pytest.mark.server


@dataclass
class Server:
    url: str
    keys: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until the process answers /health (failing at once if it exits first)."""
    wait_for_health(url, process, log=log.read_text)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def server_env(settings: Any) -> dict[str, str]:
    return {**os.environ,
            "COUNTERFRAUD_DATABASE_URL": str(settings.database_url),
            "COUNTERFRAUD_DATA_DIR": str(settings.data_dir),
            "COUNTERFRAUD_SECRET_KEY": settings.secret_key,
            "COUNTERFRAUD_ENVIRONMENT": settings.environment.value}


@contextmanager
def running_server(env: dict[str, str], log: Path, *, workers: int) -> Iterator[
        tuple[str, subprocess.Popen[bytes]]]:
    """``uvicorn --factory counterfraud.api:app_from_environment`` until /health answers."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory",
             "counterfraud.api:app_from_environment", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers)],
            env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield url, process
    finally:
        stop(process)


@pytest.fixture
def server(world: Any, tmp_path: Path) -> Iterator[Server]:
    """Two uvicorn workers over the world's SQLite file (migrated and seeded already)."""
    log = tmp_path / "uvicorn.log"
    with running_server(server_env(world.settings), log, workers=2) as (url, process):
        yield Server(url=url, keys=world.keys, process=process, log=log)


def test_real_server_serves_authenticated_requests(server: Server) -> None:
    cn = {"X-API-Key": server.keys["CN-MPS:analyst"]}
    th = {"Authorization": f"Bearer {server.keys['TH-CCIB:analyst']}"}
    with httpx.Client(base_url=server.url, timeout=60) as http:
        health = http.get("/health").json()
        assert health["status"] == "ok"

        assert http.get("/v1/stats").status_code == 401
        assert http.get("/v1/stats", headers={"X-API-Key": server.keys["revoked"]}
                        ).status_code == 401
        assert http.get("/v1/stats", headers={
            "X-API-Key": server.keys["CN-MPS:operator"]}).status_code == 403

        created = http.post("/v1/reports", headers=cn, json={
            "report_id": "CN-SRV-1", "marking": "TLP:CLEAR", "scam_type": "gambling",
            "urls": ["https://bet-vip.example-casino.top/reg?a=1"],
            "phones": "+86 139 0013 9000"})
        assert created.status_code == 201, created.text
        assert created.json()["agency"] == "CN-MPS"

        # Another agency, another connection (possibly the other worker), sees it.
        lookup = http.get("/v1/identifiers/url/"
                          + quote("https://bet-vip.example-casino.top/reg?a=1", safe=""),
                          headers=th)
        assert lookup.status_code == 200, lookup.text
        assert (lookup.json()["known"], lookup.json()["agencies"]) == (True, ["CN-MPS"])
        national = http.get("/v1/identifiers/phone/081 234 5678", params={"region": "TH"},
                            headers=th).json()
        assert (national["value"], national["known"]) == ("+66812345678", True)

        listed = http.get("/v1/reports", params={"scam_type": "gambling"}, headers=th).json()
        assert [r["report_id"] for r in listed["items"]] == ["CN-SRV-1"]
        stats = http.get("/v1/stats", headers=th).json()
        assert stats["by_agency"] == {"CN-MPS": 2, "TH-CCIB": 1}
        assert http.get("/v1/reports/CN-MPS/CN-AMBER-1", headers=th).status_code == 404
        assert http.get("/openapi.json").status_code == 200

    stop(server.process)
    log = server.log.read_text()
    assert "Application startup complete" in log
    assert "GET /v1/identifiers/phone/<redacted>" in log
    for secret in (*server.keys.values(), "234%205678", "812345678", "bet-vip", "13900139000"):
        assert secret not in log, f"{secret!r} leaked into the server log"


def test_workers_starting_together_on_a_new_database(tmp_path: Path) -> None:
    """Four workers race to migrate an empty SQLite file; every one must come up."""
    workers = 4
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/new.db")
    log = tmp_path / "uvicorn.log"
    with running_server(server_env(settings), log, workers=workers) as (url, process):
        wait_until(lambda: log.read_text().count("Application startup complete") >= workers,
                   process, what=f"{workers} workers started", log=log.read_text)
        assert process.poll() is None, log.read_text()
        assert log.read_text().count("Application startup complete") == workers, \
            log.read_text()
        assert httpx.get(f"{url}/v1/agencies", timeout=60).status_code == 401
    assert "Application startup failed" not in log.read_text()
