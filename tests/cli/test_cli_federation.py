from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

Run = Callable[..., Any]


def test_partner_agencies_and_subscriptions(run: Run) -> None:
    public = json.loads(run("instance", "public-key", "--json").output)["public_key"]
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0
    added = run("agency", "add", "CN-MPS", "--country", "CN", "--name", "MPS", "--partner")
    assert added.exit_code == 0
    base = ["partners", "add", "CN", "--url", "http://127.0.0.1:9", "--api-key", "cf_x",
            "--public-key", public]
    refused = run(*base, "--agency", "CN-MPS")  # a partner's agency cannot subscribe here
    assert refused.exit_code == 2 and "not an agency of this instance" in refused.output
    assert run(*base, "--agency", "TH-CCIB", "--speaks-for", "TH-CCIB").exit_code == 2
    assert run(*base, "--agency", "TH-CCIB", "--speaks-for", "CN-MPS").exit_code == 0
    [partner] = json.loads(run("partners", "list", "--json").output)
    assert partner["speaks_for"] == ["CN-MPS"]
    failed = run("sync", "CN")
    assert failed.exit_code == 1 and "CN" in failed.output and "127.0.0.1:9" in failed.output


def test_a_key_stored_under_another_secret_is_a_clear_error(
        run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    public = json.loads(run("instance", "public-key", "--json").output)["public_key"]
    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0
    assert run("partners", "add", "CN", "--url", "http://127.0.0.1:9", "--api-key",
               "cf_PartnerKey0123456789", "--public-key", public,
               "--agency", "TH-CCIB").exit_code == 0
    monkeypatch.setenv("COUNTERFRAUD_SECRET_KEY", "another secret than the one it was stored with")
    failed = run("sync", "CN")
    assert failed.exit_code == 1
    [line] = failed.stderr.strip().splitlines()
    assert "CN" in line and "COUNTERFRAUD_SECRET_KEY" in line and "Traceback" not in line
    listed = json.loads(run("partners", "list", "--json").output)
    assert "COUNTERFRAUD_SECRET_KEY" in listed[0]["last_error"]
    assert listed[0]["api_key"] == "cf_PartnerK…"
