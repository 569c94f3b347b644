"""Where members live and travel: city level only, scoped to the guild they shared it in.

Coordinates are copied from the gazetteer entry of the chosen city (never typed by users) so
matching can use an indexed bounding-box query instead of loading every row. The matching
indexes cover every column that query filters, counts and sorts on, so the rows of a dense
circle are counted without a table lookup each (see ``bot.services.matching``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import AutoId, Base, Snowflake, Timestamps
from models.members import MemberSettings

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
    __table_args__ = (
        Index("ix_homes_guild_lat_lon_user", "guild_id", "lat", "lon", "user_id"),
        # The nearest members are read city by city (see GuildPlace).
        Index("ix_homes_guild_place_user", "guild_id", "place_id", "user_id"),
    )

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)


class Trip(CityMixin, Timestamps, Base):
    __tablename__ = "trips"
    __table_args__ = (
        CheckConstraint("start_date <= end_date", name="dates_in_order"),
        # Covers the matching query (id is the rowid on SQLite; PostgreSQL includes it and
        # user_id). user_id is deliberately no key column: SQLite, which has no statistics
        # here, would then prefer this index, scanning the whole guild, for the per-member
        # queries that ix_trips_guild_user answers in a few rows.
        Index(
            "ix_trips_guild_lat_lon_dates",
            "guild_id",
            "lat",
            "lon",
            "start_date",
            "end_date",
            postgresql_include=["user_id", "id"],
        ),
        Index("ix_trips_guild_user", "guild_id", "user_id"),
        # Ends in the id and carries the member, the flag and the label on PostgreSQL
        # (migrations 8c2f4a6e1b39, d6a2f8c4e1b7, e7b3d9f1a5c4): a town's trips in the
        # order shown, counted and read from the index alone.
        Index(
            "ix_trips_guild_place_dates",
            "guild_id",
            "place_id",
            "start_date",
            "end_date",
            "id",
            postgresql_include=["user_id", "hidden", "place_label"],
        ),
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
    # Whether the member hid themselves in this guild (member_settings.discoverable off):
    # kept by database triggers on trips and member_settings (migration d6a2f8c4e1b7; on
    # PostgreSQL behind the member's lock of b8e4c2a6d0f3), so matching checks a trip it
    # reads by its own row instead of probing the settings. Never written by the services:
    # the triggers set it on every insert and settings change.
    hidden: Mapped[bool] = mapped_column(Boolean, server_default=false())


class GuildPlace(Base):
    """The cities a guild's homes and trips are in: a few hundred around any point, however
    many members. Members sit at their city's centre, so the nearest members are found by
    ranking these cities and reading members city by city, instead of ranking every member
    (10,000 Londoners all at distance 0). Rows are added as places come into use and kept;
    a city nobody uses any more only costs one empty lookup."""

    __tablename__ = "guild_places"
    __table_args__ = (
        # Covers the ranking of a circle's cities with their counts: no table lookup per town.
        Index(
            "ix_guild_places_guild_lat_lon_counts",
            "guild_id",
            "lat",
            "lon",
            "place_id",
            "visible_homes",
        ),
        # The guild's most used cities, read from the index alone (migration f1b3d5a7c9e2).
        Index("ix_guild_places_guild_uses_place", "guild_id", "uses", "place_id"),
    )

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    place_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    # How many homes and trips have named this city here, counted as they are saved: city
    # autocomplete ranks the guild's cities by it (bot.services.places.known_place_ids).
    uses: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # How many of the guild's homes are here and belong to members who let themselves be
    # found: locals_near sums it over the circle's cities instead of counting homes. Kept by
    # database triggers on homes and member_settings (migration 9e5a2c7d4b18), so it is
    # exact on every write path; tests/migrations checks the triggers are there.
    visible_homes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# The same cities a degree of latitude at a time: a box read through (guild_id, lat, ...)
# walks every town of the guild in its band of latitudes, at all longitudes; through
# (guild_id, floor(lat), lon, ...) it reads one range of longitudes per degree, only the
# box's towns (migration a7c3e9d1f5b2; SQLite's locals read boxes this way). An expression,
# not a generated column: SQLite 3.40 reads a virtual column's index with the table.
Index(
    "ix_guild_places_guild_cell_lon",
    GuildPlace.guild_id,
    func.floor(GuildPlace.lat),
    GuildPlace.lon,
    GuildPlace.lat,
    GuildPlace.place_id,
    GuildPlace.visible_homes,
)


# Matching leaves out the few members who chose not to be found: it reads their ids from this
# small partial index once per query instead of probing member_settings for every row in the
# circle. Declared here, beside the indexes it works with.
Index(
    "ix_member_settings_hidden",
    MemberSettings.guild_id,
    MemberSettings.user_id,
    sqlite_where=text("discoverable = 0"),
    postgresql_where=text("NOT discoverable"),
)


class NotifySpot(Base):
    """Where the members who asked for DMs about visitors are: their home (``trip_id`` 0) and
    each of their trips, with their own radius. A fraction of a percent of the guild's rows,
    so notice recipients are one bounding-box read of this small table instead of a key
    lookup of every opted-in member's home and trips. Kept by database triggers on homes,
    trips and member_settings (migration 7c3d9e1f2a4b), so every write path keeps it right,
    bulk ones included; tests/migrations checks the triggers are there."""

    __tablename__ = "notify_spots"
    # One partial covering index per kind: notice recipients read each kind's rows in a box
    # without the other kind's entries or the table (migration 5d8a1c3e7f42).
    __table_args__ = (
        Index(
            "ix_notify_spots_homes",
            "guild_id", "lat", "lon", "user_id", "radius_km", "trip_id",
            sqlite_where=text("trip_id = 0"),
            postgresql_where=text("trip_id = 0"),
        ),
        Index(
            "ix_notify_spots_trips",
            "guild_id", "lat", "lon", "start_date", "end_date", "user_id", "trip_id", "radius_km",
            sqlite_where=text("trip_id != 0"),
            postgresql_where=text("trip_id != 0"),
        ),
    )  # fmt: skip

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    trip_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    place_label: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    radius_km: Mapped[int | None] = mapped_column(Integer)


class TripWeek(Base):
    """The weeks a trip goes on into after the week it starts in: one row per later week
    (none for a trip within one week; ~1 a trip on average, 52 for a year-long one). Trips
    overlapping a window are then those starting from the Monday of the window's first week
    to its end (a bounded range of ``ix_trips_guild_place_dates``) and those going on into
    that week from an earlier one (one ``(guild_id, place_id, week)`` prefix of this key):
    reading a city's co-travelers touches those trips only, not every trip that started
    before the window, and both come in the order shown (start, end, id). Weeks are
    numbered from Monday 5 January 1970 (``bot.services.matching.week``). Kept by database
    triggers on trips (migration 2b9e6f0c8d15), so every write path keeps
    it exact, bulk ones included; tests/migrations checks the triggers are there. Each row
    carries what a match shows and checks of its trip (member, ``hidden``, label; on
    PostgreSQL in the key's index): a city's trips going on into a week are read without
    a lookup of each trip (migration e7b3d9f1a5c4)."""

    __tablename__ = "trip_weeks"
    __table_args__ = (
        PrimaryKeyConstraint(
            "guild_id",
            "place_id",
            "week",
            "start_date",
            "end_date",
            "trip_id",
            postgresql_include=["user_id", "hidden", "place_label"],
        ),
        {"sqlite_with_rowid": False},
    )

    guild_id: Mapped[int] = mapped_column(Snowflake, autoincrement=False)
    place_id: Mapped[int] = mapped_column(BigInteger, autoincrement=False)
    week: Mapped[int] = mapped_column(Integer, autoincrement=False)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    trip_id: Mapped[int] = mapped_column(BigInteger, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Snowflake)
    hidden: Mapped[bool] = mapped_column(Boolean, server_default=false())
    place_label: Mapped[str] = mapped_column(String(LABEL_LENGTH))
