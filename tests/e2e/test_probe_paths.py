"""Autocomplete, nested subcommands, modals, DMs and permissions through the emulator,
with a test-only cog (the product cogs get their own end-to-end tests)."""

from __future__ import annotations

import time

import pytest

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.models import CallbackType, Permission
from emulator.runners import BotConfig
from tests.e2e.probe_cog import probe_cog

pytestmark = pytest.mark.e2e


@pytest.fixture
def bot_config(clock: ManualClock) -> BotConfig:
    return BotConfig(cogs=[probe_cog], clock=clock)


async def test_nested_subcommand_with_typed_options(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    trip = await discord.slash(alice, "probe trip add", city="Bern", nights=3)
    reply = await trip.reply()
    assert reply.content == "Trip to Bern for 3 nights (no note)"
    assert reply.ephemeral


async def test_autocomplete_offers_at_most_25_choices(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    choices = await discord.autocomplete(alice, "probe trip add", focused="city", city="Ber")
    assert len(choices) == 25
    assert choices[0] == {"name": "Berlin 1", "value": "Berlin 1"}
    narrow = await discord.autocomplete(alice, "probe trip add", focused="city", city="Berg")
    assert [c["value"] for c in narrow] == ["Bergen"]


async def test_modal_is_shown_and_submitted(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    feedback = await discord.slash(alice, "probe feedback")
    assert feedback.response_type == CallbackType.MODAL
    assert feedback.modal is not None
    assert feedback.modal["title"] == "Feedback"
    submitted = await discord.submit_modal(feedback, {"City": "Porto", "Anything else?": "hi"})
    assert (await submitted.reply()).content == "Thanks! City: Porto; note: hi"


async def test_dm_is_delivered_after_a_deferred_answer(discord: DiscordHarness) -> None:
    bob = discord.add_member("bob")
    probe = await discord.slash(bob, "probe dm")
    assert probe.response_type == CallbackType.DEFERRED_CHANNEL_MESSAGE
    assert (await probe.reply()).content == "Check your DMs."
    dm = await discord.wait_for_dm(bob)
    assert dm.content == "Hello from Tweetup!"
    assert [m.content for m in discord.dm_inbox(bob)] == ["Hello from Tweetup!"]


async def test_closed_dms_reach_the_bot_as_forbidden(discord: DiscordHarness) -> None:
    bob = discord.add_member("bob")
    discord.faults.refuse_dms(bob, code=50007)
    probe = await discord.slash(bob, "probe dm")
    assert (await probe.reply()).content == "I can't DM you (Discord said 50007)."
    assert discord.dm_inbox(bob) == []


async def test_a_429_on_the_dm_route_is_waited_out_and_retried(discord: DiscordHarness) -> None:
    bob = discord.add_member("bob")
    route = "POST /channels/{channel_id}/messages"
    discord.faults.rate_limit(route, retry_after=0.4, times=1)
    started = time.monotonic()
    probe = await discord.slash(bob, "probe dm")
    assert (await probe.reply()).content == "Check your DMs."
    assert time.monotonic() - started >= 0.4
    assert [r.status for r in discord.requests(route)] == [429, 200]
    assert len(discord.dm_inbox(bob)) == 1


async def test_permissions_come_from_roles(discord: DiscordHarness) -> None:
    member = discord.add_member("mia")
    manager = discord.add_member("max", permissions=Permission.MANAGE_GUILD)
    admin = discord.add_member("ada", admin=True)
    refused = await discord.slash(member, "probe settings")
    assert (await refused.reply()).content == "You don't have permission to do that here."
    with pytest.raises(PermissionError):
        await discord.slash(member, "probe-admin")  # Discord does not even show it
    for allowed in (manager, admin):
        saved = await discord.slash(allowed, "probe settings")
        assert (await saved.reply()).content == "Settings saved."
        panel = await discord.slash(allowed, "probe-admin")
        assert (await panel.reply()).content == "Admin panel."


async def test_several_guilds_and_locales(discord: DiscordHarness) -> None:
    other = discord.add_guild("Second Server")
    alice = discord.add_member("alice", locale="de")
    alice_there = discord.add_member(alice, guild=other)
    here = await (await discord.slash(alice, "probe whoami")).reply()
    there = await (await discord.slash(alice_there, "probe whoami")).reply()
    assert here.content == "alice in Tweetup Test Server (de)"
    assert there.content == "alice in Second Server (de)"
    assert there.channel_id in other.channel_ids


async def test_options_with_users_channels_and_roles(discord: DiscordHarness) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    events = discord.add_channel("events")
    team = discord.add_role("Berliners")
    greet = await discord.slash(alice, "probe greet", who=bob, where=events, team=team)
    assert (await greet.reply()).content == "Hi Bob of Berliners in #events"


async def test_a_view_is_found_by_the_message_id_discord_returned(
    discord: DiscordHarness,
) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    poll = await (await discord.slash(alice, "probe poll")).reply()
    assert not poll.ephemeral
    assert discord.channel_messages() == [poll]

    picked = await discord.select(poll, "probe:city", ["porto"], user=bob)
    assert picked.response_type == CallbackType.UPDATE_MESSAGE
    assert poll.content == "Poll: porto leads"

    voted = await discord.click(poll, label="Vote", user=alice)
    assert voted.response_type == CallbackType.DEFERRED_UPDATE_MESSAGE
    await discord.wait_until(lambda: poll.content == "Poll: 1 vote(s)", "the edited poll")
    assert (await voted.reply()) is poll


async def test_the_bot_leaves_a_server(discord: DiscordHarness) -> None:
    other = discord.add_guild("Second Server")
    bot = discord.bot
    await discord.wait_until(lambda: bot.get_guild(other.id), "the bot to see the server")
    discord.remove_bot_from(other)
    await discord.wait_until(lambda: bot.get_guild(other.id) is None, "GUILD_DELETE")
