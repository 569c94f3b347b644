"""town weeks by degree of latitude: a circle's towns are read from its own cells

``town_weeks`` was keyed ``(guild_id, week, lat, lon, place_id)``: a circle's box was one
range of latitudes per week, and every town in that band of the globe was read to keep
the few in the box (around London, 25 km: 290 index pages for 300 rows at 1M members; in
Montana, 290 pages for 2). The key now starts each week with the town's degree of
latitude (``lat_cell``, a stored generated column) and orders the towns in it by
longitude: ``(guild_id, week, lat_cell, lon, lat, place_id)``. A circle's box asks for its
weeks and its degrees (``= ANY``), and each (week, degree) is one range of longitudes:
only the towns of a strip as tall as a degree and as wide as the box are read.

The triggers that keep the table (migration 8c2f4a6e1b39) are created again for the new
key (their upsert names it); they work as before.

Revision ID: b5e1f9c3a7d2
Revises: 8c2f4a6e1b39
Create Date: 2026-12-03 08:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b5e1f9c3a7d2"
down_revision: str | None = "8c2f4a6e1b39"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = [f"town_weeks_trips_{event}" for event in ("insert", "update", "delete")]
#: The columns a trigger writes (``lat_cell`` follows from ``lat``).
COLUMNS = "guild_id, week, lat, lon, place_id"
KEY = "guild_id, week, lat_cell, lon, lat, place_id"
OLD_KEY = "guild_id, week, lat, lon, place_id"


def _weeks_of(rows: str, sign: str) -> str:
    """One row per week of each trip in ``rows`` (a transition table), counting ``sign`` 1
    (weeks Monday-based from 5 January 1970, as ``bot.services.matching.week``)."""
    first = "((t.start_date - DATE '1970-01-05') / 7)"
    last = "((t.end_date - DATE '1970-01-05') / 7)"
    return (
        f"SELECT t.guild_id, w AS week, t.lat, t.lon, t.place_id, {sign}1 AS n "
        f"FROM {rows} t CROSS JOIN generate_series({first}, {last}) w"
    )


def _apply(changes: str, key: str) -> str:
    """Add each town-week's net change in key order (two transactions changing the same
    town-weeks wait for each other instead of deadlocking), then drop the rows left at 0."""
    by_cell = "lat_cell" in key
    order = "guild_id, week, floor(lat), lon, lat, place_id" if by_cell else key
    kept = ", ".join(f"kept.{name}" for name in key.split(", "))
    lat_cell = "floor(c.lat)::smallint, c.lon, c.lat" if by_cell else "c.lat, c.lon"
    wanted = f"c.guild_id, c.week, {lat_cell}, c.place_id"
    return (
        f"INSERT INTO town_weeks ({COLUMNS}, trips) SELECT {COLUMNS}, sum(n)::integer "
        f"FROM ({changes}) c GROUP BY {COLUMNS} HAVING sum(n) <> 0 ORDER BY {order} "
        f"ON CONFLICT ({key}) DO UPDATE SET trips = town_weeks.trips + excluded.trips; "
        f"DELETE FROM town_weeks kept USING (SELECT DISTINCT {COLUMNS} FROM ({changes}) c) c "
        f"WHERE ({kept}) = ({wanted}) AND kept.trips <= 0;"
    )


def _replace_triggers(key: str) -> None:
    """Statement-level triggers over the statement's transition tables (``added``,
    ``gone``), upserting on ``key``."""
    added, gone = _weeks_of("added", "+"), _weeks_of("gone", "-")
    on = {
        "insert": ("INSERT", "NEW TABLE AS added", added),
        "update": ("UPDATE", "OLD TABLE AS gone NEW TABLE AS added", f"{added} UNION ALL {gone}"),
        "delete": ("DELETE", "OLD TABLE AS gone", gone),
    }
    for event, (when, tables, changes) in on.items():
        name = f"town_weeks_trips_{event}"
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON trips")
        op.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{_apply(changes, key)} RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {when} ON trips REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE town_weeks ADD COLUMN lat_cell SMALLINT "
        "GENERATED ALWAYS AS (floor(lat)::smallint) STORED"
    )
    op.execute("ALTER TABLE town_weeks DROP CONSTRAINT pk_town_weeks")
    op.execute(
        f"ALTER TABLE town_weeks ADD CONSTRAINT pk_town_weeks PRIMARY KEY ({KEY}) INCLUDE (trips)"
    )
    _replace_triggers(KEY)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE town_weeks DROP CONSTRAINT pk_town_weeks")
    op.execute(
        f"ALTER TABLE town_weeks ADD CONSTRAINT pk_town_weeks PRIMARY KEY ({OLD_KEY}) "
        "INCLUDE (trips)"
    )
    _replace_triggers(OLD_KEY)
    op.execute("ALTER TABLE town_weeks DROP COLUMN lat_cell")
