"""guild places for matching city by city

The cities each guild's homes and trips are in, filled from the existing rows, and indexes
to read a guild's members city by city.

Revision ID: 702bc12e2e4c
Revises: e525c59926f6
Create Date: 2026-11-21 22:06:58.782953
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "702bc12e2e4c"
down_revision: str | None = "e525c59926f6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guild_places",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("place_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "place_id", name=op.f("pk_guild_places")),
    )
    with op.batch_alter_table("guild_places", schema=None) as batch_op:
        batch_op.create_index(
            "ix_guild_places_guild_lat_lon", ["guild_id", "lat", "lon"], unique=False
        )
    op.execute(
        "INSERT INTO guild_places (guild_id, place_id, lat, lon) "
        "SELECT guild_id, place_id, MIN(lat), MIN(lon) FROM "
        "(SELECT guild_id, place_id, lat, lon FROM homes "
        "UNION ALL SELECT guild_id, place_id, lat, lon FROM trips) AS used "
        "GROUP BY guild_id, place_id"
    )

    with op.batch_alter_table("homes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_homes_guild_place_user", ["guild_id", "place_id", "user_id"], unique=False
        )

    with op.batch_alter_table("trips", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trips_guild_place_dates",
            ["guild_id", "place_id", "start_date", "end_date"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("trips", schema=None) as batch_op:
        batch_op.drop_index("ix_trips_guild_place_dates")

    with op.batch_alter_table("homes", schema=None) as batch_op:
        batch_op.drop_index("ix_homes_guild_place_user")

    with op.batch_alter_table("guild_places", schema=None) as batch_op:
        batch_op.drop_index("ix_guild_places_guild_lat_lon")

    op.drop_table("guild_places")
