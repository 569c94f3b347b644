"""trip watches

“Tell me when they're in town”: who asked to hear of whose trips near their home.

Revision ID: a7c3e91d5f20
Revises: 7c3d9e1f2a4b
Create Date: 2026-12-02 03:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "a7c3e91d5f20"
down_revision: str | None = "7c3d9e1f2a4b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trip_watches",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("watcher_id", sa.BigInteger(), nullable=False),
        sa.Column("watched_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "guild_id", "watcher_id", "watched_id", name=op.f("pk_trip_watches")
        ),
    )
    op.create_index(
        "ix_trip_watches_guild_watched", "trip_watches", ["guild_id", "watched_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_trip_watches_guild_watched", table_name="trip_watches")
    op.drop_table("trip_watches")
