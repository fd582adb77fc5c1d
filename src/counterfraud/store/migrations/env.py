"""Alembic environment: uses the engine handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from counterfraud.store import (
    case_tables,  # noqa: F401  (registers the case tables)
    console_tables,  # noqa: F401  (registers the console tables)
)
from counterfraud.store.tables import Base

config = context.config
engine = config.attributes["engine"]

# Several workers may start on a new database at once: on PostgreSQL they take turns
# (a transaction-scoped advisory lock), so only the first one creates the schema.
MIGRATION_LOCK = 0x43465F4D  # "CF_M"

with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
