"""outbox first claim and broken series

``outbox.first_claimed_at``: since when a DM may exist on Discord although its row is not
marked sent (after Discord's nonce window the dispatcher looks for it before re-sending).
``tweetup_series.broken_at`` / ``broken_reason``: a series whose occurrences could not be
created is set aside instead of stopping the hourly job for every guild.

Revision ID: 5b7e2c9a4d10
Revises: f740f5a5fb76
Create Date: 2026-12-01 23:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "5b7e2c9a4d10"
down_revision: str | None = "f740f5a5fb76"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("first_claimed_at", bot.db.types.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("tweetup_series", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("broken_at", bot.db.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("broken_reason", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tweetup_series", schema=None) as batch_op:
        batch_op.drop_column("broken_reason")
        batch_op.drop_column("broken_at")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("first_claimed_at")
