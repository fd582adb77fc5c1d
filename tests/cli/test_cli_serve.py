"""``counterfraud serve --workers 2``: real processes on 127.0.0.1 sharing one socket."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from counterfraud.domain import ApiRole
from counterfraud.services import access, blocklist
from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from readiness import wait_until_healthy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.server
def test_two_workers_screen_and_stop_cleanly(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/cf.db")
    store = open_store(settings)
    access.add_agency(store, code="TH-CCIB", country="TH", name="CCIB")
    key = access.create_key(store, agency="TH-CCIB", role=ApiRole.OPERATOR).secret
    blocklist.add_entry(store, blocklist.parse_target("phone", "+66812345678"),
                        actor="test", reason="named in reports")
    store.close()
    port = _free_port()
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(tmp_path),
           "COUNTERFRAUD_DATABASE_URL": settings.effective_database_url}
    server = subprocess.Popen([sys.executable, "-m", "counterfraud", "serve", "--port",
                               str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server, log=lambda: server.stderr.read().decode()
                           if server.poll() is not None and server.stderr else "")
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:
            for _ in range(4):  # keep-alive requests reach both workers
                response = client.post("/v1/screen", json={"kind": "call", "items": [
                    {"id": "c1", "caller": "+66 81 234 5678", "callee": "+66898765432"}]})
                assert response.status_code == 200, response.text
                assert response.json()["verdicts"][0]["decision"] == "block"
            assert client.get("/v1/stats").status_code == 403  # operators may not
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(120)
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "/health", timeout=1)
