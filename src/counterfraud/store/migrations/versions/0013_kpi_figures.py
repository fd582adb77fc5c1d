"""The ministry's figures (services.kpi): reports by when they were reported, with the
owner, marking and loss, and blocklist entries by when they were listed, with the owner,
marking, kind, status and confidence, so that each figure is summed from an index alone
(a report's narrative never read); interception counts as 64-bit integers (a country's
allowed messages of one day pass 2^31).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reports_figures", "reports",
                    ["reported_at", "agency_id", "marking", "loss_currency", "loss_amount"],
                    unique=False)
    op.create_index("ix_blocklist_entries_figures", "blocklist_entries",
                    ["created_at", "agency_id", "marking", "kind", "status", "confidence"],
                    unique=False)
    with op.batch_alter_table("interception_counts") as batch:
        batch.alter_column("count", existing_type=sa.Integer(), type_=sa.BigInteger(),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("interception_counts") as batch:
        batch.alter_column("count", existing_type=sa.BigInteger(), type_=sa.Integer(),
                           existing_nullable=False)
    op.drop_index("ix_blocklist_entries_figures", table_name="blocklist_entries")
    op.drop_index("ix_reports_figures", table_name="reports")
