"""The first schema: agencies, API keys, reports, identifiers and links.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("code", name=op.f("uq_agencies_code")),
    )
    op.create_table(
        "identifiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=2048), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identifiers")),
        sa.UniqueConstraint("kind", "value", name=op.f("uq_identifiers_kind")),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_api_keys_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
    )
    op.create_index(op.f("ix_api_keys_agency_id"), "api_keys", ["agency_id"], unique=False)
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("link_type", sa.String(length=20), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["identifiers.id"], name=op.f("fk_links_source_id_identifiers")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["identifiers.id"], name=op.f("fk_links_target_id_identifiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("source_id", "target_id", "link_type", name=op.f("uq_links_source_id")),
    )
    op.create_index(op.f("ix_links_target_id"), "links", ["target_id"], unique=False)
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scam_type", sa.String(length=32), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("loss_amount", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("loss_currency", sa.String(length=3), nullable=True),
        sa.Column("victim_country", sa.String(length=2), nullable=True),
        sa.Column("marking", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_reports_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("agency_id", "external_id", name=op.f("uq_reports_agency_id")),
    )
    op.create_index(op.f("ix_reports_marking"), "reports", ["marking"], unique=False)
    op.create_index(op.f("ix_reports_reported_at"), "reports", ["reported_at"], unique=False)
    op.create_index(op.f("ix_reports_scam_type"), "reports", ["scam_type"], unique=False)
    op.create_table(
        "link_evidence",
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["links.id"],
            name=op.f("fk_link_evidence_link_id_links"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_link_evidence_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("link_id", "report_id", name=op.f("pk_link_evidence")),
    )
    op.create_index(
        op.f("ix_link_evidence_report_id"), "link_evidence", ["report_id"], unique=False
    )
    op.create_table(
        "report_identifiers",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("identifier_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["identifier_id"],
            ["identifiers.id"],
            name=op.f("fk_report_identifiers_identifier_id_identifiers"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_identifiers_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "report_id", "identifier_id", "role", name=op.f("pk_report_identifiers")
        ),
    )
    op.create_index(
        "ix_report_identifiers_identifier_id", "report_identifiers", ["identifier_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_report_identifiers_identifier_id", table_name="report_identifiers")
    op.drop_table("report_identifiers")
    op.drop_index(op.f("ix_link_evidence_report_id"), table_name="link_evidence")
    op.drop_table("link_evidence")
    op.drop_index(op.f("ix_reports_scam_type"), table_name="reports")
    op.drop_index(op.f("ix_reports_reported_at"), table_name="reports")
    op.drop_index(op.f("ix_reports_marking"), table_name="reports")
    op.drop_table("reports")
    op.drop_index(op.f("ix_links_target_id"), table_name="links")
    op.drop_table("links")
    op.drop_index(op.f("ix_api_keys_agency_id"), table_name="api_keys")
    op.drop_table("api_keys")
    op.drop_table("identifiers")
    op.drop_table("agencies")
