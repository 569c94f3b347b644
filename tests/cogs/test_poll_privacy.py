"""A public poll names only members who chose to be seen here, and uses only their plans."""

from __future__ import annotations

import pytest

from emulator.harness import DiscordHarness
from tests.cogs.helpers import BERLIN, final_reply, run, text_of

pytestmark = pytest.mark.e2e


async def test_the_trip_button_invites_only_visible_members_who_opted_in(
    discord: DiscordHarness,
) -> None:
    bob, carol, dan = (discord.add_member(name) for name in ("bob", "carol", "dan"))
    dave = discord.add_member("dave")
    for local in (bob, carol, dan):
        await run(discord, local, "home set", city=BERLIN)
    await run(discord, bob, "notify", dms=True)
    await run(discord, dan, "notify", dms=True, visible=False)
    trip = await run(discord, dave, "travel add", city=BERLIN, dates="Dec 3-5")
    note = await final_reply(await discord.click(trip, label="Propose a meetup", user=dave))
    poll = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    public = text_of(poll)
    assert f"<@{bob.user.id}>" in public
    assert f"<@{carol.user.id}>" not in public
    assert f"<@{dan.user.id}>" not in public
    assert note.ephemeral
    assert "haven't asked to hear about visitors" in note.content
    assert f"<@{carol.user.id}>" in note.content
    assert f"<@{dan.user.id}>" not in note.content  # hidden: not even named privately


async def test_a_hidden_member_is_invited_by_dm_and_never_named_or_dated(
    discord: DiscordHarness,
) -> None:
    alice, bob, carol = (discord.add_member(name) for name in ("alice", "bob", "carol"))
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, bob, "travel add", city=BERLIN, dates="Dec 3-5")
    await run(discord, bob, "notify", dms=True, visible=False)
    await run(discord, carol, "notify", visible=False)
    proposed = await run(
        discord,
        alice,
        "tweetup propose",
        city=BERLIN,
        members=f"<@{bob.user.id}> <@{carol.user.id}>",
    )
    assert "Poll posted" in proposed.content, proposed.content
    poll = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    public = text_of(poll)
    for hidden in (bob, carol):
        assert f"<@{hidden.user.id}>" not in public
    assert "last day" not in public
    assert "1 invited privately" in public
    assert "invited by DM" in proposed.content
    assert "left out" in proposed.content
    discord.bot.dispatcher.wake()
    [invite] = await discord.wait_until(lambda: discord.dm_inbox(bob) or None, "bob's invitation")
    assert f"/{poll.channel_id}/{poll.id}" in invite.content
    assert "doesn't show your name or your dates" in invite.content
    assert discord.dm_inbox(carol) == []
