from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from counterfraud.services.store import Store
from counterfraud.store import (
    case_tables,  # noqa: F401  (registers the case tables)
    console_tables,  # noqa: F401  (registers the console tables)
    migrate,
)
from counterfraud.store.tables import Base


def test_migrations_build_exactly_the_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_downgrade_to_base_and_upgrade_again(store: Store) -> None:
    migrate.downgrade(store.engine, "base")
    assert not inspect(store.engine).has_table("reports")
    migrate.upgrade(store.engine)
    assert inspect(store.engine).has_table("reports")


def test_upgrade_is_idempotent(store: Store) -> None:
    migrate.upgrade(store.engine)
    assert migrate.is_migrated(store.engine)


def test_migrations_keep_data_across_downgrade_and_upgrade(store: Store) -> None:
    """Each migration also runs on a database that holds rows (foreign keys on)."""
    from counterfraud.services import ingest, networks

    rows = [(1, {"report_id": "R1", "phones": "+8613800138000;+8613900139000"})]
    ingest.ingest_records(store, rows, agency="CN-MPS")
    networks.build(store)
    migrate.downgrade(store.engine, "0004")
    migrate.upgrade(store.engine)
    assert networks.build(store).networks == 1
