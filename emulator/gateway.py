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
import re
import secrets
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from emulator.gateway_schemas import GatewayShapes
from emulator.models import JSON, Guild
from emulator.sharding import INVALID_SHARD, Sharding
from emulator.state import State, Violation

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
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
DIRECT_MESSAGES = 1 << 12
DIRECT_MESSAGE_REACTIONS = 1 << 13
MESSAGE_CONTENT = 1 << 15
GUILD_SCHEDULED_EVENTS = 1 << 16
#: Intents an application must be granted in the developer portal before asking for them.
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT
#: What a message loses for a session without MESSAGE_CONTENT.
CONTENT_FIELDS: dict[str, object] = {
    "content": "", "embeds": [], "attachments": [], "components": [], "poll": None,
}  # fmt: skip

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
REACTION_EVENTS = ("MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE")


@dataclass(eq=False)
class Connection:
    ws: web.WebSocketResponse
    zlib_stream: bool
    url: str
    #: One-way network delay before a payload reaches the client (order is kept).
    latency: float = 0.0
    queue: asyncio.Queue[tuple[float, str | None]] = field(default_factory=asyncio.Queue)
    compressor: Any = field(default_factory=zlib.compressobj)
    #: False for a zombie connection: heartbeats are no longer acknowledged.
    acks: bool = True

    def send(self, payload: JSON) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        self.queue.put_nowait((time.monotonic() + self.latency, text))

    def close_after_queue(self) -> None:
        self.queue.put_nowait((0.0, None))

    async def write_forever(self) -> None:
        while True:
            due, text = await self.queue.get()
            if text is None or self.ws.closed:
                return
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if self.ws.closed:
                return
            try:
                if self.zlib_stream:
                    data = self.compressor.compress(text.encode()) + self.compressor.flush(
                        zlib.Z_SYNC_FLUSH
                    )
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
            except ConnectionResetError:
                return  # the client went away meanwhile: what was in flight is lost


@dataclass(eq=False)
class Session:
    id: str
    intents: int
    shard: tuple[int, int]
    resume_url: str
    bot_id: int = 0
    seq: int = 0
    connection: Connection | None = None
    ready: bool = False
    backlog: list[tuple[int, JSON]] = field(default_factory=list)

    def wants(self, event: str, guild_id: int | None) -> bool:
        if event in MESSAGE_EVENTS:
            needed = GUILD_MESSAGES if guild_id is not None else DIRECT_MESSAGES
        elif event in REACTION_EVENTS:
            needed = GUILD_MESSAGE_REACTIONS if guild_id is not None else DIRECT_MESSAGE_REACTIONS
        else:
            needed = EVENT_INTENTS.get(event, 0)
        if needed and not self.intents & needed:
            return False
        shard_id, count = self.shard
        if guild_id is None:
            return shard_id == 0
        return (guild_id >> 22) % count == shard_id

    def dispatch(self, event: str, data: JSON) -> None:
        if event in MESSAGE_EVENTS and not self.intents & MESSAGE_CONTENT:
            data = without_content(data, self.bot_id)
        self.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.backlog.append((self.seq, payload))
        del self.backlog[:-1000]
        if self.connection is not None:
            self.connection.send(payload)


def without_content(message: JSON, bot_id: int) -> JSON:
    """A message as a session without MESSAGE_CONTENT sees it: its content, embeds,
    attachments and components empty, unless it is a DM, the bot's own, mentions the bot
    or replies to it (a reply mentions the author it answers)."""
    if "content" not in message or message.get("guild_id") is None:
        return message
    author = message.get("author") or {}
    mentioned = {str(user.get("id")) for user in message.get("mentions") or []}
    mentioned.update(re.findall(r"<@!?(\d+)>", str(message.get("content") or "")))
    referenced = message.get("referenced_message") or {}
    replied_to = (referenced.get("author") or {}).get("id")
    if str(bot_id) in {str(author.get("id")), replied_to, *mentioned}:
        return message
    return {**message, **{key: value for key, value in CONTENT_FIELDS.items() if key in message}}


def bot_id_in(guild: Guild, state: State) -> bool:
    return state.bot.id in guild.members


