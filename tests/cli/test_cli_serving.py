"""``serve`` and ``demo`` as a new user meets them: a port in use is one line before any
work; each request is one access-log line; the demo ends with what to do next."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from counterfraud.domain import ApiRole
from counterfraud.services import access
from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from readiness import wait_until_healthy

Run = Callable[..., Any]
SERVED = re.compile(r"^API on (http://127\.0\.0\.1:(\d+)) ")


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another process listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


@pytest.mark.parametrize("args", [
    pytest.param(["serve"], id="serve"),
    pytest.param(["serve", "--workers", "2"], id="serve-two-workers"),
    pytest.param(["demo"], id="demo"),
])
def test_a_port_in_use_is_one_line_before_any_work(run: Run, tmp_path: Path,
                                                   taken_port: int, args: list[str]) -> None:
    result = run(*args, "--port", str(taken_port))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""  # no "API on ..." before failing
    [line] = result.stderr.strip().splitlines()
    assert f"127.0.0.1:{taken_port}" in line and "already in use" in line
    assert "--port" in line and "Traceback" not in line
    assert not (tmp_path / "data" / "counterfraud.db").exists()  # nothing was built


def test_an_address_that_does_not_resolve_names_the_host_option(run: Run) -> None:
    result = run("serve", "--host", "no-such-host.invalid", "--port", "0")
    assert result.exit_code == 1
    assert "no-such-host.invalid" in result.stderr and "--host" in result.stderr


def _env(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(settings.data_dir),
           "COUNTERFRAUD_DATABASE_URL": settings.effective_database_url}
    env.pop("PYTHONUNBUFFERED", None)  # the lines must come out of a pipe unasked
    return env


def _started(process: subprocess.Popen[str], log: Path) -> str:
    """The URL from the ``API on ...`` line, read from the process's output as it comes
    (the demo prints its results and next steps before it)."""
    assert process.stdout is not None
    before: list[str] = []
    for line in process.stdout:
        found = SERVED.match(line)
        if found:
            return found.group(1)
        before.append(line)
    pytest.fail(f"exited with {process.wait()} before serving:\n{''.join(before)}"
                f"{log.read_text()}")


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(120)


@pytest.mark.server
@pytest.mark.parametrize("logged", [True, False], ids=["access-log", "no-access-log"])
def test_serve_logs_one_line_per_request_without_secrets(tmp_path: Path,
                                                         logged: bool) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/cf.db")
    store = open_store(settings)
    access.add_agency(store, code="TH-CCIB", country="TH", name="CCIB")
    key = access.create_key(store, agency="TH-CCIB", role=ApiRole.ANALYST).secret
    store.close()
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "counterfraud", "serve", "--port", "0",
             *([] if logged else ["--no-access-log"])],
            env=_env(settings), stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        url = _started(process, log)  # port 0: the line names the port chosen
        wait_until_healthy(url, process, log=log.read_text)
        with httpx.Client(base_url=url, timeout=60) as http:
            assert http.get("/v1/stats", params={"phone": "+66812345678"},
                            headers={"X-API-Key": key}).status_code == 200
            assert http.get("/v1/identifiers/phone/+66812345678", params={"region": "TH"},
                            headers={"Authorization": f"Bearer {key}"}).status_code == 200
            assert http.get("/v1/stats", headers={"X-API-Key": "not-a-key"}).status_code == 401
    finally:
        _stop(process)
    lines = log.read_text()
    stamp = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} "
    prefix = re.escape(key[:11])
    expected = [rf"{stamp}GET /v1/stats 200 \d+\.\d ms key {prefix}$",
                rf"{stamp}GET /v1/identifiers/phone/<redacted> 200 \d+\.\d ms key {prefix}$",
                rf"{stamp}GET /v1/stats 401 \d+\.\d ms key \?$"]
    for pattern in expected:
        assert bool(re.search(pattern, lines, re.M)) is logged, lines
    for secret in (key, key[11:], "66812345678", "phone=", "region", "not-a-key"):
        assert secret not in lines, f"{secret!r} reached the log:\n{lines}"


@pytest.mark.server
def test_demo_takes_its_port_first_then_says_what_to_do_next(tmp_path: Path,
                                                             run: Run) -> None:
    data = tmp_path / "demo data"
    settings = Settings(data_dir=data, database_url=None)
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "counterfraud", "--data-dir", str(data), "demo",
             "--port", "0"], env=_env(settings) | {"COUNTERFRAUD_DATABASE_URL": ""},
            stdout=subprocess.PIPE, stderr=stderr, text=True)
    assert process.stdout is not None
    shown: list[str] = []
    for line in process.stdout:  # everything up to and with the "API on" line
        shown.append(line)
        if SERVED.match(line):
            break
    output = "".join(shown)
    try:
        served = SERVED.match(shown[-1]) if shown else None
        assert served is not None, output + log.read_text()
        url = served.group(1)
        steps = output[output.index("next steps:"):]
        curl = re.search(r"curl -H 'X-API-Key: (cf_[\w-]+)' (http://\S+)/v1/stats", steps)
        assert curl is not None and curl.group(2) == url, steps
        assert f"counterfraud --data-dir '{data}' serve --port {served.group(2)}" in steps
        assert f"counterfraud --data-dir '{data}' key list" in steps
        assert str(data.resolve()) in steps
        answer = httpx.get(f"{url}/v1/stats", headers={"X-API-Key": curl.group(1)},
                           timeout=60)
        assert answer.status_code == 200 and answer.json()["reports"] > 0
    finally:
        _stop(process)
    progress = log.read_text()
    for stage in ("1/9 building the world", "2/9 storing reports",
                  "8/9 analysing agency views", "9/9 working cases"):
        assert re.search(rf"^{re.escape(stage)} .*done in", progress, re.M), progress
    assert "1,000/1,000 reports" in progress
    assert re.search(rf"GET /v1/stats 200 .* key {re.escape(curl.group(1)[:11])}$",
                     progress, re.M), progress
    agency = re.search(r"as (\w\w-\w+)'s analyst", steps)
    assert agency is not None, steps
    listed = run("--data-dir", str(data), "key", "list", "--agency", agency.group(1))
    assert listed.exit_code == 0, listed.output
    assert re.search(rf"{re.escape(curl.group(1)[:11])} .* analyst .* \d\d:\d\d\s*│\s*$",
                     listed.output, re.M), listed.output
