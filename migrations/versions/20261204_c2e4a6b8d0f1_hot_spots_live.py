"""hot spots by guild and end date: a new trip's check reads the live suggestions, not history

Saving a trip checks whether a meetup was already suggested near it on overlapping days
(``hotspots._already_suggested``, inside the write transaction, and once before it while
planning). Hot spots are kept after their days are over (a poll links to them), and the
only index was the unique ``(guild_id, place_id, start_date, end_date)``: the check read
every hot spot the guild ever had, and their table rows for the latitude. Indexed by
``(guild_id, end_date)`` the check starts at the trip's first day and skips the past; the
index carries the start date and the point, so it reads no table row.

Revision ID: c2e4a6b8d0f1
Revises: b8e4c2a6d0f3
Create Date: 2026-12-04 06:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c2e4a6b8d0f1"
down_revision: str | None = "b8e4c2a6d0f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_hot_spots_guild_end_date",
        "hot_spots",
        ["guild_id", "end_date", "start_date", "lat", "lon"],
    )


def downgrade() -> None:
    op.drop_index("ix_hot_spots_guild_end_date", table_name="hot_spots")
