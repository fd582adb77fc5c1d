"""A verdict shown to an agency's key holds only the provenance that agency may read."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests_api_helpers import add_entry, screen_one

CALLER = "+8617012345678"


def _hit(client: TestClient, world: Any, key: str) -> dict[str, Any]:
    verdict = screen_one(client, world, key, "call", {"id": "c", "caller": CALLER})
    assert verdict["decision"] == "block"
    [hit] = [r for r in verdict["reasons"] if r["type"] == "blocklist"]
    return hit


def test_a_partner_is_blocked_without_learning_more_than_it_may(client: TestClient,
                                                                world: Any) -> None:
    add_entry(client, world, "CN-MPS:analyst", kind="phone", value=CALLER,
              reason="seized SIM farm, case 2025-114", marking="TLP:AMBER")
    assert _hit(client, world, "CN-MPS:operator")["entry_reason"].startswith("seized")
    hidden = _hit(client, world, "TH-CCIB:operator")
    assert (hidden["agency"], hidden["network_id"], hidden["report_ids"]) == (None, None, [])
    assert hidden["entry_reason"] == "not shared with your agency"
    granted = client.post("/v1/agreements", headers=world.key("CN-MPS:admin"), json={
        "grantee": "TH-CCIB", "markings": ["TLP:AMBER"], "record_types": ["blocklist_entry"],
        "purpose": "interception", "legal_basis": "bilateral_mou"})
    assert granted.status_code == 201
    shown = _hit(client, world, "TH-CCIB:operator")
    assert (shown["agency"], shown["entry_reason"]) == ("CN-MPS",
                                                        "seized SIM farm, case 2025-114")
