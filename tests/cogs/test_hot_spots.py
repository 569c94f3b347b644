"""Hot spots: enough members in one city on the same days get one meetup suggestion."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator.harness import DiscordHarness
from emulator.models import Message
from models import HotSpot, OutboxMessage, Poll, Trip
from tests.cogs.helpers import BERLIN, POTSDAM, final_reply, run

pytestmark = pytest.mark.e2e

SUGGESTION = "of you** will be in"


def suggestions(discord: DiscordHarness, who: object) -> list[Message]:
    return [m for m in discord.dm_inbox(who) if SUGGESTION in m.content]


async def hot_spots(discord: DiscordHarness) -> list[HotSpot]:
    async with discord.bot.db.read_session() as session:
        return list(await session.scalars(select(HotSpot)))


async def test_three_members_in_town_get_one_suggestion_and_one_poll(
    discord: DiscordHarness,
) -> None:
    alice, bob, carol, dave, eve = (
        discord.add_member(n) for n in ("alice", "bob", "carol", "dave", "eve")
    )
    for member in (alice, bob, carol, dave):
        await run(discord, member, "notify", dms=True)
    await run(discord, dave, "notify", visible=False)  # hidden: never counted or named

    await run(discord, alice, "travel add", city=BERLIN, dates="Mar 3-7")
    await run(discord, bob, "travel add", city=BERLIN, dates="Mar 4-8")
    await run(discord, dave, "travel add", city=BERLIN, dates="Mar 4-6")
    assert await hot_spots(discord) == []  # two visible members are not a crowd

    said = await discord.say(carol, "potsdam mar 5-9!")  # within the radius of Berlin
    card = await final_reply(await discord.message_command(carol, "Add as my trip", said))
    await discord.click(card, "card:save", user=carol)

    firsts = {}
    for member in (alice, bob, carol):
        firsts[member.user.id] = await discord.wait_for_dm(
            member, lambda m: SUGGESTION in m.content
        )
    dm = firsts[alice.user.id]
    assert "**3 of you** will be in **Potsdam" in dm.content
    assert "Fri 5 Mar – Sun 7 Mar 2027" in dm.content
    assert f"<@{bob.user.id}>" in dm.content
    assert f"<@{carol.user.id}>" in dm.content
    assert f"<@{dave.user.id}>" not in dm.content
    [spot] = await hot_spots(discord)
    assert sorted(spot.member_ids) == sorted(m.user.id for m in (alice, bob, carol))

    # a fourth member on the same days: no second suggestion
    await run(discord, eve, "travel add", city=BERLIN, dates="Mar 5-6")
    await run(discord, eve, "travel add", city=POTSDAM, dates="Mar 6-7")
    assert len(await hot_spots(discord)) == 1

    opened = await discord.click(dm, f"hotspot:{spot.id}:propose", user=alice)
    note = await final_reply(opened)
    assert "Poll posted" in note.content
    poll = await discord.wait_for_message(discord.channel, lambda m: bool(m.embeds))
    assert f"<@{bob.user.id}>" in poll.content
    assert f"<@{dave.user.id}>" not in poll.content
    async with discord.bot.db.read_session() as session:
        [stored] = list(await session.scalars(select(Poll)))
    assert sorted(stored.participant_ids) == sorted(m.user.id for m in (alice, bob, carol))

    again = await final_reply(
        await discord.click(firsts[bob.user.id], f"hotspot:{spot.id}:propose", user=bob)
    )
    assert "already proposed" in again.content
    for member in (alice, bob, carol):
        assert len(suggestions(discord, member)) == 1
    assert suggestions(discord, dave) == []
    assert suggestions(discord, eve) == []

    # bob erases his data: the suggestion made from his trip goes with it
    handle = await discord.slash(bob, "privacy delete")
    await discord.click(await final_reply(handle), label="Yes, erase it", user=bob)
    await discord.wait_until(lambda: "erased" in handle.messages[-1].content, "the erasure")
    assert "1 meetup suggestion" in handle.messages[-1].content
    assert await hot_spots(discord) == []


async def test_hot_spots_can_be_turned_off(discord: DiscordHarness) -> None:
    admin = discord.add_member("ada", admin=True)
    members = [discord.add_member(n) for n in ("a", "b", "c")]
    await run(discord, admin, "tweetup-admin settings", hot_spot_size=0)
    for member in members:
        await run(discord, member, "notify", dms=True)
        await run(discord, member, "travel add", city=BERLIN, dates="Mar 3-7")
    assert await hot_spots(discord) == []


async def test_two_clicks_at_once_open_one_poll(discord: DiscordHarness) -> None:
    members = [discord.add_member(n) for n in ("a", "b", "c")]
    for member in members:
        await run(discord, member, "notify", dms=True)
        await run(discord, member, "travel add", city=BERLIN, dates="Mar 3-7")
    dms = [await discord.wait_for_dm(m, lambda d: SUGGESTION in d.content) for m in members]
    [spot] = await hot_spots(discord)
    custom_id = f"hotspot:{spot.id}:propose"
    first = await discord.click(dms[0], custom_id, user=members[0], wait=False)
    second = await discord.click(dms[1], custom_id, user=members[1], wait=False)
    answers = [
        await discord.wait_until(
            lambda h=h: next((m for m in h.messages if not m.loading), None), "an answer"
        )
        for h in (first, second)
    ]
    texts = sorted(a.content for a in answers)
    assert sum("Poll posted" in t for t in texts) == 1
    assert sum("already proposed" in t for t in texts) == 1
    async with discord.bot.db.read_session() as session:
        assert len(list(await session.scalars(select(Poll)))) == 1


async def test_an_edited_trip_can_make_a_hot_spot_once(discord: DiscordHarness) -> None:
    members = [discord.add_member(n) for n in ("a", "b", "c")]
    for member in members:
        await run(discord, member, "notify", dms=True)
    await run(discord, members[0], "travel add", city=BERLIN, dates="Mar 3-7")
    await run(discord, members[1], "travel add", city=BERLIN, dates="Mar 4-8")
    await run(discord, members[2], "travel add", city=BERLIN, dates="Apr 4-8")
    assert await hot_spots(discord) == []
    async with discord.bot.db.read_session() as session:
        [trip] = await session.scalars(select(Trip).where(Trip.user_id == members[2].user.id))
    await run(discord, members[2], "travel edit", trip=str(trip.id), dates="Mar 5-9")
    [spot] = await hot_spots(discord)
    assert sorted(spot.member_ids) == sorted(m.user.id for m in members)
    await discord.wait_for_dm(members[2], lambda m: SUGGESTION in m.content)
    # edited again to overlapping days: the same group is not suggested twice
    await run(discord, members[2], "travel edit", trip=str(trip.id), dates="Mar 4-6")
    assert len(await hot_spots(discord)) == 1
    async with discord.bot.db.read_session() as session:
        queued = list(
            await session.scalars(
                select(OutboxMessage.recipient_id).where(OutboxMessage.kind == "hot_spot")
            )
        )
    assert sorted(queued) == sorted(m.user.id for m in members)
