"""How fast the dispatcher may call Discord: its global limit and the DM-opening budget.

discord.py already paces each route's bucket by the ``X-RateLimit-*`` headers of every
answer and waits out a 429's ``retry_after`` (global ones too), but it learns of the global
limit only from a 429, and of the DM-opening limit not at all (Discord answers 403, code
40003, with no retry hint). So every request of the dispatcher first takes a slot of the
global budget (``delivery.requests_per_second``, a little under Discord's 50/s), and every
new DM channel a slot of the opening budget (``delivery.dm_opens_per_minute``). Slots are
evenly spaced: Discord counts in windows, and even spacing never bunches a window over.

One process on SQLite keeps the slots in memory; on PostgreSQL every process takes them
from the same ``rate_slots`` rows, so N processes together keep one budget.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from typing import Protocol

from bot.config import DeliverySection
from bot.db.database import Database
from bot.services import rate_budget
from bot.services.rate_budget import Slot

GLOBAL = "global"
DM_OPEN = "dm_open"


#: Global slots a process takes at once (one database statement for several requests).
REQUEST_BLOCK = 4
#: A slot this far in the past is not used: a request that late could land in the same
#: second as the slots after it (other processes' too), and bunch that second over the
#: limit. A process starved of CPU for longer takes a new slot instead.
LATE = 0.05
#: How many times a late process takes a new slot before it sends anyway (Discord's 429,
#: which discord.py waits out, is then the lesser evil than not sending at all).
LATE_RETRIES = 3


class Slots(Protocol):
    async def take(self, name: str, interval: float, max_wait: float, count: int) -> Slot: ...

    async def pause(self, name: str, seconds: float) -> None: ...


class LocalSlots:
    """The slots of a process that is alone on its database."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}

    async def take(self, name: str, interval: float, max_wait: float, count: int) -> Slot:
        now = asyncio.get_running_loop().time()
        start = max(self._next.get(name, now), now)
        if start - now > max_wait:
            return Slot(False, start - now)
        self._next[name] = start + interval * count
        return Slot(True, start - now)

    async def pause(self, name: str, seconds: float) -> None:
        now = asyncio.get_running_loop().time()
        self._next[name] = max(self._next.get(name, now), now + seconds)


class SharedSlots:
    """The slots every process on one PostgreSQL database shares."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def take(self, name: str, interval: float, max_wait: float, count: int) -> Slot:
        async with self.db.session() as session:
            return await rate_budget.take(
                session=session, name=name, interval=interval, max_wait=max_wait, count=count
            )

    async def pause(self, name: str, seconds: float) -> None:
        async with self.db.session() as session:
            await rate_budget.pause(session=session, name=name, seconds=seconds)


class RateBudget:
    def __init__(self, slots: Slots, settings: DeliverySection) -> None:
        self.slots = slots
        self.request_interval = 1.0 / settings.requests_per_second
        self.open_interval = 60.0 / settings.dm_opens_per_minute
        #: Global slots taken and not used yet (event loop times), earliest first.
        self._reserved: deque[float] = deque()
        self._taking = asyncio.Lock()

    @classmethod
    def for_database(cls, db: Database, settings: DeliverySection) -> RateBudget:
        shared = db.dialect == "postgresql"
        return cls(SharedSlots(db) if shared else LocalSlots(), settings)

    async def request(self) -> None:
        """Wait for this process's turn to send one request to Discord."""
        for _ in range(LATE_RETRIES):
            if await _on_time(await self._next_request_slot()):
                return

    async def _next_request_slot(self) -> float:
        async with self._taking:
            loop = asyncio.get_running_loop()
            while self._reserved and self._reserved[0] < loop.time() - LATE:
                self._reserved.popleft()
            if not self._reserved:
                slot = await self.slots.take(GLOBAL, self.request_interval, math.inf, REQUEST_BLOCK)
                first = loop.time() + slot.wait
                self._reserved.extend(
                    first + index * self.request_interval for index in range(REQUEST_BLOCK)
                )
            return self._reserved.popleft()

    async def open_dm(self, max_wait: float) -> float | None:
        """Wait for a turn to open a DM channel if one comes within ``max_wait`` seconds
        (None); else how long until the next free turn, without taking it."""
        for _ in range(LATE_RETRIES):
            slot = await self.slots.take(DM_OPEN, self.open_interval, max_wait, 1)
            if not slot.taken:
                return slot.wait
            if await _on_time(asyncio.get_running_loop().time() + slot.wait):
                break
        return None

    async def pause_opens(self, seconds: float) -> None:
        """Discord refused a new DM channel as too fast: nobody opens one for a while."""
        await self.slots.pause(DM_OPEN, seconds)


async def _on_time(at: float) -> bool:
    """Sleep until the slot at event-loop time ``at``; False when woken too late for it."""
    loop = asyncio.get_running_loop()
    if at > loop.time():
        await asyncio.sleep(at - loop.time())
    return loop.time() - at <= LATE
