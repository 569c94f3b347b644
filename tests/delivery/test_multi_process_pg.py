"""Two ``python -m bot run`` processes on one PostgreSQL database: every due reminder is
delivered exactly once (rows are claimed with ``FOR UPDATE SKIP LOCKED`` and the claim is
committed before the DM goes out, with a nonce derived from the reminder)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.db.database import Database
from bot.domain.tweetups.reminders import reminder_nonce
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig, SubprocessBot
from emulator.server import Emulator
from models import DmChannel, OutboxMessage
from models.outbox import CLAIMED, PENDING, SENT
from tests.delivery import LEAD_MINUTES, seed_due_reminders
from tests.support.databases import pg_url

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.pg,
    pytest.mark.skipif(pg_url() is None, reason="TWEETUP_TEST_PG_URL is not set"),
]

MEMBERS = 1000
TITLE = "Harbour walk"
#: New DM channels at the configuration's maximum pace (the 40003 limit has its own test);
#: the emulator's global limit is raised: the shared budget has its own test
#: (tests/delivery/test_shared_budget_pg.py).
DM_OPENS_PER_MINUTE = 1500
GLOBAL_LIMIT = 1000
#: Small batches and a slow claim make the two processes claim at overlapping times again and
#: again, so that rows claimed by both would show (see ``slow_claims``).
BATCH_SIZE = 10
CLAIM_DELAY_PER_ROW = 0.005
OPEN_DM = "POST /users/@me/channels"
SEND = "POST /channels/{channel_id}/messages"


async def slow_claims(url: str) -> None:
    """Make claiming take a while (as on a loaded database server): each row turned from
    pending to claimed holds its transaction a few milliseconds longer. A dispatcher that
    did not lock the rows it picks would then often pick rows the other one is claiming."""
    db = Database.from_url(url)
    try:
        async with db.session() as session:
            await session.execute(
                text(
                    "CREATE FUNCTION test_slow_claim() RETURNS trigger LANGUAGE plpgsql AS "
                    f"$$ BEGIN PERFORM pg_sleep({CLAIM_DELAY_PER_ROW}); RETURN NEW; END $$"
                )
            )
            await session.execute(
                text(
                    "CREATE TRIGGER test_slow_claim BEFORE UPDATE ON outbox FOR EACH ROW "
                    "WHEN (OLD.status = 'pending' AND NEW.status = 'claimed') "
                    "EXECUTE FUNCTION test_slow_claim()"
                )
            )
    finally:
        await db.dispose()


async def outbox_rows(url: str) -> list[OutboxMessage]:
    """The reminder rows (a tweetup also plans a day-before intro and an after-meetup
    check-back for Going members; those are not what this test counts)."""
    db = Database.from_url(url)
    try:
        async with db.read_session() as session:
            return list(
                await session.scalars(
                    select(OutboxMessage)
                    .where(OutboxMessage.kind == "reminder")
                    .order_by(OutboxMessage.id)
                )
            )
    finally:
        await db.dispose()


async def eventually(check: Callable[[], Awaitable[bool]], *, within: float) -> bool:
    """Re-check a condition on the database until it holds or time runs out (a poll, not a
    fixed sleep); the caller's assertions then say what is wrong."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


