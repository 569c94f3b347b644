"""The product's own path through the emulator: start, sync, /about and its persistent
button, the error handler, and surviving gateway trouble."""

from __future__ import annotations

import pytest

from emulator.harness import DiscordHarness
from emulator.models import CallbackType

pytestmark = pytest.mark.e2e


async def test_the_bot_starts_and_registers_valid_commands(discord: DiscordHarness) -> None:
    registered = discord.commands()
    assert registered["about"]["description"] == "What Tweetup is and how it uses your data"
    syncs = discord.requests("PUT /applications/{application_id}/commands")
    assert [request.status for request in syncs] == [200]
    # Every body was checked against Discord's spec; the fixture fails on any violation.
    assert discord.emulator.violations == []
    assert discord.bot is not None
    assert discord.bot.is_ready()


async def test_about_answers_privately_with_a_privacy_button(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    about = await discord.slash(alice, "about")
    assert about.response_type == CallbackType.CHANNEL_MESSAGE
    reply = await about.reply()
    assert reply.ephemeral
    assert reply.content.startswith("**Tweetup** helps people")
    assert reply.custom_ids == ["about:privacy"]
    assert discord.channel_messages() == []  # ephemeral: nobody else sees it

    privacy = await discord.click(reply, "about:privacy", user=alice)
    answer = await privacy.reply()
    assert answer.ephemeral
    assert answer.content.startswith("**What Tweetup stores about you**")


async def test_others_cannot_click_an_ephemeral_message(discord: DiscordHarness) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    reply = await (await discord.slash(alice, "about")).reply()
    with pytest.raises(AssertionError, match="ephemeral"):
        await discord.click(reply, label="What do you store?", user=bob)


async def test_an_unknown_command_reaches_the_error_handler(discord: DiscordHarness) -> None:
    # Discord still lists a command the bot no longer has (a stale registration).
    discord.state.add_command(None, {"name": "retired", "description": "Gone", "type": 1})
    alice = discord.add_member("alice")
    stale = await discord.slash(alice, "retired")
    reply = await stale.reply()
    assert reply.ephemeral
    assert reply.content.startswith("That command isn't available any more.")


async def test_the_bot_resumes_after_a_gateway_disconnect(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    await discord.gateway.disconnect()
    await discord.wait_until(lambda: discord.gateway.resumes == 1, "the bot to RESUME")
    assert discord.gateway.identifies == 1
    reply = await (await discord.slash(alice, "about")).reply()
    assert reply.custom_ids == ["about:privacy"]


async def test_the_bot_identifies_again_after_an_invalid_session(
    discord: DiscordHarness,
) -> None:
    alice = discord.add_member("alice")
    discord.gateway.invalidate_sessions()
    await discord.gateway.wait_connected(identifies=2)
    reply = await (await discord.slash(alice, "about")).reply()
    assert reply.custom_ids == ["about:privacy"]


async def test_the_persistent_button_survives_a_restart(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    reply = await (await discord.slash(alice, "about")).reply()
    await discord.restart()
    assert discord.gateway.identifies == 2
    # Same data folder: the unchanged commands are not registered again.
    assert len(discord.requests("PUT /applications/{application_id}/commands")) == 1
    privacy = await discord.click(reply, "about:privacy", user=alice)
    assert "What Tweetup stores" in (await privacy.reply()).content
