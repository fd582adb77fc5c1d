"""Agencies × markings × record types × read paths: every path shows exactly what the one
policy (``sharing.policy.can_see``) allows, on SQLite and PostgreSQL, through the services
and through the HTTP API.

CN owns one report and one blocklist entry per marking; each report names its own phone
and URL, so what a path shows tells which report it read. The agreements mix markings,
record types, an expired and a revoked agreement.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from counterfraud.api import create_app
from counterfraud.domain import ApiRole, Marking, RecordType, Viewer
from counterfraud.errors import NotFound
from counterfraud.services import access, agreements, blocklist, ingest, networks, reports
from counterfraud.services.feeds import FeedFormat
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.policy import can_see

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
VIEWERS = [CN, TH, LA]
SCAM_TYPES = ["investment", "romance", "loan", "shopping", "prize"]
NOW = datetime.now(UTC)


def _phone(m: Marking) -> str:
    return f"+861380013{8100 + m.rank}"


def _url(m: Marking) -> str:
    return f"https://pay{m.rank}.matrix-scam.top/login"


def _entry(m: Marking) -> str:
    return f"+861700000{1000 + m.rank}"


def _report_row(m: Marking) -> dict[str, Any]:
    return {"report_id": f"CN-{m.rank}", "reported_at": "2025-03-01T10:00:00Z",
            "scam_type": SCAM_TYPES[m.rank], "marking": m.value, "victim_country": "CN",
            "phones": _phone(m), "urls": _url(m), "loss_amount": "100"}


def _grant(store: Store, grantee: str, markings: list[str], types: list[str],
           **when: datetime) -> int:
    made = agreements.add_agreement(store, grantor=CN, grantee=grantee, markings=markings,
                                    record_types=types, purpose="matrix",
                                    legal_basis="bilateral_mou", **when)  # type: ignore[arg-type]
    assert made.id is not None
    return made.id


def _empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@dataclass
class World:
    store: Store
    client: TestClient
    keys: dict[str, dict[str, str]]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                              marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("matrix")
    url = f"sqlite:///{folder}/m.db"
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        _empty_postgres(url)
    settings = Settings(data_dir=folder, database_url=url)
    store = open_store(settings)
    for code in VIEWERS:
        access.add_agency(store, code=code, country=code[:2], name=code)
    ingest.ingest_records(store, enumerate((_report_row(m) for m in Marking), 1), agency=CN)
    for m in Marking:
        target = blocklist.parse_target("phone", _entry(m))
        blocklist.add_entry(store, target, actor="t", reason="r", agency=CN, marking=m)
    _grant(store, TH, ["green", "amber", "amber+strict"], ["report", "sighting",
                                                           "blocklist_entry"])
    _grant(store, LA, ["green", "clear"], ["network", "link", "sighting"])
    _grant(store, LA, ["amber"], ["all"], valid_from=NOW - timedelta(days=10),
           valid_to=NOW - timedelta(days=1))
    revoked = _grant(store, LA, ["amber+strict"], ["all"])
    agreements.revoke_agreement(store, revoked)
    networks.build(store)
    keys = {code: {"X-API-Key": access.create_key(store, agency=code,
                                                  role=ApiRole.ANALYST).secret}
            for code in VIEWERS}
    with TestClient(create_app(settings)) as client:
        yield World(store, client, keys)
    store.close()


Observe = Callable[[World, str, Marking], bool]


def _get_report(w: World, agency: str, m: Marking) -> bool:
    try:
        reports.get_report(w.store, CN, f"CN-{m.rank}", Viewer(agency))
    except NotFound:
        return False
    return True


def _listed(w: World, agency: str, m: Marking) -> bool:
    _, page = reports.list_reports(w.store, Viewer(agency))
    return f"CN-{m.rank}" in {r.report_id for r in page}


def _counted(w: World, agency: str, m: Marking) -> bool:
    return SCAM_TYPES[m.rank] in reports.statistics(w.store, Viewer(agency)).by_scam_type


def _sighted(w: World, agency: str, m: Marking) -> bool:
    return reports.lookup(w.store, "phone", _phone(m), Viewer(agency)).reports == 1


def _linked(w: World, agency: str, m: Marking) -> bool:
    found = reports.lookup(w.store, "url", _url(m), Viewer(agency))
    return any("hosted_on" in li.link_types for li in found.linked)


def _in_network(w: World, agency: str, m: Marking) -> bool:
    return any(member.identifier.value == _phone(m)
               for n in networks.networks(w.store, Viewer(agency), min_size=1)
               for member in n.members)


def _blocklisted(w: World, agency: str, m: Marking) -> bool:
    return _entry(m) in {e.value for e in blocklist.entries(w.store, viewer=Viewer(agency))}


def _in_feed(w: World, agency: str, m: Marking) -> bool:
    return _entry(m) in blocklist.feed(w.store, FeedFormat.CSV, viewer=Viewer(agency))


def _api(path: Callable[[Marking], str], check: Callable[[Any, Marking], bool]) -> Observe:
    def observe(w: World, agency: str, m: Marking) -> bool:
        response = w.client.get(path(m), headers=w.keys[agency])
        assert response.status_code in (200, 404), response.text
        return response.status_code == 200 and check(response, m)
    return observe


def _members(body: list[dict[str, Any]]) -> set[str]:
    return {member["value"] for n in body for member in n["members"]}


PATHS: dict[str, tuple[tuple[RecordType, ...], Observe]] = {
    "get report": ((RecordType.REPORT,), _get_report),
    "list reports": ((RecordType.REPORT,), _listed),
    "statistics": ((RecordType.REPORT,), _counted),
    "identifier lookup": ((RecordType.SIGHTING,), _sighted),
    "explicit links": ((RecordType.SIGHTING, RecordType.LINK), _linked),
    "networks": ((RecordType.NETWORK,), _in_network),
    "blocklist": ((RecordType.BLOCKLIST_ENTRY,), _blocklisted),
    "blocklist feed": ((RecordType.BLOCKLIST_ENTRY,), _in_feed),
    "api GET report": ((RecordType.REPORT,), _api(
        lambda m: f"/v1/reports/{CN}/CN-{m.rank}", lambda r, m: True)),
    "api list reports": ((RecordType.REPORT,), _api(
        lambda m: "/v1/reports",
        lambda r, m: f"CN-{m.rank}" in {i["report_id"] for i in r.json()["items"]})),
    "api lookup": ((RecordType.SIGHTING,), _api(
        lambda m: f"/v1/identifiers/phone/{_phone(m)}", lambda r, m: r.json()["reports"] == 1)),
    "api stats": ((RecordType.REPORT,), _api(
        lambda m: "/v1/stats", lambda r, m: SCAM_TYPES[m.rank] in r.json()["by_scam_type"])),
    "api networks": ((RecordType.NETWORK,), _api(
        lambda m: "/v1/networks?min_size=1", lambda r, m: _phone(m) in _members(r.json()))),
    "api blocklist": ((RecordType.BLOCKLIST_ENTRY,), _api(
        lambda m: "/v1/blocklist",
        lambda r, m: _entry(m) in {e["value"] for e in r.json()["items"]})),
    "api blocklist feed": ((RecordType.BLOCKLIST_ENTRY,), _api(
        lambda m: "/v1/blocklist/feed?format=csv", lambda r, m: _entry(m) in r.text)),
}


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("marking", list(Marking), ids=[m.name for m in Marking])
@pytest.mark.parametrize("agency", VIEWERS)
def test_every_read_path_shows_exactly_what_the_policy_allows(
        world: World, agency: str, marking: Marking, path: str) -> None:
    record_types, observe = PATHS[path]
    granted = agreements.list_agreements(world.store)
    expected = all(can_see(Viewer(agency), owner=CN, marking=marking, record_type=t,
                           agreements=granted, at=datetime.now(UTC)) for t in record_types)
    assert observe(world, agency, marking) is expected


@pytest.mark.parametrize(("agency", "markings"), [
    (CN, set(Marking)),
    (TH, {Marking.CLEAR, Marking.GREEN, Marking.AMBER, Marking.AMBER_STRICT}),
    (LA, {Marking.CLEAR}),  # LA's GREEN agreement names no reports; AMBER's expired
])
def test_the_matrix_is_not_trivial(world: World, agency: str, markings: set[Marking]) -> None:
    """Guards the guard: each viewer sees a different, known set of reports."""
    assert {m for m in Marking if _get_report(world, agency, m)} == markings
