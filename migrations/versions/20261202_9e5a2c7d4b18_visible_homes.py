"""visible homes: each guild city's count of locals, kept by triggers

``guild_places.visible_homes`` is how many homes of the guild are in that city and belong to
members who let themselves be found (no ``member_settings`` row with ``discoverable`` off).
``locals_near`` sums it over the cities in the circle in the statement that ranks them,
instead of counting homes; it must stay exact, so triggers on homes and member_settings keep
it on every write path (services, erasure, purges, bulk loads), as for ``notify_spots``. A
home whose guild city has no row yet adds it (``uses`` 0: autocomplete's count is the
services' business). Filled from the existing rows.

SQLite drops a table's triggers when batch mode recreates the table: a later migration that
recreates homes or member_settings must call ``create_triggers`` again; tests/migrations
fails if they are missing at head. The column is added with ``ALTER TABLE … ADD COLUMN``,
not by recreating guild_places (which the triggers write to). The ``(guild_id, lat, lon)``
index becomes ``(guild_id, lat, lon, place_id, visible_homes)``: ranking a circle's cities
with their counts reads the index alone.

Revision ID: 9e5a2c7d4b18
Revises: c4d1e8f2a7b3
Create Date: 2026-12-02 07:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9e5a2c7d4b18"
down_revision: str | None = "c4d1e8f2a7b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _hidden(row: str) -> str:
    """The member of this home or settings row chose not to be found (SQLite and PostgreSQL
    alike: ``NOT`` of a boolean column)."""
    return (
        "EXISTS (SELECT 1 FROM member_settings s WHERE s.guild_id = "
        f"{row}.guild_id AND s.user_id = {row}.user_id AND NOT s.discoverable)"
    )


def _add(delta: str, row: str) -> str:
    """Count a home (NEW or OLD in a trigger on homes) in or out of its city, if visible."""
    return (
        f"UPDATE guild_places SET visible_homes = visible_homes {delta} 1 "
        f"WHERE guild_id = {row}.guild_id AND place_id = {row}.place_id "
        f"AND NOT {_hidden(row)};"
    )


def _city_row(row: str) -> str:
    return (
        "INSERT INTO guild_places (guild_id, place_id, lat, lon, uses, visible_homes) "
        f"VALUES ({row}.guild_id, {row}.place_id, {row}.lat, {row}.lon, 0, 0) "
        "ON CONFLICT (guild_id, place_id) DO NOTHING;"
    )


def _settings(delta: str, row: str) -> str:
    """A settings row (NEW or OLD in a trigger on member_settings) that hides its member
    takes the member's home in or out of its city's count."""
    return (
        f"UPDATE guild_places SET visible_homes = visible_homes {delta} 1 "
        f"WHERE NOT {row}.discoverable AND guild_id = {row}.guild_id AND place_id = "
        f"(SELECT h.place_id FROM homes h WHERE h.guild_id = {row}.guild_id "
        f"AND h.user_id = {row}.user_id);"
    )


# (table, update columns, {event: statements}). An update first undoes OLD, then counts NEW.
BODIES: dict[str, tuple[str, dict[str, list[str]]]] = {
    "homes": (
        "OF guild_id, user_id, place_id ",
        {
            "insert": [_city_row("NEW"), _add("+", "NEW")],
            "update": [_add("-", "OLD"), _city_row("NEW"), _add("+", "NEW")],
            "delete": [_add("-", "OLD")],
        },
    ),
    "member_settings": (
        "OF guild_id, user_id, discoverable ",
        {
            "insert": [_settings("-", "NEW")],
            "update": [_settings("+", "OLD"), _settings("-", "NEW")],
            "delete": [_settings("+", "OLD")],
        },
    ),
}

TRIGGERS = [
    f"visible_homes_{table}_{event}" for table in BODIES for event in ("insert", "update", "delete")
]

# Every guild city's visible homes, recounted (what the triggers keep): the migration's fill,
# and the benchmark loader's after loading with triggers off.
FILL = (
    "INSERT INTO guild_places (guild_id, place_id, lat, lon, uses, visible_homes) "
    "SELECT h.guild_id, h.place_id, MIN(h.lat), MIN(h.lon), 0, "
    f"SUM(CASE WHEN {_hidden('h')} THEN 0 ELSE 1 END) FROM homes h WHERE true "
    "GROUP BY h.guild_id, h.place_id "
    "ON CONFLICT (guild_id, place_id) DO UPDATE SET visible_homes = excluded.visible_homes"
)


def create_triggers() -> None:
    """The triggers that keep guild_places.visible_homes (also for later migrations that
    recreate homes or member_settings on SQLite)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, (columns, events) in BODIES.items():
        for event, statements in events.items():
            name = f"visible_homes_{table}_{event}"
            when = f"UPDATE {columns}" if event == "update" else f"{event.upper()} "
            body = " ".join(statements)
            if sqlite:
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {when}ON {table} FOR EACH ROW BEGIN {body} END"
                )
                continue
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"{body} RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {name} AFTER {when}ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )


def drop_triggers() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in TRIGGERS:
        table = name.removeprefix("visible_homes_").rsplit("_", 1)[0]
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")


def upgrade() -> None:
    op.add_column(
        "guild_places",
        sa.Column("visible_homes", sa.Integer(), server_default="0", nullable=False),
    )
    op.execute(FILL)
    create_triggers()
    op.drop_index("ix_guild_places_guild_lat_lon", table_name="guild_places")
    op.create_index(
        "ix_guild_places_guild_lat_lon_counts",
        "guild_places",
        ["guild_id", "lat", "lon", "place_id", "visible_homes"],
    )


def downgrade() -> None:
    op.drop_index("ix_guild_places_guild_lat_lon_counts", table_name="guild_places")
    op.create_index("ix_guild_places_guild_lat_lon", "guild_places", ["guild_id", "lat", "lon"])
    drop_triggers()
    with op.batch_alter_table("guild_places", schema=None) as batch_op:
        batch_op.drop_column("visible_homes")
