"""notify spots: one partial covering index per kind

Notice recipients read homes (``trip_id`` 0) and trips as two parts of one statement. Over
``ix_notify_spots_guild_lat_lon`` each part scanned the other kind's entries in its latitude
band too, and read the table for every row in the box; each kind now has its own index
holding every column the statement reads, so it reads only its own entries and no table
row. The old index is dropped: nothing else reads notify_spots by position.

Revision ID: 5d8a1c3e7f42
Revises: 5f3b8a1c9d27
Create Date: 2026-12-02 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d8a1c3e7f42"
down_revision: str | None = "5f3b8a1c9d27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOMES = ["guild_id", "lat", "lon", "user_id", "radius_km", "trip_id"]
TRIPS = ["guild_id", "lat", "lon", "start_date", "end_date", "user_id", "trip_id", "radius_km"]


def upgrade() -> None:
    for name, columns, where in (
        ("ix_notify_spots_homes", HOMES, "trip_id = 0"),
        ("ix_notify_spots_trips", TRIPS, "trip_id != 0"),
    ):
        op.create_index(
            name,
            "notify_spots",
            columns,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )
    op.drop_index("ix_notify_spots_guild_lat_lon", table_name="notify_spots")


def downgrade() -> None:
    op.create_index("ix_notify_spots_guild_lat_lon", "notify_spots", ["guild_id", "lat", "lon"])
    op.drop_index("ix_notify_spots_trips", table_name="notify_spots")
    op.drop_index("ix_notify_spots_homes", table_name="notify_spots")
