"""Where the emulator now answers as Discord does, discord.py and the bot cope with it:
a message's thread that is not cached, interaction metadata, component ids."""

from __future__ import annotations

import pytest

from emulator.harness import DiscordHarness

pytestmark = pytest.mark.e2e


async def test_a_fetched_message_brings_its_thread_even_when_it_is_not_cached(
    discord: DiscordHarness,
) -> None:
    channel = discord.bot.get_channel(discord.channel.id)
    sent = await channel.send("Tweetup in Berlin")
    thread = await sent.create_thread(name="Berlin")
    channel.guild._remove_thread(thread)  # as after a restart, before the thread is seen
    fetched = await channel.fetch_message(sent.id)
    assert fetched.thread is not None
    assert (fetched.thread.id, fetched.thread.name) == (thread.id, "Berlin")
    assert fetched.thread.archived is False
    assert discord.emulator.responses_validated > 0
    # The fixture fails the test if any answer or dispatch broke the spec.


async def test_a_buttons_reply_says_which_message_was_clicked(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    about = await (await discord.slash(alice, "about")).reply()
    assert about.interaction_metadata is not None
    assert about.interaction_metadata["type"] == 2
    assert all(isinstance(item["id"], int) for item in about.iter_components())
    privacy = await (await discord.click(about, "about:privacy", user=alice)).reply()
    metadata = privacy.interaction_metadata
    assert metadata is not None
    assert (metadata["type"], metadata["interacted_message_id"]) == (3, str(about.id))
