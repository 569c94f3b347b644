"""The guild lifecycle: an outage (GUILD_DELETE with ``unavailable: true``) is not a kick."""

from __future__ import annotations

import asyncio

import pytest

from emulator.harness import DiscordHarness
from tests.cogs.helpers import BERLIN, run
from tests.cogs.test_admin_and_privacy import rows_mentioning

pytestmark = pytest.mark.e2e


async def test_an_outage_keeps_all_of_the_guilds_data(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, alice, "travel add", city=BERLIN, dates="Mar 3-7")
    other = discord.add_guild("Second Server")
    await run(discord, discord.add_member(alice, guild=other), "home set", city=BERLIN)
    kept = await rows_mentioning(discord, discord.guild.id)
    assert kept

    discord.outage(discord.guild)
    # The bot handles gateway events in order: once the kick from the second server (sent
    # after the outage) has deleted that server's data, the outage was handled too.
    discord.remove_bot_from(other)

    for _ in range(200):  # the bot handles GUILD_DELETE asynchronously
        if not await rows_mentioning(discord, other.id):
            break
        await asyncio.sleep(0.05)
    assert await rows_mentioning(discord, other.id) == {}
    assert discord.bot.get_guild(discord.guild.id).unavailable
    assert await rows_mentioning(discord, discord.guild.id) == kept

    discord.recover(discord.guild)
    await discord.wait_until(
        lambda: not discord.bot.get_guild(discord.guild.id).unavailable, "the guild to return"
    )
    shown = await run(discord, alice, "travel list")
    assert "Berlin" in shown.content
    assert await rows_mentioning(discord, discord.guild.id) == kept
