"""one lock per member for every write that copies their settings (PostgreSQL)

Triggers copy a member's settings into rows kept beside their homes and trips:
``notify_spots`` (who gets visitor DMs), ``guild_places.visible_homes`` and
``trips.hidden`` (who is shown). Under READ COMMITTED two transactions can pass each
other: a trip saved while its member opts out of DMs (or hides) reads the settings before
the change commits, and the settings' trigger, which rewrites the member's rows, does not
see the uncommitted trip; both commit and the trip keeps a DM spot (or stays shown) that the
settings say it must not have. Migration d6a2f8c4e1b7 closed this for ``trips.hidden``
alone, with a lock taken inside its triggers; but an AFTER trigger on member_settings that
takes it runs after ``notify_spots``' own (triggers fire by name), and it locked on every
deleted settings row too: ``forget_guild`` deletes a whole guild's settings in one
transaction, one lock each, past PostgreSQL's lock table (64 per connection).

Now one BEFORE INSERT OR UPDATE trigger on homes, trips and member_settings takes the
member's transaction-level advisory lock (the old member's too when a row moves), before
the row is written and before every trigger that reads or rewrites the settings' copies;
whichever transaction comes second waits for the first to commit and then reads its change.
Deletes take no lock: removing settings or rows never makes anyone more visible or
reachable. The trips.hidden functions lose their own lock. SQLite runs one writer at a time.

Revision ID: b8e4c2a6d0f3
Revises: f1b3d5a7c9e2
Create Date: 2026-12-04 05:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b8e4c2a6d0f3"
down_revision: str | None = "f1b3d5a7c9e2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("homes", "trips", "member_settings")


def _lock(row: str) -> str:
    """The lock of the member of ``row`` (NEW or OLD) until the transaction ends."""
    return (
        "PERFORM pg_advisory_xact_lock(hashtextextended("
        f"'tweetup.member:' || {row}.guild_id || ':' || {row}.user_id, 0));"
    )


def _hidden(guild: str, user: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM member_settings s WHERE s.guild_id = "
        f"{guild} AND s.user_id = {user} AND NOT s.discoverable)"
    )


def _trips_hidden_functions(lock: str) -> None:
    """trips.hidden's functions (migration d6a2f8c4e1b7), with ``lock`` (a PERFORM or "")."""
    op.execute(
        "CREATE OR REPLACE FUNCTION trips_hidden_member(g bigint, u bigint) RETURNS void "
        f"LANGUAGE plpgsql AS $$ BEGIN {lock.format(guild='g', user='u')} "
        f"UPDATE trips SET hidden = {_hidden('g', 'u')} WHERE guild_id = g AND user_id = u "
        f"AND hidden <> {_hidden('g', 'u')}; END $$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION trips_hidden_trips() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {lock.format(guild='NEW.guild_id', user='NEW.user_id')} "
        f"NEW.hidden := {_hidden('NEW.guild_id', 'NEW.user_id')}; RETURN NEW; END $$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION member_lock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'UPDATE' AND (OLD.guild_id <> NEW.guild_id OR OLD.user_id <> NEW.user_id) "
        f"THEN {_lock('OLD')} END IF; {_lock('NEW')} RETURN NEW; END $$"
    )
    for table in TABLES:
        # "member_lock" sorts before every other BEFORE trigger on these tables.
        op.execute(
            f"CREATE TRIGGER member_lock BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION member_lock()"
        )
    _trips_hidden_functions("")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS member_lock ON {table}")
    op.execute("DROP FUNCTION IF EXISTS member_lock()")
    _trips_hidden_functions(
        "PERFORM pg_advisory_xact_lock(hashtextextended("
        "'tweetup.trips_hidden:' || {guild} || ':' || {user}, 0));"
    )
