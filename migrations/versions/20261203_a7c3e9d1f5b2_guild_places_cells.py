"""guild places by degree of latitude: a circle's towns are read from its own strips

SQLite ranks a circle's towns from ``guild_places`` through ``(guild_id, lat, lon, …)``:
one range of latitudes, so every town of the guild in that band of the globe was read to
keep the few in the box (10,000 members, 500 km around Bozeman, Montana: 2,243 index
entries for 31 towns, slower than SQLite's R*Tree). The index
``(guild_id, floor(lat), lon, lat, place_id, visible_homes)`` orders each degree of
latitude's towns by longitude: a box asks for its degrees, each one range of longitudes,
and reads the index alone (``visible_homes`` covered, as in
``ix_guild_places_guild_lat_lon_counts``). An index on the expression, not a generated
column: SQLite 3.40 reads the table row of each entry of an index holding a virtual column.
Nothing that writes guild_places changes.

Revision ID: a7c3e9d1f5b2
Revises: e3c7a1d5b9f2
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a7c3e9d1f5b2"
down_revision: str | None = "e3c7a1d5b9f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_guild_places_guild_cell_lon"
COLUMNS = "guild_id, floor(lat), lon, lat, place_id, visible_homes"


def upgrade() -> None:
    op.execute(f"CREATE INDEX {INDEX} ON guild_places ({COLUMNS})")


def downgrade() -> None:
    op.execute(f"DROP INDEX {INDEX}")
