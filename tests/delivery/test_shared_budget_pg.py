"""Three bot processes on one PostgreSQL database share one rate budget: together they stay
within Discord's global limit (50 requests/s, counted over sliding one-second windows) and
within the DM-opening limit, with no 429 and no 40003, and every reminder goes out once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from bot.db.database import Database
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig, SubprocessBot
from emulator.server import Emulator
from models import DmChannel, OutboxMessage
from models.outbox import SENT
from tests.delivery import seed_due_reminders
from tests.support.databases import pg_url
from tests.support.rates import busiest_second

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.pg,
    pytest.mark.skipif(pg_url() is None, reason="TWEETUP_TEST_PG_URL is not set"),
]

PROCESSES = 3
MEMBERS = 450
#: Every third member needs a new DM channel: 150 opens at 6/s in all, whereas each process
#: alone may open 6/s; the emulator refuses an 11th new channel within a second (40003).
DM_OPENS_PER_MINUTE = 360
#: 40 requests/s for all three processes together (each alone may send 40/s, 120/s in all if
#: they did not share); the margin under Discord's 50 absorbs the scheduling jitter of three
#: processes and the emulator on a busy 2-core machine.
REQUESTS_PER_SECOND = 40
OPEN_BURST, OPEN_WINDOW = 10, 1.0
#: The reminders fall due once every process is up and the start-up traffic is over (a
#: start-up keeps the emulator's event loop busy, so that it would record requests sent
#: apart as arriving together), and all processes then send at once.
DUE_IN = timedelta(seconds=45)
SEND = "POST /channels/{channel_id}/messages"
OPEN_DM = "POST /users/@me/channels"


@pytest.mark.timeout(240)
async def test_three_processes_share_one_global_limit_and_dm_opening_budget(
    discord_emulator: Emulator, pg_database_url: str, tmp_path: Path
) -> None:
    emulator = discord_emulator
    assert emulator.rate_limits.global_per_second == 50
    emulator.config.dm_open_burst, emulator.config.dm_open_window = OPEN_BURST, OPEN_WINDOW
    discord = DiscordHarness(emulator, within=90.0)
    organizer = discord.add_member("organizer", admin=True)
    members = [discord.add_member(f"member{n}").user for n in range(MEMBERS)]
    url = pg_database_url
    await seed_due_reminders(
        url,
        guild_id=discord.guild.id,
        organizer_id=organizer.user.id,
        member_ids=[m.id for m in members],
        now=datetime.now(UTC) + DUE_IN,
        title="Shared pace",
    )
    cold = members[::3]
    db = Database.from_url(url)
    try:
        async with db.session() as session:
            # Going members also get a meet-the-others intro; this test counts reminders.
            await session.execute(delete(OutboxMessage).where(OutboxMessage.kind != "reminder"))
            session.add_all(
                DmChannel(user_id=user.id, channel_id=emulator.state.dm_channel(user).id)
                for user in members
                if user not in cold
            )
    finally:
        await db.dispose()

    delivery = {
        "dm_opens_per_minute": DM_OPENS_PER_MINUTE,
        "requests_per_second": REQUESTS_PER_SECOND,
    }
    config = BotConfig(settings={"delivery": delivery})
    bots = [
        SubprocessBot(emulator, config, data_dir=tmp_path / f"bot-{n}" / "data", database_url=url)
        for n in range(PROCESSES)
    ]
    try:
        await asyncio.gather(*(bot.start() for bot in bots))
        await discord.wait_until(
            lambda: len(emulator.gateway.live_sessions) == PROCESSES, "every process to connect"
        )
        started = len(emulator.state.requests)
        await discord.wait_until(
            lambda: len(emulator.state.messages) >= MEMBERS, f"{MEMBERS} DMs", within=120.0
        )
        await asyncio.sleep(1.0)  # anything sent too many would show by now
    finally:
        await asyncio.gather(*(bot.stop() for bot in bots))

    sending = [
        r for r in emulator.state.requests[started:] if r.route in (SEND, OPEN_DM) and r.status
    ]
    posted = [r for r in sending if r.route == SEND and r.status == 200]
    assert len({r.path for r in posted}) == MEMBERS
    assert sorted(len(discord.dm_inbox(m)) for m in members) == [1] * MEMBERS
    # Together the processes stayed within Discord's limits: no 429, no "opening DMs too fast".
    assert Counter(r.status for r in sending) == {200: len(sending)}
    assert emulator.rate_limits.refused == []
    assert busiest_second(emulator.state.requests[started:]) <= 50
    opens = [r for r in sending if r.route == OPEN_DM]
    assert len(opens) == len(cold)
    for bot in bots:
        assert bot.logged_errors() == [], bot.log()[-3000:]
    # Several processes sent (the claims of the sent rows name who sent them).
    db = Database.from_url(url)
    try:
        async with db.read_session() as session:
            senders = set(
                await session.scalars(
                    select(OutboxMessage.claim_token).where(OutboxMessage.status == SENT)
                )
            )
    finally:
        await db.dispose()
    assert len(senders) >= 2
