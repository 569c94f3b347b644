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
They run once per statement over its transition tables and lock the rows they change in
key order: a purge of thousands of trips is one update, and two transactions touching the
same towns and weeks (two members erased at once) wait for each other instead of
deadlocking, as row-by-row counters would in opposite orders. SQLite reads ``trip_boxes``
(its R*Tree) instead: nothing is created there.

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


def weeks(row: str) -> tuple[str, str]:
    """The first and last week trip ``row`` overlaps (Monday-based, from 5 January 1970,
    as ``bot.services.matching.week`` numbers them)."""
    return (
        f"(({row}.start_date - DATE '1970-01-05') / 7)",
        f"(({row}.end_date - DATE '1970-01-05') / 7)",
    )


def _weeks_of(rows: str, sign: str) -> str:
    """One row per week of each trip in ``rows`` (a table or transition table), counting
    ``sign`` 1."""
    first, last = weeks("t")
    return (
        f"SELECT t.guild_id, w AS week, t.lat, t.lon, t.place_id, {sign}1 AS n "
        f"FROM {rows} t CROSS JOIN generate_series({first}, {last}) w"
    )


def fill() -> str:
    """Every trip counted in each week it overlaps (the migration, and bulk loads)."""
    return (
        f"INSERT INTO town_weeks ({KEY}, trips) SELECT {KEY}, count(*) "
        f"FROM ({_weeks_of('trips', '')}) c GROUP BY {KEY}"
    )


def _apply(changes: str) -> str:
    """Add each town-week's net change, in key order, then drop the rows left at 0. One
    statement per trigger, whatever the statement on trips changed (a purge's thousands of
    trips included), and its rows are locked in key order: two transactions changing the
    same town-weeks wait for each other instead of deadlocking."""
    return (
        f"INSERT INTO town_weeks ({KEY}, trips) SELECT {KEY}, sum(n)::integer "
        f"FROM ({changes}) c GROUP BY {KEY} HAVING sum(n) <> 0 ORDER BY {KEY} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET trips = town_weeks.trips + excluded.trips; "
        f"DELETE FROM town_weeks kept USING (SELECT DISTINCT {KEY} FROM ({changes}) c) c "
        "WHERE kept.guild_id = c.guild_id AND kept.week = c.week AND kept.lat = c.lat "
        "AND kept.lon = c.lon AND kept.place_id = c.place_id AND kept.trips <= 0;"
    )


def create_triggers() -> None:
    """The triggers that keep town_weeks (PostgreSQL only): statement-level, over the
    statement's transition tables (``added``, ``gone``)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    added, gone = _weeks_of("added", "+"), _weeks_of("gone", "-")
    on = {
        "insert": ("INSERT", "NEW TABLE AS added", added),
        "update": ("UPDATE", "OLD TABLE AS gone NEW TABLE AS added", f"{added} UNION ALL {gone}"),
        "delete": ("DELETE", "OLD TABLE AS gone", gone),
    }
    for event, (when, tables, changes) in on.items():
        name = f"town_weeks_trips_{event}"
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{_apply(changes)} RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {when} ON trips REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
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
