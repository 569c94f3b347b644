"""Reactions from a raw client: the routes, Discord's refusals, and the gateway events."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from emulator import reactions
from emulator.gateway import GUILD_MESSAGE_REACTIONS, GUILD_MESSAGES, GUILDS
from emulator.models import MEMBER_OVERWRITE, Overwrite, Permission
from emulator.reactions import is_known_emoji
from tests.emulator.conftest import Api
from tests.emulator.test_gateway import Client, url

PLANE = "✈️"


def path(api: Api, message_id: int, emoji: str, who: str = "@me") -> str:
    return f"/channels/{api.channel.id}/messages/{message_id}/reactions/{quote(emoji)}/{who}"


def test_unicode_emoji_are_known_and_words_or_custom_ones_are_not() -> None:
    assert all(is_known_emoji(e) for e in (PLANE, "✅", "👍🏽", "🇵🇹", "1️⃣", "👩‍💻"))
    assert not any(is_known_emoji(e) for e in ("", "plane", "a", ":plane:", "party:123", "x✈️"))


async def test_the_bot_adds_and_removes_its_reaction(api: Api) -> None:
    message = api.emulator.state.add_message(api.channel, api.user, content="hi")
    added = await api.call("PUT", path(api, message.id, PLANE))
    assert added.status == 204
    hurried = await api.call("PUT", path(api, message.id, PLANE))
    assert hurried.status == 429  # one reaction per quarter second in a channel
    await asyncio.sleep(float(hurried.headers["Retry-After"]))
    assert (await api.call("PUT", path(api, message.id, PLANE))).status == 204  # no change
    bot = api.emulator.state.bot
    assert message.reactions == {PLANE: [bot.id]}
    removed = await api.call("DELETE", path(api, message.id, PLANE))
    assert removed.status == 204
    assert message.reactions == {}
    await asyncio.sleep(0.3)
    assert (await api.call("DELETE", path(api, message.id, PLANE))).status == 204


def unhurried(api: Api) -> None:
    """Without the reaction buckets: these tests are about answers, not pace."""
    buckets = api.emulator.rate_limits.buckets
    for route in [route for route in buckets if "/reactions/" in route]:
        del buckets[route]


async def test_refusals_use_discords_codes(api: Api) -> None:
    unhurried(api)
    message = api.emulator.state.add_message(api.channel, api.user, content="hi")
    unknown = await api.call("PUT", path(api, message.id, "plane"))
    assert (unknown.status, unknown.code) == (400, 10014)
    missing = await api.call("PUT", path(api, 999, PLANE))
    assert (missing.status, missing.code) == (404, 10008)
    state = api.emulator.state
    deny = int(Permission.ADD_REACTIONS)
    api.channel.overwrites[state.bot.id] = Overwrite(state.bot.id, MEMBER_OVERWRITE, deny=deny)
    refused = await api.call("PUT", path(api, message.id, PLANE))
    assert (refused.status, refused.code) == (403, 50013), refused.json
    # Joining an emoji someone already reacted with needs no ADD_REACTIONS.
    message.reactions[PLANE] = [api.user.id]
    assert (await api.call("PUT", path(api, message.id, PLANE))).status == 204
    others = await api.call("DELETE", path(api, message.id, PLANE, str(api.user.id)))
    assert (others.status, others.code) == (403, 50013)


async def _reaction_events(api: Api, intents: int) -> list[str]:
    """The reaction events a session with ``intents`` receives for one add and one remove."""
    emulator = api.emulator
    message = emulator.state.add_message(api.channel, api.user, content="hi")
    async with api.session.ws_connect(url(emulator, compress=False)) as ws:
        client = Client(ws)
        await client.identify(emulator.token, intents)
        reactions.add(emulator.state, emulator.gateway, message, api.user, PLANE)
        reactions.remove(emulator.state, emulator.gateway, message, api.user, PLANE)
        await client.send(1, None)  # a heartbeat: its ACK comes after any dispatch
        seen = []
        while (event := await client.receive())["op"] != 11:
            seen.append(event["t"])
    return seen


async def test_events_need_the_reactions_intent(api: Api) -> None:
    assert await _reaction_events(api, GUILDS | GUILD_MESSAGES) == []
    both = await _reaction_events(api, GUILDS | GUILD_MESSAGE_REACTIONS)
    assert both == ["MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE"]
    assert not api.emulator.take_violations()
