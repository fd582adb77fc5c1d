"""Reported messages: labelled data for retraining the text model.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reported_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=8), nullable=False),
        sa.Column("sender", sa.String(length=256), nullable=True),
        sa.Column("reporter", sa.String(length=128), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reported_messages")),
    )
    op.create_index(
        op.f("ix_reported_messages_reported_at"), "reported_messages", ["reported_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reported_messages_reported_at"), table_name="reported_messages")
    op.drop_table("reported_messages")
