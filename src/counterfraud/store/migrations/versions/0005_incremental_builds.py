"""Network builds remember the newest report they saw, for incremental rebuilds.

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
    with op.batch_alter_table("network_builds") as batch:
        batch.add_column(sa.Column("last_report_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("incremental", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("network_builds") as batch:
        batch.drop_column("incremental")
        batch.drop_column("last_report_id")
