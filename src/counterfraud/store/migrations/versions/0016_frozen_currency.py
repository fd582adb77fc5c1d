"""Freeze requests keep the currency of the amount frozen, which the figures add up: the
answer's, not the request's (a bank may freeze in another currency, and a request raised
from a ransom demand asks no amount at all).

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("freeze_requests", sa.Column("frozen_currency", sa.String(length=3),
                                               nullable=True))
    # answers stored before knew only the request's currency
    op.execute("UPDATE freeze_requests SET frozen_currency = currency "
               "WHERE amount_frozen IS NOT NULL")


def downgrade() -> None:
    op.drop_column("freeze_requests", "frozen_currency")
