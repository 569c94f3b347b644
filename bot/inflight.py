"""Work that must not be cut by a graceful shutdown: an interaction acknowledged but not
yet finished (its database write and private answer still to come)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class InFlight:
    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @contextlib.asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        self._count += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._count -= 1
            if self._count == 0:
                self._idle.set()

    def __len__(self) -> int:
        return self._count

    async def drain(self, grace: float) -> bool:
        """Wait until nothing is in flight (True), or ``grace`` seconds (False)."""
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            return False
        return True
