"""trips.hidden: whether a trip's member hid themselves in its guild, kept by triggers

Matching checked every trip it read for a hidden member, a probe of ``member_settings``'s
partial index per trip (and a plan node per read: PostgreSQL's travelers statement has a
dozen). At a million members that was a fifth of the statement (-12 to -28 % without it,
0.3-0.45 ms). Now each trip carries the flag, so a trip read is checked by a column of its
own row, and PostgreSQL's ``ix_trips_guild_place_dates`` includes it (a town's trips are
still counted from the index alone).

It must be exact: a public list names only members who let themselves be found. Triggers
keep it on every write path, as for ``visible_homes`` and ``trip_boxes``: a trip gets its
member's state when it is saved or moved to another member or guild, and a change of
``member_settings`` (hiding, showing again, deleting the settings) rewrites the member's
trips. On PostgreSQL two transactions could otherwise pass each other under READ
COMMITTED (a trip saved while its member hides: each misses the other's uncommitted row),
so both sides first take a transaction-level advisory lock on the member, and whichever
comes second reads the other's committed change. SQLite runs one writer at a time.

Revision ID: d6a2f8c4e1b7
Revises: a7c3e9d1f5b2
Create Date: 2026-12-04 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d6a2f8c4e1b7"
down_revision: str | None = "a7c3e9d1f5b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_trips_guild_place_dates"
INDEX_COLUMNS = ["guild_id", "place_id", "start_date", "end_date", "id"]
SQLITE_TRIGGERS = [
    *(f"trips_hidden_trips_{event}" for event in ("insert", "update")),
    *(f"trips_hidden_settings_{event}" for event in ("insert", "update", "delete")),
]
POSTGRES_TRIGGERS = {"trips_hidden_trips": "trips", "trips_hidden_settings": "member_settings"}


def hidden(guild: str, user: str) -> str:
    """The member (guild and user expressions) hid themselves: SQL for both databases."""
    return (
        "EXISTS (SELECT 1 FROM member_settings s WHERE s.guild_id = "
        f"{guild} AND s.user_id = {user} AND NOT s.discoverable)"
    )


# Every trip's flag set from its member's settings (the migration, and the benchmarks' bulk
# loads, which run with the triggers off).
_TRIP = hidden("trips.guild_id", "trips.user_id")
FILL = f"UPDATE trips SET hidden = {_TRIP} WHERE hidden <> {_TRIP}"


def _sqlite_member(row: str) -> str:
    """Rewrite the trips of the member of settings row ``row`` (NEW or OLD)."""
    state = hidden(f"{row}.guild_id", f"{row}.user_id")
    return (
        f"UPDATE trips SET hidden = {state} WHERE guild_id = {row}.guild_id "
        f"AND user_id = {row}.user_id AND hidden <> {state};"
    )


def _sqlite_triggers() -> None:
    trip = hidden("NEW.guild_id", "NEW.user_id")
    own_row = f"UPDATE trips SET hidden = {trip} WHERE id = NEW.id AND hidden <> {trip};"
    on_trips = {"insert": "INSERT", "update": "UPDATE OF guild_id, user_id, hidden"}
    for event, when in on_trips.items():
        op.execute(
            f"CREATE TRIGGER trips_hidden_trips_{event} AFTER {when} ON trips FOR EACH ROW "
            f"BEGIN {own_row} END"
        )
    on_settings = {
        "insert": ("INSERT", _sqlite_member("NEW")),
        "update": (
            "UPDATE OF guild_id, user_id, discoverable",
            _sqlite_member("OLD") + _sqlite_member("NEW"),
        ),
        "delete": ("DELETE", _sqlite_member("OLD")),
    }
    for event, (when, body) in on_settings.items():
        op.execute(
            f"CREATE TRIGGER trips_hidden_settings_{event} AFTER {when} ON member_settings "
            f"FOR EACH ROW BEGIN {body} END"
        )


def _lock(guild: str, user: str) -> str:
    """The member's advisory lock until the transaction ends (see the module's docstring)."""
    return (
        "PERFORM pg_advisory_xact_lock(hashtextextended("
        f"'tweetup.trips_hidden:' || {guild} || ':' || {user}, 0));"
    )


def _postgres_triggers() -> None:
    op.execute(
        "CREATE FUNCTION trips_hidden_member(g bigint, u bigint) RETURNS void "
        f"LANGUAGE plpgsql AS $$ BEGIN {_lock('g', 'u')} "
        f"UPDATE trips SET hidden = {hidden('g', 'u')} WHERE guild_id = g AND user_id = u "
        f"AND hidden <> {hidden('g', 'u')}; END $$"
    )
    # BEFORE: the row is written with its flag (an UPDATE OF hidden by anyone is put right).
    op.execute(
        "CREATE FUNCTION trips_hidden_trips() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{_lock('NEW.guild_id', 'NEW.user_id')} "
        f"NEW.hidden := {hidden('NEW.guild_id', 'NEW.user_id')}; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER trips_hidden_trips BEFORE INSERT OR UPDATE OF guild_id, user_id, hidden "
        "ON trips FOR EACH ROW EXECUTE FUNCTION trips_hidden_trips()"
    )
    op.execute(
        "CREATE FUNCTION trips_hidden_settings() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP <> 'INSERT' THEN PERFORM trips_hidden_member(OLD.guild_id, OLD.user_id); "
        "END IF; IF TG_OP <> 'DELETE' THEN "
        "PERFORM trips_hidden_member(NEW.guild_id, NEW.user_id); END IF; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER trips_hidden_settings AFTER INSERT OR DELETE OR UPDATE OF guild_id, "
        "user_id, discoverable ON member_settings "
        "FOR EACH ROW EXECUTE FUNCTION trips_hidden_settings()"
    )


def create_triggers() -> None:
    """The triggers that keep trips.hidden (also for later migrations that recreate trips or
    member_settings on SQLite)."""
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgres_triggers()


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    for name, table in POSTGRES_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP FUNCTION IF EXISTS trips_hidden_member(bigint, bigint)")


def _index(include: list[str]) -> None:
    op.drop_index(INDEX, table_name="trips")
    op.create_index(INDEX, "trips", INDEX_COLUMNS, postgresql_include=include)


def upgrade() -> None:
    # ADD COLUMN, not batch mode: recreating trips on SQLite would drop its triggers.
    op.add_column(
        "trips", sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.execute(FILL)
    create_triggers()
    if op.get_bind().dialect.name == "postgresql":
        _index(["user_id", "hidden"])


def downgrade() -> None:
    drop_triggers()
    if op.get_bind().dialect.name == "postgresql":
        _index(["user_id"])
    op.drop_column("trips", "hidden")
