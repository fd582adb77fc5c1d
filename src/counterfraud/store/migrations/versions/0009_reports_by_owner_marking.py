"""An index of reports by owner and marking (with their last change), so that what an
agency may read is summed per (owner, marking) from the index alone (network views).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reports_agency_id_marking_updated_at", "reports",
                    ["agency_id", "marking", "updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_reports_agency_id_marking_updated_at", table_name="reports")
