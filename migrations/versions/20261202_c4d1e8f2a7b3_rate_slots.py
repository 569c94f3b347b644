"""rate slots

``rate_slots``: the shared pace of every process on one PostgreSQL database (Discord's global
request limit and the budget for opening DM channels), one row per budget.

Revision ID: c4d1e8f2a7b3
Revises: a7c3e91d5f20
Create Date: 2026-12-02 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "c4d1e8f2a7b3"
down_revision: str | None = "a7c3e91d5f20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_slots",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("next_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_rate_slots")),
    )


def downgrade() -> None:
    op.drop_table("rate_slots")
