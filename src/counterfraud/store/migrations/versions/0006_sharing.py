"""Sharing: agreements and their grants, blocklist markings, home vs partner agencies,
federation partners and the hash-chained audit log.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("agencies", sa.Column("home", sa.Boolean(), nullable=False,
                                        server_default=sa.true()))
    op.add_column("blocklist_entries", sa.Column("marking", sa.String(20), nullable=False,
                                                 server_default="TLP:GREEN"))
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grantor_id", sa.Integer(), nullable=False),
        sa.Column("grantee_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.String(24), nullable=False),
        sa.Column("reference", sa.String(256), nullable=False),
        sa.Column("valid_from", _TS, nullable=False),
        sa.Column("valid_to", _TS, nullable=True),
        sa.Column("revoked_at", _TS, nullable=True),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["grantor_id"], ["agencies.id"],
                                name=op.f("fk_agreements_grantor_id_agencies")),
        sa.ForeignKeyConstraint(["grantee_id"], ["agencies.id"],
                                name=op.f("fk_agreements_grantee_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
    )
    op.create_index(op.f("ix_agreements_grantor_id"), "agreements", ["grantor_id"])
    op.create_index(op.f("ix_agreements_grantee_id"), "agreements", ["grantee_id"])
    op.create_index("ix_reports_updated_at_id", "reports", ["updated_at", "id"])
    op.create_table(
        "agreement_grants",
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(24), nullable=False),
        sa.Column("marking", sa.String(20), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreements.id"], ondelete="CASCADE",
                                name=op.f("fk_agreement_grants_agreement_id_agreements")),
        sa.PrimaryKeyConstraint("agreement_id", "record_type", "marking",
                                name=op.f("pk_agreement_grants")),
    )
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("url", sa.String(512), nullable=False),
        sa.Column("api_key", sa.String(256), nullable=False),
        sa.Column("public_key", sa.String(128), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=False),
        sa.Column("speaks_for", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("last_attempt_at", _TS, nullable=True),
        sa.Column("last_success_at", _TS, nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _TS, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["subscriber_id"], ["agencies.id"],
                                name=op.f("fk_partners_subscriber_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("name", name=op.f("uq_partners_name")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("path", sa.String(128), nullable=False),
        sa.Column("record_type", sa.String(24), nullable=False),
        sa.Column("records", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )


def downgrade() -> None:
    op.drop_table("audit_head")
    op.drop_table("audit_log")
    op.drop_table("partners")
    op.drop_table("agreement_grants")
    op.drop_index(op.f("ix_agreements_grantee_id"), table_name="agreements")
    op.drop_index(op.f("ix_agreements_grantor_id"), table_name="agreements")
    op.drop_index("ix_reports_updated_at_id", table_name="reports")
    op.drop_table("agreements")
    op.drop_column("blocklist_entries", "marking")
    op.drop_column("agencies", "home")
