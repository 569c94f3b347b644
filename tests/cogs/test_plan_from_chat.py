"""Apps → "Plan a tweetup from this": a chat message becomes the usual time poll, after a
private confirmation, end to end."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy import text as sql

from emulator.harness import DiscordHarness
from emulator.models import Message, Permission
from models import Poll
from models.base import Base
from tests.cogs.chatter_helpers import all_stored_text_values
from tests.cogs.helpers import BERLIN, POTSDAM, final_reply, run, text_of

pytestmark = pytest.mark.e2e

MENU = "Plan a tweetup from this"


async def card_for(discord: DiscordHarness, who: object, message: Message) -> Message:
    return await final_reply(await discord.message_command(who, MENU, message))


def current(discord: DiscordHarness, message: Message) -> Message:
    return discord.state.messages[message.id]


async def polls(discord: DiscordHarness) -> list[Poll]:
    async with discord.bot.db.read_session() as session:
        return list(await session.scalars(select(Poll).order_by(Poll.id)))


async def open_poll(discord: DiscordHarness, card: Message, who: object) -> Message:
    """Press Open the poll: the card's new text, or the private error beside it."""
    handle = await discord.click(current(discord, card), "plan:open", user=who)
    await discord.wait_until(
        lambda: "plan:open" not in current(discord, card).custom_ids or len(handle.messages) > 1,
        "the poll opened (or a reason why not)",
    )
    return handle.messages[-1] if len(handle.messages) > 1 else current(discord, card)


async def test_city_dates_and_mentions_open_the_usual_poll(discord: DiscordHarness) -> None:
    alice, bob, carol = (discord.add_member(n) for n in ("alice", "bob", "carol"))
    said = await discord.say(bob, f"dinner in Berlin Dec 10-12 with <@{carol.user.id}>? 🍝")
    card = await card_for(discord, alice, said)
    assert card.ephemeral
    assert "Berlin" in card.content
    assert "Thu 10 Dec – Sat 12 Dec 2026" in card.content
    assert f"<@{bob.user.id}>" in card.content  # the author is invited
    assert f"<@{carol.user.id}>" in card.content
    assert "🍝" not in card.content  # the message's words are not echoed
    assert discord.channel_messages(discord.channel)[-1].id == said.id  # nothing public yet

    note = await open_poll(discord, card, alice)
    assert "Poll posted" in note.content
    poll = await discord.wait_for_message(discord.channel, lambda m: bool(m.embeds))
    assert "When shall we meet?" in text_of(poll)
    assert f"<@{carol.user.id}>" in poll.content
    [stored] = await polls(discord)
    assert stored.proposer_id == alice.user.id
    assert stored.place_label.startswith("Berlin")
    assert sorted(stored.participant_ids) == sorted(m.user.id for m in (alice, bob, carol))


async def test_people_are_invited_or_taken_off_with_the_menu(discord: DiscordHarness) -> None:
    alice, bob, carol, dan = (discord.add_member(n) for n in ("alice", "bob", "carol", "dan"))
    said = await discord.say(bob, f"dinner in Berlin Dec 10-12 with <@{carol.user.id}>?")
    card = await card_for(discord, alice, said)
    menu = card.component("plan:invited")
    assert menu["type"] == 5
    assert {int(v["id"]) for v in menu["default_values"]} == {bob.user.id, carol.user.id}
    # Carol off, Dan on; the proposer and the bot picked too are left out (alice is always in).
    picks = [bob.user.id, dan.user.id, alice.user.id, discord.bot_member.id]
    await discord.select(card, "plan:invited", [str(i) for i in picks], user=alice)
    await discord.wait_until(
        lambda: f"<@{dan.user.id}>" in current(discord, card).content, "Dan invited"
    )
    changed = current(discord, card)
    assert f"<@{carol.user.id}>" not in changed.content
    assert f"<@{discord.bot_member.id}>" not in changed.content
    defaults = changed.component("plan:invited")["default_values"]
    assert [int(v["id"]) for v in defaults] == [bob.user.id, dan.user.id]
    assert "Poll posted" in (await open_poll(discord, card, alice)).content
    [stored] = await polls(discord)
    assert sorted(stored.participant_ids) == sorted(m.user.id for m in (alice, bob, dan))

    # Everyone cleared: just the proposer, and the card says so.
    again = await card_for(discord, alice, said)
    await discord.select(again, "plan:invited", [], user=alice)
    await discord.wait_until(
        lambda: "just you so far" in current(discord, again).content, "nobody invited"
    )


