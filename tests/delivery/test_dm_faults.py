"""Discord's DM refusals the dispatcher must read right: "too fast" is not "unreachable",
and "no server in common" means the member left."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.db.database import Database
from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from models import DmChannel, OutboxMessage
from tests.delivery import seed_due_reminders

pytestmark = pytest.mark.e2e

OPEN_DM = "POST /users/@me/channels"


@pytest.fixture
def bot_config(clock: ManualClock) -> BotConfig:
    return BotConfig(clock=clock, settings={"delivery": {"dms_per_second": 50}})


async def outbox_rows(url: str) -> list[OutboxMessage]:
    db = Database.from_url(url)
    try:
        async with db.read_session() as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    finally:
        await db.dispose()


async def test_opening_dms_too_fast_waits_and_retries_instead_of_giving_up(
    discord: DiscordHarness, clock: ManualClock, bot_database_url: str
) -> None:
    discord.emulator.config.dm_open_burst = 5
    discord.emulator.config.dm_open_window = 1.0
    organizer = discord.add_member("organizer", admin=True)
    members = [discord.add_member(f"member{n}").user for n in range(12)]
    await seed_due_reminders(
        bot_database_url,
        guild_id=discord.guild.id,
        organizer_id=organizer.user.id,
        member_ids=[m.id for m in members],
        now=clock.now(),
        title="Picnic",
    )
    discord.bot.dispatcher.wake()
    await discord.wait_until(
        lambda: all(discord.dm_inbox(m) for m in members), "12 DMs", within=30.0
    )

    refused = [r for r in discord.requests(OPEN_DM) if r.status == 403]
    assert refused, "the burst limit never refused an open: the test proves nothing"
    assert [len(discord.dm_inbox(m)) for m in members] == [1] * 12
    assert {row.status for row in await outbox_rows(bot_database_url)} == {"sent"}
    db = Database.from_url(bot_database_url)
    try:
        async with db.read_session() as session:
            marked = await session.scalars(
                select(DmChannel.user_id).where(DmChannel.unreachable_since.is_not(None))
            )
            assert list(marked) == []
    finally:
        await db.dispose()


async def test_a_member_who_left_gets_no_more_dms_and_no_thread_ping(
    discord: DiscordHarness, clock: ManualClock, bot_database_url: str
) -> None:
    organizer = discord.add_member("organizer", admin=True)
    stays, leaves = discord.add_member("stays"), discord.add_member("leaves")
    await seed_due_reminders(
        bot_database_url,
        guild_id=discord.guild.id,
        organizer_id=organizer.user.id,
        member_ids=[stays.user.id, leaves.user.id],
        now=clock.now(),
        title="Picnic",
    )
    db = Database.from_url(bot_database_url)
    try:
        async with db.session() as session:
            session.add(
                OutboxMessage(
                    kind="tweetup_changed",
                    dedupe_key="later-for-leaver",
                    guild_id=discord.guild.id,
                    recipient_id=leaves.user.id,
                    due_at=clock.now() + timedelta(days=1),
                    created_at=clock.now(),
                )
            )
    finally:
        await db.dispose()
    discord.remove_member(leaves)  # the bot has no GUILD_MEMBERS intent: it is not told

    discord.bot.dispatcher.wake()
    await discord.wait_for_dm(stays)
    leaver_rows = await settled_rows(bot_database_url, leaves.user.id)

    assert sorted(r.status for r in leaver_rows) == ["skipped", "unreachable"]
    sends = discord.requests("POST /channels/{channel_id}/messages")
    assert 403 in [r.status for r in sends]
    assert discord.dm_inbox(leaves) == []
    everywhere = [m for c in discord.state.channels.values() for m in discord.state.messages_in(c)]
    assert not any(f"<@{leaves.user.id}>" in m.content for m in everywhere)


async def settled_rows(url: str, user_id: int, within: float = 10.0) -> list[OutboxMessage]:
    """The user's outbox rows once none is pending-and-due or claimed (polls the database)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        rows = [r for r in await outbox_rows(url) if r.recipient_id == user_id]
        if all(r.status not in ("claimed",) for r in rows) and any(
            r.status == "unreachable" for r in rows
        ):
            return rows
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"outbox rows of {user_id} never settled: {rows}")
        await asyncio.sleep(0.05)
