"""notice recipients index and per-guild city ranking

A partial index holding only the members who asked for DMs about visitors (notice
recipients are read from it), and ``guild_places.uses``: how many homes and trips have named
each city in the guild, maintained on write, so city autocomplete ranks the guild's most used
cities with one indexed read. Filled from the existing rows.

Revision ID: 3f1e5c0a9b7d
Revises: 9ae8d3bf1501
Create Date: 2026-12-01 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3f1e5c0a9b7d"
down_revision: str | None = "9ae8d3bf1501"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member_settings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_member_settings_notify",
            ["guild_id", "user_id", "radius_km"],
            unique=False,
            sqlite_where=sa.text("notify_dm = 1 AND discoverable = 1"),
            postgresql_where=sa.text("notify_dm AND discoverable"),
        )
    with op.batch_alter_table("guild_places", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uses", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index("ix_guild_places_guild_uses", ["guild_id", "uses"], unique=False)
    op.execute(
        "UPDATE guild_places SET uses = "
        "(SELECT count(*) FROM homes WHERE homes.guild_id = guild_places.guild_id "
        "AND homes.place_id = guild_places.place_id) + "
        "(SELECT count(*) FROM trips WHERE trips.guild_id = guild_places.guild_id "
        "AND trips.place_id = guild_places.place_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("guild_places", schema=None) as batch_op:
        batch_op.drop_index("ix_guild_places_guild_uses")
        batch_op.drop_column("uses")
    with op.batch_alter_table("member_settings", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_member_settings_notify",
            sqlite_where=sa.text("notify_dm = 1 AND discoverable = 1"),
            postgresql_where=sa.text("notify_dm AND discoverable"),
        )
