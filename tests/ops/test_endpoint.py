"""/healthz and /metrics of the real bot, scraped over HTTP while it serves the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from discord.ext import tasks
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from bot.domain.clock import ManualClock
from bot.ops.health import DISPATCHER_TASK
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from tests.cogs.helpers import BERLIN, run
from tests.delivery import seed_due_reminders
from tests.support.tcp_forward import Forwarder

pytestmark = pytest.mark.e2e

DM_SEND = "POST /channels/{channel_id}/messages"


def endpoint(discord: DiscordHarness) -> str:
    server = discord.bot.ops_server
    assert server is not None
    return f"http://127.0.0.1:{server.port}"


async def get(discord: DiscordHarness, path: str) -> tuple[int, str, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(endpoint(discord) + path) as response,
    ):
        return response.status, response.headers["Content-Type"], await response.text()


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(discord: DiscordHarness) -> Samples:
    """Every sample by name and labels."""
    status, content_type, text = await get(discord, "/metrics")
    assert status == 200
    assert content_type.startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape_until(discord: DiscordHarness, ready: Callable[[Samples], object]) -> Samples:
    for _ in range(100):
        samples = await scrape(discord)
        if ready(samples):
            break
        await asyncio.sleep(0.05)
    return samples


def value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_healthz_reports_each_part(discord: DiscordHarness) -> None:
    status, content_type, body = await get(discord, "/healthz")
    assert status == 200, body
    assert content_type.startswith("application/json")
    assert '"status": "ok"' in body
    for part in ("gateway", "database", "dispatcher"):
        assert f'"{part}": "ok"' in body


async def test_metrics_follow_commands_dms_and_rate_limits(
    discord: DiscordHarness, clock: ManualClock, bot_database_url: str
) -> None:
    alice = discord.add_member("alice")
    before = await scrape(discord)
    assert value(before, "tweetup_gateway_connected", shard="0") == 1
    assert ("tweetup_gateway_latency_seconds", (("shard", "0"),)) in before

    await run(discord, alice, "about")
    ok = {"command": "about", "outcome": "ok"}
    # The answer reaches Discord a moment before the handler returns.
    after = await scrape_until(discord, lambda s: value(s, "tweetup_interactions_total", **ok))
    assert value(after, "tweetup_interactions_total", **ok) == (
        value(before, "tweetup_interactions_total", **ok) + 1
    )
    assert value(after, "tweetup_interaction_duration_seconds_count", command="about") == 1
    assert (
        value(after, "tweetup_interaction_duration_seconds_bucket", command="about", le="+Inf") == 1
    )

    refused = await run(
        discord, alice, "tweetup announce", title="Party", city=BERLIN, when="Dec 3 at 7pm"
    )
    assert "Only organizers" in refused.content
    rejected = {"command": "tweetup announce", "outcome": "rejected"}
    counted = await scrape_until(
        discord, lambda s: value(s, "tweetup_interactions_total", **rejected)
    )
    assert value(counted, "tweetup_interactions_total", **rejected) == 1  # a refusal, no bug

    organizer = discord.add_member("organizer", admin=True)
    members = [discord.add_member(f"member{n}").user for n in range(2)]
    await seed_due_reminders(
        bot_database_url,
        guild_id=discord.guild.id,
        organizer_id=organizer.user.id,
        member_ids=[m.id for m in members],
        now=clock.now(),
        title="Picnic",
    )
    clock.advance(timedelta(seconds=30))  # the dispatcher sleeps: the reminders wait, late
    waiting = await scrape(discord)
    due = value(waiting, "tweetup_outbox_due")
    assert due >= len(members)  # each member's reminder (and the organizer's notices)
    # The oldest: a notice queued when the tweetup was planned, five minutes before "now".
    oldest = value(waiting, "tweetup_outbox_oldest_due_age_seconds")
    assert oldest == pytest.approx(5 * 60 + 30, abs=1)
    assert value(waiting, "tweetup_outbox_scheduled") >= 1  # the tweetup's later notices

    discord.faults.rate_limit(DM_SEND, times=1)  # discord.py waits it out and sends again
    discord.bot.dispatcher.wake()
    await discord.wait_until(lambda: all(discord.dm_inbox(m) for m in members), "2 DMs")
    sent = await scrape_until(discord, lambda s: value(s, "tweetup_outbox_due") == 0)
    assert value(sent, "tweetup_outbox_due") == 0
    assert value(sent, "tweetup_dms_total", result="sent") == discord.bot.dispatcher.sent >= 2
    assert value(sent, "tweetup_dms_total", result="failed") == 0
    settled = [s for (name, s), n in sent.items() if name == "tweetup_outbox_finished_total"]
    assert sum(value(sent, "tweetup_outbox_finished_total", **dict(s)) for s in settled) == due
    assert value(sent, "tweetup_outbox_oldest_due_age_seconds") == 0
    assert value(sent, "tweetup_discord_rate_limited_total", scope="user") == 1
    assert value(sent, "tweetup_discord_responses_total", status="429") == 1


async def test_an_endpoint_that_is_not_there_is_a_404(discord: DiscordHarness) -> None:
    status, _, _ = await get(discord, "/admin")
    assert status == 404


# -- the database goes away (PostgreSQL behind a forwarder the test cuts) ------------------


@pytest.fixture
async def forwarder(pg_database_url: str) -> AsyncIterator[Forwarder]:
    url = make_url(pg_database_url)
    forward = Forwarder(url.host or "127.0.0.1", url.port or 5432)
    await forward.open()
    yield forward
    await forward.cut()


@pytest.fixture
def bot_config(clock: ManualClock, request: pytest.FixtureRequest, tmp_path: Path) -> BotConfig:
    """The endpoint on a free port; the database behind the forwarder when a test uses it."""
    settings = {"bot": {"metrics_port": 0}}
    if "forwarder" not in request.fixturenames:
        return BotConfig(clock=clock, settings=settings)
    forward: Forwarder = request.getfixturevalue("forwarder")
    url = make_url(request.getfixturevalue("pg_database_url")).set(
        host="127.0.0.1", port=forward.port
    )
    return BotConfig(
        clock=clock, settings=settings, database_url=url.render_as_string(hide_password=False)
    )


def idle(bot: Any) -> bool:
    """Every background loop sleeps until its next run (hours away), and so does the DM
    dispatcher (nothing is queued)."""
    loops = [
        attribute
        for cog in bot.cogs.values()
        for attribute in vars(cog).values()
        if isinstance(attribute, tasks.Loop)
    ]
    assert loops  # the digest, lifecycle and retention jobs
    [dispatcher] = [t for t in asyncio.all_tasks() if t.get_name() == DISPATCHER_TASK]
    return all(frames(loop.get_task())[-1:] == ["_loop"] for loop in loops) and (
        "_sleep" in frames(dispatcher)
    )


def frames(task: asyncio.Task[Any] | None) -> list[str]:
    """The coroutines the task is suspended in, outermost first."""
    names = []
    coro: Any = task.get_coro() if task is not None else None
    while coro is not None and getattr(coro, "cr_frame", None) is not None:
        names.append(coro.cr_frame.f_code.co_name)
        coro = coro.cr_await
    return names


@pytest.mark.pg
async def test_healthz_is_503_while_the_database_is_unreachable(
    forwarder: Forwarder, discord: DiscordHarness
) -> None:
    assert (await get(discord, "/healthz"))[0] == 200
    # Background jobs log an error when the database is away (as they should): cut it
    # while they rest.
    await discord.wait_until(lambda: idle(discord.bot) or None, "the background jobs to rest")
    await forwarder.cut()
    status, _, body = await get(discord, "/healthz")
    assert status == 503
    assert '"failing": ["database"]' in body
    assert '"gateway": "ok"' in body
    assert "127.0.0.1" not in body  # no connection details leak
    await forwarder.open()
    assert (await get(discord, "/healthz"))[0] == 200
