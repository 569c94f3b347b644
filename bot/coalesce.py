"""Coalescing repeated requests for the same work: at most one run per key per interval.

Made for refreshing a Discord message after changes that can come in bursts (500 members
pressing "Going" at once): the first request runs at once, every request during a run or
the quiet interval after it is merged into one trailing run. The last run always starts
after the last request, so it sees the final state; and a key costs at most one run per
``interval`` however many requests arrive (Discord allows about 5 edits per 5 s per channel).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)


class Coalescer(Generic[K]):
    def __init__(
        self, action: Callable[[K], Awaitable[None]], *, interval: float, name: str
    ) -> None:
        self._action = action
        self.interval = interval
        self.name = name
        self._dirty: set[K] = set()
        self._tasks: dict[K, asyncio.Task[None]] = {}
        self._closing = asyncio.Event()
        #: How many times the action ran (for tests and benchmarks).
        self.runs = 0

    def request(self, key: K) -> None:
        """Ask for a run for ``key``: now if none ran lately, else once the interval is over."""
        if self._closing.is_set():
            return  # shutting down: nothing can be done any more
        self._dirty.add(key)
        if key not in self._tasks:
            self._tasks[key] = asyncio.create_task(self._drain(key), name=f"{self.name}:{key}")

    def pending(self) -> int:
        return len(self._tasks)

    async def _drain(self, key: K) -> None:
        loop = asyncio.get_running_loop()
        try:
            while key in self._dirty:
                self._dirty.discard(key)
                started = loop.time()
                try:
                    self.runs += 1
                    await self._action(key)
                except Exception:  # a failed run must not stop later ones
                    log.exception("%s for %r failed", self.name, key)
                delay = started + self.interval - loop.time()
                if delay > 0 and not self._closing.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._closing.wait(), delay)
        finally:
            self._tasks.pop(key, None)

    async def close(self, grace: float = 5.0) -> None:
        """Run what is still asked for without waiting out intervals, then stop."""
        self._closing.set()
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=grace)
        for task in late:
            task.cancel()
        for task in late:
            with contextlib.suppress(asyncio.CancelledError):
                await task
