"""Background jobs survive their failures: one failed run is logged, the next run comes.

``discord.ext.tasks`` stops a loop for good when its body raises anything but a connection
error, so one bad row would stop a job for every guild until the bot restarts (and again
after the restart). Each loop body is wrapped with :func:`guarded`; finer units of work (a
series, a message) are isolated inside the jobs themselves.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec

log = logging.getLogger(__name__)

P = ParamSpec("P")

#: Tasks inside a job's run right now: a graceful stop lets these finish (bot.ops.shutdown).
RUNNING: set[asyncio.Task[Any]] = set()


def guarded(name: str) -> Callable[[Callable[P, Awaitable[None]]], Callable[P, Awaitable[None]]]:
    """Log any exception of one run of the job ``name`` instead of letting it end the loop."""

    def wrap(job: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
        @functools.wraps(job)
        async def run(*args: P.args, **kwargs: P.kwargs) -> None:
            task = asyncio.current_task()
            if task is not None:
                RUNNING.add(task)
            try:
                await job(*args, **kwargs)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Background job %r failed; it runs again next time", name)
            finally:
                RUNNING.discard(task)

        run.__dict__["guarded"] = name
        return run

    return wrap


def is_guarded(job: Callable[..., object]) -> bool:
    return "guarded" in getattr(job, "__dict__", {})
