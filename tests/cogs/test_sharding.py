"""A process running some of the shards serves and posts for the guilds of those shards only:
their interactions reach it, its background jobs leave the other guilds to their owner."""

from __future__ import annotations

import pytest

from bot.domain.clock import ManualClock
from bot.services import community, guilds
from bot.ui.digest import post_due_digests
from emulator.harness import DiscordHarness
from emulator.models import Guild
from emulator.runners import BotConfig
from tests.delivery import seed_due_reminders

pytestmark = [pytest.mark.e2e, pytest.mark.pg]


@pytest.fixture
def bot_config(clock: ManualClock, pg_database_url: str) -> BotConfig:
    """Shard 1 of 2: another process (not started here) would run shard 0."""
    return BotConfig(
        clock=clock,
        database_url=pg_database_url,
        settings={"bot": {"shard_count": 2, "shard_ids": [1]}},
    )


async def enable_digest(discord: DiscordHarness, guild: Guild, clock: ManualClock) -> None:
    """Set up behind the bot's back: the guild of another process cannot be configured here."""
    bot = discord.bot
    async with bot.db.session() as session:
        await guilds.update_guild_config(
            session=session,
            guild_id=guild.id,
            defaults=bot.settings.defaults,
            now=clock.now(),
            changes={"announce_channel_id": discord.text_channels(guild)[0].id},
        )
        await community.set_digest(
            session=session, guild_id=guild.id, enabled=True, now=clock.now()
        )


async def test_only_the_guilds_of_its_own_shards(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    mine = discord.add_guild("Mine", shard=(1, 2))
    theirs = discord.add_guild("Theirs", shard=(0, 2))
    bot = discord.bot
    assert discord.gateway.live_shards == [(1, 2)]
    assert bot.owns_guild(mine.id)
    assert not bot.owns_guild(theirs.id)
    await discord.wait_until(lambda: bot.get_guild(mine.id), "the GUILD_CREATE of its guild")
    assert bot.get_guild(theirs.id) is None  # never sent to this process

    ana = discord.add_member("ana", guild=mine)
    bo = discord.add_member("bo", guild=theirs)
    answered = await (await discord.slash(ana, "about")).reply()
    assert "Tweetup" in answered.content
    unanswered = await discord.slash(bo, "about", wait=False)

    for guild in (mine, theirs):
        await enable_digest(discord, guild, clock)
    assert await post_due_digests(bot) == 1
    [posted] = discord.channel_messages(discord.text_channels(mine)[0])
    assert "This week on Tweetup" in posted.content
    assert discord.channel_messages(discord.text_channels(theirs)[0]) == []
    async with bot.db.read_session() as session:  # still due: its own process posts it
        assert await community.guilds_due(session=session, now=clock.now()) == [theirs.id]
    assert unanswered.response_type is None


async def test_a_dm_about_another_process_guild_names_that_guild(
    discord: DiscordHarness, clock: ManualClock, pg_database_url: str
) -> None:
    """Any process delivers any DM; this one has no gateway cache of the guild, so it reads
    the guild's name from the API once instead of saying "a server you share"."""
    theirs = discord.add_guild("Harbour Folk", shard=(0, 2))
    organizer = discord.add_member("olga", guild=theirs)
    bo = discord.add_member("bo", guild=theirs)
    assert discord.bot.get_guild(theirs.id) is None
    await seed_due_reminders(
        pg_database_url, guild_id=theirs.id, organizer_id=organizer.id,
        member_ids=[bo.id], now=clock.now(), title="Harbour walk",
    )  # fmt: skip
    discord.bot.dispatcher.wake()
    await discord.wait_until(lambda: discord.dm_inbox(bo), "the reminder DM")
    [reminder] = discord.dm_inbox(bo)
    assert "Harbour walk" in reminder.content
    assert "Harbour Folk" in reminder.content
    assert "a server you share" not in reminder.content
    assert len(discord.requests("GET /guilds/{guild_id}")) == 1
