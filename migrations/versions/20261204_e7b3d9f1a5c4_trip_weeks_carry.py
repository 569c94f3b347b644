"""trip weeks carry their trip's member, flag and label: a city's trips read without the trips

Co-travelers in a city are its trips starting in the window's first week or later (a range
of ``ix_trips_guild_place_dates``) and those going on into that week (``trip_weeks``). The
second range gave only the trip's id and dates: each row was then looked up in ``trips``
for the member (to leave out the asking one), the ``hidden`` flag and the label shown,
one primary-key probe and one table page per trip. With the machine's cache shared with
other work (the benchmark's baselines), those pages were most of what a query read from
outside PostgreSQL's buffers (1M members: 409 of 934 pages over 13 queries). Now each
week's row carries ``user_id``, ``hidden`` and ``place_label`` (on PostgreSQL as the key's
INCLUDE columns), and ``ix_trips_guild_place_dates`` includes the label on PostgreSQL, so a
city's trips are read from the two indexes alone; the distance shown is the city's own
(a trip is at its city's centre).

The table is derived, so it is rebuilt (dropped, created with the new columns, filled from
the trips) and its triggers replaced: they copy the three columns and rewrite a trip's
weeks when its member, flag or label changes (the ``trips.hidden`` triggers set the flag by
an UPDATE, so hiding or showing a member reaches the weeks too). On SQLite the flag is
read from the member's settings, not from the new row, and the rows are inserted OR
IGNORE: there ``trips.hidden`` is set by an AFTER INSERT trigger's UPDATE, which may run
before or after this insert trigger (SQLite promises no order); whichever runs second
finds the rows the first wrote, with the same values.

Revision ID: e7b3d9f1a5c4
Revises: c2e4a6b8d0f1
Create Date: 2026-12-04 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7b3d9f1a5c4"
down_revision: str | None = "c2e4a6b8d0f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ["guild_id", "place_id", "week", "start_date", "end_date", "trip_id"]
CARRIED = ["user_id", "hidden", "place_label"]
TRIGGERS = [f"trip_weeks_trips_{event}" for event in ("insert", "update", "delete")]
WEEKS = "[" + ",".join(str(n) for n in range(1, 106)) + "]"
INDEX = "ix_trips_guild_place_dates"
INDEX_COLUMNS = ["guild_id", "place_id", "start_date", "end_date", "id"]


def week(day: str, sqlite: bool) -> str:
    """The number of the week holding ``day`` (Monday-based, from 5 January 1970)."""
    if sqlite:
        return f"((CAST(julianday({day}) AS INTEGER) - 2440591) / 7)"
    return f"(({day} - DATE '1970-01-05') / 7)"


def _hidden(row: str, sqlite: bool) -> str:
    """The trip's flag: its row's, except for SQLite's NEW (see the module's docstring)."""
    if row != "NEW" or not sqlite:
        return f"{row}.hidden"
    return (
        "EXISTS (SELECT 1 FROM member_settings s WHERE s.guild_id = NEW.guild_id "
        "AND s.user_id = NEW.user_id AND NOT s.discoverable)"
    )


def weeks_of(row: str, sqlite: bool, carry: bool = True) -> str:
    """INSERT the later weeks of trip ``row``: NEW in a trigger, or every trip as ``t``
    (the migration's fill, and the benchmarks' after a bulk load with triggers off)."""
    first, last = week(f"{row}.start_date", sqlite), week(f"{row}.end_date", sqlite)
    if sqlite:
        numbers, number = f"json_each('{WEEKS}') n", f"{first} + n.value"
        where = f" WHERE n.value <= {last} - {first}"
    else:
        numbers, number, where = f"generate_series({first} + 1, {last}) w", "w", ""
    source = numbers if row == "NEW" else f"trips {row} CROSS JOIN {numbers}"
    columns = KEY + CARRIED if carry else KEY
    values = f"{row}.guild_id, {row}.place_id, {number}, {row}.start_date, {row}.end_date, {row}.id"
    if carry:
        values += f", {row}.user_id, {_hidden(row, sqlite)}, {row}.place_label"
    verb = "INSERT OR IGNORE" if sqlite and carry and row == "NEW" else "INSERT"
    return f"{verb} INTO trip_weeks ({', '.join(columns)}) SELECT {values} FROM {source}{where}"


def _forget(sqlite: bool) -> str:
    first, last = week("OLD.start_date", sqlite), week("OLD.end_date", sqlite)
    return (
        "DELETE FROM trip_weeks WHERE guild_id = OLD.guild_id AND place_id = OLD.place_id "
        f"AND week > {first} AND week <= {last} AND start_date = OLD.start_date "
        "AND end_date = OLD.end_date AND trip_id = OLD.id;"
    )


def create_triggers(carry: bool = True) -> None:
    """The triggers that keep trip_weeks (also for later migrations that recreate trips on
    SQLite); ``carry``: with the carried columns (False: as migration 2b9e6f0c8d15 made them)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    changes = ["guild_id", "place_id", "start_date", "end_date", *(CARRIED if carry else [])]
    insert = weeks_of("NEW", sqlite, carry) + ";"
    on = {
        "insert": ("INSERT", [insert]),
        "update": (f"UPDATE OF {', '.join(changes)}", [_forget(sqlite), insert]),
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


def _create_table(carry: bool) -> None:
    carried = [
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("place_label", sa.String(length=200), nullable=False),
    ]
    op.create_table(
        "trip_weeks",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("place_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("week", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("trip_id", sa.BigInteger(), autoincrement=False, nullable=False),
        *(carried if carry else []),
        sa.PrimaryKeyConstraint(
            *KEY,
            name=op.f("pk_trip_weeks"),
            postgresql_include=CARRIED if carry else [],
        ),
        sqlite_with_rowid=False,
    )


def _rebuild(carry: bool) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    drop_triggers()
    op.drop_table("trip_weeks")
    _create_table(carry)
    op.execute(weeks_of("t", sqlite, carry))
    create_triggers(carry)
    if not sqlite:
        op.drop_index(INDEX, table_name="trips")
        include = ["user_id", "hidden", *(["place_label"] if carry else [])]
        op.create_index(INDEX, "trips", INDEX_COLUMNS, postgresql_include=include)


def upgrade() -> None:
    _rebuild(carry=True)


def downgrade() -> None:
    _rebuild(carry=False)
