"""Sharding as Discord runs it: GET /gateway/bot, ``shard`` in IDENTIFY, each guild's events
on its own shard only, 4010/4011, session starts and ``max_concurrency``, and one global
rate limit for every connection of the bot token."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from emulator.gateway import DIRECT_MESSAGES, GUILD_MESSAGES, GUILDS
from emulator.server import Emulator
from emulator.web import EmulatorConfig
from tests.emulator.conftest import Api
from tests.emulator.test_gateway import Client, url


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return EmulatorConfig(shards=4, max_concurrency=2, enforce_identify_concurrency=True)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


async def identify(
    http: aiohttp.ClientSession, emulator: Emulator, shard: list[int] | None
) -> tuple[aiohttp.ClientWebSocketResponse, Client, dict[str, Any]]:
    """Connect and IDENTIFY on ``shard``; the open socket, its client and the first answer."""
    ws = await http.ws_connect(url(emulator, compress=False))
    client = Client(ws)
    assert (await client.receive())["op"] == 10
    data: dict[str, Any] = {
        "token": emulator.token,
        "intents": GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES,
        "properties": {},
    }
    if shard is not None:
        data["shard"] = shard
    await client.send(2, data)
    message = await ws.receive(timeout=5)
    if message.type != aiohttp.WSMsgType.TEXT:
        return ws, client, {"closed": ws.close_code}
    return ws, client, json.loads(message.data)


async def test_gateway_bot_recommends_shards_and_counts_session_starts(
    api: Api, http: aiohttp.ClientSession
) -> None:
    """The answer is checked against the spec by the emulator itself (a mismatch fails)."""
    before = await api.call("GET", "/gateway/bot")
    assert before.status == 200
    assert before.json["shards"] == 4
    limit = before.json["session_start_limit"]
    assert limit["max_concurrency"] == 2
    assert limit["total"] == limit["remaining"] == 1000
    assert 0 < limit["reset_after"] <= 86_400_000
    ws, _, ready = await identify(http, api.emulator, [0, 4])
    assert ready["t"] == "READY"
    await ws.close()
    after = await api.call("GET", "/gateway/bot")
    assert after.json["session_start_limit"]["remaining"] == 999


async def test_each_guild_reaches_only_its_shard_and_dms_shard_zero(
    discord_emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    state = discord_emulator.state
    first = state.add_guild("On shard 0", shard=(0, 2))
    second = state.add_guild("On shard 1", shard=(1, 2))
    assert (first.id >> 22) % 2 == 0
    assert (second.id >> 22) % 2 == 1
    ws0, client0, ready0 = await identify(http, discord_emulator, [0, 2])
    ws1, client1, ready1 = await identify(http, discord_emulator, [1, 2])
    assert ready0["d"]["shard"] == [0, 2]
    assert [g["id"] for g in ready0["d"]["guilds"]] == [str(first.id)]
    assert [g["id"] for g in ready1["d"]["guilds"]] == [str(second.id)]
    assert (await client0.receive())["d"]["id"] == str(first.id)
    assert (await client1.receive())["d"]["id"] == str(second.id)
    assert discord_emulator.gateway.live_shards == [(0, 2), (1, 2)]

    gateway = discord_emulator.gateway
    assert gateway.dispatch("GUILD_UPDATE", {"id": str(second.id)}, guild_id=second.id) == 1
    update = await client1.receive()
    assert update["d"]["id"] == str(second.id)
    dm = state.add_message(state.dm_channel(state.add_user("alice")), state.bot, content="hi")
    assert gateway.dispatch("MESSAGE_CREATE", dm.payload()) == 1
    assert (await client0.receive())["t"] == "MESSAGE_CREATE"
    await ws0.close()
    await ws1.close()


@pytest.mark.parametrize("shard", [[4, 4], [0, 0], [-1, 4]])
async def test_a_shard_that_cannot_exist_is_closed_with_4010(
    discord_emulator: Emulator, http: aiohttp.ClientSession, shard: list[int]
) -> None:
    ws, _, answer = await identify(http, discord_emulator, shard)
    assert answer == {"closed": 4010}
    assert not ws.closed or ws.close_code == 4010


async def test_too_many_guilds_for_one_connection_is_closed_with_4011(
    discord_emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    discord_emulator.gateway.sharding.guilds_per_shard = 1
    for name in ("One", "Two"):
        discord_emulator.state.add_guild(name)
    _, _, unsharded = await identify(http, discord_emulator, None)
    assert unsharded == {"closed": 4011}
    ws, _, sharded = await identify(http, discord_emulator, [0, 2])
    assert sharded["t"] == "READY"
    await ws.close()


async def test_identifies_beyond_max_concurrency_get_invalid_session(
    discord_emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    """Buckets are ``shard_id % max_concurrency`` (2 here): shards 0 and 1 may identify
    together, shard 2 shares shard 0's bucket and must wait 5 s."""
    sockets = []
    for shard_id, expected in ((0, "READY"), (1, "READY"), (2, "INVALID_SESSION")):
        ws, _, answer = await identify(http, discord_emulator, [shard_id, 4])
        sockets.append(ws)
        assert answer.get("t", "INVALID_SESSION" if answer.get("op") == 9 else answer) == expected
    refused = discord_emulator.gateway.sharding
    assert refused.refused_identifies == [(2, 4)]
    assert refused.session_starts == 2
    for ws in sockets:
        await ws.close()


async def test_the_global_limit_counts_every_connection_of_the_token(
    discord_emulator: Emulator,
) -> None:
    """Two processes of one bot (two HTTP clients) share Discord's 50 requests/s."""
    discord_emulator.config.latency = 0
    async with aiohttp.ClientSession() as one, aiohttp.ClientSession() as two:
        apis = [Api(one, discord_emulator), Api(two, discord_emulator)]
        answers = [await apis[i % 2].call("GET", "/users/@me") for i in range(60)]
    statuses = [answer.status for answer in answers]
    assert statuses.count(200) <= 50
    limited = [answer for answer in answers if answer.status == 429]
    assert limited
    assert {answer.headers["X-RateLimit-Scope"] for answer in limited} == {"global"}
