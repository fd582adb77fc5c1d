"""Interception: blocklist entries with evidence and change history, appeals, allowlist.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "allowlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=2048), nullable=False),
        sa.Column("match", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allowlist_entries")),
        sa.UniqueConstraint("kind", "value", "match", name=op.f("uq_allowlist_entries_kind")),
    )
    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "blocklist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=2048), nullable=False),
        sa.Column("match", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.Column("network_id", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_blocklist_entries_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocklist_entries")),
        sa.UniqueConstraint("kind", "value", "match", name=op.f("uq_blocklist_entries_kind")),
    )
    op.create_index(
        op.f("ix_blocklist_entries_status"), "blocklist_entries", ["status"], unique=False
    )
    op.create_index(
        op.f("ix_blocklist_entries_version"), "blocklist_entries", ["version"], unique=False
    )
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("contact", sa.String(length=256), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["blocklist_entries.id"],
            name=op.f("fk_appeals_entry_id_blocklist_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    op.create_index(op.f("ix_appeals_entry_id"), "appeals", ["entry_id"], unique=False)
    op.create_index(op.f("ix_appeals_status"), "appeals", ["status"], unique=False)
    op.create_table(
        "blocklist_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["blocklist_entries.id"],
            name=op.f("fk_blocklist_changes_entry_id_blocklist_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocklist_changes")),
    )
    op.create_index(
        op.f("ix_blocklist_changes_entry_id"), "blocklist_changes", ["entry_id"], unique=False
    )
    op.create_table(
        "blocklist_evidence",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["blocklist_entries.id"],
            name=op.f("fk_blocklist_evidence_entry_id_blocklist_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_blocklist_evidence_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "report_id", name=op.f("pk_blocklist_evidence")),
    )
    op.create_index(
        op.f("ix_blocklist_evidence_report_id"), "blocklist_evidence", ["report_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_blocklist_evidence_report_id"), table_name="blocklist_evidence")
    op.drop_table("blocklist_evidence")
    op.drop_index(op.f("ix_blocklist_changes_entry_id"), table_name="blocklist_changes")
    op.drop_table("blocklist_changes")
    op.drop_index(op.f("ix_appeals_status"), table_name="appeals")
    op.drop_index(op.f("ix_appeals_entry_id"), table_name="appeals")
    op.drop_table("appeals")
    op.drop_index(op.f("ix_blocklist_entries_version"), table_name="blocklist_entries")
    op.drop_index(op.f("ix_blocklist_entries_status"), table_name="blocklist_entries")
    op.drop_table("blocklist_entries")
    op.drop_table("counters")
    op.drop_table("allowlist_entries")
