"""The record pages keep identifiers out of the server's log: an identifier's page, the
search and the lookup form name a phone number, a URL or an account in their URL, and
neither uvicorn's access log nor the console's names them."""

from __future__ import annotations

import pytest

from conftest import Console, sign_in

pytestmark = pytest.mark.server

SEEN = ("+8613800138000", "%2B8613800138000", "8613800138000", "example-scam",
        "6222021234567890")


def test_identifiers_stay_out_of_the_log(console: Console) -> None:
    with console.client() as http:
        sign_in(http, console, "CN-MPS:analyst")
        assert http.get("/console/identifiers/phone/+8613800138000").status_code == 200
        assert http.get("/console/identifiers/url/https:%2F%2Fpay.example-scam.top%2Fapp"
                        ).status_code == 200
        assert http.get("/console/search", params={"q": "+86 138 0013 8000"}
                        ).status_code == 200
        assert http.get("/console/identifiers", params={
            "kind": "bank_account", "value": "6222021234567890"}).status_code in (303, 422)
        assert http.get("/console/search", params={"q": "pay.example-scam.top"}
                        ).status_code == 200
    logged = console.log.read_text(encoding="utf-8", errors="replace")
    assert "/console/identifiers/phone/<redacted>" in logged
    for value in SEEN:
        assert value not in logged, value
