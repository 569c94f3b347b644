"""A raw HTTP client for the emulator: tests of the emulator itself need no bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from emulator.models import JSON, Channel, InteractionRecord, InteractionType, User
from emulator.server import Emulator


@dataclass
class Answer:
    status: int
    json: Any
    headers: Any

    @property
    def code(self) -> int | None:
        return self.json.get("code") if isinstance(self.json, dict) else None


class Api:
    def __init__(self, session: aiohttp.ClientSession, emulator: Emulator) -> None:
        self.session = session
        self.emulator = emulator
        state = emulator.state
        self.guild = state.add_guild("Emulator Tests")
        self.channel: Channel = state.add_channel(self.guild, "general")
        self.user: User = state.add_user("alice")
        state.add_member(self.guild, self.user)

    async def call(
        self,
        method: str,
        path: str,
        json: Any = None,
        *,
        auth: bool = True,
        params: dict[str, str] | None = None,
    ) -> Answer:
        headers = {"Authorization": f"Bot {self.emulator.token}"} if auth else {}
        url = self.emulator.api_base_url + path
        async with self.session.request(
            method, url, json=json, headers=headers, params=params
        ) as response:
            body = await response.json() if response.content_type == "application/json" else None
            return Answer(response.status, body, response.headers)

    def interaction(
        self, kind: InteractionType = InteractionType.APPLICATION_COMMAND
    ) -> InteractionRecord:
        """An interaction the bot 'received' (no gateway needed to answer it over HTTP)."""

        def build(interaction_id: int, token: str) -> JSON:
            return {"id": str(interaction_id), "token": token}

        return self.emulator.state.add_interaction(kind, self.user, self.channel, build)

    async def respond(self, record: InteractionRecord, body: JSON) -> Answer:
        path = f"/interactions/{record.id}/{record.token}/callback"
        return await self.call("POST", path, body, auth=False, params={"with_response": "1"})


@pytest.fixture
async def api(discord_emulator: Emulator) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as session:
        yield Api(session, discord_emulator)
