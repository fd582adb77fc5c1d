"""The networks each case links (``case_networks``), beside the identifiers it holds
(``case_identifiers``): linked cases are found through both by index, never by reading
every case's document. Cases stored before are indexed from their documents.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "case_networks",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("network_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_networks_case_id_cases"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", "network_id", name=op.f("pk_case_networks")),
    )
    op.create_index(op.f("ix_case_networks_network_id"), "case_networks", ["network_id"],
                    unique=False)
    cases = sa.table("cases", sa.column("id", sa.String), sa.column("document", sa.JSON))
    rows = []
    for case_id, document in op.get_bind().execute(sa.select(cases.c.id, cases.c.document)):
        found = json.loads(document) if isinstance(document, str) else document or {}
        rows += [{"case_id": case_id, "network_id": str(n)}
                 for n in dict.fromkeys(found.get("network_ids") or [])]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index(op.f("ix_case_networks_network_id"), table_name="case_networks")
    op.drop_table("case_networks")
