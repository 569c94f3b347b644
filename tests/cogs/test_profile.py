"""``/profile``: set, show (respecting visibility), and covered by /privacy."""

from __future__ import annotations

import json

import pytest

from emulator.harness import DiscordHarness
from tests.cogs.helpers import final_reply, run, text_of

pytestmark = pytest.mark.e2e


async def test_set_and_show_own_profile_cleaned(discord: DiscordHarness) -> None:
    ana = discord.add_member("ana")
    saved = await run(
        discord,
        ana,
        "profile set",
        intro="Climber @everyone <@123456789012345678> hi",
        topics="climbing, Jazz; #rust, jazz",
        pronouns="she/her",
    )
    assert saved.ephemeral
    shown = text_of(saved)
    assert "climbing, Jazz, rust" in shown
    assert "@everyone" not in shown  # defused with a zero-width space
    assert "she/her" in shown
    mine = await run(discord, ana, "profile show")
    assert "Shown to the people you'll meet: **yes**" in text_of(mine)


async def test_too_many_topics_get_a_friendly_answer(discord: DiscordHarness) -> None:
    ana = discord.add_member("ana")
    reply = await run(discord, ana, "profile set", topics="a, b, c, d, e, f")
    assert reply.ephemeral
    assert "at most 5 topics" in reply.content


async def test_others_see_a_profile_only_if_shown_and_visible(discord: DiscordHarness) -> None:
    ana, bo = discord.add_member("ana"), discord.add_member("bo")
    await run(discord, ana, "profile set", intro="Hi, I'm Ana", topics="chess")
    seen = await run(discord, bo, "profile show", member=ana)
    assert "Hi, I'm Ana" in text_of(seen)
    assert "Shown to the people" not in text_of(seen)

    await run(discord, ana, "profile set", show=False)
    hidden = await run(discord, bo, "profile show", member=ana)
    assert "hasn't shared a profile" in hidden.content

    await run(discord, ana, "profile set", show=True)
    await run(discord, ana, "notify", visible=False)
    invisible = await run(discord, bo, "profile show", member=ana)
    assert "hasn't shared a profile" in invisible.content
    still_mine = await run(discord, ana, "profile show")
    assert "Hi, I'm Ana" in text_of(still_mine)


async def test_privacy_shows_exports_and_erases_the_profile(discord: DiscordHarness) -> None:
    ana = discord.add_member("ana")
    await run(discord, ana, "profile set", intro="Hi", topics="tea")
    shown = await run(discord, ana, "privacy show")
    assert "Profile (intro, topics, pronouns): yes" in shown.content
    exported = await run(discord, ana, "privacy export")
    data = json.loads(exported.attachments[0].data)
    assert data["profiles"][0]["topics"] == ["tea"]

    handle = await discord.slash(ana, "privacy delete")
    await discord.click(await final_reply(handle), label="Yes, erase it", user=ana)
    await discord.wait_until(lambda: "erased" in handle.messages[-1].content, "the erasure")
    gone = await run(discord, ana, "profile show")
    assert "no profile here yet" in gone.content
