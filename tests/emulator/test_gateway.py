"""The gateway as a raw client sees it: HELLO, IDENTIFY → READY → GUILD_CREATE,
heartbeats, zlib-stream, intents, RESUME with replay, INVALID_SESSION."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from emulator.gateway import GUILD_MESSAGES, GUILDS
from emulator.server import Emulator

ZLIB_SUFFIX = b"\x00\x00\xff\xff"


class Client:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.inflator = zlib.decompressobj()
        self.buffer = bytearray()

    async def receive(self) -> dict[str, Any]:
        while True:
            message = await self.ws.receive(timeout=5)
            if message.type == aiohttp.WSMsgType.TEXT:
                return dict(json.loads(message.data))
            if message.type != aiohttp.WSMsgType.BINARY:
                raise AssertionError(f"gateway closed: {message}")
            self.buffer.extend(message.data)
            if self.buffer.endswith(ZLIB_SUFFIX):
                text = self.inflator.decompress(bytes(self.buffer))
                self.buffer.clear()
                return dict(json.loads(text))

    async def send(self, op: int, data: Any) -> None:
        await self.ws.send_str(json.dumps({"op": op, "d": data}))

    async def identify(self, token: str, intents: int = GUILDS) -> list[dict[str, Any]]:
        hello = await self.receive()
        assert hello["op"] == 10
        assert hello["d"]["heartbeat_interval"] > 0
        await self.send(2, {"token": token, "intents": intents, "properties": {}})
        ready = await self.receive()
        assert ready["t"] == "READY"
        return [ready, *[await self.receive() for _ in ready["d"]["guilds"]]]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def url(emulator: Emulator, compress: bool = True) -> str:
    query = "?v=10&encoding=json" + ("&compress=zlib-stream" if compress else "")
    return emulator.gateway_url + query


async def test_identify_gets_ready_and_guilds_over_zlib_stream(
    discord_emulator: Emulator, session: aiohttp.ClientSession
) -> None:
    guild = discord_emulator.state.add_guild("One")
    discord_emulator.state.add_channel(guild, "general")
    async with session.ws_connect(url(discord_emulator)) as ws:
        client = Client(ws)
        ready, guild_create = await client.identify(discord_emulator.token)
        assert ready["s"] == 1
        assert ready["d"]["user"]["id"] == str(discord_emulator.state.bot.id)
        assert ready["d"]["resume_gateway_url"] == discord_emulator.gateway_url
        assert ready["d"]["session_id"]
        assert guild_create["t"] == "GUILD_CREATE"
        assert guild_create["d"]["channels"][0]["name"] == "general"
        assert guild_create["d"]["members"][0]["user"]["bot"] is True
        await client.send(1, 2)
        assert await client.receive() == {"op": 11}


async def test_events_respect_intents(
    discord_emulator: Emulator, session: aiohttp.ClientSession
) -> None:
    state = discord_emulator.state
    guild = state.add_guild("One")
    message = state.add_message(state.add_channel(guild, "general"), state.bot, content="Hi")
    async with session.ws_connect(url(discord_emulator, compress=False)) as ws:
        client = Client(ws)
        await client.identify(discord_emulator.token, intents=GUILDS)
        gateway = discord_emulator.gateway
        assert gateway.dispatch("MESSAGE_CREATE", message.payload(), guild_id=guild.id) == 0
        assert gateway.dispatch("GUILD_UPDATE", {"id": str(guild.id)}, guild_id=guild.id) == 1
        assert (await client.receive())["t"] == "GUILD_UPDATE"
    async with session.ws_connect(url(discord_emulator, compress=False)) as ws:
        await Client(ws).identify(discord_emulator.token, intents=GUILDS | GUILD_MESSAGES)
        assert gateway.dispatch("MESSAGE_CREATE", message.payload(), guild_id=guild.id) == 1


async def test_resume_replays_what_was_missed(
    discord_emulator: Emulator, session: aiohttp.ClientSession
) -> None:
    guild = discord_emulator.state.add_guild("One")
    gateway = discord_emulator.gateway
    async with session.ws_connect(url(discord_emulator)) as ws:
        ready, _ = await Client(ws).identify(discord_emulator.token)
    session_id = ready["d"]["session_id"]
    await discord_emulator.state.wait_for(
        lambda: not gateway.connected, within=5, what="the disconnect"
    )
    gateway.sessions[session_id].dispatch("GUILD_UPDATE", {"id": str(guild.id)})
    async with session.ws_connect(url(discord_emulator)) as ws:
        client = Client(ws)
        assert (await client.receive())["op"] == 10
        token = discord_emulator.token
        await client.send(6, {"token": token, "session_id": session_id, "seq": 2})
        missed = await client.receive()
        assert (missed["t"], missed["s"]) == ("GUILD_UPDATE", 3)
        assert (await client.receive())["t"] == "RESUMED"
    assert gateway.resumes == 1


async def test_an_unknown_session_cannot_resume(
    discord_emulator: Emulator, session: aiohttp.ClientSession
) -> None:
    async with session.ws_connect(url(discord_emulator)) as ws:
        client = Client(ws)
        await client.receive()
        await client.send(6, {"token": discord_emulator.token, "session_id": "nope", "seq": 1})
        assert await client.receive() == {"op": 9, "d": False}


async def test_a_wrong_token_is_refused(
    discord_emulator: Emulator, session: aiohttp.ClientSession
) -> None:
    async with session.ws_connect(url(discord_emulator)) as ws:
        client = Client(ws)
        await client.receive()
        await client.send(2, {"token": "stolen", "intents": 1, "properties": {}})
        closed = await ws.receive(timeout=5)
        assert closed.type == aiohttp.WSMsgType.CLOSE
        assert ws.close_code == 4004
