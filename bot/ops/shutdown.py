"""Background loops end their current run before the database goes away.

discord.py's ``close()`` leaves ``tasks.loop`` jobs running; ``asyncio.run`` then cancels them
at exit, and one caught inside a database call dies with its connection half closed
("Exception closing connection … CancelledError"). A loop resting between runs is cancelled
at once; one inside a run (``bot.jobs.RUNNING``) may finish it, within a bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from discord.ext import commands, tasks

from bot import jobs

log = logging.getLogger(__name__)


def background_tasks(bot: commands.Bot) -> list[asyncio.Task[Any]]:
    """The tasks of every cog's running ``tasks.loop`` (bound copies live on the cog)."""
    found = []
    for cog in bot.cogs.values():
        for attribute in vars(cog).values():
            if isinstance(attribute, tasks.Loop) and attribute.is_running():
                task = attribute.get_task()
                if task is not None:
                    found.append(task)
    return found


async def stop_loops(bot: commands.Bot, grace: float) -> None:
    running = background_tasks(bot)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace
    # A short poll at shutdown only; the jobs module stays free of shutdown machinery.
    while jobs.RUNNING.intersection(running) and loop.time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    if jobs.RUNNING.intersection(running):
        log.warning("A background job did not finish within %.0f s; cancelling it", grace)
    for task in running:
        task.cancel()
    for task in running:
        with contextlib.suppress(asyncio.CancelledError):
            await task
