"""``key list``: prefix, agency, role, created, last used; never the secret."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counterfraud.api import create_app
from counterfraud.settings import Settings

with warnings.catch_warnings():  # starlette nudges towards httpx2, which is not a dependency
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

Run = Callable[..., Any]


def _agency(run: Run) -> None:
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0


def test_keys_are_listed_by_prefix_never_by_secret(run: Run) -> None:
    _agency(run)
    secrets = [run("key", "create", "--agency", "TH-CCIB", "--role", role).stdout.strip()
               for role in ("analyst", "operator")]
    shown = run("key", "list")
    assert shown.exit_code == 0, shown.output
    for secret, role in zip(secrets, ("analyst", "operator"), strict=True):
        assert secret not in shown.output
        assert re.search(rf"{re.escape(secret[:11])}\s*│ TH-CCIB\s*│ {role}\s*│ \d{{4}}-\d\d-\d\d "
                         rf"\d\d:\d\d\s*│ never", shown.output), shown.output
    listed = json.loads(run("key", "list", "--json").stdout)
    assert [k["prefix"] for k in listed] == [s[:11] for s in secrets]
    assert set(listed[0]) == {"prefix", "agency", "role", "created_at", "last_used_at",
                              "revoked_at"}
    assert all(s not in json.dumps(listed) for s in secrets)


def test_revoked_keys_are_listed_only_when_asked(run: Run) -> None:
    _agency(run)
    secret = run("key", "create", "--agency", "TH-CCIB", "--role", "admin").stdout.strip()
    assert run("key", "revoke", secret[:11]).exit_code == 0
    assert json.loads(run("key", "list", "--json").stdout) == []
    [revoked] = json.loads(run("key", "list", "--revoked", "--json").stdout)
    assert revoked["prefix"] == secret[:11] and revoked["revoked_at"]
    assert "revoked" in run("key", "list", "--revoked").output


def test_an_unknown_agency_is_named(run: Run) -> None:
    result = run("key", "list", "--agency", "LA-MPS")
    assert result.exit_code == 2 and "LA-MPS" in result.stderr


def test_a_key_used_on_the_api_shows_when(run: Run, tmp_path: Path) -> None:
    _agency(run)
    secret = run("key", "create", "--agency", "TH-CCIB", "--role", "analyst").stdout.strip()
    unused = run("key", "create", "--agency", "TH-CCIB", "--role", "operator").stdout.strip()
    settings = Settings(data_dir=tmp_path / "data", database_url=None)
    with TestClient(create_app(settings)) as client:
        assert client.get("/v1/stats", headers={"X-API-Key": secret}).status_code == 200
    # leaving the app closed its store, which wrote the queued use
    listed = {k["prefix"]: k for k in json.loads(run("key", "list", "--json").stdout)}
    assert listed[secret[:11]]["last_used_at"] is not None
    assert listed[unused[:11]]["last_used_at"] is None
