"""From a time poll to a reminder: the whole tweetup flow through the emulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.models import Message
from tests.cogs.helpers import BERLIN, MUNICH, confirm_poll, final_reply, run, text_of

pytestmark = pytest.mark.e2e


async def wake_and_wait(discord: DiscordHarness, condition, what: str):  # type: ignore[no-untyped-def]
    discord.bot.dispatcher.wake()
    return await discord.wait_until(condition, what)


def announcement(discord: DiscordHarness) -> Message | None:
    return next(
        (
            m
            for m in discord.channel_messages()
            if m.embeds and "📅" in m.embeds[0].get("title", "")
        ),
        None,
    )


async def announce(discord: DiscordHarness, organizer, **options) -> Message:  # type: ignore[no-untyped-def]
    reply = await run(
        discord,
        organizer,
        "tweetup announce",
        title="Coffee",
        city=BERLIN,
        when="Dec 3 at 7pm",
        **options,
    )
    assert "Announced" in reply.content, reply.content
    return await discord.wait_until(lambda: announcement(discord), "the announcement")


async def test_propose_vote_confirm_announce_rsvp_and_remind(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, bob, "travel add", city=BERLIN, dates="Dec 3-5")

    proposed = await run(
        discord, alice, "tweetup propose", city=BERLIN, members=f"<@{bob.user.id}>"
    )
    assert "Poll posted" in proposed.content
    poll = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    assert "When shall we meet?" in text_of(poll)
    assert f"<@{bob.user.id}>" in poll.content
    await discord.click(poll, label="1: Yes", user=bob)
    await discord.click(poll, label="1: Yes", user=alice)
    assert "✅ 2" in text_of(discord.state.messages[poll.id])

    confirm = await confirm_poll(discord, poll, alice)
    assert confirm.modal is not None
    submitted = await discord.submit_modal(confirm, title="Coffee by the river", capacity="5")
    note = await final_reply(submitted)
    assert "Announced" in note.content

    posted = await discord.wait_until(lambda: announcement(discord), "the announcement")
    assert "Coffee by the river" in text_of(posted)
    assert posted.thread_id is not None
    assert len(discord.state.scheduled_events) == 1
    [event] = discord.state.scheduled_events.values()
    assert "Coffee by the river" in str(event.payload().get("name"))

    # The organizer and the Yes voter are Going already: their votes carried over.
    assert "Going: 2/5" in text_of(posted)
    going = await discord.click(posted, label="Going", user=bob)
    assert "You're going" in (await going.followup()).content
    assert "Going: 2/5" in text_of(discord.state.messages[posted.id])

    settled = await wake_and_wait(discord, lambda: discord.dm_inbox(bob) or None, "the news")
    assert "It's settled" in settled[0].content
    assert "You're **going**" in settled[0].content
    assert f"/{posted.channel_id}/{posted.id}" in settled[0].content
    starts = datetime.fromisoformat(str(event.payload()["scheduled_start_time"]))
    clock.set(starts - timedelta(hours=24) + timedelta(minutes=1))
    first = await wake_and_wait(
        discord, lambda: len(discord.dm_inbox(bob)) == 2 and discord.dm_inbox(bob), "the 24 h one"
    )
    assert "starts <t:" in first[1].content
    clock.set(starts - timedelta(hours=2) + timedelta(minutes=1))
    both = await wake_and_wait(
        discord, lambda: len(discord.dm_inbox(bob)) == 3 or None, "the 2 h reminder"
    )
    assert both
    clock.set(starts + timedelta(minutes=5))
    discord.bot.dispatcher.wake()
    await discord.restart(kill=True)
    assert len(discord.dm_inbox(bob)) == 3


async def test_the_waitlist_moves_up_when_someone_drops_out(discord: DiscordHarness) -> None:
    organizer = discord.add_member("org", admin=True)
    ana, bo, cy = (discord.add_member(n) for n in ("ana", "bo", "cy"))
    posted = await announce(discord, organizer, capacity=2)
    for member in (ana, bo):
        await discord.click(posted, label="Going", user=member)
    waiting = await discord.click(posted, label="Going", user=cy)
    assert "waitlist (#1)" in (await waiting.followup()).content
    await discord.click(posted, label="Can't go", user=ana)
    dm = await wake_and_wait(discord, lambda: discord.dm_inbox(cy) or None, "cy's promotion DM")
    assert "you're now **going**" in dm[0].content
    assert "Going: 2/2" in text_of(discord.state.messages[posted.id])


async def test_members_with_closed_dms_are_mentioned_in_the_thread(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    shy = discord.add_member("shy")
    discord.faults.refuse_dms(shy)
    posted = await announce(discord, organizer)
    await discord.click(posted, label="Going", user=shy)
    assert posted.thread_id is not None
    thread = discord.state.channels[posted.thread_id]
    clock.set(datetime(2026, 12, 3, 17, 0, tzinfo=UTC))  # 18:00 in Berlin: the 2 h reminder is due
    mention = await wake_and_wait(
        discord,
        lambda: next(
            (m for m in discord.channel_messages(thread) if f"<@{shy.user.id}>" in m.content), None
        ),
        "the thread mention",
    )
    assert "couldn't DM you" in mention.content
    assert discord.dm_inbox(shy) == []


async def test_edit_and_cancel_tell_attendees(discord: DiscordHarness) -> None:
    organizer = discord.add_member("org", admin=True)
    ana = discord.add_member("ana")
    posted = await announce(discord, organizer)
    await discord.click(posted, label="Going", user=ana)
    tweetup_id = posted.custom_ids[0].split(":")[1]
    edited = await run(discord, organizer, "tweetup edit", tweetup=tweetup_id, when="Dec 4 at 8pm")
    assert "Updated" in edited.content
    await wake_and_wait(discord, lambda: discord.dm_inbox(ana) or None, "the change DM")
    cancel = await discord.slash(organizer, "tweetup cancel", tweetup=tweetup_id)
    question = await final_reply(cancel)
    await discord.click(question, label="Yes, cancel it", user=organizer)
    dms = await wake_and_wait(
        discord,
        lambda: len(discord.dm_inbox(ana)) == 2 and discord.dm_inbox(ana),
        "the cancellation DM",
    )
    assert "was cancelled" in dms[1].content
    assert "CANCELLED" in text_of(discord.state.messages[posted.id])


async def test_a_member_without_the_organizer_role_cannot_announce(discord: DiscordHarness) -> None:
    member = discord.add_member("member")
    reply = await run(
        discord, member, "tweetup announce", title="Party", city=BERLIN, when="Dec 3 at 7pm"
    )
    assert reply.ephemeral
    assert "Only organizers" in reply.content
    assert announcement(discord) is None


async def test_the_calendar_button_sends_an_ics_file_with_the_right_instant(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    posted = await announce(discord, organizer)
    handle = await discord.click(posted, label="Add to calendar", user=organizer)
    reply = await handle.reply()
    assert reply.ephemeral
    [attachment] = reply.attachments
    assert attachment.filename.endswith(".ics")
    [event] = Calendar.from_ical(attachment.data).walk("VEVENT")
    # "Dec 3 at 7pm" in Berlin is 18:00 UTC.
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    assert "ATTENDEE" not in event
    assert any(
        c.get("url", "").startswith("https://calendar.google.com/") for c in reply.iter_components()
    )


async def test_rsvp_buttons_posted_before_a_restart_still_work(discord: DiscordHarness) -> None:
    organizer = discord.add_member("org", admin=True)
    ana = discord.add_member("ana")
    posted = await announce(discord, organizer)
    await discord.restart()
    going = await discord.click(posted, label="Going", user=ana)
    assert "You're going" in (await going.followup()).content
    assert "Going: 1" in text_of(discord.state.messages[posted.id])


async def test_list_shows_upcoming_tweetups_and_filters_by_city(discord: DiscordHarness) -> None:
    organizer = discord.add_member("org", admin=True)
    await announce(discord, organizer)
    everything = await run(discord, organizer, "tweetup list")
    assert "Coffee" in everything.content
    near_munich = await run(discord, organizer, "tweetup list", city=MUNICH)
    assert "Coffee" not in near_munich.content
    assert "No upcoming tweetups" in near_munich.content


async def test_the_propose_button_of_a_trip_opens_a_poll_with_the_matches(
    discord: DiscordHarness,
) -> None:
    bob, dave = discord.add_member("bob"), discord.add_member("dave")
    await run(discord, bob, "home set", city=BERLIN)
    await run(discord, bob, "notify", dms=True)
    trip = await run(discord, dave, "travel add", city=BERLIN, dates="Dec 3-5")
    clicked = await discord.click(trip, label="Propose a meetup", user=dave)
    note = await final_reply(clicked)
    assert "Poll posted" in note.content
    poll = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    assert f"<@{bob.user.id}>" in poll.content
    assert len([c for c in poll.custom_ids if c.endswith(":yes")]) >= 3