class Gateway:
    def __init__(
        self,
        state: State,
        *,
        token: str,
        heartbeat_interval_ms: int = 41250,
        shapes: GatewayShapes | None = None,
        latency: float = 0.0,
        privileged_intents: int = PRIVILEGED_INTENTS,
        sharding: Sharding | None = None,
    ) -> None:
        self.state = state
        #: Shard count, session start limit and IDENTIFY concurrency of the application.
        self.sharding = sharding or Sharding()
        self.token = token
        #: Checks dispatched payloads against the documented shapes (None: unchecked).
        self.shapes = shapes
        self.dispatches_validated = 0
        self.latency = latency
        #: The privileged intents the application was granted in the developer portal; an
        #: IDENTIFY asking for others is closed with 4014.
        self.privileged_intents = privileged_intents
        self.refused_intents = 0
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
    def live_shards(self) -> list[tuple[int, int]]:
        """``(shard_id, shard_count)`` of every live session, sorted."""
        return sorted(session.shard for session in self.live_sessions)

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
        self.check(event, data)
        sent = 0
        for session in self.sessions.values():
            if session.ready and session.wants(event, guild_id):
                session.dispatch(event, data)
                sent += 1
        return sent

    def check(self, event: str, data: JSON) -> None:
        """A ``gateway`` violation for every way ``data`` differs from the event's shape."""
        if self.shapes is None:
            return
        self.dispatches_validated += 1
        for problem in self.shapes.errors(event, data):
            message = f"{problem.code}: {problem.message}"
            self.state.violate(Violation("gateway", event, 0, message, problem.dotted))

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

    def stop_acking(self) -> None:
        """Zombie the current connections: heartbeats go unanswered (no op 11), as when a
        connection silently dies; the bot must notice and reconnect."""
        for connection in self.connections:
            connection.acks = False

    def guild_outage(self, guild: Guild) -> int:
        """The guild becomes unavailable (a Discord outage): GUILD_DELETE with
        ``unavailable: true``. The bot is still in it and must keep its data."""
        return self.dispatch(
            "GUILD_DELETE", {"id": str(guild.id), "unavailable": True}, guild_id=guild.id
        )

    def guild_recovers(self, guild: Guild) -> int:
        """The outage ends: GUILD_CREATE again."""
        payload = self.state.guild_create_payload(guild)
        return self.dispatch("GUILD_CREATE", payload, guild_id=guild.id)

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
        connection = Connection(ws, compress == "zlib-stream", url, self.latency)
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
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(writer, 1.0 + self.latency)
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
            if connection.acks:
                connection.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY and isinstance(data, dict):
            if data.get("token") != self.token:
                await connection.ws.close(code=4004, message=b"Authentication failed.")
                return None
            asked = int(data.get("intents", 0))
            if asked & PRIVILEGED_INTENTS & ~self.privileged_intents:
                self.refused_intents += 1
                await connection.ws.close(code=4014, message=b"Disallowed intent(s).")
                return None
            return await self._sharded_identify(connection, data)
        elif op == RESUME and isinstance(data, dict):
            return self._resume(connection, data)
        return None

    async def _sharded_identify(self, connection: Connection, data: JSON) -> Session | None:
        """The shard checks before a session starts: 4010, 4011, the session start limit
        (Discord resets an exhausted bot's token: 4004) and ``max_concurrency`` (op 9)."""
        raw = data.get("shard") or [0, 1]
        shard = (int(raw[0]), int(raw[1]))
        guilds = sum(1 for guild in self.state.guilds.values() if bot_id_in(guild, self.state))
        code = self.sharding.close_code(shard, guilds)
        if code is not None:
            reason = b"Invalid shard." if code == INVALID_SHARD else b"Sharding required."
            await connection.ws.close(code=code, message=reason)
            return None
        if self.sharding.remaining == 0:
            self.state.violate(
                Violation("gateway", "IDENTIFY", 4004, "session start limit exhausted: Discord "
                          "would end every session and reset the bot's token")
            )  # fmt: skip
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return None
        if not self.sharding.admit(shard):
            connection.send({"op": INVALID_SESSION, "d": False})
            return None
        return self._identify(connection, data, shard)

    def _identify(self, connection: Connection, data: JSON, shard: tuple[int, int]) -> Session:
        session = Session(
            secrets.token_hex(16),
            int(data.get("intents", 0)),
            shard,
            connection.url,
            bot_id=self.state.bot.id,
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
        ready: JSON = {
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
        }
        self.check("READY", ready)
        session.dispatch("READY", ready)
        for guild in guilds:
            payload = self.state.guild_create_payload(guild)
            self.check("GUILD_CREATE", payload)
            session.dispatch("GUILD_CREATE", payload)
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
