"""Networks: analysis builds, networks with stable ids, their members.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_builds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("identifiers", sa.Integer(), nullable=False),
        sa.Column("networks", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_builds")),
    )
    op.create_table(
        "networks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("build_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("groups", sa.Integer(), nullable=False),
        sa.Column("first_built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["build_id"], ["network_builds.id"], name=op.f("fk_networks_build_id_network_builds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_networks")),
    )
    op.create_index(op.f("ix_networks_build_id"), "networks", ["build_id"], unique=False)
    op.create_table(
        "network_members",
        sa.Column("network_id", sa.String(length=32), nullable=False),
        sa.Column("identifier_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=48), nullable=True),
        sa.Column("core_rank", sa.Integer(), nullable=True),
        sa.Column("core_score", sa.Numeric(precision=12, scale=6), nullable=True),
        sa.Column("why", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["identifier_id"],
            ["identifiers.id"],
            name=op.f("fk_network_members_identifier_id_identifiers"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_network_members_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("network_id", "identifier_id", name=op.f("pk_network_members")),
    )
    op.create_index(
        op.f("ix_network_members_identifier_id"), "network_members", ["identifier_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_network_members_identifier_id"), table_name="network_members")
    op.drop_table("network_members")
    op.drop_index(op.f("ix_networks_build_id"), table_name="networks")
    op.drop_table("networks")
    op.drop_table("network_builds")