async def test_city_and_days_come_from_the_mentioned_members_trip(
    discord: DiscordHarness,
) -> None:
    alice, bob, sam = (discord.add_member(n) for n in ("alice", "bob", "sam"))
    await run(discord, sam, "travel add", city=POTSDAM, dates="Dec 10-14")
    said = await discord.say(bob, f"we should grab dinner while <@{sam.user.id}> is in town")
    card = await card_for(discord, alice, said)
    assert "Potsdam" in card.content
    assert "Thu 10 Dec – Mon 14 Dec 2026" in card.content
    # the message's own days win over the trip's
    said = await discord.say(bob, f"dinner next week while <@{sam.user.id}> is in town?")
    card = await card_for(discord, alice, said)
    assert "Potsdam" in card.content
    assert "Thu 10 Dec" not in card.content
    await open_poll(discord, card, alice)
    [stored] = await polls(discord)
    assert stored.place_label.startswith("Potsdam")


async def test_no_city_is_asked_for_in_the_form_and_dates_are_picked(
    discord: DiscordHarness,
) -> None:
    alice = discord.add_member("alice", locale="en")  # "en": 4/6 could be either order
    bob = discord.add_member("bob")
    said = await discord.say(bob, "we should meet up sometime 4/6-4/9!")
    card = await card_for(discord, alice, said)
    assert "I found none" in card.content
    assert card.component("plan:open").get("disabled") is True
    form = await discord.click(card, "plan:change", user=alice)
    assert form.modal is not None
    await discord.submit_modal(form, {"City": "Berlin"})
    await discord.wait_until(
        lambda: "Berlin" in current(discord, card).content, "the city typed in"
    )
    assert "which do you mean" in current(discord, card).content  # two readings, still
    assert current(discord, card).component("plan:open").get("disabled") is True
    await discord.click(current(discord, card), "plan:date:1", user=alice)  # Jun 4 – Sep 4
    await discord.wait_until(
        lambda: "📅 Days: **Fri 4 Jun" in current(discord, card).content, "the days picked"
    )
    refused = await open_poll(discord, card, alice)
    assert "more than 62 days" in refused.content  # said privately; the card still works
    await discord.click(current(discord, card), "plan:date:0", user=alice)
    await discord.wait_until(
        lambda: "📅 Days: **Tue 6 Apr" in current(discord, card).content, "the days picked"
    )
    note = await open_poll(discord, card, alice)
    assert "Poll posted" in note.content


async def test_permission_is_refused_before_any_question(discord: DiscordHarness) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    said = await discord.say(bob, "dinner in Berlin Dec 10-12?")
    discord.deny(discord.channel, discord.bot_member, Permission.EMBED_LINKS)
    answer = await card_for(discord, alice, said)
    assert answer.ephemeral
    assert "Embed Links" in answer.content
    assert answer.custom_ids == []  # no card, no question
    assert await polls(discord) == []


async def test_hidden_members_are_never_named_or_used(discord: DiscordHarness) -> None:
    alice, bob, dan = (discord.add_member(n) for n in ("alice", "bob", "dan"))
    await run(discord, dan, "notify", visible=False)
    await run(discord, dan, "travel add", city=POTSDAM, dates="Dec 10-14")
    said = await discord.say(bob, f"dinner while <@{dan.user.id}> is in town")
    card = await card_for(discord, alice, said)
    assert "Potsdam" not in card.content  # dan's trip is not shown to anyone
    assert "Dec" not in card.content

    said = await discord.say(bob, f"dinner in Berlin Dec 10-12 with <@{dan.user.id}>")
    card = await card_for(discord, alice, said)
    note = await open_poll(discord, card, alice)
    assert "Poll posted" in note.content
    public = [m for m in discord.channel_messages(discord.channel) if m.author.bot]
    assert public
    assert not any(f"<@{dan.user.id}>" in text_of(m) for m in public)
    assert BERLIN


async def test_noisy_messages_never_ping_break_limits_or_get_stored(
    discord: DiscordHarness,
) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    crowd = [discord.add_member(f"m{n}") for n in range(14)]
    secret = "zanzibarquokka"
    noisy = (
        "@everyone @here <@&123> **dinner** ~~x~~ `code` in Berlin Dec 10-12 "
        + " ".join(f"<@{m.user.id}>" for m in crowd)
        + f" {secret} "
        + "🎉" * 300
        + " blah" * 250
    )[:2000]
    said = await discord.say(bob, noisy)
    card = await card_for(discord, alice, said)
    assert len(card.content) <= 2000
    assert "@everyone" not in card.content
    assert secret not in card.content
    assert "and 3 more" in card.content  # 15 invited: 12 shown
    refused = await open_poll(discord, card, alice)
    assert "at most 12 members" in refused.content  # the usual rule, said privately
    for request in discord.requests("POST /channels/{channel_id}/messages"):
        assert request.json["allowed_mentions"]["parse"] == []
    async with discord.bot.db.read_session() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(sql(f'SELECT * FROM "{table.name}"'))).all()
            assert secret not in all_stored_text_values([tuple(r) for r in rows]), table.name
