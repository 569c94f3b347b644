"""trip boxes of shown members only: SQLite's R*Tree of trips skips hidden members

Co-travelers on SQLite are read from ``trip_boxes`` (migration 5f3b8a1c9d27) and each trip
found there was checked for a hidden member, a probe of ``member_settings`` per trip: a
fifth of a wide ring's read (0.5-0.8 ms of 2-3 ms around Frankfurt, 480 km, at 100,000
members) for the 1 % of members who hide. Now only the trips of members who let themselves
be found have a box, so what the R*Tree finds is shown, and the counts that choose a ring
count only shown trips.

Triggers keep it so on every write path: on trips (a trip gets its box only if its member
is shown) and on member_settings (hiding takes the member's boxes out, showing again or
deleting the settings puts them back). PostgreSQL has no R*Tree: nothing changes there.

Revision ID: e3c7a1d5b9f2
Revises: b5e1f9c3a7d2
Create Date: 2026-12-03 09:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e3c7a1d5b9f2"
down_revision: str | None = "b5e1f9c3a7d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "id, guild_min, guild_max, lat_min, lat_max, lon_min, lon_max, day_min, day_max"
TRIP_TRIGGERS = [f"trip_boxes_trips_{event}" for event in ("insert", "update", "delete")]
SETTINGS_TRIGGERS = [f"trip_boxes_settings_{event}" for event in ("insert", "update", "delete")]


def _box(row: str) -> str:
    """The box of trip ``row``: guild, city and days since 1 January 1970 (as before)."""
    first, last = (f"(julianday({row}.{end}) - 2440587.5)" for end in ("start_date", "end_date"))
    return (
        f"{row}.id, {row}.guild_id, {row}.guild_id, {row}.lat, {row}.lat, "
        f"{row}.lon, {row}.lon, {first}, {last}"
    )


def _shown(row: str) -> str:
    """The member of ``row`` (a trip or settings row) has not hidden themselves."""
    return (
        "NOT EXISTS (SELECT 1 FROM member_settings s WHERE s.guild_id = "
        f"{row}.guild_id AND s.user_id = {row}.user_id AND NOT s.discoverable)"
    )


def fill() -> str:
    """Every shown trip's box (the migration, and bulk loads with the triggers off)."""
    return f"INSERT INTO trip_boxes ({COLUMNS}) SELECT {_box('t')} FROM trips t WHERE {_shown('t')}"


def _restore(row: str) -> str:
    """The member of settings row ``row`` gets the boxes of their trips again, if they are
    shown now: written afresh (an R*Tree cannot be read and written in one statement, so
    an insert cannot skip the boxes that exist)."""
    mine = f"t.guild_id = {row}.guild_id AND t.user_id = {row}.user_id"
    return (
        f"DELETE FROM trip_boxes WHERE id IN (SELECT t.id FROM trips t WHERE {mine}); "
        f"INSERT INTO trip_boxes ({COLUMNS}) SELECT {_box('t')} FROM trips t "
        f"WHERE {mine} AND {_shown('t')};"
    )


def _forget_if_hidden(row: str) -> str:
    return (
        f"DELETE FROM trip_boxes WHERE NOT {row}.discoverable AND id IN (SELECT t.id "
        f"FROM trips t WHERE t.guild_id = {row}.guild_id AND t.user_id = {row}.user_id);"
    )


def _trip_triggers(shown_only: bool) -> None:
    where = f" WHERE {_shown('NEW')}" if shown_only else ""
    insert = f"INSERT INTO trip_boxes ({COLUMNS}) SELECT {_box('NEW')}{where};"
    forget = "DELETE FROM trip_boxes WHERE id = OLD.id;"
    columns = "id, guild_id, user_id, lat, lon, start_date, end_date"
    on = {
        "insert": ("INSERT", insert),
        "update": (f"UPDATE OF {columns}", forget + insert),
        "delete": ("DELETE", forget),
    }
    for event, (when, body) in on.items():
        op.execute(f"DROP TRIGGER IF EXISTS trip_boxes_trips_{event}")
        op.execute(
            f"CREATE TRIGGER trip_boxes_trips_{event} AFTER {when} ON trips FOR EACH ROW "
            f"BEGIN {body} END"
        )


def create_triggers() -> None:
    """The triggers that keep trip_boxes to shown members' trips (also for later migrations
    that recreate trips or member_settings on SQLite)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    _trip_triggers(shown_only=True)
    on = {
        "insert": ("INSERT", _forget_if_hidden("NEW")),
        # Whatever changed, the old member may be shown now and the new one hidden.
        "update": (
            "UPDATE OF guild_id, user_id, discoverable",
            _restore("OLD") + _restore("NEW"),
        ),
        "delete": ("DELETE", _restore("OLD")),
    }
    changed = (
        "WHEN OLD.discoverable IS NOT NEW.discoverable OR OLD.user_id <> NEW.user_id "
        "OR OLD.guild_id <> NEW.guild_id "
    )
    for event, (when, body) in on.items():
        only = changed if event == "update" else ""
        op.execute(
            f"CREATE TRIGGER trip_boxes_settings_{event} AFTER {when} ON member_settings "
            f"FOR EACH ROW {only}BEGIN {body} END"
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    create_triggers()
    op.execute(
        f"DELETE FROM trip_boxes WHERE id IN (SELECT t.id FROM trips t WHERE NOT ({_shown('t')}))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in SETTINGS_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    _trip_triggers(shown_only=False)
    op.execute("DELETE FROM trip_boxes")
    op.execute(f"INSERT INTO trip_boxes ({COLUMNS}) SELECT {_box('t')} FROM trips t")
