"""Breaking the ice: member profiles, who attended a tweetup, the "who's coming" card, and a
guild's weekly digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import AutoId, Base, Snowflake, Timestamps

INTRO_LENGTH = 200
PRONOUNS_LENGTH = 40
TOPIC_LENGTH = 40
MAX_TOPICS = 5


class Profile(Timestamps, Base):
    """What a member tells the people they will meet, per guild (privacy is per guild)."""

    __tablename__ = "profiles"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    intro: Mapped[str] = mapped_column(String(INTRO_LENGTH), default="")
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    pronouns: Mapped[str] = mapped_column(String(PRONOUNS_LENGTH), default="")
    # Whether the intro and topics are shown to the people one will meet (cards, DMs).
    show_to_attendees: Mapped[bool] = mapped_column(Boolean, default=True)


class Attendance(Base):
    """A Going member's answer to "Did you make it?" after a tweetup."""

    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint("answer IN ('yes', 'no', 'cancelled')", name="answer_known"),
        Index("ix_attendance_guild_user", "guild_id", "user_id"),
    )

    tweetup_id: Mapped[int] = mapped_column(
        AutoId, ForeignKey("tweetups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    answer: Mapped[str] = mapped_column(String(12))
    answered_at: Mapped[datetime] = mapped_column()


class ComingCard(Base):
    """Where a tweetup's "who's coming" card was posted (in its thread), to edit it later."""

    __tablename__ = "coming_cards"

    tweetup_id: Mapped[int] = mapped_column(
        AutoId, ForeignKey("tweetups.id", ondelete="CASCADE"), primary_key=True
    )
    guild_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int] = mapped_column(Snowflake)
    message_id: Mapped[int] = mapped_column(Snowflake)


class GuildDigest(Base):
    """An admin's choice to get a weekly digest, and the last week it was posted (claimed
    before posting, so a restart never posts a week twice)."""

    __tablename__ = "guild_digests"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    last_week: Mapped[str | None] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column()
