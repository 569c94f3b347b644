"""The gateway websocket: HELLO, IDENTIFY → READY → GUILD_CREATE, heartbeats, dispatch,
RESUME and INVALID_SESSION, with ``zlib-stream`` transport compression as discord.py asks.

Events are sent by one writer task per connection, in order; events dispatched while a
session has no connection are kept and replayed when it resumes, as Discord does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from emulator.models import JSON, Guild
from emulator.state import State

log = logging.getLogger("emulator.gateway")

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, INVALID_SESSION, HELLO, HEARTBEAT_ACK = (
    0,
    1,
    2,
    6,
    7,
    9,
    10,
    11,
)

GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
GUILD_SCHEDULED_EVENTS = 1 << 16

#: The intent an event needs (events not listed are always sent, e.g. INTERACTION_CREATE).
EVENT_INTENTS: dict[str, int] = {
    "GUILD_CREATE": GUILDS,
    "GUILD_UPDATE": GUILDS,
    "GUILD_DELETE": GUILDS,
    "GUILD_ROLE_CREATE": GUILDS,
    "GUILD_ROLE_UPDATE": GUILDS,
    "GUILD_ROLE_DELETE": GUILDS,
    "CHANNEL_CREATE": GUILDS,
    "CHANNEL_UPDATE": GUILDS,
    "CHANNEL_DELETE": GUILDS,
    "THREAD_CREATE": GUILDS,
    "THREAD_UPDATE": GUILDS,
    "THREAD_DELETE": GUILDS,
    "GUILD_MEMBER_ADD": GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": GUILD_MEMBERS,
    "GUILD_SCHEDULED_EVENT_CREATE": GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_UPDATE": GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_DELETE": GUILD_SCHEDULED_EVENTS,
}
MESSAGE_EVENTS = ("MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE")


@dataclass(eq=False)
class Connection:
    ws: web.WebSocketResponse
    zlib_stream: bool
    url: str
    queue: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    compressor: Any = field(default_factory=zlib.compressobj)

    def send(self, payload: JSON) -> None:
        self.queue.put_nowait(json.dumps(payload, separators=(",", ":")))

    def close_after_queue(self) -> None:
        self.queue.put_nowait(None)

    async def write_forever(self) -> None:
        while True:
            text = await self.queue.get()
            if text is None or self.ws.closed:
                return
            if self.zlib_stream:
                data = self.compressor.compress(text.encode()) + self.compressor.flush(
                    zlib.Z_SYNC_FLUSH
                )
                await self.ws.send_bytes(data)
            else:
                await self.ws.send_str(text)


@dataclass(eq=False)
class Session:
    id: str
    intents: int
    shard: tuple[int, int]
    resume_url: str
    seq: int = 0
    connection: Connection | None = None
    ready: bool = False
    backlog: list[tuple[int, JSON]] = field(default_factory=list)

    def wants(self, event: str, guild_id: int | None) -> bool:
        if event in MESSAGE_EVENTS:
            needed = GUILD_MESSAGES if guild_id is not None else DIRECT_MESSAGES
        else:
            needed = EVENT_INTENTS.get(event, 0)
        if needed and not self.intents & needed:
            return False
        shard_id, count = self.shard
        if guild_id is None:
            return shard_id == 0
        return (guild_id >> 22) % count == shard_id

    def dispatch(self, event: str, data: JSON) -> None:
        self.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.backlog.append((self.seq, payload))
        del self.backlog[:-1000]
        if self.connection is not None:
            self.connection.send(payload)


def bot_id_in(guild: Guild, state: State) -> bool:
    return state.bot.id in guild.members


class Gateway:
    def __init__(self, state: State, *, token: str, heartbeat_interval_ms: int = 41250) -> None:
        self.state = state
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.identifies = 0
        self.resumes = 0
        self._tasks: set[asyncio.Task[None]] = set()

    # -- what tests look at -------------------------------------------------------------------

    @property
    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.connection is not None and s.ready]

    @property
    def connected(self) -> bool:
        return bool(self.live_sessions)

    async def wait_connected(self, within: float = 10.0, *, identifies: int = 0) -> None:
        """Until a session is live (and, if given, at least ``identifies`` IDENTIFYs were seen)."""
        await self.state.wait_for(
            lambda: self.connected and self.identifies >= identifies,
            within=within,
            what="the bot to connect to the gateway",
        )

    # -- events ---------------------------------------------------------------------------

    def dispatch(self, event: str, data: JSON, *, guild_id: int | None = None) -> int:
        """Send an event to every session that subscribed to it; returns how many."""
        sent = 0
        for session in self.sessions.values():
            if session.ready and session.wants(event, guild_id):
                session.dispatch(event, data)
                sent += 1
        return sent

    # -- faults ---------------------------------------------------------------------------

    async def disconnect(self, *, code: int = 4000) -> None:
        """Drop every connection; discord.py resumes (4000 is a resumable close code)."""
        for connection in list(self.connections):
            await connection.ws.close(code=code, message=b"emulated disconnect")

    def invalidate_sessions(self, *, resumable: bool = False) -> None:
        """Send INVALID_SESSION; with ``resumable=False`` the bot must IDENTIFY again."""
        for session in list(self.sessions.values()):
            if session.connection is not None:
                session.connection.send({"op": INVALID_SESSION, "d": resumable})
            if not resumable:
                session.ready = False
                self.sessions.pop(session.id, None)
        self.state.notify()

    def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: the bot closes and resumes."""
        for connection in list(self.connections):
            connection.send({"op": RECONNECT, "d": None})

    async def close(self) -> None:
        for connection in list(self.connections):
            await connection.ws.close(code=1001, message=b"emulator shutting down")
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- the websocket --------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        compress = request.query.get("compress")
        if compress not in (None, "zlib-stream") or request.query.get("encoding", "json") != "json":
            await ws.close(code=4000, message=b"emulator speaks json and zlib-stream only")
            return ws
        scheme = "wss" if request.secure else "ws"
        url = f"{scheme}://{request.host}{request.path}"
        connection = Connection(ws, compress == "zlib-stream", url)
        self.connections.add(connection)
        writer = asyncio.create_task(connection.write_forever())
        self._tasks.add(writer)
        writer.add_done_callback(self._tasks.discard)
        connection.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        session: Session | None = None
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(message.data)
                session = await self._receive(connection, session, payload) or session
        finally:
            self.connections.discard(connection)
            connection.close_after_queue()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(writer, 1.0)
            if session is not None and session.connection is connection:
                session.connection = None
            self.state.notify()
        return ws

    async def _receive(
        self, connection: Connection, session: Session | None, payload: JSON
    ) -> Session | None:
        op = payload.get("op")
        data = payload.get("d")
        if op == HEARTBEAT:
            connection.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY and isinstance(data, dict):
            if data.get("token") != self.token:
                await connection.ws.close(code=4004, message=b"Authentication failed.")
                return None
            return self._identify(connection, data)
        elif op == RESUME and isinstance(data, dict):
            return self._resume(connection, data)
        return None

    def _identify(self, connection: Connection, data: JSON) -> Session:
        shard = data.get("shard") or [0, 1]
        session = Session(
            secrets.token_hex(16),
            int(data.get("intents", 0)),
            (int(shard[0]), int(shard[1])),
            connection.url,
        )
        session.connection = connection
        self.sessions[session.id] = session
        self.identifies += 1
        guilds = [
            guild
            for guild in self.state.guilds.values()
            if bot_id_in(guild, self.state) and session.wants("GUILD_CREATE", guild.id)
        ]
        bot = self.state.bot
        session.dispatch(
            "READY",
            {
                "v": 10,
                "user": {**bot.payload(), "verified": True, "mfa_enabled": False},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": session.resume_url,
                "shard": list(session.shard),
                "application": {"id": str(self.state.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "user_settings": {},
                "presences": [],
                "geo_ordered_rtc_regions": [],
                "guild_join_requests": [],
            },
        )
        for guild in guilds:
            session.dispatch("GUILD_CREATE", self.state.guild_create_payload(guild))
        session.ready = True
        log.info("Bot identified: session %s, %d guilds", session.id, len(guilds))
        self.state.notify()
        return session

    def _resume(self, connection: Connection, data: JSON) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self.token:
            connection.send({"op": INVALID_SESSION, "d": False})
            return None
        if session.connection is not None and session.connection is not connection:
            old = session.connection
            old.close_after_queue()
        session.connection = connection
        since = int(data.get("seq") or 0)
        for seq, payload in session.backlog:
            if seq > since:
                connection.send(payload)
        session.dispatch("RESUMED", {})
        self.resumes += 1
        log.info("Bot resumed session %s from seq %d", session.id, since)
        self.state.notify()
        return session
