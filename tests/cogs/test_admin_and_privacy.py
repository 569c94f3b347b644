"""Admin settings, privacy commands and the guild lifecycle, end to end."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest

from emulator.harness import DiscordHarness
from emulator.models import Permission
from tests.cogs.helpers import BERLIN, final_reply, run, text_of
from tests.support import rows

pytestmark = pytest.mark.e2e


async def rows_mentioning(discord: DiscordHarness, value: int) -> dict[str, int]:
    async with discord.bot.db.read_session() as session:
        return await rows.rows_mentioning(session, value)


async def test_admins_change_settings_and_see_them(discord: DiscordHarness) -> None:
    admin = discord.add_member("admin", permissions=Permission.MANAGE_GUILD)
    channel = discord.add_channel("meetups")
    reply = await run(
        discord,
        admin,
        "tweetup-admin settings",
        announce_channel=channel,
        radius_km=80,
        announce_trips=True,
    )
    assert reply.ephemeral
    assert "Saved" in reply.content
    assert "Matching radius: 80 km" in reply.content
    assert f"<#{channel.id}>" in reply.content

    traveler = discord.add_member("traveler")
    await run(discord, traveler, "travel add", city=BERLIN, dates="Mar 3-7")
    post = await discord.wait_for_message(channel)
    assert f"<@{traveler.user.id}> is heading to **Berlin" in post.content
    assert "Anyone around?" in post.content


async def test_settings_are_refused_to_members_even_when_the_command_is_visible(
    discord: DiscordHarness,
) -> None:
    # An admin made the command visible to everyone (an integration permission override).
    command = discord.state.find_command("tweetup-admin", None)
    assert command is not None
    command.definition["default_member_permissions"] = None
    member = discord.add_member("member")
    reply = await run(discord, member, "tweetup-admin settings", radius_km=5)
    assert reply.ephemeral
    assert "Only members who can manage this server" in reply.content
    shown = await run(discord, discord.add_member("admin", admin=True), "tweetup-admin settings")
    assert "Matching radius: 50 km" in shown.content


async def test_members_cannot_even_see_the_admin_command(discord: DiscordHarness) -> None:
    member = discord.add_member("member")
    with pytest.raises(PermissionError, match="cannot see /tweetup-admin"):
        await discord.slash(member, "tweetup-admin settings")


async def test_export_then_delete_leaves_nothing(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, alice, "notify", dms=True)
    await run(discord, alice, "travel add", city=BERLIN, dates="Mar 3-7", note="hello")

    shown = await run(discord, alice, "privacy show")
    assert "Trips: 1" in shown.content
    exported = await run(discord, alice, "privacy export")
    assert exported.ephemeral
    [attachment] = exported.attachments
    data = json.loads(attachment.data)
    assert data["trips"][0]["note"] == "hello"
    assert data["home_cities"][0]["city"].startswith("Berlin")
    assert data["user_id"] == str(alice.user.id)

    handle = await discord.slash(alice, "privacy delete", scope="everywhere")
    question = await final_reply(handle)
    await discord.click(question, label="Yes, erase it", user=alice)
    done = await discord.wait_until(
        lambda: "erased" in handle.messages[-1].content and handle.messages[-1], "the erasure"
    )
    assert "every server" in done.content
    assert await rows_mentioning(discord, alice.user.id) == {}


async def test_leaving_a_guild_deletes_its_data(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, alice, "travel add", city=BERLIN, dates="Mar 3-7")
    assert await rows_mentioning(discord, discord.guild.id)
    discord.remove_bot_from(discord.guild)
    for _ in range(100):  # the bot handles GUILD_DELETE asynchronously
        if not await rows_mentioning(discord, discord.guild.id):
            break
        await asyncio.sleep(0.05)
    assert await rows_mentioning(discord, discord.guild.id) == {}


async def test_notify_shows_and_validates_settings(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    shown = await run(discord, alice, "notify")
    assert "DM me about visitors and fellow travelers: **off**" in shown.content
    assert "Tweetup reminders: **1d, 2h before**" in text_of(shown)
    bad = await run(discord, alice, "notify", quiet_hours="whenever")
    assert bad.ephemeral
    assert "22:00-07:00" in bad.content
    too_far = await run(discord, alice, "notify", radius_km=900)
    assert "1 to 50 km" in too_far.content


async def test_past_trips_are_purged_after_retention(discord: DiscordHarness) -> None:
    from bot.services import trips

    alice = discord.add_member("alice")
    await run(discord, alice, "travel add", city=BERLIN, dates="Nov 22-23")
    async with discord.bot.db.session() as session:
        kept = await trips.purge_past_trips(
            session=session, today=date(2026, 12, 20), default_retention_days=30
        )
        purged = await trips.purge_past_trips(
            session=session, today=date(2027, 1, 1), default_retention_days=1
        )
    assert (kept, purged) == (0, 1)


async def erase_in_discord(discord: DiscordHarness, member) -> str:  # type: ignore[no-untyped-def]
    handle = await discord.slash(member, "privacy delete")
    question = await final_reply(handle)
    labels = [c.get("label") for c in question.iter_components() if c.get("label")]
    assert labels == ["Yes, erase it", "Keep my data"]
    await discord.click(question, label="Yes, erase it", user=member)
    done = await discord.wait_until(
        lambda: "erased" in handle.messages[-1].content and handle.messages[-1], "the erasure"
    )
    return done.content


async def test_erasing_the_organizer_takes_their_name_off_the_announcement(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana = discord.add_member("ana")
    reply = await run(
        discord, organizer, "tweetup announce", title="Coffee", city=BERLIN, when="Dec 3 at 7pm"
    )
    assert "Announced" in reply.content
    posted = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    await discord.click(posted, label="Going", user=ana)
    assert f"<@{organizer.user.id}>" in text_of(discord.state.messages[posted.id])
    said = await erase_in_discord(discord, organizer)
    assert "1 tweetup now without your name" in said
    await discord.wait_until(
        lambda: f"<@{organizer.user.id}>" not in text_of(discord.state.messages[posted.id]),
        "the announcement without the organizer",
    )
    assert f"<@{ana.user.id}>" in text_of(discord.state.messages[posted.id])
    assert await rows_mentioning(discord, organizer.user.id) == {}


async def test_erasing_a_going_member_gives_their_place_to_the_waitlist(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana, bo = discord.add_member("ana"), discord.add_member("bo")
    await run(
        discord,
        organizer,
        "tweetup announce",
        title="Coffee",
        city=BERLIN,
        when="Dec 3 at 7pm",
        capacity=1,
    )
    posted = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    await discord.click(posted, label="Going", user=ana)
    waiting = await discord.click(posted, label="Going", user=bo)
    assert "waitlist" in (await waiting.followup()).content
    said = await erase_in_discord(discord, ana)
    assert "1 RSVP" in said
    dm = await discord.wait_until(lambda: discord.dm_inbox(bo) or None, "bo's promotion DM")
    assert "you're now **going**" in dm[0].content
    await discord.wait_until(
        lambda: (
            "Going: 1/1" in text_of(discord.state.messages[posted.id])
            and f"<@{bo.user.id}>" in text_of(discord.state.messages[posted.id])
            and f"<@{ana.user.id}>" not in text_of(discord.state.messages[posted.id])
        ),
        "the refreshed announcement",
    )
