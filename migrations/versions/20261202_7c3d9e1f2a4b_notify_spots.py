"""notify spots: where the members who asked for visitor DMs are

``notify_spots`` holds the home (``trip_id`` 0) and the trips of each member with
``notify_dm`` and ``discoverable`` on, with their radius: a fraction of a percent of the
guild's rows, read by bounding box to find notice recipients. Triggers on homes, trips and
member_settings keep it, so every write path (services, erasure, purges, bulk loads) does;
filled from the existing rows. The partial index ``ix_member_settings_notify``, which
recipients were read from before, is dropped.

SQLite drops a table's triggers when batch mode recreates the table: a later migration that
recreates homes, trips or member_settings must create them again (``create_triggers``);
tests/migrations fails if they are missing at head.

Revision ID: 7c3d9e1f2a4b
Revises: 7c41d0e2b9a3
Create Date: 2026-12-02 03:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3d9e1f2a4b"
down_revision: str | None = "7c41d0e2b9a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "guild_id, user_id, trip_id, place_label, lat, lon, start_date, end_date, radius_km"


def _opted_in(settings: str, sqlite: bool) -> str:
    if sqlite:
        return f"{settings}.notify_dm = 1 AND {settings}.discoverable = 1"
    return f"{settings}.notify_dm AND {settings}.discoverable"


def _row_from_settings(row: str, trip_id: str, dates: str, sqlite: bool) -> str:
    """A home or trip row (NEW in a trigger on homes or trips) joined to its member's
    settings: a spot when the member opted in."""
    return (
        f"INSERT INTO notify_spots ({COLUMNS}) SELECT {row}.guild_id, {row}.user_id, {trip_id}, "
        f"{row}.place_label, {row}.lat, {row}.lon, {dates}, s.radius_km "
        f"FROM member_settings s WHERE s.guild_id = {row}.guild_id "
        f"AND s.user_id = {row}.user_id AND {_opted_in('s', sqlite)};"
    )


def _rows_of_member(settings: str, sqlite: bool) -> list[str]:
    """Every home and trip of an opted-in member (NEW in a trigger on member_settings)."""
    opted_in = _opted_in(settings, sqlite)
    return [
        f"INSERT INTO notify_spots ({COLUMNS}) SELECT h.guild_id, h.user_id, 0, h.place_label, "
        f"h.lat, h.lon, NULL, NULL, {settings}.radius_km FROM homes h "
        f"WHERE h.guild_id = {settings}.guild_id AND h.user_id = {settings}.user_id "
        f"AND {opted_in};",
        f"INSERT INTO notify_spots ({COLUMNS}) SELECT t.guild_id, t.user_id, t.id, t.place_label, "
        f"t.lat, t.lon, t.start_date, t.end_date, {settings}.radius_km FROM trips t "
        f"WHERE t.guild_id = {settings}.guild_id AND t.user_id = {settings}.user_id "
        f"AND {opted_in};",
    ]


def _forget(row: str, trip: str) -> str:
    return (
        f"DELETE FROM notify_spots WHERE guild_id = {row}.guild_id "
        f"AND user_id = {row}.user_id AND trip_id = {trip};"
    )


def _forget_member(row: str) -> str:
    return f"DELETE FROM notify_spots WHERE guild_id = {row}.guild_id AND user_id = {row}.user_id;"


# (table, statements on insert, on update (after forgetting OLD), on delete); "{row}" is NEW
# or OLD. The settings trigger fires only when a column it copies changes.
def _bodies(sqlite: bool) -> dict[str, tuple[list[str], list[str], str]]:
    return {
        "homes": (
            [_row_from_settings("NEW", "0", "NULL, NULL", sqlite)],
            [_forget("OLD", "0")],
            "",
        ),
        "trips": (
            [_row_from_settings("NEW", "NEW.id", "NEW.start_date, NEW.end_date", sqlite)],
            [_forget("OLD", "OLD.id")],
            "",
        ),
        "member_settings": (
            _rows_of_member("NEW", sqlite),
            [_forget_member("OLD")],
            "OF notify_dm, discoverable, radius_km ",
        ),
    }


TRIGGERS = [
    f"notify_spots_{table}_{event}"
    for table in ("homes", "trips", "member_settings")
    for event in ("insert", "update", "delete")
]


def create_triggers() -> None:
    """The triggers that keep notify_spots (also for later migrations that recreate a table
    on SQLite)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, (inserted, forget, columns) in _bodies(sqlite).items():
        on = {
            "insert": ("INSERT ", inserted),
            "update": (f"UPDATE {columns}", forget + inserted),
            "delete": ("DELETE ", forget),
        }
        for event, (when, statements) in on.items():
            name = f"notify_spots_{table}_{event}"
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
        table = name.removeprefix("notify_spots_").rsplit("_", 1)[0]
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")


def upgrade() -> None:
    op.create_table(
        "notify_spots",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("trip_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("place_label", sa.String(length=200), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("radius_km", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", "user_id", "trip_id", name=op.f("pk_notify_spots")),
    )
    with op.batch_alter_table("notify_spots", schema=None) as batch_op:
        batch_op.create_index("ix_notify_spots_guild_lat_lon", ["guild_id", "lat", "lon"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    opted_in = (
        f"SELECT guild_id, user_id, radius_km FROM member_settings m WHERE {_opted_in('m', sqlite)}"
    )
    op.execute(
        f"INSERT INTO notify_spots ({COLUMNS}) SELECT h.guild_id, h.user_id, 0, h.place_label, "
        f"h.lat, h.lon, NULL, NULL, o.radius_km FROM homes h JOIN ({opted_in}) o "
        "ON o.guild_id = h.guild_id AND o.user_id = h.user_id"
    )
    op.execute(
        f"INSERT INTO notify_spots ({COLUMNS}) SELECT t.guild_id, t.user_id, t.id, t.place_label, "
        f"t.lat, t.lon, t.start_date, t.end_date, o.radius_km FROM trips t JOIN ({opted_in}) o "
        "ON o.guild_id = t.guild_id AND o.user_id = t.user_id"
    )
    create_triggers()
    with op.batch_alter_table("member_settings", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_member_settings_notify",
            sqlite_where=sa.text("notify_dm = 1 AND discoverable = 1"),
            postgresql_where=sa.text("notify_dm AND discoverable"),
        )


def downgrade() -> None:
    with op.batch_alter_table("member_settings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_member_settings_notify",
            ["guild_id", "user_id", "radius_km"],
            unique=False,
            sqlite_where=sa.text("notify_dm = 1 AND discoverable = 1"),
            postgresql_where=sa.text("notify_dm AND discoverable"),
        )
    drop_triggers()
    with op.batch_alter_table("notify_spots", schema=None) as batch_op:
        batch_op.drop_index("ix_notify_spots_guild_lat_lon")
    op.drop_table("notify_spots")
