"""Discord's DM refusals the dispatcher must read right: "too fast" is not "unreachable",
and "no server in common" means the member left."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.db.database import Database
from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from models import DmChannel, OutboxMessage, Rsvp
from tests.delivery import seed_due_reminders

pytestmark = pytest.mark.e2e

OPEN_DM = "POST /users/@me/channels"


@pytest.fixture
def bot_config(clock: ManualClock) -> BotConfig:
    return BotConfig(clock=clock, settings={"delivery": {"dm_opens_per_minute": 1500}})


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
    # The last DM exists on Discord's side a round trip before the bot marks it sent.
    for _ in range(100):
        reminders = [r for r in await outbox_rows(bot_database_url) if r.kind == "reminder"]
        if {row.status for row in reminders} == {"sent"}:
            break
        await asyncio.sleep(0.05)
    assert {row.status for row in reminders} == {"sent"}
    db = Database.from_url(bot_database_url)
    try:
        async with db.read_session() as session:
            marked = await session.scalars(
                select(DmChannel.user_id).where(DmChannel.unreachable_since.is_not(None))
            )
            assert list(marked) == []
    finally:
        await db.dispose()


async def test_a_member_who_left_is_treated_as_gone_and_never_pinged(
    discord: DiscordHarness, clock: ManualClock, bot_database_url: str
) -> None:
    """Without the members intent the bot is not told that someone left; the DM failing with
    50278 (no server in common) is how it learns, and the leave rule applies then."""
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
    discord.remove_member(leaves)

    discord.bot.dispatcher.wake()
    await discord.wait_for_dm(stays)
    await rows_gone(bot_database_url, leaves.user.id)

    sends = discord.requests("POST /channels/{channel_id}/messages")
    assert 403 in [r.status for r in sends]
    assert discord.dm_inbox(leaves) == []
    everywhere = [m for c in discord.state.channels.values() for m in discord.state.messages_in(c)]
    assert not any(f"<@{leaves.user.id}>" in m.content for m in everywhere)
    db = Database.from_url(bot_database_url)
    try:
        async with db.read_session() as session:
            left = await session.scalars(select(Rsvp).where(Rsvp.user_id == leaves.user.id))
            assert list(left) == []  # their place is free again
            kept = await session.scalars(select(Rsvp).where(Rsvp.user_id == stays.user.id))
            assert len(list(kept)) == 1
    finally:
        await db.dispose()


async def rows_gone(url: str, user_id: int, within: float = 10.0) -> None:
    """Wait until no outbox row names the user any more (polls the database)."""
    deadline = asyncio.get_running_loop().time() + within
    while any(r.recipient_id == user_id for r in await outbox_rows(url)):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"the outbox still holds rows for {user_id}")
        await asyncio.sleep(0.05)
