"""Saving RSVP clicks in batches per tweetup.

Every answer to a tweetup reads and rewrites its whole board (capacity, waitlist order), and
the tweetup's row is locked meanwhile, so clicks on one tweetup are written one after the
other anyway. When 500 members click at once, writing them one transaction each costs 500
reads of a growing board. Here the first click is written at once; the clicks that arrive
while it is written wait and are written together in the next transaction, in arrival
order, and so on: a burst costs a handful of transactions, and each member still gets their
own result (going, or their place on the waitlist).

Acknowledging comes first: Discord fails an interaction not answered within 3 s, while the
write can wait. The database work runs on the event loop too (SQLAlchemy's ORM), so a batch
waits until the clicks that came in have been acknowledged and none arrived for a moment
(at most ``MAX_HOLD`` seconds, so a steady stream still gets written).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

from bot.domain.tweetups import Answer
from bot.services import tweetups

#: How long without a new click before a batch is written, and the longest a batch waits.
QUIET = 0.2
MAX_HOLD = 2.5

Key = tuple[int, int]  # tweetup id, guild id
Waiting = tuple[int, Answer, "asyncio.Future[tweetups.RsvpResult]"]


class RsvpBatcher:
    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self._waiting: dict[Key, list[Waiting]] = {}
        self._writers: dict[Key, asyncio.Task[None]] = {}
        #: Transactions written so far (for tests and benchmarks).
        self.batches = 0
        self._acknowledging = 0
        self._last_click = 0.0

    @contextlib.contextmanager
    def acknowledging(self) -> Iterator[None]:
        """Around acknowledging a click: batches wait until no acknowledgement is due."""
        self._acknowledging += 1
        self._last_click = asyncio.get_running_loop().time()
        try:
            yield
        finally:
            self._acknowledging -= 1

    async def _acknowledged(self) -> None:
        loop = asyncio.get_running_loop()
        give_up = loop.time() + MAX_HOLD
        while loop.time() < give_up and (  # noqa: ASYNC110 - a quiet period is about time
            self._acknowledging or loop.time() - self._last_click < QUIET
        ):
            await asyncio.sleep(QUIET / 5)

    async def respond(
        self, *, tweetup_id: int, guild_id: int, user_id: int, answer: Answer
    ) -> tweetups.RsvpResult:
        """Save one member's answer (with whatever else is waiting) and return its result."""
        key = (tweetup_id, guild_id)
        future: asyncio.Future[tweetups.RsvpResult] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, []).append((user_id, answer, future))
        if key not in self._writers:
            self._writers[key] = asyncio.create_task(self._write(key), name=f"rsvps:{key[0]}")
        return await future

    async def _write(self, key: Key) -> None:
        try:
            while self._waiting.get(key):
                await self._acknowledged()
                batch = self._waiting.pop(key)
                self.batches += 1
                try:
                    async with self.bot.db.short_session() as session:
                        results = await tweetups.respond_many(
                            session=session,
                            tweetup_id=key[0],
                            guild_id=key[1],
                            answers=[(user_id, answer) for user_id, answer, _ in batch],
                            defaults=self.bot.settings.defaults,
                            now=self.bot.clock.now(),
                        )
                except Exception as error:  # each click reports it (e.g. "cancelled")
                    for _, _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, _, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self._writers.pop(key, None)
