"""JSON log lines carry the interaction's ids and never a token, in either format."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import pytest

from bot.ops import context, logs
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig, SubprocessBot
from tests.cogs.helpers import run

#: Shaped like a real bot token (user id, timestamp, HMAC); not a real one.
FAKE_TOKEN = "MTA4NzY1NDMyMTA5ODc2NTQzMg.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB"
INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OjEyMzQ1Njc4OTA"


def capture(log_format: str, secrets: tuple[str, ...] = ()) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logs.handler(log_format, secrets=secrets)
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    logger = logging.getLogger(f"tests.ops.{log_format}.{len(secrets)}")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_json_lines_name_the_interaction_being_handled() -> None:
    logger, stream = capture("json")
    logger.info("outside any interaction")
    with context.about(guild=42, interaction=7, name="tweetup announce"):
        logger.warning("Saved %d trips", 3)
    logger.info("after it")
    first, inside, after = (json.loads(line) for line in stream.getvalue().splitlines())
    assert set(first) == {"time", "level", "logger", "message"}
    assert inside["message"] == "Saved 3 trips"
    assert inside["level"] == "WARNING"
    assert inside["logger"] == logger.name
    assert (inside["guild_id"], inside["interaction_id"]) == (42, 7)
    assert inside["command"] == "tweetup announce"
    assert inside["time"].endswith("+00:00")
    assert "guild_id" not in after


async def test_the_ids_follow_the_work_into_tasks_it_starts() -> None:
    logger, stream = capture("json")

    async def deep_inside() -> None:
        logger.info("written by a task")

    with context.about(guild=1, interaction=2, name="about"):
        task = asyncio.create_task(deep_inside())
    await task
    assert json.loads(stream.getvalue())["interaction_id"] == 2


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_tokens_never_reach_the_output(log_format: str) -> None:
    configured = "not-token-shaped-but-configured"
    logger, stream = capture(log_format, secrets=(configured,))
    logger.info("Logging in with %s", FAKE_TOKEN)
    logger.info("POST /api/v10/interactions/123456789/%s/callback 204", INTERACTION_TOKEN)
    logger.info("PATCH /webhooks/987654321/%s/messages/@original", INTERACTION_TOKEN)
    logger.info("the configured token %s", configured)
    try:
        raise RuntimeError(f"bad header Bot {FAKE_TOKEN}")
    except RuntimeError:
        logger.exception("Request failed")
    output = stream.getvalue()
    for secret in (FAKE_TOKEN, INTERACTION_TOKEN, configured):
        assert secret not in output
    assert output.count(logs.REDACTED) == 5
    assert "/interactions/123456789/[redacted]/callback" in output
    assert "RuntimeError" in output  # the traceback survives, cleaned


def test_ordinary_text_is_left_alone() -> None:
    text = "Re-queued 12 messages; guild 123456789012345678 user 876543210987654321 at 10.5 s"
    assert logs.redact(text) == text


@pytest.fixture
def bot_config() -> BotConfig:
    return BotConfig(env={"TWEETUP_BOT__LOG_FORMAT": "json", "TWEETUP_BOT__LOG_LEVEL": "DEBUG"})


@pytest.mark.e2e
async def test_the_running_bot_writes_json_lines_without_its_token(
    discord_process: DiscordHarness,
) -> None:
    discord = discord_process
    alice = discord.add_member("alice")
    await run(discord, alice, "about")
    runner = discord.runner
    assert isinstance(runner, SubprocessBot)
    await discord.stop_bot()

    lines = [line for line in runner.log().splitlines() if not line.startswith("=====")]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert {"time", "level", "logger", "message"} <= set(entries[0])
    [received] = [e for e in entries if e["message"] == "Received about"]
    assert received["command"] == "about"
    assert received["guild_id"] == discord.guild.id
    assert isinstance(received["interaction_id"], int)
    assert "Stopped" in [e["message"] for e in entries]
    assert discord.emulator.token not in runner.log()
    assert not [e for e in entries if e["level"] in ("ERROR", "CRITICAL")]
