"""GET /v1/kpi: the figures as the key's agency may read them, the period and split
parsed with errors naming the parameter, analysts only; interceptions screened through
the API reach the figures once the app closes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests_api_helpers import add_entry, screen_one

from conftest import SCAM_URL, A, B, World
from counterfraud.api import create_app
from counterfraud.services.store import Store, open_store
from counterfraud.store.case_tables import CaseRow, SuspectRow
from counterfraud.store.tables import AgencyRow

OPENED = datetime(2024, 6, 3, 10, tzinfo=UTC)
YEAR = {"from": "2024-01", "to": "2024-12"}


def add_case(store: Store, case_id: str, owner: str, marking: str) -> None:
    """A case opened in June 2024 with one suspect arrested then."""
    with store.transaction() as session:
        agency = session.scalar(select(AgencyRow.id).where(AgencyRow.code == owner))
        session.add(CaseRow(id=case_id, agency_id=agency, title="Job lure compound",
                            scam_type="job_lure", marking=marking, pap="PAP:AMBER",
                            status="open", opened_at=OPENED, document={}))
        session.flush()
        session.add(SuspectRow(id=f"S-{case_id}", case_id=case_id, agency_id=agency,
                               marking=marking, status="arrested", identified_at=OPENED,
                               arrested_at=OPENED, document={}))


@pytest.fixture
def cases_client(world: World) -> Iterator[TestClient]:
    """The API world (CN shares its GREEN records of every type with TH) with CN's GREEN,
    AMBER and RED cases and TH's RED one."""
    store = open_store(world.settings)
    try:
        for case_id, owner, marking in (("CN-1", A, "TLP:GREEN"), ("CN-2", A, "TLP:AMBER"),
                                        ("CN-3", A, "TLP:RED"), ("TH-1", B, "TLP:RED")):
            add_case(store, case_id, owner, marking)
    finally:
        store.close()
    with TestClient(create_app(world.settings)) as client:
        yield client


def get(client: TestClient, world: World, key: str, **params: str) -> dict[str, Any]:
    response = client.get("/v1/kpi", params=params, headers=world.key(key))
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


@pytest.mark.parametrize(("key", "cases"), [(f"{A}:analyst", 3), (f"{B}:analyst", 2),
                                            (f"{B}:admin", 2)], ids=["cn", "th", "th-admin"])
def test_each_agency_counts_what_it_may_read(cases_client: TestClient, world: World,
                                             key: str, cases: int) -> None:
    found = get(cases_client, world, key, **YEAR)
    assert found["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert (found["cases"]["opened"], found["arrests"]) == (cases, cases)


def test_split_by_agency_as_the_key_reads_it(cases_client: TestClient, world: World) -> None:
    found = get(cases_client, world, f"{B}:analyst", by="agency", **YEAR)
    assert [(g["agency"], g["cases"]["opened"], g["intercepted"]) for g in found["groups"]] \
        == [(A, 1, None), (B, 1, None)]
    months = get(cases_client, world, f"{B}:analyst", by="month", **YEAR)["groups"]
    assert [g["month"] for g in months][:2] == ["2024-01", "2024-02"]
    assert [g["cases"]["opened"] for g in months] == [0] * 5 + [2] + [0] * 6


def test_operators_keys_may_not_read_the_figures(shared_client: TestClient,
                                                 shared_world: World) -> None:
    response = shared_client.get("/v1/kpi", headers=shared_world.key(f"{A}:operator"))
    assert response.status_code == 403


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "2024-13"}, "from"), ({"to": "yesterday"}, "to"),
    ({"from": "2024-06-01", "to": "2024-05-31"}, "from"), ({"by": "scam_type"}, "by"),
], ids=["month-13", "a-word", "reversed", "unknown-split"])
def test_bad_parameters_are_named(shared_client: TestClient, shared_world: World,
                                  params: dict[str, str], field: str) -> None:
    response = shared_client.get("/v1/kpi", params=params,
                                 headers=shared_world.key(f"{A}:analyst"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_interceptions_screened_here_reach_the_figures(world: World) -> None:
    with TestClient(create_app(world.settings)) as client:
        add_entry(client, world, f"{A}:analyst", kind="url", value=SCAM_URL,
                  reason="victims' reports")
        for _ in range(3):
            assert screen_one(client, world, f"{A}:operator", "url",
                              {"value": SCAM_URL})["decision"] == "block"
    today = datetime.now(UTC).date().isoformat()
    with TestClient(create_app(world.settings)) as client:  # counts written at the close
        for key in (f"{A}:analyst", f"{B}:analyst"):
            found = get(client, world, key, **{"from": today, "to": today})
            assert found["intercepted"] == {"messages": 0, "calls": 0, "urls": 3}
