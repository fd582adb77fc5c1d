from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

Run = Callable[..., Any]


@pytest.fixture
def agencies(run: Run) -> Run:
    for code, country in (("CN-MPS", "CN"), ("TH-CCIB", "TH")):
        assert run("agency", "add", code, "--country", country, "--name", code).exit_code == 0
    return run


def _add(run: Run, *extra: str) -> Any:
    return run("agreements", "add", "--from", "CN-MPS", "--to", "TH-CCIB",
               "--purpose", "fraud investigations", "--legal-basis", "mlat", *extra)


def test_add_list_revoke(agencies: Run) -> None:
    added = _add(agencies, "--marking", "green", "--marking", "amber",
                 "--record-type", "report", "--record-type", "sighting",
                 "--reference", "MLAT 2025/17", "--json")
    assert added.exit_code == 0, added.output
    made = json.loads(added.output)
    assert made["markings"] == ["TLP:GREEN", "TLP:AMBER"]
    assert made["record_types"] == ["report", "sighting"]
    listed = json.loads(agencies("agreements", "list", "--agency", "TH-CCIB", "--json").output)
    assert [a["id"] for a in listed] == [made["id"]] and listed[0]["revoked_at"] is None
    assert "in force" in agencies("agreements", "list").output
    revoked = agencies("agreements", "revoke", str(made["id"]), "--json")
    assert revoked.exit_code == 0 and json.loads(revoked.output)["revoked_at"]
    assert "revoked" in agencies("agreements", "list").output


@pytest.mark.parametrize(("extra", "message"), [
    (("--marking", "red"), "TLP:RED never leaves"),
    (("--marking", "blue"), "unknown marking"),
    (("--marking", "green", "--record-type", "emails"), "unknown record type"),
    (("--marking", "green", "--valid-from", "yesterday"), "valid_from"),
])
def test_bad_agreements_exit_2_naming_what_is_wrong(agencies: Run, extra: tuple[str, ...],
                                                     message: str) -> None:
    result = _add(agencies, *extra)
    assert result.exit_code == 2 and message in result.output


def test_unknown_agency_and_agreement(agencies: Run) -> None:
    result = agencies("agreements", "add", "--from", "CN-MPS", "--to", "LA-MPS",
                      "--purpose", "p", "--legal-basis", "interpol", "--marking", "green")
    assert result.exit_code == 2 and "LA-MPS" in result.output
    assert agencies("agreements", "revoke", "99").exit_code == 2
