"""Is this process doing its job? Three parts, each answered quickly.

- gateway: every shard's connection is open and the bot is ready (events reach it);
- database: a trivial query answers within a timeout (a hung pool counts as down);
- dispatcher: the DM outbox task is running (or background jobs are off in this process).

A process that is stopping reports itself unhealthy, so a supervisor does not route to it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import text

from bot.ops.links import gateway_links

if TYPE_CHECKING:
    from bot.app import TweetupBot

DATABASE_TIMEOUT = 2.0
#: The dispatcher's task name (``Dispatcher.start``).
DISPATCHER_TASK = "tweetup-dispatcher"


@dataclass
class Health:
    parts: dict[str, str] = field(default_factory=dict)

    @property
    def failing(self) -> list[str]:
        return sorted(name for name, state in self.parts.items() if state != "ok")

    @property
    def ok(self) -> bool:
        return not self.failing

    def as_json(self) -> dict[str, object]:
        body: dict[str, object] = {"status": "ok" if self.ok else "failing", "checks": self.parts}
        if not self.ok:
            body["failing"] = self.failing
        return body


async def check(bot: TweetupBot) -> Health:
    health = Health()
    health.parts["gateway"] = gateway_state(bot)
    health.parts["database"] = await database_state(bot)
    health.parts["dispatcher"] = dispatcher_state(bot)
    if not bot.intake.accepting:
        health.parts["process"] = "stopping"
    return health


def gateway_state(bot: TweetupBot) -> str:
    links = gateway_links(bot)
    closed = [shard for shard, connected, _ in links if not connected]
    if closed:
        return f"disconnected (shard {', '.join(map(str, closed))})"
    return "ok" if bot.is_ready() else "connecting"


async def database_state(bot: TweetupBot) -> str:
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT), bot.db.read_session() as session:
            await session.execute(text("SELECT 1"))
    except TimeoutError:
        return f"unreachable (no answer within {DATABASE_TIMEOUT:g} s)"
    except Exception as error:  # the type only: a message may carry the database URL
        return f"unreachable ({type(error).__name__})"
    return "ok"


def dispatcher_state(bot: TweetupBot) -> str:
    if not bot.background_jobs:
        return "ok"  # this process was started without background work
    running = any(
        task.get_name() == DISPATCHER_TASK and not task.done() for task in asyncio.all_tasks()
    )
    return "ok" if running else "stopped"
