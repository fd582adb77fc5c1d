"""Network views: the networks as one agency may see them, computed from only the
reports it may read as network evidence (members, groups, core ranks, reasons, reports).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("build_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_network_views_agency_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_views")),
        sa.UniqueConstraint("agency_id", "fingerprint",
                            name=op.f("uq_network_views_agency_id")),
    )
    op.create_table(
        "network_view_networks",
        sa.Column("view_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("groups", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["view_id"], ["network_views.id"], ondelete="CASCADE",
                                name=op.f("fk_network_view_networks_view_id_network_views")),
        sa.PrimaryKeyConstraint("view_id", "network_id", name=op.f("pk_network_view_networks")),
    )
    op.create_table(
        "network_view_members",
        sa.Column("view_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.String(length=32), nullable=False),
        sa.Column("identifier_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=48), nullable=True),
        sa.Column("core_rank", sa.Integer(), nullable=True),
        sa.Column("core_score", sa.Numeric(precision=12, scale=6), nullable=True),
        sa.Column("why", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["view_id"], ["network_views.id"], ondelete="CASCADE",
                                name=op.f("fk_network_view_members_view_id_network_views")),
        sa.ForeignKeyConstraint(["identifier_id"], ["identifiers.id"],
                                name=op.f("fk_network_view_members_identifier_id_identifiers")),
        sa.PrimaryKeyConstraint("view_id", "network_id", "identifier_id",
                                name=op.f("pk_network_view_members")),
    )


def downgrade() -> None:
    op.drop_table("network_view_members")
    op.drop_table("network_view_networks")
    op.drop_table("network_views")
