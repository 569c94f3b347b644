"""town weeks: the towns a guild's trips are in, week by week, on PostgreSQL

Co-travelers in a circle are read town by town through each town's two date ranges
(``trip_weeks``' migration). A wide circle holds thousands of towns, and in any one week
nobody travels to most of them: around Frankfurt, 500 km, a guild of 100,000 members has
~1,400 towns and trips in ~150 of them a week. ``town_weeks`` lists, for each guild and
week, the towns that hold a trip that week and how many (a trip counts in every week it
overlaps), keyed ``(guild_id, week, lat, lon, place_id)`` with the count included in the
key's index: a circle's towns of a window's weeks are an index-only read, the busiest
come first, and a ring whose counts add up to less than the cap is never probed.

It also makes ``ix_trips_guild_place_dates`` end in the trip's id and carry its member
(PostgreSQL ``INCLUDE``): a town's trips come in the order shown (start, end, id) straight
from the index, so reading a big city's first 25 stops after 25 instead of sorting its
hundreds, and counting reads the index alone (the member is what the hidden-member check
needs). On SQLite the id is the rowid, already at the end of every index.

Triggers on trips keep ``town_weeks``, so every write path (services, erasure, purges, bulk
loads) does; filled from the existing trips. A town's row goes when its count reaches 0.
Rows are locked in week order, so two trips to one town never deadlock. SQLite reads
``trip_boxes`` (its R*Tree) instead: nothing is created there.

Revision ID: 8c2f4a6e1b39
Revises: 5d8a1c3e7f42
Create Date: 2026-12-02 17:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8c2f4a6e1b39"
down_revision: str | None = "5d8a1c3e7f42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = [f"town_weeks_trips_{event}" for event in ("insert", "update", "delete")]
KEY = "guild_id, week, lat, lon, place_id"
WHERE_CHANGED = (
    "(OLD.guild_id, OLD.place_id, OLD.lat, OLD.lon, OLD.start_date, OLD.end_date) "
    "IS DISTINCT FROM (NEW.guild_id, NEW.place_id, NEW.lat, NEW.lon, NEW.start_date, "
    "NEW.end_date)"
)


def weeks(row: str) -> tuple[str, str]:
    """The first and last week trip ``row`` overlaps (Monday-based, from 5 January 1970,
    as ``bot.services.matching.week`` numbers them)."""
    return (
        f"(({row}.start_date - DATE '1970-01-05') / 7)",
        f"(({row}.end_date - DATE '1970-01-05') / 7)",
    )


def fill() -> str:
    """Every trip counted in each week it overlaps (the migration, and bulk loads)."""
    first, last = weeks("t")
    return (
        f"INSERT INTO town_weeks ({KEY}, trips) SELECT t.guild_id, w, t.lat, t.lon, "
        f"t.place_id, count(*) FROM trips t CROSS JOIN generate_series({first}, {last}) w "
        "GROUP BY t.guild_id, w, t.lat, t.lon, t.place_id"
    )


def _add() -> str:
    first, last = weeks("NEW")
    return (
        f"INSERT INTO town_weeks ({KEY}, trips) SELECT NEW.guild_id, w, NEW.lat, NEW.lon, "
        f"NEW.place_id, 1 FROM generate_series({first}, {last}) w "
        f"ON CONFLICT ({KEY}) DO UPDATE SET trips = town_weeks.trips + 1;"
    )


def _forget() -> str:
    first, last = weeks("OLD")
    town = (
        f"guild_id = OLD.guild_id AND week BETWEEN {first} AND {last} AND lat = OLD.lat "
        "AND lon = OLD.lon AND place_id = OLD.place_id"
    )
    return (
        f"UPDATE town_weeks SET trips = trips - 1 WHERE {town}; "
        f"DELETE FROM town_weeks WHERE {town} AND trips <= 0;"
    )


def create_triggers() -> None:
    """The triggers that keep town_weeks (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    on = {
        "insert": ("INSERT", "", _add()),
        "update": (
            "UPDATE OF guild_id, place_id, lat, lon, start_date, end_date",
            f" WHEN ({WHERE_CHANGED})",
            _forget() + " " + _add(),
        ),
        "delete": ("DELETE", "", _forget()),
    }
    for event, (when, condition, body) in on.items():
        name = f"town_weeks_trips_{event}"
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{body} RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {when} ON trips FOR EACH ROW{condition} "
            f"EXECUTE FUNCTION {name}()"
        )


def upgrade() -> None:
    # Plain index statements on SQLite too: no batch mode, which would recreate trips and
    # drop the triggers earlier migrations put on it.
    op.drop_index("ix_trips_guild_place_dates", table_name="trips")
    op.create_index(
        "ix_trips_guild_place_dates",
        "trips",
        ["guild_id", "place_id", "start_date", "end_date", "id"],
        postgresql_include=["user_id"],
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE town_weeks (guild_id BIGINT NOT NULL, week INTEGER NOT NULL, "
        "lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, "
        "place_id BIGINT NOT NULL, trips INTEGER NOT NULL, "
        f"CONSTRAINT pk_town_weeks PRIMARY KEY ({KEY}) INCLUDE (trips))"
    )
    op.execute(fill())
    create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON trips")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        op.execute("DROP TABLE town_weeks")
    op.drop_index("ix_trips_guild_place_dates", table_name="trips")
    op.create_index(
        "ix_trips_guild_place_dates", "trips", ["guild_id", "place_id", "start_date", "end_date"]
    )
