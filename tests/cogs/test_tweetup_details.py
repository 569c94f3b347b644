"""Small things members notice: times the title means, edits of past tweetups, availability
set exactly as chosen, and option bounds Discord enforces itself."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.models import JSON, Message
from tests.cogs.helpers import BERLIN, final_reply, run, text_of
from tests.cogs.test_tweetup import announce

pytestmark = pytest.mark.e2e


def buttons(message: Message) -> list[JSON]:
    return [c for c in message.iter_components() if c.get("type") == 2]


async def test_brunch_at_11_offers_the_morning_first_and_highlighted(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    handle = await discord.slash(
        organizer,
        "tweetup announce",
        title="Sunday brunch",
        city=BERLIN,
        when="Dec 13 at 11",
    )
    question = await final_reply(handle)
    first, second = buttons(question)[:2]
    assert "11:00" in first["label"]
    assert "23:00" in second["label"]
    assert first["style"] == 1  # primary: the suggested one
    await discord.click(question, label=first["label"], user=organizer)
    done = await discord.wait_until(
        lambda: "Announced" in handle.messages[-1].content and handle.messages[-1], "the answer"
    )
    assert "11:00" in done.content


async def test_an_unsociable_reading_is_never_pre_selected(discord: DiscordHarness) -> None:
    organizer = discord.add_member("org", admin=True)
    question = await run(
        discord, organizer, "tweetup announce", title="Breakfast", city=BERLIN, when="Dec 13 at 7"
    )
    first = buttons(question)[0]
    assert "07:00" in first["label"]
    assert all(b["style"] != 1 for b in buttons(question))


async def test_renaming_a_tweetup_that_started_is_not_refused_for_its_time(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    posted = await announce(discord, organizer)
    tweetup = posted.custom_ids[0].split(":")[1]
    clock.set(datetime(2026, 12, 3, 18, 30, tzinfo=UTC))  # 30 minutes in
    reply = await run(discord, organizer, "tweetup edit", tweetup=tweetup, title="Coffee & cake")
    assert "in the past" not in reply.content
    assert "Updated" in reply.content


async def test_availability_is_exactly_what_was_chosen(discord: DiscordHarness) -> None:
    ana = discord.add_member("ana")
    reply = await run(discord, ana, "availability", weekday_evenings=True, weekend_daytime=True)
    assert "any time" not in reply.content.lower()
    assert "evening" in reply.content.lower()
    assert "weekend" in reply.content.lower()
    only_not = await run(discord, ana, "availability", weekday_daytime=False)
    assert "weekday daytime" not in only_not.content.lower()


async def test_option_bounds_match_what_the_bot_accepts(discord: DiscordHarness) -> None:
    commands = discord.commands()

    def option(command: str, sub: str | None, name: str) -> JSON:
        options = commands[command]["options"]
        if sub is not None:
            options = next(o for o in options if o["name"] == sub)["options"]
        return next(o for o in options if o["name"] == name)

    assert option("notify", None, "radius_km")["max_value"] == 500
    assert option("tweetup-admin", "settings", "radius_km")["max_value"] == 500
    admin = discord.add_member("admin", admin=True)
    reply = await run(discord, admin, "tweetup-admin settings", radius_km=500)
    assert "Saved" in reply.content


async def test_admins_set_the_sociable_hours_polls_use(discord: DiscordHarness) -> None:
    admin = discord.add_member("admin", admin=True)
    saved = await run(discord, admin, "tweetup-admin settings", sociable_from=9, sociable_until=13)
    assert "Sociable hours for proposed times: 9:00–13:00" in saved.content
    refused = await run(discord, admin, "tweetup-admin settings", sociable_from=14)
    assert "must start before they end" in refused.content
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    for member in (alice, bob):
        await run(discord, member, "home set", city=BERLIN)
    await run(discord, alice, "tweetup propose", city=BERLIN, members=f"<@{bob.user.id}>")
    poll = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    stamps = [int(s) for s in re.findall(r"<t:(\d+):F>", text_of(poll))]
    assert stamps
    for stamp in stamps:
        local = datetime.fromtimestamp(stamp, tz=ZoneInfo("Europe/Berlin"))
        assert 9 <= local.hour < 13
