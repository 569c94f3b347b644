"""MESSAGE_CONTENT and privileged intents, zombie connections, network latency, rate-limit
headers on every route and Discord's invalid-request ban, from a raw client's side."""

from __future__ import annotations

import time

import aiohttp
import pytest

from emulator.gateway import DIRECT_MESSAGES, GUILD_MESSAGES, GUILDS, MESSAGE_CONTENT
from emulator.harness import DiscordHarness
from emulator.server import Emulator
from emulator.web import EmulatorConfig
from tests.emulator.conftest import Api
from tests.emulator.test_gateway import Client, url

MESSAGES = GUILDS | GUILD_MESSAGES


@pytest.fixture
async def session() -> aiohttp.ClientSession:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


async def _contents(
    emulator: Emulator, session: aiohttp.ClientSession, intents: int
) -> dict[str, str]:
    """What a session with these intents reads of messages of each kind."""
    world = DiscordHarness(emulator)
    alice = world.add_member("alice")
    bot_post = emulator.state.add_message(world.channel, emulator.state.bot, content="Going?")
    async with session.ws_connect(url(emulator, compress=False)) as ws:
        client = Client(ws)
        for _ in await client.identify(emulator.token, intents=intents | DIRECT_MESSAGES):
            pass
        seen: dict[str, str] = {}
        cases = {
            "chatter": lambda: world.say(alice, "landing in bcn sat"),
            "mention": lambda: world.say(alice, f"<@{emulator.state.bot.id}> hi"),
            "reply": lambda: world.say(alice, "me too", reply_to=bot_post),
            "dm": lambda: world.say(alice.user, "psst", at=emulator.state.dm_channel(alice.user)),
        }
        for name, act in cases.items():
            await act()
            event = await client.receive()
            assert event["t"] == "MESSAGE_CREATE"
            seen[name] = event["d"]["content"]
        return seen


async def test_without_message_content_only_mentions_replies_and_dms_have_text(
    discord_emulator: Emulator, session: aiohttp.ClientSession
) -> None:
    seen = await _contents(discord_emulator, session, MESSAGES)
    assert seen == {"chatter": "", "mention": seen["mention"], "reply": "me too", "dm": "psst"}
    assert seen["mention"].endswith(" hi")


async def test_with_message_content_everything_has_text(
    discord_emulator: Emulator, session: aiohttp.ClientSession
) -> None:
    seen = await _contents(discord_emulator, session, MESSAGES | MESSAGE_CONTENT)
    assert seen["chatter"] == "landing in bcn sat"


async def test_a_privileged_intent_not_granted_closes_with_4014(
    session: aiohttp.ClientSession,
) -> None:
    async with Emulator(EmulatorConfig(privileged_intents=0)) as emulator:
        async with session.ws_connect(url(emulator, compress=False)) as ws:
            client = Client(ws)
            assert (await client.receive())["op"] == 10
            await client.send(2, {"token": emulator.token, "intents": MESSAGES | MESSAGE_CONTENT})
            closed = await ws.receive(timeout=5)
            assert closed.type == aiohttp.WSMsgType.CLOSE
            assert closed.data == 4014
        assert emulator.gateway.refused_intents == 1
        async with session.ws_connect(url(emulator, compress=False)) as ws:
            await Client(ws).identify(emulator.token, intents=MESSAGES)  # without it: fine


async def test_a_zombie_connection_stops_acknowledging_heartbeats(
    discord_emulator: Emulator, session: aiohttp.ClientSession
) -> None:
    async with session.ws_connect(url(discord_emulator, compress=False)) as ws:
        client = Client(ws)
        await client.identify(discord_emulator.token)
        await client.send(1, 1)
        assert await client.receive() == {"op": 11}
        discord_emulator.gateway.stop_acking()
        await client.send(1, 2)
        with pytest.raises(TimeoutError):
            await ws.receive(timeout=0.5)


async def test_latency_delays_each_way_of_a_request(session: aiohttp.ClientSession) -> None:
    async with Emulator(EmulatorConfig(latency=0.1)) as emulator:
        api = Api(session, emulator)
        started = time.monotonic()
        assert (await api.call("GET", "/users/@me")).status == 200
        assert time.monotonic() - started >= 0.2
    async with Emulator(EmulatorConfig(latency=0)) as emulator:
        api = Api(session, emulator)
        started = time.monotonic()
        assert (await api.call("GET", "/users/@me")).status == 200
        assert time.monotonic() - started < 0.2


async def test_every_route_answers_with_rate_limit_headers(api: Api) -> None:
    record = api.interaction()
    answers = [
        await api.call("GET", "/users/@me"),
        await api.call("POST", "/users/@me/channels", {"recipient_id": str(api.user.id)}),
        await api.respond(record, {"type": 5}),
        await api.call(
            "POST",
            f"/webhooks/{api.emulator.state.application_id}/{record.token}",
            {"content": "done"},
            auth=False,
        ),
    ]
    for answer in answers:
        assert answer.headers["X-RateLimit-Limit"]
        assert answer.headers["X-RateLimit-Remaining"]
        assert answer.headers["X-RateLimit-Bucket"]


async def test_a_shared_limit_says_so_and_does_not_count_as_invalid(api: Api) -> None:
    route = "POST /channels/{channel_id}/messages"
    api.emulator.rate_limits.limit_route(route, 1, 60, shared=True)
    path = f"/channels/{api.channel.id}/messages"
    assert (await api.call("POST", path, {"content": "one"})).status == 200
    limited = await api.call("POST", path, {"content": "two"})
    assert limited.status == 429
    assert limited.headers["X-RateLimit-Scope"] == "shared"
    assert api.emulator.rate_limits.invalid_requests == 0


async def test_too_many_invalid_requests_get_the_bot_banned(
    session: aiohttp.ClientSession,
) -> None:
    async with Emulator(EmulatorConfig(invalid_request_limit=3, latency=0)) as emulator:
        api = Api(session, emulator)
        for _ in range(2):
            assert (await api.call("GET", "/users/@me", auth=False)).status == 401
        assert emulator.rate_limits.invalid_requests == 2
        assert (await api.call("GET", "/users/@me", auth=False)).status == 401
        banned = await api.call("GET", "/users/@me")
        assert banned.status == 429
        assert "Via" not in banned.headers
        kinds = [violation.kind for violation in emulator.take_violations()]
        assert kinds == ["auth", "auth", "auth", "invalid_requests"]
