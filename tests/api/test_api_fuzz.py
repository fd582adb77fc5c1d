"""Every operation of the API fuzzed from its own OpenAPI schema: no input is a 5xx.

Schemathesis reads the app's schema and, for each operation, sends the schema's boundary
cases (coverage phase: the smallest and largest values allowed, and in negative mode
integers one past their bounds, empty and over-long strings, wrong types, missing and
unknown fields, an undeclared method) and then generated ones (fuzzing phase: valid and,
in negative mode, invalid values; control and NUL characters). Every answer must be
below 500 and, where the schema declares the body of its status, conform to it.

Invalid input is refused by validation before any code that depends on the caller's
role, so it is sent once, with an admin's key (admins may call every operation). Valid
input is sent with the key of an analyst and of an operator too: it reaches what each
role may read or is refused (403). All keys are CN-MPS's.

The world is the API tests' two agencies (``conftest.build_world``: reports marked GREEN,
AMBER and RED, an agreement) plus a CLEAR report, a network build, blocklist entries of
each agency and of the operator, and an open appeal, so that the small ids the fuzzer
tries (1, 2 ...) name real records. Generation is derandomized with a fixed seed: a run
is the same on every machine, and a failure prints the request that reproduces it.

Valid input runs against PostgreSQL too, with fewer examples, for every role: it may
hold what PostgreSQL itself refuses and SQLite stores (NUL characters, integers past
PostgreSQL's ``integer``); invalid input never reaches a database.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from schemathesis.schemas import BaseSchema
from sqlalchemy import create_engine, text

from conftest import A, B, World, build_world
from counterfraud.api import create_app
from counterfraud.domain import Marking
from counterfraud.services import blocklist, ingest, networks
from counterfraud.services.models import default_model_dir
from counterfraud.services.store import open_store
from counterfraud.settings import Settings

ROLES = ["analyst", "admin", "operator"]
SQLITE_EXAMPLES = 25  # generated cases per operation and role, after the coverage cases
POSTGRES_EXAMPLES = 10
SEED = 20240301
CLEAR_REPORT = {"report_id": "TH-CLEAR-1", "reported_at": "2024-06-01T08:00:00+07:00",
                "scam_type": "gambling", "marking": "TLP:CLEAR", "victim_country": "TH",
                "urls": ["https://bet.example-casino.top/"], "phones": "+66 81 111 2222",
                "loss_amount": "700"}


def _schema(*, max_examples: int, modes: list[str]) -> BaseSchema:
    """The app's own schema. The app is built here only to describe itself: its lifespan,
    which opens the store, runs in the tests."""
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        "suppress-health-check": ["too_slow"],  # a test never depends on the machine's speed
        "generation": {"mode": modes[0] if len(modes) == 1 else "all",
                       "max-examples": max_examples, "deterministic": True,
                       "database": "none", "with-security-parameters": False},
        "checks": {"enabled": False, "not_a_server_error": {"enabled": True},
                   "response_schema_conformance": {"enabled": True}},
        "phases": {"examples": {"enabled": False}, "stateful": {"enabled": False},
                   "coverage": {"unexpected-methods": ["patch"]}},
    })
    app = create_app(Settings(data_dir=Path("unused"), database_url="sqlite://"))
    return schemathesis.openapi.from_dict(app.openapi(), config=config)


ANY_ON_SQLITE = _schema(max_examples=SQLITE_EXAMPLES, modes=["positive", "negative"])
VALID_ON_SQLITE = _schema(max_examples=SQLITE_EXAMPLES, modes=["positive"])
VALID_ON_POSTGRES = _schema(max_examples=POSTGRES_EXAMPLES, modes=["positive"])


@pytest.fixture(scope="module")
def model_dir() -> Path:
    """The shipped default text model, for both worlds."""
    return default_model_dir()


def _furnish(world: World, model_dir: Path) -> World:
    """Add what the fuzzer should find to a built world: a CLEAR report, a network build,
    blocklist entries of each agency and of the operator, and an open appeal."""
    settings = world.settings.model_copy(update={"model_dir": model_dir})
    store = open_store(settings)
    try:
        result = ingest.ingest_records(store, enumerate([CLEAR_REPORT], 1), agency=B)
        assert result.rejected == 0, result.errors
        networks.build(store, min_size=1)
        listed = [blocklist.add_entry(store, blocklist.parse_target(kind, value),
                                      actor="setup", reason="seen in reports",
                                      agency=agency, marking=marking)
                  for kind, value, agency, marking in [
                      ("phone", "+8613800138000", A, Marking.GREEN),
                      ("domain", "example-casino.top", B, Marking.AMBER),
                      ("ip", "203.0.113.7", None, Marking.CLEAR)]]
        blocklist.appeal(store, entry_id=listed[0].id, contact="owner@example.com",
                         statement="this number is my shop's")
    finally:
        store.close()
    return dataclasses.replace(world, settings=settings)


@pytest.fixture(scope="module")
def sqlite_world(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> World:
    return _furnish(build_world(tmp_path_factory.mktemp("fuzz-sqlite")), model_dir)


@pytest.fixture(scope="module")
def sqlite_app(sqlite_world: World) -> FastAPI:
    """The app; each test's first request starts its lifespan (opening the store), and
    schemathesis ends it after the test."""
    return create_app(sqlite_world.settings)


@pytest.fixture(scope="module")
def postgres_world(postgres_url: str, tmp_path_factory: pytest.TempPathFactory,
                   model_dir: Path) -> World:
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:  # empty, whatever earlier tests left there
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    folder = tmp_path_factory.mktemp("fuzz-postgres")
    return _furnish(build_world(folder, database_url=postgres_url), model_dir)


@pytest.fixture(scope="module")
def postgres_app(postgres_world: World) -> FastAPI:
    return create_app(postgres_world.settings)


@ANY_ON_SQLITE.parametrize()
def test_no_input_is_a_server_error_on_sqlite(case: Any, sqlite_world: World,
                                              sqlite_app: FastAPI) -> None:
    case.call_and_validate(app=sqlite_app, headers=sqlite_world.key(f"{A}:admin"))


@pytest.mark.parametrize("role", ["analyst", "operator"])
@VALID_ON_SQLITE.parametrize()
def test_no_valid_input_is_a_server_error_on_sqlite(case: Any, role: str, sqlite_world: World,
                                                    sqlite_app: FastAPI) -> None:
    case.call_and_validate(app=sqlite_app, headers=sqlite_world.key(f"{A}:{role}"))


@pytest.mark.postgres
@pytest.mark.parametrize("role", ROLES)
@VALID_ON_POSTGRES.parametrize()
def test_no_valid_input_is_a_server_error_on_postgres(case: Any, role: str,
                                                      postgres_world: World,
                                                      postgres_app: FastAPI) -> None:
    case.call_and_validate(app=postgres_app, headers=postgres_world.key(f"{A}:{role}"))
