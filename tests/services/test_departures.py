"""A member who left gets nothing more: their pending DMs stop, sent ones stay recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db.database import Database
from bot.services import departures
from models import OutboxMessage

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
LEAVER, STAYER = 111111111, 222222222
GUILD_A, GUILD_B = 900000001, 900000002


async def queue(db: Database) -> None:
    async with db.session() as session:
        for n, (guild, user, status) in enumerate(
            [
                (GUILD_A, LEAVER, "pending"),
                (GUILD_B, LEAVER, "pending"),
                (GUILD_A, LEAVER, "sent"),
                (GUILD_A, STAYER, "pending"),
            ]
        ):
            session.add(
                OutboxMessage(
                    kind="tweetup_reminder",
                    dedupe_key=f"row{n}",
                    guild_id=guild,
                    recipient_id=user,
                    due_at=NOW + timedelta(hours=n),
                    status=status,
                    created_at=NOW,
                )
            )


async def statuses(db: Database) -> list[tuple[int, int, str]]:
    async with db.read_session() as session:
        rows = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(row.guild_id, row.recipient_id, row.status) for row in rows]


async def test_leaving_one_server_stops_only_its_pending_dms(database: Database) -> None:
    await queue(database)
    async with database.session() as session:
        skipped = await departures.left_guild(session=session, guild_id=GUILD_A, user_id=LEAVER)
    assert skipped == 1
    assert await statuses(database) == [
        (GUILD_A, LEAVER, "skipped"),
        (GUILD_B, LEAVER, "pending"),
        (GUILD_A, LEAVER, "sent"),
        (GUILD_A, STAYER, "pending"),
    ]


async def test_no_server_in_common_stops_every_pending_dm(database: Database) -> None:
    await queue(database)
    async with database.session() as session:
        assert await departures.left_every_guild(session=session, user_id=LEAVER) == 2
    assert [s for _, user, s in await statuses(database) if user == LEAVER] == [
        "skipped",
        "skipped",
        "sent",
    ]
