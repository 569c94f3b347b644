"""SIGTERM: the bot stops taking work, finishes what it claimed, closes the gateway, exits 0,
and a restart delivers the rest: no reminder lost, none doubled."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.db.database import Database
from bot.ops.intake import RESTARTING
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig, SubprocessBot
from models import OutboxMessage
from tests.delivery import seed_due_reminders
from tests.support.databases import PostgresTemplate, backends

pytestmark = pytest.mark.e2e


@pytest.fixture(params=backends())
def bot_config(request: pytest.FixtureRequest) -> Iterator[BotConfig]:
    """SQLite (one process, its own dispatch lock) and PostgreSQL (claims shared by many)."""
    if request.param == "sqlite":
        yield BotConfig()
        return
    template: PostgresTemplate = request.getfixturevalue("postgres_template")
    with template.fresh() as url:
        yield BotConfig(database_url=url)


DM_SEND = "POST /channels/{channel_id}/messages"
MEMBERS = 12


async def statuses(database_url: str) -> list[str]:
    database = Database.from_url(database_url)
    try:
        async with database.read_session() as session:
            return list(await session.scalars(select(OutboxMessage.status)))
    finally:
        await database.dispose()


async def test_sigterm_while_reminders_go_out_loses_and_doubles_none(
    discord_process: DiscordHarness, bot_database_url: str
) -> None:
    discord = discord_process
    runner = discord.runner
    assert isinstance(runner, SubprocessBot)
    organizer = discord.add_member("organizer", admin=True)
    alice = discord.add_member("alice")
    members = [discord.add_member(f"member{n}").user for n in range(MEMBERS)]
    await discord.stop_bot()
    assert runner.process is not None
    assert runner.process.returncode == 0

    await seed_due_reminders(
        bot_database_url,
        guild_id=discord.guild.id,
        organizer_id=organizer.user.id,
        member_ids=[m.id for m in members],
        now=datetime.now(UTC),
        title="Picnic",
    )
    is_dm = lambda params: int(params["channel_id"]) in set(discord.state.dm_channels.values())  # noqa: E731
    discord.faults.latency(0.3, route=DM_SEND, match=is_dm)  # each DM takes a while
    await discord.restart()
    await discord.wait_until(
        lambda: sum(bool(discord.dm_inbox(m)) for m in members) >= 3 or None, "the first DMs"
    )
    held = discord.faults.latency(3.0, route=DM_SEND, times=1, match=is_dm)
    await discord.wait_until(lambda: held.fired or None, "a DM on its way")

    assert runner.process is not None
    runner.process.send_signal(15)  # SIGTERM, mid-delivery
    await asyncio.sleep(0.5)
    late = await (await discord.slash(alice, "about")).reply()
    assert late.content == RESTARTING  # the gateway is still open, but no new work starts
    await runner.stop()  # waits for the exit (SIGKILL after 10 s would fail the next line)
    assert runner.process.returncode == 0
    assert not discord.gateway.connected
    log = runner.log()
    assert "Stopped" in log
    partly = sum(bool(discord.dm_inbox(m)) for m in members)
    assert 3 <= partly < MEMBERS  # the rest was handed back, not sent in a rush or dropped
    assert "claimed" not in await statuses(bot_database_url)

    await discord.restart()
    await discord.wait_until(
        lambda: all(discord.dm_inbox(m) for m in members) or None, "every reminder", within=30
    )
    await asyncio.sleep(1.0)  # a doubled DM would arrive meanwhile
    assert [len(discord.dm_inbox(m)) for m in members] == [1] * MEMBERS
    for _ in range(100):
        if set(await statuses(bot_database_url)) <= {"sent", "pending"}:
            break
        await asyncio.sleep(0.1)
    assert "claimed" not in await statuses(bot_database_url)
