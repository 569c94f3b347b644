"""Before and after a tweetup: the "who's coming" card, the "who you'll meet" DM and the
"did you make it?" check-back, with privacy and exactly-once across restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.models import Message
from models import Attendance
from tests.cogs.helpers import BERLIN, confirm_poll, final_reply, run, text_of
from tests.cogs.test_tweetup import announce

pytestmark = pytest.mark.e2e

STARTS = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)  # "Dec 3 at 7pm" in Berlin
ENDS = STARTS + timedelta(hours=2)


def thread_messages(discord: DiscordHarness, posted: Message) -> list[Message]:
    assert posted.thread_id is not None
    return discord.channel_messages(discord.state.channels[posted.thread_id])


def card_in(discord: DiscordHarness, posted: Message) -> Message | None:
    return next((m for m in thread_messages(discord, posted) if "Who's coming" in text_of(m)), None)


def meet_dms(discord: DiscordHarness, who) -> list[Message]:  # type: ignore[no-untyped-def]
    return [m for m in discord.dm_inbox(who) if "Who you'll meet" in m.content]


def checkbacks(discord: DiscordHarness, who) -> list[Message]:  # type: ignore[no-untyped-def]
    return [m for m in discord.dm_inbox(who) if "Did you make it?" in m.content]


async def going(discord: DiscordHarness, posted: Message, *members) -> None:  # type: ignore[no-untyped-def]
    for member in members:
        await discord.click(discord.state.messages[posted.id], label="Going", user=member)


async def test_the_card_shows_going_members_topics_and_starters_but_not_hidden_ones(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana, bo, cy = (discord.add_member(name) for name in ("ana", "bo", "cy"))
    await run(discord, ana, "profile set", intro="Boulders on weekends", topics="climbing, jazz")
    await run(discord, bo, "profile set", topics="Climbing", pronouns="he/him")
    await run(discord, cy, "profile set", intro="Secret agent", topics="climbing")
    await run(discord, cy, "notify", visible=False)
    posted = await announce(discord, organizer)
    card = await discord.wait_until(lambda: card_in(discord, posted), "the empty card")
    assert "Be the first" in text_of(card)

    await going(discord, posted, ana, bo, cy)
    shown = await discord.wait_until(
        lambda: (c := card_in(discord, posted)) and "Who's coming (3)" in text_of(c) and c,
        "the card with three going",
    )
    text = text_of(shown)
    assert f"<@{ana.user.id}>" in text
    assert "Boulders on weekends" in text
    assert f"<@{bo.user.id}> (he/him)" in text
    assert f"<@{ana.user.id}> and <@{bo.user.id}> both like climbing" in text
    assert "🌱 first tweetup" in text
    assert f"<@{cy.user.id}>" not in text
    assert "Secret agent" not in text
    assert "…and 1 more" in text
    # One card, edited in place, however many clicks.
    cards = [m for m in thread_messages(discord, posted) if "Who's coming" in text_of(m)]
    assert len(cards) == 1


async def test_a_member_who_hides_their_profile_is_named_without_intro(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana = discord.add_member("ana")
    await run(discord, ana, "profile set", intro="Private person", topics="tea", show=False)
    posted = await announce(discord, organizer)
    await going(discord, posted, ana)
    shown = await discord.wait_until(
        lambda: (c := card_in(discord, posted)) and f"<@{ana.user.id}>" in text_of(c) and c,
        "ana on the card",
    )
    assert "Private person" not in text_of(shown)
    assert "tea" not in text_of(shown)


async def test_who_youll_meet_dm_replaces_the_day_before_reminder_once_across_a_restart(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana, bo, cy, dee = (discord.add_member(name) for name in ("ana", "bo", "cy", "dee"))
    await run(discord, bo, "profile set", intro="Jazz pianist", topics="jazz")
    await run(discord, cy, "notify", visible=False)
    await run(discord, dee, "notify", reminders="off")
    posted = await announce(discord, organizer, venue="Café Kranzler")
    await going(discord, posted, ana, bo, cy, dee)

    clock.set(STARTS - timedelta(hours=25))
    discord.bot.dispatcher.wake()
    await discord.wait_until(lambda: discord.dm_inbox(ana) == [] or None, "nothing yet")
    clock.set(STARTS - timedelta(hours=24) + timedelta(minutes=1))
    discord.bot.dispatcher.wake()
    [dm] = await discord.wait_until(lambda: discord.dm_inbox(ana) or None, "ana's intro DM")
    assert "**Coffee** starts <t:" in dm.content  # it is the day-before reminder
    assert "Who you'll meet" in dm.content
    assert f"<@{bo.user.id}> 🌱 first tweetup — Jazz pianist · ask me about: jazz" in dm.content
    assert f"<@{ana.user.id}>" not in dm.content  # not herself
    assert f"<@{cy.user.id}>" not in dm.content  # hidden
    assert "Café Kranzler" in dm.content
    assert "https://discord.com/channels/" in dm.content
    await discord.wait_until(lambda: meet_dms(discord, bo) or None, "bo's intro DM")

    await discord.restart(kill=True)
    clock.set(STARTS - timedelta(hours=2) + timedelta(minutes=1))
    discord.bot.dispatcher.wake()
    await discord.wait_until(lambda: len(discord.dm_inbox(ana)) == 2 or None, "the 2 h reminder")
    assert "Who you'll meet" not in discord.dm_inbox(ana)[1].content
    assert len(meet_dms(discord, ana)) == 1
    assert len(meet_dms(discord, bo)) == 1
    assert discord.dm_inbox(dee) == []  # reminders off: no DMs about the tweetup


async def attendance(discord: DiscordHarness) -> dict[int, str]:
    async with discord.bot.db.read_session() as session:
        rows = await session.scalars(select(Attendance))
        return {row.user_id: row.answer for row in rows}


async def test_check_back_once_by_dm_or_thread_and_answers_are_recorded(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana, shy, bo = (discord.add_member(name) for name in ("ana", "shy", "bo"))
    discord.faults.refuse_dms(shy)
    posted = await announce(discord, organizer)
    await going(discord, posted, ana, shy)
    await discord.click(discord.state.messages[posted.id], label="Maybe", user=bo)

    clock.set(ENDS + timedelta(hours=2))
    discord.bot.dispatcher.wake()
    await discord.wait_until(lambda: meet_dms(discord, ana) == [] or None, "no check-back yet")
    assert checkbacks(discord, ana) == []
    clock.set(ENDS + timedelta(hours=3, minutes=1))
    discord.bot.dispatcher.wake()
    [asked] = await discord.wait_until(lambda: checkbacks(discord, ana) or None, "the check-back")
    in_thread = await discord.wait_until(
        lambda: next(
            (
                m
                for m in thread_messages(discord, posted)
                if f"<@{shy.user.id}>" in m.content and "Did you make it?" in m.content
            ),
            None,
        ),
        "shy's check-back in the thread",
    )
    assert checkbacks(discord, bo) == []  # only Going members are asked

    thanks = await final_reply(await discord.click(asked, label="Yes, I was there", user=ana))
    assert thanks.ephemeral
    assert "Glad you made it" in thanks.content
    assert "Same people, new poll" in [c.get("label") for c in thanks.iter_components()]
    no = await final_reply(await discord.click(in_thread, label="No", user=shy))
    assert "Noted" in no.content
    refused = await final_reply(await discord.click(in_thread, label="Yes, I was there", user=bo))
    assert "for the people who were going" in refused.content
    assert await attendance(discord) == {ana.user.id: "yes", shy.user.id: "no"}

    await discord.restart(kill=True)
    clock.set(ENDS + timedelta(hours=5))
    discord.bot.dispatcher.wake()
    again = await discord.click(asked, label="It was cancelled", user=ana)  # buttons survive
    assert "Sorry it didn't happen" in (await final_reply(again)).content
    assert len(checkbacks(discord, ana)) == 1
    assert await attendance(discord) == {ana.user.id: "cancelled", shy.user.id: "no"}

    handle = await discord.slash(ana, "privacy delete")
    await discord.click(await final_reply(handle), label="Yes, erase it", user=ana)
    await discord.wait_until(lambda: "erased" in handle.messages[-1].content, "the erasure")
    assert await attendance(discord) == {shy.user.id: "no"}


async def test_do_it_again_opens_a_poll_with_the_same_people_or_a_series(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana, bo = discord.add_member("ana"), discord.add_member("bo")
    posted = await announce(discord, organizer)
    await going(discord, posted, ana, bo, organizer)
    clock.set(ENDS + timedelta(hours=3, minutes=1))
    discord.bot.dispatcher.wake()
    [asked] = await discord.wait_until(lambda: checkbacks(discord, ana) or None, "the check-back")
    thanks = await final_reply(await discord.click(asked, label="Yes, I was there", user=ana))
    polled = await final_reply(await discord.click(thanks, label="Same people, new poll", user=ana))
    assert "Poll posted" in polled.content
    poll = await discord.wait_for_message(matching=lambda m: "When shall we meet?" in text_of(m))
    assert f"<@{bo.user.id}>" in poll.content
    assert f"<@{organizer.user.id}>" in poll.content
    assert "Berlin" in text_of(poll)

    # A non-organizer cannot start a series; the organizer can.
    refused = await final_reply(await discord.click(thanks, label="Make it a series", user=ana))
    assert refused.ephemeral
    assert "Only organizers" in refused.content  # refused before the question is asked
    [org_asked] = await discord.wait_until(
        lambda: checkbacks(discord, organizer) or None, "the organizer's check-back"
    )
    org_thanks = await final_reply(
        await discord.click(org_asked, label="Yes, I was there", user=organizer)
    )
    form = await discord.click(org_thanks, label="Make it a series", user=organizer)
    made = await final_reply(
        await discord.submit_modal(form, {"rule": "every other Thursday at 12:30"})
    )
    assert "Every other Thursday at 12:30" in made.content
    assert "upcoming dates announced" in made.content


async def test_a_tweetup_from_a_poll_shows_the_card_under_its_announcement(
    discord: DiscordHarness,
) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, bob, "profile set", intro="New in town", topics="tea")
    await run(discord, alice, "tweetup propose", city=BERLIN, members=f"<@{bob.user.id}>")
    poll = await discord.wait_for_message(matching=lambda m: "When shall we meet?" in text_of(m))
    await discord.click(poll, label="1: Yes", user=bob)
    confirm = await confirm_poll(discord, poll, alice)
    await final_reply(await discord.submit_modal(confirm, title="Tea time"))
    posted = await discord.wait_until(
        lambda: next(
            (m for m in discord.channel_messages() if m.embeds and "📅 Tea time" in text_of(m)),
            None,
        ),
        "the announcement",
    )
    await going(discord, posted, bob)
    shown = await discord.wait_until(
        lambda: (m := discord.state.messages[posted.id]) and len(m.embeds) == 2 and m,
        "the card under the announcement",
    )
    assert "Who's coming (" in text_of(shown)
    assert f"<@{bob.user.id}> 🌱 first tweetup — New in town" in text_of(shown)
    assert card_in(discord, posted) is not None  # and in the thread
