"""The routes the product needs next, driven by discord.py's own objects so their real
request bodies meet the spec: files (.ics), nonces, edits, threads, scheduled events,
members and DMs."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import discord as discord_py
import pytest

from emulator.harness import DiscordHarness

pytestmark = pytest.mark.e2e

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tweetup//EN\r\nEND:VCALENDAR\r\n"


async def test_files_nonces_edits_and_threads(discord: DiscordHarness) -> None:
    channel = discord.bot.get_channel(discord.channel.id)
    sent = await channel.send("Meetup!", file=discord_py.File(io.BytesIO(ICS), "meetup.ics"))
    stored = discord.state.messages[sent.id]
    assert [(a.filename, a.data) for a in stored.attachments] == [("meetup.ics", ICS)]
    assert sent.attachments[0].filename == "meetup.ics"

    again = await channel.send("Reminder", nonce="reminder-1")
    same = await channel.send("Reminder", nonce="reminder-1")
    assert again.id == same.id

    edited = await sent.edit(content="Meetup! (moved to 19:00)")
    assert discord.state.messages[sent.id].content == "Meetup! (moved to 19:00)"
    assert edited.attachments[0].filename == "meetup.ics"

    thread = await sent.create_thread(name="Meetup in Berlin", auto_archive_duration=1440)
    assert thread.id == sent.id
    await thread.send("Who's in?")
    assert [m.content for m in discord.channel_messages(discord.state.channels[thread.id])] == [
        "Who's in?"
    ]
    planning = await channel.create_thread(
        name="Planning", type=discord_py.ChannelType.public_thread
    )
    assert discord.state.channels[planning.id].parent_id == channel.id

    await again.delete()
    assert [m.content for m in discord.channel_messages()] == ["Meetup! (moved to 19:00)"]


async def test_scheduled_events(discord: DiscordHarness) -> None:
    guild = discord.bot.get_guild(discord.guild.id)
    start = datetime.now(UTC) + timedelta(days=3)
    event = await guild.create_scheduled_event(
        name="Tweetup in Berlin",
        start_time=start,
        end_time=start + timedelta(hours=2),
        entity_type=discord_py.EntityType.external,
        privacy_level=discord_py.PrivacyLevel.guild_only,
        location="Café Einstein, Berlin",
        description="Coffee with people from here",
    )
    stored = discord.state.scheduled_events[event.id]
    assert stored.name == "Tweetup in Berlin"
    assert stored.fields["entity_metadata"] == {"location": "Café Einstein, Berlin"}
    moved = await event.edit(name="Tweetup in Berlin (moved)")
    assert moved.name == "Tweetup in Berlin (moved)"
    fetched = await guild.fetch_scheduled_event(event.id)
    assert fetched.location == "Café Einstein, Berlin"
    await event.delete()
    assert event.id not in discord.state.scheduled_events


async def test_members_users_and_dms(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    guild = discord.bot.get_guild(discord.guild.id)
    member = await guild.fetch_member(alice.id)
    assert member.name == "alice"
    user = await discord.bot.fetch_user(alice.id)
    await user.send("Hello Alice")
    assert [m.content for m in discord.dm_inbox(alice)] == ["Hello Alice"]
    with pytest.raises(discord_py.NotFound):
        await guild.fetch_member(123)
