"""Meetups: slot polls and their votes, tweetups with RSVPs, and recurring series."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import AutoId, Base, Snowflake, Timestamps
from models.places import CityMixin

TITLE_LENGTH = 100
VENUE_LENGTH = 200
DESCRIPTION_LENGTH = 1000


class Poll(CityMixin, Timestamps, Base):
    """A "when shall we meet?" vote over proposed slots."""

    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake, index=True)
    proposer_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    message_id: Mapped[int | None] = mapped_column(Snowflake)
    participant_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="open")
    tweetup_id: Mapped[int | None] = mapped_column(AutoId)


class PollSlot(Base):
    __tablename__ = "poll_slots"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    poll_id: Mapped[int] = mapped_column(
        AutoId, ForeignKey("polls.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(String(200), default="")


class PollVote(Base):
    __tablename__ = "poll_votes"
    __table_args__ = (
        CheckConstraint("choice IN ('yes', 'if_need_be', 'no')", name="choice_known"),
    )

    slot_id: Mapped[int] = mapped_column(
        AutoId, ForeignKey("poll_slots.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    choice: Mapped[str] = mapped_column(String(12))
    voted_at: Mapped[datetime] = mapped_column()


class TweetupSeries(CityMixin, Timestamps, Base):
    """A recurring tweetup: its occurrences are materialized a few weeks ahead."""

    __tablename__ = "tweetup_series"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake, index=True)
    organizer_id: Mapped[int] = mapped_column(Snowflake)
    rule: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    venue: Mapped[str] = mapped_column(String(VENUE_LENGTH), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    active: Mapped[bool] = mapped_column(default=True)
    #: Set when creating its occurrences failed: the series is skipped from then on (so it
    #: cannot stop the others) and its organizer was told why.
    broken_at: Mapped[datetime | None] = mapped_column()
    broken_reason: Mapped[str | None] = mapped_column(String(300))


class Tweetup(CityMixin, Timestamps, Base):
    __tablename__ = "tweetups"
    __table_args__ = (
        Index("ix_tweetups_guild_starts", "guild_id", "starts_at"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    organizer_id: Mapped[int] = mapped_column(Snowflake)
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    venue: Mapped[str] = mapped_column(String(VENUE_LENGTH), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    capacity: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    message_id: Mapped[int | None] = mapped_column(Snowflake)
    thread_id: Mapped[int | None] = mapped_column(Snowflake)
    event_id: Mapped[int | None] = mapped_column(Snowflake)
    series_id: Mapped[int | None] = mapped_column(
        AutoId, ForeignKey("tweetup_series.id", ondelete="SET NULL"), index=True
    )
    poll_id: Mapped[int | None] = mapped_column(AutoId)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (
        CheckConstraint(
            "status IN ('going', 'waitlisted', 'maybe', 'cant_go')", name="status_known"
        ),
        Index("ix_rsvps_user", "user_id"),
    )

    tweetup_id: Mapped[int] = mapped_column(
        AutoId, ForeignKey("tweetups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    status: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()
