"""The whole story, as members see it: propose → vote → confirm any time → announcement with
the votes carried over → RSVP and waitlist → /tweetup mine → edit → reminder → cancel."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.models import JSON, Message
from tests.cogs.helpers import BERLIN, confirm_poll, final_reply, run, text_of

pytestmark = pytest.mark.e2e


def inputs(modal: JSON) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in modal.get("components") or []:
        for item in row.get("components") or [row.get("component") or {}]:
            if item.get("custom_id"):
                found[str(item["custom_id"])] = str(item.get("value") or "")
    return found


def announcement(discord: DiscordHarness) -> Message | None:
    return next(
        (m for m in discord.channel_messages() if m.embeds and "📅" in m.embeds[0]["title"]),
        None,
    )


async def test_a_poll_becomes_a_tweetup_everyone_can_follow(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    alice, bob, cy, dan = (discord.add_member(n) for n in ("alice", "bob", "cy", "dan"))
    for local in (alice, bob, cy):
        await run(discord, local, "home set", city=BERLIN)
    await run(discord, cy, "notify", dms=True)
    proposed = await run(
        discord, alice, "tweetup propose", city=BERLIN, members=f"<@{bob.user.id}> <@{cy.user.id}>"
    )
    assert "Poll posted" in proposed.content
    poll = await discord.wait_for_message(matching=lambda m: bool(m.embeds))

    # Options are listed in time order.
    stamps = [int(s) for s in re.findall(r"\*\*\d\.\*\* <t:(\d+):F>", text_of(poll))]
    assert len(stamps) >= 3
    assert stamps == sorted(stamps)
    assert [c["label"] for c in poll.iter_components() if c.get("label", "").startswith("1:")] == [
        "1: Yes",
        "1: If need be",
        "1: No",
    ]

    # Someone who was not invited is told so, privately; nothing changes.
    stranger = await discord.click(poll, label="1: Yes", user=dan)
    refused = await stranger.reply()
    assert refused.ephemeral
    assert "Only the members invited" in refused.content

    # Voting answers the voter privately, and the poll shows who said what.
    vote = await discord.click(poll, label="1: Yes", user=bob)
    receipt = await vote.followup()
    assert receipt.ephemeral
    assert "You said **Yes** to <t:" in receipt.content
    await discord.click(discord.state.messages[poll.id], label="2: No", user=bob)
    await discord.click(discord.state.messages[poll.id], label="2: If need be", user=cy)
    shown = text_of(discord.state.messages[poll.id])
    assert f"✅ <@{bob.user.id}>" in shown
    assert f"🤷 <@{cy.user.id}>" in shown
    assert "❌ 1" in shown
    assert "⭐ leading" in shown

    # The proposer confirms option 2, which is not the leading one. A bad capacity keeps
    # everything else that was typed.
    form = await confirm_poll(discord, poll, alice, option=2)
    bad = await discord.submit_modal(form, title="Sunday brunch", capacity="two")
    complaint = await bad.reply()
    assert "isn't a capacity" in complaint.content
    again = await discord.click(complaint, label="Edit and try again", user=alice)
    assert again.modal is not None
    assert inputs(again.modal)["title"] == "Sunday brunch"
    done = await final_reply(await discord.submit_modal(again, capacity="2"))
    assert "Announced" in done.content

    posted = await discord.wait_until(lambda: announcement(discord), "the announcement")
    card = text_of(posted)
    assert "**Where:** Berlin, DE" in card  # no "—," without a venue
    assert f"Going: 1/2: <@{alice.user.id}>" in card  # the organizer is going
    assert f"Maybe: 1: <@{cy.user.id}>" in card  # "if need be" carried over
    assert f"<@{bob.user.id}>" not in card  # bob said no to this time
    closed = text_of(discord.state.messages[poll.id])
    assert f"/{posted.channel_id}/{posted.id}" in closed
    assert "✅ **chosen**" in closed
    discord.bot.dispatcher.wake()
    [news] = await discord.wait_until(lambda: discord.dm_inbox(cy) or None, "cy's news")
    assert "It's settled" in news.content
    assert "**maybe**" in news.content
    assert discord.dm_inbox(bob) == []  # no DMs asked for, and no answer to carry

    # RSVPs fill it up; the next one waits, and sees it in /tweetup mine.
    await discord.click(posted, label="Going", user=bob)
    wait = await discord.click(posted, label="Going", user=dan)
    assert "waitlist (#1)" in (await wait.followup()).content
    mine = await run(discord, dan, "tweetup mine")
    assert mine.ephemeral
    assert "⏳ waitlist #1" in mine.content
    assert "Sunday brunch" in mine.content
    assert f"/{posted.channel_id}/{posted.id}" in mine.content
    assert "✅ going" in (await run(discord, bob, "tweetup mine")).content
    leave = await discord.click(discord.state.messages[posted.id], label="Can't go", user=dan)
    assert "You left the waitlist" in (await leave.followup()).content
    assert "no upcoming tweetups" in (await run(discord, dan, "tweetup mine")).content

    # An edit is told to those who answered; the reminder names the server and links it.
    tweetup = posted.custom_ids[0].split(":")[1]
    edited = await run(discord, alice, "tweetup edit", tweetup=tweetup, venue="Café Einstein")
    assert "Updated" in edited.content
    assert "Café Einstein, Berlin, DE" in text_of(discord.state.messages[posted.id])
    discord.bot.dispatcher.wake()
    await discord.wait_until(lambda: discord.dm_inbox(bob) or None, "bob's change DM")
    [event] = discord.state.scheduled_events.values()
    starts = datetime.fromisoformat(str(event.payload()["scheduled_start_time"]))
    clock.set(starts - timedelta(hours=2) + timedelta(minutes=1))
    discord.bot.dispatcher.wake()
    reminder = await discord.wait_until(
        lambda: next((m for m in discord.dm_inbox(bob) if "⏰" in m.content), None), "the reminder"
    )
    assert discord.state.guilds[posted.guild_id].name in reminder.content
    assert f"/{posted.channel_id}/{posted.id}" in reminder.content

    cancel = await run(discord, alice, "tweetup cancel", tweetup=tweetup)
    assert "Sunday brunch" in cancel.content
    await discord.click(cancel, label="Yes, cancel it", user=alice)
    await discord.wait_until(
        lambda: "CANCELLED" in text_of(discord.state.messages[posted.id]), "the cancelled card"
    )
