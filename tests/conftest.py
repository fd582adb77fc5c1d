"""Shared fixtures: a real SQLite store per test and, where a server runs, PostgreSQL.

The PostgreSQL tests use ``COUNTERFRAUD_TEST_POSTGRES_URL`` (default: the local server
on 127.0.0.1:5432, database ``test``); they create a throw-away database and are
skipped with a message when no server answers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from counterfraud.domain import Agency
from counterfraud.services.access import ensure_agency
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

# a busy machine makes examples slow to generate or run; neither is a defect of the code.
# 40 examples a property (tests that need more say so) keep the suite within its budget;
# HYPOTHESIS_PROFILE=thorough runs 500 each
settings.register_profile("counterfraud", deadline=None, max_examples=40,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", deadline=None, max_examples=500,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "counterfraud"))

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
AGENCIES = [Agency("CN-MPS", "CN", "Ministry of Public Security"),
            Agency("TH-CCIB", "TH", "Cyber Crime Investigation Bureau"),
            Agency("LA-MPS", "LA", "Ministry of Public Security")]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL tests skipped: psycopg is not installed "
                    "(pip install -e '.[dev]')")
    admin_url = make_url(os.environ.get("COUNTERFRAUD_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"counterfraud_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as e:
        admin.dispose()
        pytest.skip(f"PostgreSQL tests skipped: no server at "
                    f"{admin_url.render_as_string()} ({type(e).__name__})")
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh, empty database on each backend."""
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/cf.db")
    url = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    return Settings(data_dir=tmp_path, database_url=url)


@pytest.fixture
def store(backend_settings: Settings) -> Iterator[Store]:
    """A migrated store on each backend, with the CN, TH and LA agencies."""
    opened = open_store(backend_settings)
    for agency in AGENCIES:
        ensure_agency(opened, agency)
    yield opened
    opened.close()
