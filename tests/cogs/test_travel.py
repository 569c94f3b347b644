"""/home, /travel and the DMs they cause, end to end through the emulator."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from models import OutboxMessage, Trip
from tests.cogs.helpers import BERLIN, MUNICH, POTSDAM, final_reply, run, text_of

pytestmark = pytest.mark.e2e


async def notice_statuses(discord: DiscordHarness) -> list[str]:
    async with discord.bot.db.read_session() as session:
        return list(await session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id)))


async def trip_count(discord: DiscordHarness) -> int:
    async with discord.bot.db.read_session() as session:
        return int(await session.scalar(select(func.count()).select_from(Trip)) or 0)


async def test_a_trip_tells_opted_in_locals_once_and_nobody_else(discord: DiscordHarness) -> None:
    alice, carol, dave = (discord.add_member(n) for n in ("alice", "carol", "dave"))
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, alice, "notify", dms=True)
    await run(discord, carol, "home set", city=POTSDAM)  # near, but did not opt in

    reply = await run(discord, dave, "travel add", city=BERLIN, dates="Mar 3-7", note="Coffee?")
    shown = text_of(reply)
    assert reply.ephemeral
    assert "Trip to Berlin" in shown
    assert "Wed 3 Mar – Sun 7 Mar 2027" in shown
    assert "Locals within 50 km: 2" in shown
    assert f"<@{alice.user.id}>" in shown
    assert "1 member who asked about visitors will get a DM" in shown

    dm = await discord.wait_for_dm(alice)
    assert f"<@{dave.user.id}> will be in **Berlin" in dm.content
    assert "Coffee?" in dm.content
    assert dm.nonce is not None
    assert discord.dm_inbox(carol) == []

    await run(
        discord,
        dave,
        "travel edit",
        trip=str(reply.id and await _only_trip_id(discord)),
        dates="Mar 4-8",
    )
    await discord.restart(kill=True)
    await run(discord, dave, "travel list")
    assert len(discord.dm_inbox(alice)) == 1


async def _only_trip_id(discord: DiscordHarness) -> int:
    async with discord.bot.db.read_session() as session:
        return int(await session.scalar(select(Trip.id)) or 0)


async def test_co_travelers_hear_of_each_other_with_the_overlap(discord: DiscordHarness) -> None:
    bob, dave = discord.add_member("bob"), discord.add_member("dave")
    await run(discord, bob, "notify", dms=True)
    await run(discord, bob, "travel add", city=POTSDAM, dates="Mar 5-10")
    reply = await run(discord, dave, "travel add", city=BERLIN, dates="Mar 3-7")
    assert "Also in town: 1" in text_of(reply)
    assert "Fri 5 Mar – Sun 7 Mar 2027" in text_of(reply)
    dm = await discord.wait_for_dm(bob)
    assert "You'll both be there Fri 5 Mar – Sun 7 Mar 2027" in dm.content


async def test_quiet_hours_hold_the_dm_until_they_end(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    alice, dave = discord.add_member("alice"), discord.add_member("dave")
    await run(discord, alice, "home set", city=BERLIN)
    # It is 13:00 in Berlin: quiet from 12:00 to 15:00.
    saved = await run(discord, alice, "notify", dms=True, quiet_hours="12:00-15:00")
    assert "Quiet hours (my home's time): **12:00–15:00**" in saved.content
    await run(discord, dave, "travel add", city=BERLIN, dates="Mar 3-7")
    await discord.wait_until(
        lambda: discord.bot.dispatcher.sent == 0 or None, "the dispatcher to idle"
    )
    assert discord.dm_inbox(alice) == []
    clock.advance(timedelta(hours=2, minutes=1))
    discord.bot.dispatcher.wake()
    dm = await discord.wait_for_dm(alice)
    assert "Berlin" in dm.content


async def test_an_ambiguous_city_is_asked_about_with_buttons(discord: DiscordHarness) -> None:
    dave = discord.add_member("dave")
    handle = await discord.slash(dave, "travel add", city="Odessa", dates="Mar 3-7")
    question = await final_reply(handle)
    assert "several places called “Odessa”" in question.content
    await discord.click(question, label="Odesa, Odessa, UA", user=dave)
    answer = await discord.wait_until(
        lambda: "Trip saved" in (handle.messages[-1].content or "") and handle.messages[-1],
        "the trip to be saved",
    )
    assert "Odesa, Odessa, UA" in text_of(answer)
    assert await trip_count(discord) == 1


async def test_ambiguous_dates_are_asked_about(discord: DiscordHarness) -> None:
    dave = discord.add_member("dave")  # it is Saturday: "Sat-Sun" could be today or next week
    handle = await discord.slash(dave, "travel add", city=BERLIN, dates="Sat-Sun")
    question = await final_reply(handle)
    labels = [c.get("label") for c in question.iter_components() if c.get("type") == 2]
    assert len(labels) >= 3  # two readings and Cancel
    await discord.click(question, label="Cancel", user=dave)
    await discord.wait_until(
        lambda: "nothing was saved" in handle.messages[-1].content or None, "the cancellation"
    )
    assert await trip_count(discord) == 0


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"city": "Xyzzyqwvville", "dates": "Mar 3-7"}, "I don't know a city called"),
        ({"city": BERLIN, "dates": "Feb 30"}, "February"),
        ({"city": BERLIN, "dates": "Jan 3-5 2020"}, "past"),
        ({"city": BERLIN, "dates": "Dec 9-5"}, ""),
        (
            {"city": BERLIN, "dates": "Mar 3-7", "note": "@everyone " * 500},
            "at most 200 characters",
        ),
    ],
)
async def test_bad_input_gets_a_friendly_private_answer_and_nothing_is_stored(
    discord: DiscordHarness, options: dict[str, str], expected: str
) -> None:
    dave = discord.add_member("dave")
    reply = await run(discord, dave, "travel add", **options)
    assert reply.ephemeral
    assert expected in reply.content
    assert "Traceback" not in reply.content
    assert "@everyone" not in reply.content
    assert await trip_count(discord) == 0
    assert discord.channel_messages() == []


async def test_city_autocomplete_ranks_the_guilds_cities_and_fits_discord(
    discord: DiscordHarness,
) -> None:
    alice = discord.add_member("alice")
    await run(discord, alice, "home set", city=MUNICH)
    choices = await discord.autocomplete(alice, "travel add", focused="city", city="Mu")
    assert 0 < len(choices) <= 25
    assert choices[0]["value"] == MUNICH
    assert all(1 <= len(c["name"]) <= 100 for c in choices)


async def test_homes_do_not_leak_across_guilds(discord: DiscordHarness) -> None:
    other = discord.add_guild("Other Server")
    alice_here = discord.add_member("alice")
    alice_there = discord.add_member(alice_here, guild=other)
    await run(discord, alice_there, "home set", city=BERLIN)
    await run(discord, alice_there, "notify", dms=True)
    dave = discord.add_member("dave")
    reply = await run(discord, dave, "travel add", city=BERLIN, dates="Mar 3-7")
    assert "Locals within 50 km: 0" in text_of(reply)
    who = await run(discord, dave, "whoshere", city=BERLIN)
    assert f"<@{alice_here.user.id}>" not in text_of(who)
    assert discord.dm_inbox(alice_here) == []


async def test_home_show_and_clear(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    await run(discord, alice, "home set", city=BERLIN)
    assert "Berlin" in (await run(discord, alice, "home show")).content
    await run(discord, alice, "home clear")
    assert "haven't set a home" in (await run(discord, alice, "home show")).content


async def test_closed_dms_mark_a_member_unreachable_without_retrying(
    discord: DiscordHarness,
) -> None:
    alice, dave = discord.add_member("alice"), discord.add_member("dave")
    discord.faults.refuse_dms(alice)
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, alice, "notify", dms=True)
    reply = await run(discord, dave, "travel add", city=BERLIN, dates="Mar 3-7")
    assert "Trip saved" in reply.content  # the traveler's command succeeds regardless

    def dm_attempts() -> int:
        return len(
            [
                r
                for r in discord.requests("POST /channels/{channel_id}/messages")
                if int(r.path.split("/")[2]) in set(discord.state.dm_channels.values())
            ]
        )

    await discord.wait_until(lambda: dm_attempts() == 1 or None, "the refused DM")
    await run(discord, dave, "travel add", city=POTSDAM, dates="Apr 3-7")
    for _ in range(100):
        if await notice_statuses(discord) == ["unreachable", "unreachable"]:
            break
        await asyncio.sleep(0.05)
    assert await notice_statuses(discord) == ["unreachable", "unreachable"]
    assert dm_attempts() == 1  # marked unreachable: the second notice is not even tried
    assert discord.dm_inbox(alice) == []
