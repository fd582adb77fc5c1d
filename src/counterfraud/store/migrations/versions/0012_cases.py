"""Cases, victims, freeze and takedown requests, suspects and the interception counts
(the fourth capability); agencies gain a kind (``bank`` answers freeze requests) and
agreements an optional case, for joint cases.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CASE_TABLES = (
    "freeze_accounts",
    "victims",
    "takedown_requests",
    "suspects",
    "freeze_requests",
    "case_identifiers",
    "cases",
    "interception_counts",
)


def upgrade() -> None:
    op.create_table(
        "interception_counts",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "channel", "decision", name=op.f("pk_interception_counts")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("scam_type", sa.String(length=32), nullable=False),
        sa.Column("marking", sa.String(length=20), nullable=False),
        sa.Column("pap", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_cases_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index("ix_cases_agency_id_marking", "cases", ["agency_id", "marking"], unique=False)
    op.create_index("ix_cases_closed_at_status", "cases", ["closed_at", "status"], unique=False)
    op.create_index(op.f("ix_cases_opened_at"), "cases", ["opened_at"], unique=False)
    op.create_table(
        "case_identifiers",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("identifier_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_identifiers_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["identifier_id"],
            ["identifiers.id"],
            name=op.f("fk_case_identifiers_identifier_id_identifiers"),
        ),
        sa.PrimaryKeyConstraint("case_id", "identifier_id", name=op.f("pk_case_identifiers")),
    )
    op.create_index(
        op.f("ix_case_identifiers_identifier_id"),
        "case_identifiers",
        ["identifier_id"],
        unique=False,
    )
    op.create_table(
        "freeze_requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("addressee", sa.String(length=200), nullable=False),
        sa.Column("marking", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("amount_frozen", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_freeze_requests_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_freeze_requests_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["agencies.id"],
            name=op.f("fk_freeze_requests_institution_id_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_freeze_requests")),
    )
    op.create_index(
        op.f("ix_freeze_requests_case_id"), "freeze_requests", ["case_id"], unique=False
    )
    op.create_index(
        "ix_freeze_requests_institution_id_status_requested_at",
        "freeze_requests",
        ["institution_id", "status", "requested_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_freeze_requests_requested_at"), "freeze_requests", ["requested_at"], unique=False
    )
    op.create_table(
        "suspects",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("marking", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("identified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_suspects_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_suspects_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suspects")),
    )
    op.create_index(op.f("ix_suspects_arrested_at"), "suspects", ["arrested_at"], unique=False)
    op.create_index(op.f("ix_suspects_case_id"), "suspects", ["case_id"], unique=False)
    op.create_index(
        op.f("ix_suspects_handed_over_at"), "suspects", ["handed_over_at"], unique=False
    )
    op.create_table(
        "takedown_requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("addressee", sa.String(length=200), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_value", sa.String(length=2048), nullable=False),
        sa.Column("marking", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_takedown_requests_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_takedown_requests_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_requests")),
    )
    op.create_index(
        op.f("ix_takedown_requests_case_id"), "takedown_requests", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_takedown_requests_sent_at"), "takedown_requests", ["sent_at"], unique=False
    )
    op.create_table(
        "victims",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("marking", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("located_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rescued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("repatriated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_victims_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_victims_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_victims")),
    )
    op.create_index(op.f("ix_victims_case_id"), "victims", ["case_id"], unique=False)
    op.create_index(op.f("ix_victims_located_at"), "victims", ["located_at"], unique=False)
    op.create_index(op.f("ix_victims_repatriated_at"), "victims", ["repatriated_at"], unique=False)
    op.create_index(op.f("ix_victims_rescued_at"), "victims", ["rescued_at"], unique=False)
    op.create_table(
        "freeze_accounts",
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("identifier_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["identifier_id"],
            ["identifiers.id"],
            name=op.f("fk_freeze_accounts_identifier_id_identifiers"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["freeze_requests.id"],
            name=op.f("fk_freeze_accounts_request_id_freeze_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "identifier_id", name=op.f("pk_freeze_accounts")),
    )
    op.create_index(
        op.f("ix_freeze_accounts_identifier_id"), "freeze_accounts", ["identifier_id"], unique=False
    )
    op.add_column(
        "agencies",
        sa.Column("kind", sa.String(length=16), server_default=sa.text("'agency'"), nullable=False),
    )
    op.add_column("agreements", sa.Column("case_id", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_agreements_case_id"), "agreements", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_agreements_case_id"), table_name="agreements")
    op.drop_column("agreements", "case_id")
    op.drop_column("agencies", "kind")
    for table in CASE_TABLES:
        op.drop_table(table)
