"""Where members live and travel: city level only, scoped to the guild they shared it in.

Coordinates are copied from the gazetteer entry of the chosen city (never typed by users) so
matching can use an indexed bounding-box query instead of loading every row.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import AutoId, Base, Snowflake, Timestamps

LABEL_LENGTH = 200
NOTE_LENGTH = 200


class CityMixin:
    place_id: Mapped[int] = mapped_column(BigInteger)
    place_label: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))


class Home(CityMixin, Timestamps, Base):
    __tablename__ = "homes"
    __table_args__ = (Index("ix_homes_guild_lat_lon", "guild_id", "lat", "lon"),)

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)


class Trip(CityMixin, Timestamps, Base):
    __tablename__ = "trips"
    __table_args__ = (
        CheckConstraint("start_date <= end_date", name="dates_in_order"),
        Index("ix_trips_guild_lat_lon", "guild_id", "lat", "lon"),
        Index("ix_trips_guild_user", "guild_id", "user_id"),
        Index("ix_trips_end_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    user_id: Mapped[int] = mapped_column(Snowflake)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(NOTE_LENGTH), default="")
    announce: Mapped[bool] = mapped_column(Boolean)
    announcement_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    announcement_message_id: Mapped[int | None] = mapped_column(Snowflake)
