"""trip boxes: an R*Tree of trips by guild, place and days, on SQLite

Co-travelers in a wide circle of a sparse or mid-size region (a 500 km circle around
Frankfurt in a guild of 100,000) are a few hundred trips among thousands of towns: probing
every town's date ranges reads thousands of empty ranges, where a spatial index over the
trips themselves reads only the trips in the circle's box and window. SQLite ships such an
index (the R*Tree module); ``trip_boxes`` holds one box per trip: the guild (a pre-filter:
an R*Tree stores 32-bit floats, rounded outwards, so a guild id is exact only to a few
seconds of its snowflake; the query checks ``trips.guild_id`` too), the city's latitude and
longitude and the trip's days (since 1 January 1970, inclusive). ``bot.services.matching``
reads it where a ring's box holds few overlapping trips, and the towns' date ranges where it
holds many.

Triggers on trips keep it, so every write path (services, erasure, purges, bulk loads) does;
filled from the existing trips. SQLite drops a table's triggers when batch mode recreates
it: a later migration that recreates trips must call ``create_triggers`` again
(tests/migrations checks they exist at head). PostgreSQL has no R*Tree module: nothing is
created there.

Revision ID: 5f3b8a1c9d27
Revises: 2b9e6f0c8d15
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5f3b8a1c9d27"
down_revision: str | None = "2b9e6f0c8d15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = [f"trip_boxes_trips_{event}" for event in ("insert", "update", "delete")]
COLUMNS = "id, guild_min, guild_max, lat_min, lat_max, lon_min, lon_max, day_min, day_max"


def day(value: str) -> str:
    """Days since 1 January 1970 of an ISO date, as SQLite stores dates."""
    return f"(julianday({value}) - 2440587.5)"


def box_of(row: str) -> str:
    """The box of trip ``row`` (NEW in a trigger, or every trip as ``t``)."""
    return (
        f"{row}.id, {row}.guild_id, {row}.guild_id, {row}.lat, {row}.lat, {row}.lon, "
        f"{row}.lon, {day(f'{row}.start_date')}, {day(f'{row}.end_date')}"
    )


def fill() -> str:
    """Every trip's box (the migration, and bulk loads with the triggers off)."""
    return f"INSERT INTO trip_boxes ({COLUMNS}) SELECT {box_of('t')} FROM trips t"


def create_triggers() -> None:
    """The triggers that keep trip_boxes (also for later migrations that recreate trips)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    insert = f"INSERT INTO trip_boxes ({COLUMNS}) VALUES ({box_of('NEW')});"
    forget = "DELETE FROM trip_boxes WHERE id = OLD.id;"
    on = {
        "insert": ("INSERT", insert),
        "update": ("UPDATE OF id, guild_id, lat, lon, start_date, end_date", forget + insert),
        "delete": ("DELETE", forget),
    }
    for event, (when, body) in on.items():
        op.execute(
            f"CREATE TRIGGER trip_boxes_trips_{event} AFTER {when} ON trips FOR EACH ROW "
            f"BEGIN {body} END"
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE trip_boxes USING rtree("
        "id, guild_min, guild_max, lat_min, lat_max, lon_min, lon_max, day_min, day_max)"
    )
    op.execute(fill())
    create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE trip_boxes")
