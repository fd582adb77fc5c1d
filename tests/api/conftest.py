"""Fixtures of the API tests: a small world of two agencies in a real SQLite file.

CN-MPS (China) and TH-CCIB (Thailand), each with keys of every role, one revoked key,
three reports: CN's GREEN and AMBER ones and TH's RED one, and one agreement: CN
shares its GREEN records of every type with TH (a bilateral MoU). All synthetic.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from counterfraud.api import create_app
from counterfraud.domain import ApiRole
from counterfraud.services import access, agreements, ingest
from counterfraud.services.store import open_store
from counterfraud.settings import Settings

with warnings.catch_warnings():  # starlette nudges towards httpx2, which is not a dependency
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

A = "CN-MPS"
B = "TH-CCIB"
PHONE_SHARED = "+8613800138000"  # in CN's GREEN and AMBER reports
PHONE_AMBER_ONLY = "+8613900139000"  # only in CN's AMBER report
PHONE_TH = "+66812345678"  # TH's RED report, written in national format
SCAM_URL = "https://pay.example-scam.top/app/login?id=7"

REPORTS: dict[str, list[dict[str, Any]]] = {
    A: [
        {"report_id": "CN-GREEN-1", "reported_at": "2024-03-01T10:00:00+08:00",
         "scam_type": "investment", "marking": "TLP:GREEN", "victim_country": "CN",
         "loss_amount": "1,500.00", "phones": ["+86 138 0013 8000"], "urls": [SCAM_URL],
         "narrative": "Met a trading mentor online."},
        {"report_id": "CN-AMBER-1", "reported_at": "2024-04-01T09:30:00Z",
         "scam_type": "job_lure", "marking": "amber", "victim_country": "CN",
         "loss_amount": 20000, "phones": f"{PHONE_SHARED};{PHONE_AMBER_ONLY}"},
    ],
    B: [
        {"report_id": "TH-RED-1", "reported_at": "2024-05-01T12:00:00+07:00",
         "scam_type": "romance", "marking": "TLP:RED", "victim_country": "TH",
         "phones": "081 234 5678", "loss_amount": "3000"},
    ],
}


@dataclass(frozen=True)
class World:
    settings: Settings
    keys: dict[str, str]  # "CN-MPS:analyst", ..., "revoked" -> secret

    def key(self, name: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[name]}


def settings_for(folder: Path, database_url: str | None = None) -> Settings:
    return Settings(data_dir=folder, database_url=database_url or f"sqlite:///{folder}/t.db")


def build_world(folder: Path, *, database_url: str | None = None) -> World:
    """The world in a SQLite file in ``folder``, or in the (empty) database named."""
    settings = settings_for(folder, database_url)
    store = open_store(settings)
    try:
        access.add_agency(store, code=A, country="CN", name="Ministry of Public Security")
        access.add_agency(store, code=B, country="TH", name="Cyber Crime Investigation Bureau")
        agreements.add_agreement(store, grantor=A, grantee=B, markings=["TLP:GREEN"],
                                 record_types=["all"], purpose="fraud investigations",
                                 legal_basis="bilateral_mou", reference="CN-TH MoU 2024")
        keys = {f"{agency}:{role.value}": access.create_key(store, agency=agency, role=role).secret
                for agency in (A, B) for role in ApiRole}
        revoked = access.create_key(store, agency=A, role=ApiRole.ADMIN)
        access.revoke_key(store, revoked.prefix)
        keys["revoked"] = revoked.secret
        for agency, rows in REPORTS.items():
            result = ingest.ingest_records(store, enumerate(rows, 1), agency=agency)
            assert result.rejected == 0, result.errors
    finally:
        store.close()
    return World(settings=settings, keys=keys)


@pytest.fixture
def world(tmp_path: Path) -> World:
    """A fresh world, for tests that write."""
    return build_world(tmp_path)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """One world per module, for tests that only read."""
    return build_world(tmp_path_factory.mktemp("api-world"))


@pytest.fixture(scope="module")
def shared_client(shared_world: World) -> Iterator[TestClient]:
    with TestClient(create_app(shared_world.settings)) as test_client:
        yield test_client
