"""services.network_graph on SQLite and PostgreSQL: a network drawn as an agency sees it
holds its view's members and the links between them with only the reports the agency may
read (a link shown also by another agency's TLP:RED report keeps only its own evidence,
and what that report alone adds is not there); the local operator's graph has every
report; a network the viewer does not see is NotFound."""

from __future__ import annotations

from typing import Any

import pytest

from counterfraud.domain import Viewer
from counterfraud.errors import NotFound
from counterfraud.services import ingest, network_graph, networks
from counterfraud.services.store import Store

CN, TH = "CN-MPS", "TH-CCIB"
URL = "https://pay.scam-one.top/login"
DOMAIN = "scam-one.top"
PHONE, PHONE_2, TH_PHONE = "+8613700001111", "+8613700002222", "+66891112222"


def report(report_id: str, when: str, marking: str = "TLP:GREEN", **ids: Any) -> dict[str, Any]:
    return {"report_id": report_id, "reported_at": when, "scam_type": "investment",
            "marking": marking, "victim_country": "CN", **ids}


def world(store: Store) -> str:
    for agency, rows in (
        (CN, [report("CN-1", "2024-01-10T00:00:00Z", urls=[URL], domains=[DOMAIN],
                     phones=[PHONE]),
              report("CN-2", "2024-03-05T00:00:00Z", phones=[PHONE, PHONE_2])]),
        (TH, [report("TH-RED-1", "2024-02-01T00:00:00Z", "TLP:RED", urls=[URL],
                     domains=[DOMAIN], phones=[TH_PHONE])]),
    ):
        assert ingest.ingest_records(store, enumerate(rows, 1), agency=agency).rejected == 0
    networks.build(store)
    networks.refresh_views(store)
    return next(n.id for n in networks.networks(store, Viewer(agency=CN))
                if any(m.identifier.value == PHONE for m in n.members))


def edge(found: dict[str, Any], a: str, b: str) -> dict[str, Any]:
    return next(e for e in found["edges"] if {e["source"], e["target"]} == {a, b})


def test_the_agency_sees_its_view_and_its_evidence_only(store: Store) -> None:
    network_id = world(store)
    found = network_graph.network_graph(store, network_id, Viewer(agency=CN))
    ids = {n["id"] for n in found["nodes"]}
    assert f"phone:{PHONE}" in ids and f"domain:{DOMAIN}" in ids
    assert f"phone:{TH_PHONE}" not in ids
    hosted = edge(found, f"url:{URL}", f"domain:{DOMAIN}")
    assert "hosted_on" in hosted["types"]
    assert hosted["evidence"] == [f"{CN}/CN-1"] and hosted["reports"] == 1
    assert hosted["first_seen"] == hosted["last_seen"] == "2024-01-10"
    phones = edge(found, f"phone:{PHONE}", f"phone:{PHONE_2}")
    assert phones["evidence"] == [f"{CN}/CN-2"]
    everything = repr(found)
    assert "TH-RED-1" not in everything and TH_PHONE not in everything
    assert {e["source"] for e in found["edges"]} | {e["target"] for e in found["edges"]} <= ids
    node = next(n for n in found["nodes"] if n["id"] == f"phone:{PHONE}")
    assert node["reports"] == 2 and node["first_seen"] == "2024-01-10"


def test_the_operator_reads_every_report(store: Store) -> None:
    world(store)
    operator = next(n.id for n in networks.networks(store, Viewer(agency=None))
                    if any(m.identifier.value == PHONE for m in n.members))
    found = network_graph.network_graph(store, operator, Viewer(agency=None))
    hosted = edge(found, f"url:{URL}", f"domain:{DOMAIN}")
    assert hosted["evidence"] == [f"{CN}/CN-1", f"{TH}/TH-RED-1"]


def test_a_network_the_viewer_does_not_see_is_not_found(store: Store) -> None:
    world(store)
    with pytest.raises(NotFound):
        network_graph.network_graph(store, "N-999999", Viewer(agency=CN))
