"""“Tell me when they're in town”: asked from a trip announcement or from "Add as my trip"
on someone else's message; one DM when that member's trip comes near the watcher's home."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import select

from emulator.harness import DiscordHarness
from emulator.models import Message
from models import OutboxMessage, TripWatch
from tests.cogs.helpers import BERLIN, MUNICH, POTSDAM, final_reply, run

pytestmark = pytest.mark.e2e

WATCH_DM = "You asked me to tell you when they're in town"


def watch_dms(discord: DiscordHarness, who: object) -> list[Message]:
    return [m for m in discord.dm_inbox(who) if WATCH_DM in m.content]


async def watches(discord: DiscordHarness) -> list[tuple[int, int]]:
    async with discord.bot.db.read_session() as session:
        rows = await session.scalars(select(TripWatch))
        return [(row.watcher_id, row.watched_id) for row in rows]


async def queued_watch_dms(discord: DiscordHarness) -> list[int]:
    async with discord.bot.db.read_session() as session:
        return list(
            await session.scalars(
                select(OutboxMessage.recipient_id).where(OutboxMessage.kind == "trip_watch")
            )
        )


async def watch_from_menu(discord: DiscordHarness, watcher: object, author: object) -> Message:
    """Apps → Add as my trip on ``author``'s message, then the offered button."""
    said = await discord.say(author, "I'm in Lisbon Mar 3-7")
    refusal = await final_reply(await discord.message_command(watcher, "Add as my trip", said))
    assert "Only the author" in refusal.content
    custom_id = f"watch:{discord.channel.guild_id}:{author.user.id}"  # type: ignore[attr-defined]
    return await final_reply(await discord.click(refusal, custom_id, user=watcher))


async def test_a_watcher_hears_once_when_the_trip_comes_near_home(discord: DiscordHarness) -> None:
    alice, sam, carol = (discord.add_member(n) for n in ("alice", "sam", "carol"))
    await run(discord, alice, "home set", city=BERLIN)
    # on the weekly digest: the ordinary notice waits for Monday, the watch does not
    await run(discord, alice, "notify", dms=True, digest=True)
    await run(discord, carol, "home set", city=POTSDAM)
    await run(discord, carol, "notify", dms=True, digest=True)  # opted in, but no watch

    answer = await watch_from_menu(discord, alice, sam)
    assert answer.ephemeral
    assert "I'll DM you when" in answer.content
    assert await watches(discord) == [(alice.user.id, sam.user.id)]

    await run(discord, sam, "travel add", city=MUNICH, dates="Mar 3-7")  # far from Berlin
    assert await queued_watch_dms(discord) == []
    await run(discord, sam, "travel add", city=POTSDAM, dates="Apr 3-7")
    dm = await discord.wait_for_dm(alice, lambda m: WATCH_DM in m.content)
    assert f"<@{sam.user.id}> will be in **Potsdam" in dm.content
    assert f"watch:{discord.channel.guild_id}:{sam.user.id}" in dm.custom_ids

    async with discord.bot.db.read_session() as session:
        trip_id = await session.scalar(
            select(OutboxMessage.trip_id).where(OutboxMessage.kind == "trip_watch")
        )
    await run(discord, sam, "travel edit", trip=str(trip_id), dates="Apr 4-8")
    assert await queued_watch_dms(discord) == [alice.user.id]  # edited: not told twice
    assert len(watch_dms(discord, alice)) == 1
    assert watch_dms(discord, carol) == []
    assert not any(str(alice.user.id) in m.content for m in discord.dm_inbox(sam))

    # the DM's button stops the watch
    stopped = await final_reply(
        await discord.click(dm, f"watch:{discord.channel.guild_id}:{sam.user.id}", user=alice)
    )
    assert "won't tell you" in stopped.content
    assert await watches(discord) == []


