"""Every permission the bot needs, taken away one at a time: a friendly private answer that
names the permission and the place, never an error log or an apology."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.models import Channel, Message, Permission
from tests.cogs.helpers import BERLIN, final_reply, run, text_of

pytestmark = pytest.mark.e2e


def announcement(discord: DiscordHarness, channel: Channel | None = None) -> Message | None:
    return next(
        (m for m in discord.channel_messages(channel) if m.embeds and "📅" in text_of(m)), None
    )


async def announce(discord: DiscordHarness, organizer, **options) -> Message:  # type: ignore[no-untyped-def]
    return await run(
        discord, organizer, "tweetup announce", title="Coffee", city=BERLIN, when="Dec 3 at 7pm",
        **options,
    )  # fmt: skip


async def test_the_bot_starts_with_exactly_what_the_invite_asks_for(
    discord: DiscordHarness,
) -> None:
    granted = discord.bot_role().permissions
    assert granted & Permission.CREATE_EVENTS
    for extra in (Permission.MANAGE_EVENTS, Permission.MANAGE_THREADS, Permission.MANAGE_MESSAGES):
        assert not granted & extra


@pytest.mark.parametrize(
    ("permission", "named"),
    [
        (Permission.SEND_MESSAGES, "Send Messages"),
        (Permission.EMBED_LINKS, "Embed Links"),
        (Permission.VIEW_CHANNEL, "View Channel"),
    ],
)
async def test_a_poll_where_the_bot_cannot_post_is_explained_privately(
    discord: DiscordHarness, permission: Permission, named: str
) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    await run(discord, bob, "travel add", city=BERLIN, dates="Dec 3-5")
    quiet = discord.add_channel("quiet")
    discord.deny(quiet, discord.bot_member, permission)

    handle = await discord.slash(
        alice, "tweetup propose", at=quiet, city=BERLIN, members=f"<@{bob.user.id}>"
    )
    reply = await final_reply(handle)

    assert reply.ephemeral
    assert named in reply.content
    assert quiet.mention in reply.content
    assert "admin" in reply.content
    assert discord.channel_messages(quiet) == []


async def test_a_role_overwrite_can_give_back_what_everyone_lost(discord: DiscordHarness) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    await run(discord, bob, "travel add", city=BERLIN, dates="Dec 3-5")
    staff = discord.add_channel("staff")
    discord.deny(staff, discord.guild, Permission.SEND_MESSAGES)  # @everyone
    discord.allow(staff, discord.bot_role(), Permission.SEND_MESSAGES)

    reply = await final_reply(
        await discord.slash(alice, "tweetup propose", at=staff, city=BERLIN, members=bob.mention)
    )
    assert "Poll posted" in reply.content
    assert discord.channel_messages(staff)[0].embeds


@pytest.mark.parametrize(
    ("permission", "named"),
    [
        (Permission.VIEW_CHANNEL, "View Channel"),
        (Permission.SEND_MESSAGES, "Send Messages"),
        (Permission.EMBED_LINKS, "Embed Links"),
        (Permission.CREATE_PUBLIC_THREADS, "Create Public Threads"),
        (Permission.SEND_MESSAGES_IN_THREADS, "Send Messages in Threads"),
        (Permission.READ_MESSAGE_HISTORY, "Read Message History"),
    ],
)
async def test_settings_refuse_an_announcement_channel_the_bot_cannot_use(
    discord: DiscordHarness, permission: Permission, named: str
) -> None:
    admin = discord.add_member("ada", admin=True)
    events = discord.add_channel("events")
    discord.deny(events, discord.bot_member, permission)

    reply = await run(discord, admin, "tweetup-admin settings", announce_channel=events)

    assert reply.ephemeral
    assert named in reply.content
    assert events.mention in reply.content
    assert "Saved" not in reply.content
    shown = await run(discord, admin, "tweetup-admin settings")
    assert "Announcement channel: not set" in shown.content


async def test_an_announcement_without_its_thread_says_which_permission_is_missing(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    discord.deny(discord.channel, discord.bot_member, Permission.SEND_MESSAGES_IN_THREADS)

    reply = await announce(discord, organizer)

    assert "Announced" in reply.content
    assert "Send Messages in Threads" in reply.content
    posted = announcement(discord)
    assert posted is not None
    assert posted.thread_id is None
    assert len(discord.state.scheduled_events) == 1


async def test_without_create_events_the_organizer_is_told_and_the_rest_works(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    role = discord.bot_role()
    discord.set_role_permissions(role, role.permissions & ~Permission.CREATE_EVENTS)

    reply = await announce(discord, organizer)

    assert "Announced" in reply.content
    assert "Create Events" in reply.content
    assert "Send Messages" not in reply.content  # never the wrong permission
    assert discord.state.scheduled_events == {}
    assert announcement(discord) is not None


async def test_an_announcement_channel_that_lost_embed_links_is_refused_before_any_question(
    discord: DiscordHarness,
) -> None:
    admin = discord.add_member("ada", admin=True)
    events = discord.add_channel("events")
    await run(discord, admin, "tweetup-admin settings", announce_channel=events)
    discord.deny(events, discord.bot_member, Permission.EMBED_LINKS)

    reply = await announce(discord, admin)

    assert "Embed Links" in reply.content
    assert events.mention in reply.content
    assert discord.channel_messages(events) == []
    assert discord.state.scheduled_events == {}


async def test_the_calendar_file_needs_no_attach_files_permission(
    discord: DiscordHarness,
) -> None:
    """Interaction responses may always attach files: Attach Files in the channel is not
    needed for the .ics (the invite asks for it for posts that carry files)."""
    organizer, ana = discord.add_member("org", admin=True), discord.add_member("ana")
    await announce(discord, organizer)
    posted = await discord.wait_until(lambda: announcement(discord), "the announcement")
    discord.deny(discord.channel, discord.bot_member, Permission.ATTACH_FILES)

    calendar = await discord.click(posted, label="Add to calendar", user=ana)

    assert (await calendar.reply()).attachments[0].text.startswith("BEGIN:VCALENDAR")


async def test_a_started_tweetup_cannot_be_moved_and_cancelling_it_ends_its_event(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    await announce(discord, organizer)
    posted = await discord.wait_until(lambda: announcement(discord), "the announcement")
    tweetup_id = posted.custom_ids[0].split(":")[1]
    [event] = discord.scheduled_events()
    starts = datetime.fromisoformat(str(event.fields["scheduled_start_time"]))
    clock.set(starts + timedelta(minutes=10))
    assert [e.status for e in discord.scheduled_events()] == [2]  # ACTIVE on the test clock

    moved = await run(discord, organizer, "tweetup edit", tweetup=tweetup_id, when="Dec 4 at 8pm")
    assert "already started" in moved.content
    assert (
        discord.scheduled_events()[0].fields["scheduled_start_time"]
        == (event.fields["scheduled_start_time"])
    )

    question = await final_reply(
        await discord.slash(organizer, "tweetup cancel", tweetup=tweetup_id)
    )
    done = await discord.click(question, label="Yes, cancel it", user=organizer)
    answer = await discord.wait_until(
        lambda: next((m for m in done.messages if "Cancelled" in m.content), None),
        "the cancellation answer",
    )
    assert "Discord" not in answer.content  # nothing failed
    assert [e.status for e in discord.scheduled_events()] == [3]  # ended, not "cancelled"
