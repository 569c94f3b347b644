"""trip radar

Radar channels and sensitivity per guild, the nudges it made (ids, a hash and times; no
message text), and the member opt-out (member_settings.radar).

Revision ID: 7c41d0e2b9a3
Revises: 5b7e2c9a4d10
Create Date: 2026-12-02 03:15:39.398127
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "7c41d0e2b9a3"
down_revision: str | None = "5b7e2c9a4d10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "radar_channels",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("channel_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "channel_id", name=op.f("pk_radar_channels")),
    )
    op.create_table(
        "radar_nudges",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("trip_key", sa.String(length=64), nullable=False),
        sa.Column("nudged_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reaction_until", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("forget_after", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("trip_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_radar_nudges")),
        sa.UniqueConstraint("message_id", name=op.f("uq_radar_nudges_message_id")),
    )
    with op.batch_alter_table("radar_nudges", schema=None) as batch_op:
        batch_op.create_index(
            "ix_radar_nudges_author", ["guild_id", "author_id", "nudged_at"], unique=False
        )
        batch_op.create_index("ix_radar_nudges_reaction_until", ["reaction_until"], unique=False)

    op.create_table(
        "radar_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("sensitivity", sa.String(length=8), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_radar_settings")),
    )
    with op.batch_alter_table("member_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("radar", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("member_settings", schema=None) as batch_op:
        batch_op.drop_column("radar")

    op.drop_table("radar_settings")
    with op.batch_alter_table("radar_nudges", schema=None) as batch_op:
        batch_op.drop_index("ix_radar_nudges_reaction_until")
        batch_op.drop_index("ix_radar_nudges_author")

    op.drop_table("radar_nudges")
    op.drop_table("radar_channels")
