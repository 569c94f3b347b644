"""Hot spots the bot suggested a meetup for: never twice for the same city and window."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import AutoId, Base, Snowflake, Timestamps
from models.places import CityMixin


class HotSpot(CityMixin, Timestamps, Base):
    __tablename__ = "hot_spots"
    __table_args__ = (
        UniqueConstraint("guild_id", "place_id", "start_date", "end_date"),
        # A new trip's "already suggested here?" check: the guild's spots not over yet.
        Index("ix_hot_spots_guild_end_date", "guild_id", "end_date", "start_date", "lat", "lon"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    member_ids: Mapped[list[Any]] = mapped_column(JSON)
    # Where a poll goes when the guild has no announcement channel: where the trip was added.
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    proposer_id: Mapped[int | None] = mapped_column(Snowflake)
    poll_id: Mapped[int | None] = mapped_column(AutoId)
