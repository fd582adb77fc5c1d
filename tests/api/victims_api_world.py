"""The world of the HTTP tests of victims and freeze requests: the police of China,
Thailand and Laos and three banks, keys of several roles, CN's kidnapping case
(TLP:AMBER+STRICT, PAP:RED) and investment case (TLP:AMBER, PAP:GREEN), and CN's
agreements: with TH naming case, victim and freeze_request, with LA naming the case
only. ``world`` is fresh for each test, on SQLite and PostgreSQL; ``shared`` is one
SQLite world per module, for tests that write nothing that matters to the others."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from tests.services.freeze_world import (
    CN,
    CN_BANK,
    LA,
    LA_BANK,
    TH,
    add_banks,
    grant,
    open_case,
)

from counterfraud.api import create_app
from counterfraud.domain import ApiRole
from counterfraud.services import access
from counterfraud.services.store import open_store
from counterfraud.settings import Settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

KEYS = [(CN, ApiRole.ANALYST), (CN, ApiRole.OPERATOR), (TH, ApiRole.ANALYST),
        (LA, ApiRole.ANALYST), (CN_BANK, ApiRole.OPERATOR), (LA_BANK, ApiRole.ANALYST)]


@dataclass
class World:
    client: TestClient
    keys: dict[str, dict[str, str]]
    case_id: str  # CN's kidnapping case: TLP:AMBER+STRICT, PAP:RED
    green_case_id: str  # CN's investment case: TLP:AMBER, PAP:GREEN
    settings: Settings

    def call(self, method: str, path: str, key: str = f"{CN}:analyst",
             **kwargs: Any) -> Any:
        return self.client.request(method, path, headers=self.keys[key], **kwargs)


def build(folder: Path, url: str) -> tuple[Settings, dict[str, dict[str, str]], str, str]:
    settings = Settings(data_dir=folder, database_url=url)
    store = open_store(settings)
    try:
        for code in (CN, TH, LA):
            access.add_agency(store, code=code, country=code[:2], name=code)
        add_banks(store)
        keys = {f"{agency}:{role.value}": {"X-API-Key": access.create_key(
            store, agency=agency, role=role).secret} for agency, role in KEYS}
        case_id = open_case(store, CN)
        green = open_case(store, CN, scam_type="investment")
        grant(store, CN, TH, ["TLP:AMBER+STRICT"], ["case", "victim", "freeze_request"])
        grant(store, CN, LA, ["TLP:AMBER+STRICT"], ["case"])
    finally:
        store.close()
    return settings, keys, case_id, green


@pytest.fixture(name="world",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    url = f"sqlite:///{tmp_path}/v.db"
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    settings, keys, case_id, green = build(tmp_path, url)
    with TestClient(create_app(settings)) as client:
        yield World(client, keys, case_id, green, settings)



@pytest.fixture(name="shared", scope="module")
def shared_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("victims-fuzz")
    settings, keys, case_id, green = build(folder, f"sqlite:///{folder}/f.db")
    with TestClient(create_app(settings)) as client:
        yield World(client, keys, case_id, green, settings)