async def test_no_dm_for_a_hidden_traveler_or_a_watcher_without_dms(
    discord: DiscordHarness,
) -> None:
    alice, bob, sam = (discord.add_member(n) for n in ("alice", "bob", "sam"))
    for member in (alice, bob):
        await run(discord, member, "home set", city=BERLIN)
    await run(discord, alice, "notify", dms=True, digest=True)
    answer = await watch_from_menu(discord, bob, sam)
    assert "/notify dms:True" in answer.content  # bob is told why he would hear nothing
    await watch_from_menu(discord, alice, sam)
    await run(discord, sam, "notify", visible=False)
    await run(discord, sam, "travel add", city=BERLIN, dates="Mar 3-7")
    assert await queued_watch_dms(discord) == []
    assert sorted(await watches(discord)) == sorted(
        [(alice.user.id, sam.user.id), (bob.user.id, sam.user.id)]
    )


async def test_an_ordinary_notice_is_not_doubled_by_a_watch(discord: DiscordHarness) -> None:
    alice, sam = discord.add_member("alice"), discord.add_member("sam")
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, alice, "notify", dms=True)  # hears of every visitor right away
    await watch_from_menu(discord, alice, sam)
    await run(discord, sam, "travel add", city=BERLIN, dates="Mar 3-7")
    await discord.wait_for_dm(alice, lambda m: "will be in **Berlin" in m.content)
    assert await queued_watch_dms(discord) == []
    assert len(discord.dm_inbox(alice)) == 1


async def test_the_trip_announcement_offers_the_button(discord: DiscordHarness) -> None:
    admin = discord.add_member("admin", admin=True)
    channel = discord.add_channel("meetups")
    await run(discord, admin, "tweetup-admin settings", announce_channel=channel)
    sam, bob = discord.add_member("sam"), discord.add_member("bob")
    await run(discord, sam, "travel add", city=BERLIN, dates="Mar 3-7", announce=True)
    post = await discord.wait_for_message(channel)
    custom_id = f"watch:{channel.guild_id}:{sam.user.id}"
    assert custom_id in post.custom_ids
    await discord.restart()  # the button is persistent
    answer = await final_reply(await discord.click(post, custom_id, user=bob))
    assert "I'll DM you" in answer.content
    assert "/home set" in answer.content  # bob has no home yet
    mine = await final_reply(await discord.click(post, custom_id, user=sam))
    assert "That's you" in mine.content
    assert await watches(discord) == [(bob.user.id, sam.user.id)]


async def test_watches_are_exported_and_erased_on_both_sides(discord: DiscordHarness) -> None:
    alice, bob, sam = (discord.add_member(n) for n in ("alice", "bob", "sam"))
    await watch_from_menu(discord, alice, sam)
    await watch_from_menu(discord, bob, sam)
    await watch_from_menu(discord, sam, alice)

    exported = await run(discord, sam, "privacy export")
    data = json.loads(exported.attachments[0].data)["trip_watches"]
    assert [row["member_id"] for row in data["you_follow"]] == [str(alice.user.id)]
    assert data["members_following_your_trips"] == 2  # a count: never who
    assert str(bob.user.id).encode() not in exported.attachments[0].data

    handle = await discord.slash(sam, "privacy delete")
    await discord.click(await final_reply(handle), label="Yes, erase it", user=sam)
    await discord.wait_until(lambda: "erased" in handle.messages[-1].content, "the erasure")
    assert await watches(discord) == []

    # Without the members intent the bot learns that bob left when a DM to him fails
    # (50278); the leave rule then takes both sides of his watches.
    await run(discord, bob, "home set", city=BERLIN)
    await run(discord, bob, "notify", dms=True, digest=True)
    await watch_from_menu(discord, bob, sam)
    await watch_from_menu(discord, alice, bob)
    await watch_from_menu(discord, alice, sam)
    discord.remove_member(bob)
    await run(discord, sam, "travel add", city=BERLIN, dates="Mar 3-7")
    for _ in range(200):
        if await watches(discord) == [(alice.user.id, sam.user.id)]:
            break
        await asyncio.sleep(0.05)
    assert await watches(discord) == [(alice.user.id, sam.user.id)]
