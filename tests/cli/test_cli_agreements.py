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


def test_the_same_agreement_twice_is_refused_naming_the_first(agencies: Run) -> None:
    first = _add(agencies, "--marking", "green", "--reference", "MLAT 2025/17", "--json")
    first_id = json.loads(first.output)["id"]
    again = _add(agencies, "--marking", "green", "--reference", "MLAT 2025/17")
    assert again.exit_code == 1, again.output
    assert f"agreement {first_id} already" in again.stderr
    assert len(json.loads(agencies("agreements", "list", "--json").output)) == 1


@pytest.mark.parametrize(("extra", "warned"), [
    pytest.param(("--reference", "MLAT 2026/3"), True, id="another-reference"),
    pytest.param(("--legal-basis", "joint_operation"), True, id="another-legal-basis"),
    pytest.param(("--marking", "amber"), False, id="other-markings"),
    pytest.param(("--record-type", "report"), False, id="other-record-types"),
    pytest.param(("--valid-from", "2031-01-01"), False, id="after-it-ends"),
])
def test_the_same_flow_on_another_basis_is_kept_with_a_warning(
        agencies: Run, extra: tuple[str, ...], warned: bool) -> None:
    first = _add(agencies, "--marking", "green", "--reference", "MLAT 2025/17",
                 "--valid-to", "2030-12-31", "--json")
    first_id = json.loads(first.output)["id"]
    # --legal-basis given twice: the last one counts, as for every option
    second = _add(agencies, "--marking", "green", "--reference", "MLAT 2025/17", *extra)
    assert second.exit_code == 0, second.output
    assert (f"warning: agreement {first_id}" in second.stderr) is warned, second.stderr
    assert len(json.loads(agencies("agreements", "list", "--json").output)) == 2


def test_a_revoked_agreement_may_be_made_again(agencies: Run) -> None:
    first = json.loads(_add(agencies, "--marking", "green", "--json").output)
    assert agencies("agreements", "revoke", str(first["id"])).exit_code == 0
    again = _add(agencies, "--marking", "green")
    assert again.exit_code == 0 and "warning" not in again.stderr, again.output


def test_agreements_list_wraps_instead_of_cutting(agencies: Run) -> None:
    _add(agencies, "--marking", "green", "--marking", "amber", "--marking", "amber+strict",
         "--marking", "clear")
    shown = agencies("agreements", "list").output  # 80 columns, as in a pipe
    assert "…" not in shown
    columns: dict[int, str] = {}
    for line in shown.splitlines():
        if line.startswith("│"):  # a body line: each cell continues its column's text
            for i, cell in enumerate(line.strip("│").split("│")):
                columns[i] = columns.get(i, "") + cell.strip()
    assert columns[3] == "TLP:CLEAR,TLP:GREEN,TLP:AMBER,TLP:AMBER+STRICT", shown
    assert columns[4] == ("blocklist_entry,case,freeze_request,link,network,report,sighting,"
                          "suspect,takedown_request"), shown  # "all" leaves victims out
