"""trip weeks: the weeks a trip goes on into after the week it starts in

``trip_weeks`` holds, for each trip, one row per week after its first (weeks numbered from
Monday 5 January 1970), keyed ``(guild_id, place_id, week, start_date, end_date, trip_id)``:
the trips overlapping a window are those starting from the Monday of the window's first week
to its end (a bounded range of ``ix_trips_guild_place_dates``) and the rows of this table for
that week ending on or after the window's start, so co-travelers are read without scanning
every trip that started before the window, and a city's come in the order shown. Triggers on trips keep it, so every write path
(services, erasure, purges, bulk loads) does; filled from the existing trips.

SQLite drops a table's triggers when batch mode recreates it: a later migration that
recreates trips must create them again (``create_triggers``); tests/migrations fails if they
are missing at head. SQLite allows no ``WITH`` inside a trigger, so its triggers count the
weeks with ``json_each`` over a constant list (two years of weeks; trips last at most 366
days, ``bot.domain.dates.validate.MAX_NIGHTS``).

Revision ID: 2b9e6f0c8d15
Revises: 9e5a2c7d4b18
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2b9e6f0c8d15"
down_revision: str | None = "9e5a2c7d4b18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "guild_id, place_id, week, start_date, end_date, trip_id"
TRIGGERS = [f"trip_weeks_trips_{event}" for event in ("insert", "update", "delete")]
WEEKS = "[" + ",".join(str(n) for n in range(1, 106)) + "]"


def week(day: str, sqlite: bool) -> str:
    """The number of the week holding ``day`` (Monday-based, from 5 January 1970)."""
    if sqlite:
        return f"((CAST(julianday({day}) AS INTEGER) - 2440591) / 7)"
    return f"(({day} - DATE '1970-01-05') / 7)"


def weeks_of(row: str, sqlite: bool) -> str:
    """INSERT the later weeks of trip ``row``: NEW in a trigger, or every trip as ``t``."""
    first, last = week(f"{row}.start_date", sqlite), week(f"{row}.end_date", sqlite)
    if sqlite:
        numbers, number = f"json_each('{WEEKS}') n", f"{first} + n.value"
        where = f" WHERE n.value <= {last} - {first}"
    else:
        numbers, number, where = f"generate_series({first} + 1, {last}) w", "w", ""
    source = numbers if row == "NEW" else f"trips {row} CROSS JOIN {numbers}"
    return (
        f"INSERT INTO trip_weeks ({COLUMNS}) SELECT {row}.guild_id, {row}.place_id, {number}, "
        f"{row}.start_date, {row}.end_date, {row}.id FROM {source}{where}"
    )


def _forget(sqlite: bool) -> str:
    first, last = week("OLD.start_date", sqlite), week("OLD.end_date", sqlite)
    return (
        "DELETE FROM trip_weeks WHERE guild_id = OLD.guild_id AND place_id = OLD.place_id "
        f"AND week > {first} AND week <= {last} AND start_date = OLD.start_date "
        "AND end_date = OLD.end_date "
        "AND trip_id = OLD.id;"
    )


def create_triggers() -> None:
    """The triggers that keep trip_weeks (also for later migrations that recreate trips on
    SQLite)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    on = {
        "insert": ("INSERT", [weeks_of("NEW", sqlite) + ";"]),
        "update": (
            "UPDATE OF guild_id, place_id, start_date, end_date",
            [_forget(sqlite), weeks_of("NEW", sqlite) + ";"],
        ),
        "delete": ("DELETE", [_forget(sqlite)]),
    }
    for event, (when, statements) in on.items():
        name = f"trip_weeks_trips_{event}"
        body = " ".join(statements)
        if sqlite:
            op.execute(f"CREATE TRIGGER {name} AFTER {when} ON trips FOR EACH ROW BEGIN {body} END")
            continue
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{body} RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {when} ON trips FOR EACH ROW EXECUTE FUNCTION {name}()"
        )


def drop_triggers() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in TRIGGERS:
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON trips")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")


def upgrade() -> None:
    op.create_table(
        "trip_weeks",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("place_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("week", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("trip_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint(
            "guild_id",
            "place_id",
            "week",
            "start_date",
            "end_date",
            "trip_id",
            name=op.f("pk_trip_weeks"),
        ),
        sqlite_with_rowid=False,
    )
    op.execute(weeks_of("t", op.get_bind().dialect.name == "sqlite"))
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_table("trip_weeks")
