"""Network builds remember the newest report they saw, for incremental rebuilds.

Plain ADD/DROP COLUMN (SQLite has both): a batch table copy would have to drop
``network_builds``, which ``networks`` references.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("network_builds", sa.Column("last_report_id", sa.Integer(), nullable=True))
    op.add_column("network_builds", sa.Column("incremental", sa.Boolean(), nullable=False,
                                              server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("network_builds", "incremental")
    op.drop_column("network_builds", "last_report_id")
