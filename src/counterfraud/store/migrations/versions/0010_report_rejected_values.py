"""Reports keep the identifier values that could not be read (field, value as written,
reason), so a victim's report is never lost for one bad value.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ALTER TABLE: SQLite's batch mode would copy the table and drop the old
    # one, which deletes the rows that refer to its reports when foreign keys are on
    op.add_column("reports", sa.Column("rejected_values", sa.JSON(), nullable=False,
                                       server_default=sa.text("'[]'")))


def downgrade() -> None:
    op.drop_column("reports", "rejected_values")