# Both processes share one budget of Discord's global limit: 1,500 requests take 33 s or more.
@pytest.mark.timeout(240)
async def test_two_bot_processes_deliver_1000_due_reminders_exactly_once(
    discord_emulator: Emulator, pg_database_url: str, tmp_path: Path
) -> None:
    emulator = discord_emulator
    emulator.rate_limits.global_per_second = GLOBAL_LIMIT
    emulator.config.dm_open_burst = None  # the 40003 limit has its own test
    discord = DiscordHarness(emulator, within=120.0)
    organizer = discord.add_member("organizer", admin=True)
    members = [discord.add_member(f"member{n}").user for n in range(MEMBERS)]
    url = pg_database_url
    tweetup_id = await seed_due_reminders(
        url,
        guild_id=discord.guild.id,
        organizer_id=organizer.user.id,
        member_ids=[m.id for m in members],
        now=datetime.now(UTC),  # the processes read the system clock
        title=TITLE,
    )
    # Half of them had a DM from the bot before (their DM channel id is cached), half need
    # their DM channel opened first: both paths run in both processes.
    warm = members[::2]
    db = Database.from_url(url)
    try:
        async with db.session() as session:
            session.add_all(
                DmChannel(user_id=user.id, channel_id=emulator.state.dm_channel(user).id)
                for user in warm
            )
    finally:
        await db.dispose()
    queued = await outbox_rows(url)
    assert len(queued) == MEMBERS
    assert {row.dedupe_key for row in queued} == {
        f"reminder:{tweetup_id}:{m.id}:{LEAD_MINUTES}:0" for m in members
    }
    assert all(row.detail == {"lead_minutes": LEAD_MINUTES} for row in queued)
    await slow_claims(url)

    delivery = {"dm_opens_per_minute": DM_OPENS_PER_MINUTE, "batch_size": BATCH_SIZE}
    config = BotConfig(settings={"delivery": delivery})
    bots = [
        SubprocessBot(emulator, config, data_dir=tmp_path / name / "data", database_url=url)
        for name in ("bot-a", "bot-b")
    ]
    try:
        # Started together, so that both are up before the work is gone.
        await asyncio.gather(*(bot.start() for bot in bots))
        await discord.wait_until(
            lambda: len(emulator.gateway.live_sessions) == 2, "both processes to connect"
        )
        await discord.wait_until(
            lambda: len(emulator.state.messages) >= MEMBERS, f"{MEMBERS} DMs", within=120.0
        )

        async def all_settled() -> bool:
            return all(row.status not in (PENDING, CLAIMED) for row in await outbox_rows(url))

        # Marking sent follows each DM closely; a row claimed twice would stay "claimed".
        await eventually(all_settled, within=10.0)
        assert all(bot.process is not None and bot.process.returncode is None for bot in bots)
    finally:
        await asyncio.gather(*(bot.stop() for bot in bots))

    # Every member got exactly one DM, the reminder of this tweetup, and nobody else got any.
    inboxes = {member.id: discord.dm_inbox(member) for member in members}
    assert sorted(len(inbox) for inbox in inboxes.values()) == [1] * MEMBERS
    assert all(TITLE in inbox[0].content for inbox in inboxes.values())
    assert len(emulator.state.messages) == MEMBERS

    # Not even a deduplicated resend: each reminder was posted once, with its own nonce
    # (the emulator, like Discord, would have swallowed a repeat with the same nonce).
    posts = [r for r in discord.requests(SEND) if r.status == 200]
    nonces = Counter(str(r.json["nonce"]) for r in posts)
    repeated = {nonce: count for nonce, count in nonces.items() if count > 1}
    assert repeated == {}, f"{len(repeated)} reminders were sent more than once"
    assert set(nonces) == {reminder_nonce(tweetup_id, m.id, LEAD_MINUTES) for m in members}
    assert len(posts) == MEMBERS
    opened = Counter(int(r.json["recipient_id"]) for r in discord.requests(OPEN_DM))
    assert opened == Counter({user.id: 1 for user in members[1::2]})

    # Every row is sent, each claimed exactly once, by one of the two processes.
    rows = await outbox_rows(url)
    # ``attempts`` counts failed sends only (a restart or a claim is not a failure).
    assert Counter(row.attempts for row in rows) == {0: MEMBERS}
    assert all(row.first_claimed_at is not None for row in rows)
    assert Counter(row.status for row in rows) == {SENT: MEMBERS}
    assert all(row.sent_at is not None for row in rows)
    shares = Counter(row.claim_token for row in rows)
    assert len(shares) <= 2
    print(f"\nDMs sent per process (by claim token): {sorted(shares.values())}")
    for bot in bots:
        assert bot.logged_errors() == [], bot.log()[-3000:]
    assert emulator.rate_limits.refused == []
