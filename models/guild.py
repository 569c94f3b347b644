"""Per-guild settings chosen by the guild's admins."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Integer
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Snowflake, Timestamps


class GuildSettings(Timestamps, Base):
    __tablename__ = "guild_settings"
    __table_args__ = (
        CheckConstraint("radius_km BETWEEN 1 AND 2000", name="radius_km_range"),
        CheckConstraint("trip_retention_days >= 0", name="retention_non_negative"),
    )

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    announce_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    organizer_role_id: Mapped[int | None] = mapped_column(Snowflake)
    radius_km: Mapped[int] = mapped_column(Integer)
    announce_trips: Mapped[bool] = mapped_column(Boolean)
    trip_retention_days: Mapped[int] = mapped_column(Integer)
    sociable_start_hour: Mapped[int] = mapped_column(Integer, default=11, server_default="11")
    sociable_end_hour: Mapped[int] = mapped_column(Integer, default=22, server_default="22")
    # Members in one city on the same days before a meetup is suggested (0: never).
    hotspot_size: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
