"""``counterfraud victims ...`` and ``counterfraud agency add --kind bank``: a victim from
missing to repatriated, a ransom demand, as the local operator or ``--as`` one agency;
bad input exits 2 naming the field, refusals exit 1 with the service's words."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

Run = Callable[..., Any]
WALLET = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def as_json(result: Any) -> Any:
    return json.loads(ok(result).stdout)


@pytest.fixture
def case_id(run: Run) -> str:
    """CN's kidnapping case (PAP:RED), with TH, LA and a Chinese bank registered."""
    for code, country in (("CN-MPS", "CN"), ("TH-CCIB", "TH"), ("LA-MPS", "LA")):
        ok(run("agency", "add", code, "--country", country, "--name", code))
    added = ok(run("agency", "add", "CN-ICBC", "--country", "CN", "--name", "ICBC",
                   "--kind", "bank"))
    assert "[bank]" in added.stdout
    opened = as_json(run("cases", "open", "--agency", "CN-MPS", "--scam-type", "kidnapping",
                         "--title", "Held in a compound", "--pap", "green", "--json"))
    return str(opened["id"])


def test_a_victim_at_the_command_line(run: Run, case_id: str) -> None:
    added = as_json(run("victims", "add", case_id, "V-7001", "--kind", "held_for_ransom",
                        "--nationality", "cn", "--officer", "Inspector Zhao",
                        "--family-contact", "brother", "--country", "MM", "--place",
                        "KK Park", "--lat", "16.69", "--lon", "98.51", "--loss", "2000:USD",
                        "--json"))
    assert added["marking"] == "TLP:RED" and added["officer"]["agency"] == "CN-MPS"
    moved = ok(run("victims", "move", "V-7001", "located", "--agency", "MM-MPF,TH-CCIB",
                   "--by", "officer-7"))
    assert moved.stdout.strip() == "V-7001 [located] status missing -> located: MM-MPF, TH-CCIB"
    ok(run("victims", "locate", "V-7001", "--country", "TH", "--place", "Mae Sot"))
    ok(run("victims", "loss", "V-7001", "500", "usd"))
    ok(run("victims", "mark", "V-7001", "amber+strict"))
    shown = ok(run("victims", "show", "V-7001")).stdout
    assert "last known: Mae Sot, TH" in shown and "located by officer-7 with MM-MPF" in shown
    listed = as_json(run("victims", "list", "--case", case_id, "--json"))
    assert [(v["id"], v["marking"], v["losses"]) for v in listed] == [
        ("V-7001", "TLP:AMBER+STRICT", [{"amount": "2500.00", "currency": "USD"}])]
    ransom = as_json(run("victims", "ransom", "V-7001", "--amount", "30000", "--currency",
                         "USD", "--pay", "bank_account:0101 2345 6789", "--pay",
                         f"crypto_wallet:{WALLET}", "--pay", "handle:telegram:@kk_park",
                         "--institution", "CN-ICBC", "--json"))
    assert ransom["blocking"] == "blocked" and ransom["blocked"]["added"] == 3
    [request] = ransom["freeze_requests"]
    assert request["institution"] == "CN-ICBC" and len(request["accounts"]) == 2


@pytest.mark.parametrize(("args", "words"), [
    pytest.param(["--kind", "tourist"], "unknown victim kind", id="kind"),
    pytest.param(["--nationality", "China"], "nationality 'China'", id="nationality"),
    pytest.param(["--loss", "2000"], "loss '2000' must be AMOUNT:CURRENCY", id="loss"),
    pytest.param(["--lat", "95", "--lon", "10", "--country", "MM"],
                 "location.latitude must be between", id="latitude"),
    pytest.param(["--marking", "TLP:PINK"], "unknown marking", id="marking"),
])
def test_bad_input_exits_2_naming_the_field(run: Run, case_id: str, args: list[str],
                                           words: str) -> None:
    values = {"--kind": "lured_abroad", "--nationality": "CN", "--officer": "Zhao"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        values[flag] = value
    flat = [part for pair in values.items() for part in pair]
    result = run("victims", "add", case_id, "V-7002", *flat)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert as_json(run("victims", "list", "--json")) == []


def test_refusals_exit_1_with_the_services_words(run: Run, case_id: str) -> None:
    ok(run("victims", "add", case_id, "V-7003", "--kind", "defrauded", "--nationality",
           "CN", "--officer", "Zhao"))
    wrong = run("victims", "move", "V-7003", "rescued")
    assert wrong.exit_code == 2
    assert "cannot go from 'missing' to 'rescued'; allowed next: located" in wrong.output
    hidden = run("victims", "show", "V-7003", "--as", "TH-CCIB")
    assert hidden.exit_code == 2 and "no victim 'V-7003'" in hidden.output
    taken = run("victims", "add", case_id, "V-7003", "--kind", "defrauded",
                "--nationality", "CN", "--officer", "Zhao")
    assert taken.exit_code == 1 and "V-7003 is taken" in taken.output
    not_a_bank = run("victims", "ransom", "V-7003", "--amount", "10", "--currency", "USD",
                     "--pay", "bank_account:0101 2345 6789", "--institution", "TH-CCIB")
    assert not_a_bank.exit_code == 2 and "TH-CCIB is not a bank" in not_a_bank.output


def test_an_agency_kind_is_checked(run: Run) -> None:
    result = run("agency", "add", "TH-SCB", "--country", "TH", "--name", "SCB",
                 "--kind", "insurer")
    assert result.exit_code == 2 and "unknown agency kind 'insurer'" in result.output
