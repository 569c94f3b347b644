"""icebreakers: profiles, attendance, who's-coming cards, weekly digests

Member profiles (intro, topics, pronouns), answers to the after-tweetup check-back, where each
tweetup's "who's coming" card was posted, and which guilds get a weekly digest.

Revision ID: 9ae8d3bf1501
Revises: 702bc12e2e4c
Create Date: 2026-12-01 23:27:43.531055
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "9ae8d3bf1501"
down_revision: str | None = "702bc12e2e4c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guild_digests",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("last_week", sa.String(length=10), nullable=True),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_guild_digests")),
    )
    op.create_table(
        "profiles",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("intro", sa.String(length=200), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("pronouns", sa.String(length=40), nullable=False),
        sa.Column("show_to_attendees", sa.Boolean(), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "user_id", name=op.f("pk_profiles")),
    )
    op.create_table(
        "attendance",
        sa.Column(
            "tweetup_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("answer", sa.String(length=12), nullable=False),
        sa.Column("answered_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "answer IN ('yes', 'no', 'cancelled')", name=op.f("ck_attendance_answer_known")
        ),
        sa.ForeignKeyConstraint(
            ["tweetup_id"],
            ["tweetups.id"],
            name=op.f("fk_attendance_tweetup_id_tweetups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tweetup_id", "user_id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_guild_user", ["guild_id", "user_id"], unique=False)

    op.create_table(
        "coming_cards",
        sa.Column(
            "tweetup_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tweetup_id"],
            ["tweetups.id"],
            name=op.f("fk_coming_cards_tweetup_id_tweetups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tweetup_id", name=op.f("pk_coming_cards")),
    )


def downgrade() -> None:
    op.drop_table("coming_cards")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_guild_user")

    op.drop_table("attendance")
    op.drop_table("profiles")
    op.drop_table("guild_digests")
