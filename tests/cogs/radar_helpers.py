"""Trip radar in end-to-end tests: a bot with the Message Content intent, radar switched on
by an admin, and waiting until the bot handled what was said."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from emulator.harness import DiscordHarness
from emulator.models import Channel, Message, Permission
from models import Trip
from tests.cogs.helpers import run

PLANE = "✈️"
SAVED = "✅"
TRIP = "Flying to Berlin Dec 4-6, anyone want to meet?"
OTHER_TRIP = "Heading to Tokyo Dec 10-15! Anyone there?"


async def radar_on(discord: DiscordHarness, channel: Channel | None = None, **options: Any) -> str:
    admin = discord.add_member("radar-admin", permissions=Permission.MANAGE_GUILD)
    reply = await run(
        discord,
        admin,
        "tweetup-admin radar",
        channel=channel or discord.channel,
        enabled=True,
        **options,
    )
    return reply.content


async def handled(discord: DiscordHarness) -> None:
    """Until the bot handled every event sent so far: an interaction answered (it came
    after them on the gateway), then no event handler still busy."""
    await run(discord, discord.add_member("sentinel"), "notify")
    await discord._settle()


def bot_reactions(discord: DiscordHarness, message: Message) -> list[str]:
    me = discord.bot_member.id
    return [emoji for emoji, users in discord.reactions(message).items() if me in users]


async def nudged(discord: DiscordHarness, message: Message) -> None:
    await discord.wait_until(
        lambda: PLANE in bot_reactions(discord, message) or None, f"a ✈️ on {message!r}"
    )


async def trips(discord: DiscordHarness) -> list[Trip]:
    async with discord.bot.db.read_session() as session:
        return list(await session.scalars(select(Trip).order_by(Trip.id)))


def radar_cog(discord: DiscordHarness) -> Any:
    return discord.bot.get_cog("Radar")
