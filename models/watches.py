"""“Tell me when they're in town”: a member asked to hear when another's trip comes near
their home. Only the two ids are stored; the watched member is never told who watches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Snowflake


class TripWatch(Base):
    __tablename__ = "trip_watches"
    # A saved trip looks up the watchers of its traveler.
    __table_args__ = (Index("ix_trip_watches_guild_watched", "guild_id", "watched_id"),)

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    watcher_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    watched_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column()
