"""``python -m bot run`` as operators run it, killed with SIGKILL and started again."""

from __future__ import annotations

import pytest

from emulator.harness import DiscordHarness

pytestmark = pytest.mark.e2e


async def test_a_killed_bot_restarts_and_old_buttons_still_work(
    discord_process: DiscordHarness,
) -> None:
    discord = discord_process
    alice = discord.add_member("alice")
    reply = await (await discord.slash(alice, "about")).reply()
    assert reply.custom_ids == ["about:privacy"]

    await discord.kill_bot()  # SIGKILL: no goodbye, no cleanup
    assert not discord.gateway.connected
    await discord.restart()
    assert discord.gateway.identifies == 2

    privacy = await discord.click(reply, "about:privacy", user=alice)
    assert (await privacy.reply()).content.startswith("**What Tweetup stores about you**")
