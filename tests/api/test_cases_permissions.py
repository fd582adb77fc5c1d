"""Who may do what with a case, end to end through the API and the command line, on
SQLite and PostgreSQL: {owner's analyst, owner's operator key, a partner whose agreement
names cases and the case's marking, a partner without one, a joint-case participant, the
local operator at the command line} x {read, write, move, invite}.

CN-MPS owns a TLP:GREEN case opened for each test; CN shares GREEN records of every type
(cases included) with TH-CCIB; LA-MPS has no agreement; MM-CCID is invited into the case.
A refused action leaves the case as it was."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.api.conftest import A, World, build_world
from typer.testing import CliRunner

from counterfraud.api import create_app
from counterfraud.cli import app as cli_app
from counterfraud.domain import ApiRole
from counterfraud.services import access
from counterfraud.services.store import open_store

LA, MM = "LA-MPS", "MM-CCID"
ACTIONS = ("read", "write", "move", "invite")
# actor -> expected outcome of each action (an HTTP status, or the CLI's exit code)
EXPECTED: dict[str, tuple[int, int, int, int]] = {
    "owner analyst": (200, 200, 200, 201),
    "owner operator key": (403, 403, 403, 403),
    "partner with an agreement": (200, 403, 403, 403),
    "partner without": (404, 404, 404, 404),
    "joint participant": (200, 200, 403, 403),
    "operator at the command line": (0, 0, 0, 0),
}
KEYS = {"owner analyst": f"{A}:analyst", "owner operator key": f"{A}:operator",
        "partner with an agreement": "TH-CCIB:analyst", "partner without": f"{LA}:analyst",
        "joint participant": f"{MM}:analyst"}


@dataclass
class Setting:
    world: World
    client: TestClient
    cli_env: dict[str, str]


def _furnish(world: World) -> World:
    store = open_store(world.settings)
    try:
        for code, country in ((LA, "LA"), (MM, "MM")):
            access.add_agency(store, code=code, country=country, name=code)
            world.keys[f"{code}:analyst"] = access.create_key(
                store, agency=code, role=ApiRole.ANALYST).secret
    finally:
        store.close()
    return world


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def setting(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setting]:
    """One world per backend; on PostgreSQL in a database of its own, which no other test
    resets."""
    folder = tmp_path_factory.mktemp("case-matrix")
    admin = None
    name = ""
    if request.param == "sqlite":
        world = build_world(folder)
    else:
        url = make_url(request.getfixturevalue("postgres_url"))
        name = f"{url.database}_case_matrix"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        world = build_world(folder, database_url=url.set(database=name).render_as_string(
            hide_password=False))
    world = _furnish(world)
    env = {"COUNTERFRAUD_DATA_DIR": str(folder),
           "COUNTERFRAUD_DATABASE_URL": world.settings.effective_database_url}
    try:
        with TestClient(create_app(world.settings)) as client:
            yield Setting(world, client, env)
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def _case(setting: Setting) -> str:
    owner = setting.world.key(f"{A}:analyst")
    made = setting.client.post("/v1/cases", headers=owner, json={
        "scam_type": "investment", "title": "Shared gang", "tlp": "green"})
    assert made.status_code == 201, made.text
    case_id: str = made.json()["id"]
    invited = setting.client.post(f"/v1/cases/{case_id}/participants", headers=owner,
                                  json={"agency": MM, "purpose": "joint investigation"})
    assert invited.status_code == 201, invited.text
    return case_id


def _api(setting: Setting, key: str, action: str, case_id: str) -> int:
    headers = setting.world.key(key)
    client = setting.client
    if action == "read":
        return client.get(f"/v1/cases/{case_id}", headers=headers).status_code
    if action == "write":
        return client.post(f"/v1/cases/{case_id}/notes", headers=headers,
                           json={"text": "seen at the border"}).status_code
    if action == "move":
        return client.post(f"/v1/cases/{case_id}/status", headers=headers,
                           json={"status": "investigating"}).status_code
    return client.post(f"/v1/cases/{case_id}/participants", headers=headers,
                       json={"agency": LA, "purpose": "more hands"}).status_code


def _cli(setting: Setting, action: str, case_id: str) -> int:
    args = {"read": ["cases", "show", case_id],
            "write": ["cases", "note", case_id, "seen at the border"],
            "move": ["cases", "move", case_id, "investigating"],
            "invite": ["cases", "invite", case_id, LA, "--purpose", "more hands"]}[action]
    result: Any = CliRunner().invoke(cli_app, args, env=setting.cli_env)
    return int(result.exit_code)


def _state(setting: Setting, case_id: str) -> tuple[int, list[str]]:
    """The case's version and its participants, as its owner reads them."""
    owner = setting.world.key(f"{A}:analyst")
    shown = setting.client.get(f"/v1/cases/{case_id}", headers=owner).json()
    taking_part = setting.client.get(f"/v1/cases/{case_id}/participants", headers=owner)
    return shown["version"], sorted(p["agency"] for p in taking_part.json())


MATRIX = [pytest.param(actor, action, expected[n], id=f"{actor}-{action}-{expected[n]}")
          for actor, expected in EXPECTED.items() for n, action in enumerate(ACTIONS)]


@pytest.mark.parametrize(("actor", "action", "expected"), MATRIX)
def test_who_may_do_what_with_a_case(setting: Setting, actor: str, action: str,
                                     expected: int) -> None:
    case_id = _case(setting)
    before = _state(setting, case_id)
    got = (_cli(setting, action, case_id) if actor not in KEYS
           else _api(setting, KEYS[actor], action, case_id))
    assert got == expected
    after = _state(setting, case_id)
    allowed = expected in (0, 200, 201)
    if action == "read" or not allowed:
        assert after == before  # a read or a refused change leaves it as it was
    else:
        assert after[0] == before[0] + 1
        assert (LA in after[1]) is (action == "invite")
