"""Coalescing refreshes: ten RSVP clicks in a second cost one or two message edits, not ten.

``request(key)`` schedules ``work(key)`` after a short delay; requests arriving while it waits
or runs are folded into one more run after it, so the last state is always shown and a key
never has two runs at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
K = TypeVar("K", bound=Hashable)


class Coalescer(Generic[K]):
    def __init__(self, work: Callable[[K], Awaitable[None]], delay: float = 0.5) -> None:
        self._work = work
        self._delay = delay
        self._tasks: dict[K, asyncio.Task[None]] = {}
        self._again: set[K] = set()
        self.runs = 0

    def request(self, key: K) -> None:
        if key in self._tasks:
            self._again.add(key)
            return
        self._tasks[key] = asyncio.create_task(self._run(key), name=f"refresh-{key}")

    async def _run(self, key: K) -> None:
        try:
            while True:
                await asyncio.sleep(self._delay)
                self._again.discard(key)
                self.runs += 1
                try:
                    await self._work(key)
                except Exception:
                    log.exception("Refreshing %s failed", key)
                if key not in self._again:
                    return
        finally:
            self._tasks.pop(key, None)

    async def close(self) -> None:
        """Cancel pending refreshes (the bot is shutting down)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
