"""Several ``python -m bot run`` processes sharing one bot's shards and one database, as a
scaled-out deployment runs them: process ``i`` runs shards ``i*k … i*k+k-1`` of ``n*k``.

Each process is a :class:`~emulator.runners.SubprocessBot` configured only through the
environment (``TWEETUP_BOT__SHARD_COUNT``/``__SHARD_IDS``), so one can be killed with
SIGKILL and started again while the others keep running.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from emulator.runners import START_WITHIN, BotConfig, SubprocessBot
from emulator.server import Emulator


def shard_layout(processes: int, shards_per_process: int) -> list[list[int]]:
    """The shard ids of each process: consecutive blocks, every shard exactly once."""
    return [
        list(range(index * shards_per_process, (index + 1) * shards_per_process))
        for index in range(processes)
    ]


class Cluster:
    def __init__(
        self,
        emulator: Emulator,
        *,
        processes: int,
        shards_per_process: int,
        database_url: str,
        folder: Path,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.emulator = emulator
        self.layout = shard_layout(processes, shards_per_process)
        self.shard_count = processes * shards_per_process
        self.bots: list[SubprocessBot] = []
        for index, shard_ids in enumerate(self.layout):
            sections: dict[str, dict[str, Any]] = {
                name: dict(values) for name, values in (settings or {}).items()
            }
            sections.setdefault("bot", {}).update(shard_count=self.shard_count, shard_ids=shard_ids)
            self.bots.append(
                SubprocessBot(
                    emulator,
                    BotConfig(settings=sections),
                    data_dir=folder / f"process-{index}" / "bot-data",
                    database_url=database_url,
                )
            )
        self.down: set[int] = set()

    def owner(self, guild_id: int) -> int:
        """The index of the process that runs the guild's shard."""
        shard = (guild_id >> 22) % self.shard_count
        return next(index for index, ids in enumerate(self.layout) if shard in ids)

    def expected_shards(self) -> list[tuple[int, int]]:
        return sorted(
            (shard, self.shard_count)
            for index, ids in enumerate(self.layout)
            if index not in self.down
            for shard in ids
        )

    async def wait_live(self, within: float = START_WITHIN) -> None:
        """Until exactly the shards of the running processes have live sessions."""
        gateway = self.emulator.gateway
        await self.emulator.state.wait_for(
            lambda: gateway.live_shards == self.expected_shards(),
            within=within,
            what=f"live shards {self.expected_shards()} (live: {gateway.live_shards})",
        )

    async def start(self) -> None:
        await asyncio.gather(*(bot.start() for bot in self.bots))
        await self.wait_live()

    async def kill(self, index: int) -> None:
        """SIGKILL one process (no cleanup, like a crash); its shards go dark."""
        await self.bots[index].kill()
        self.down.add(index)
        await self.wait_live(10.0)

    async def restart(self, index: int) -> None:
        self.down.discard(index)
        await self.bots[index].start()
        await self.wait_live()

    async def stop(self) -> None:
        """SIGTERM every process still running."""
        await asyncio.gather(*(bot.stop() for bot in self.bots))

    async def kill_all(self) -> None:
        await asyncio.gather(*(bot.kill() for bot in self.bots))

    def logged_errors(self) -> list[str]:
        return [
            f"process {index}: {error}"
            for index, bot in enumerate(self.bots)
            for error in bot.logged_errors()
        ]
