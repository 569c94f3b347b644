"""Trip radar: where admins turned it on, and the nudges it made.

A nudge row holds ids, a hash and times only (never a message's text): enough to keep the
limits (one nudge per author per trip and per day), to recognise the author's ✈️ on the
message, and to take the bot's reaction away after a day, also after a restart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import AutoId, Base, Snowflake, Timestamps


class RadarSettings(Timestamps, Base):
    """A guild's radar sensitivity; a guild without a row has the default (quiet)."""

    __tablename__ = "radar_settings"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    sensitivity: Mapped[str] = mapped_column(String(8))


class RadarChannel(Base):
    """A channel whose messages radar reads (none by default)."""

    __tablename__ = "radar_channels"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    channel_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column()


class RadarNudge(Base):
    __tablename__ = "radar_nudges"
    __table_args__ = (
        Index("ix_radar_nudges_author", "guild_id", "author_id", "nudged_at"),
        Index("ix_radar_nudges_reaction_until", "reaction_until"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int] = mapped_column(Snowflake)
    message_id: Mapped[int] = mapped_column(Snowflake, unique=True)
    author_id: Mapped[int] = mapped_column(Snowflake)
    #: sha256 of the guild, author, city id and dates read: "the same trip" without the trip.
    trip_key: Mapped[str] = mapped_column(String(64))
    nudged_at: Mapped[datetime] = mapped_column()
    #: When the bot's ✈️ comes off; None once it is off (or was never put on).
    reaction_until: Mapped[datetime | None] = mapped_column()
    #: Kept until then for the per-trip limit (the day after the trip ends).
    forget_after: Mapped[datetime] = mapped_column()
    #: The trip the author saved by reacting, if they did.
    trip_id: Mapped[int | None] = mapped_column(AutoId)
