"""Every background loop survives an exception in one run (or one unit of work)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import logging
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from discord.ext import commands, tasks

from bot.app import cog_extensions
from bot.config import Settings
from bot.db.database import Database
from bot.delivery.dispatcher import Dispatcher
from bot.domain.clock import ManualClock
from bot.jobs import guarded, is_guarded
from bot.services import outbox


def background_loops() -> list[tuple[str, tasks.Loop[Any]]]:
    found = []
    for name in cog_extensions():
        module = importlib.import_module(name)
        for cog in vars(module).values():
            if inspect.isclass(cog) and issubclass(cog, commands.Cog):
                for attribute, value in vars(cog).items():
                    if isinstance(value, tasks.Loop):
                        found.append((f"{cog.__name__}.{attribute}", value))
    return found


def test_the_product_has_background_loops_and_every_one_is_guarded() -> None:
    loops = background_loops()
    assert {name for name, _ in loops} >= {
        "Lifecycle.materialize_series",
        "Lifecycle.purge_old_trips",
    }
    unguarded = [name for name, loop in loops if not is_guarded(loop.coro)]
    assert unguarded == []


async def test_a_guarded_loop_logs_a_failed_run_and_runs_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    runs: list[int] = []

    @tasks.loop(seconds=0.01)
    @guarded("flaky job")
    async def flaky() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("one bad row")

    flaky.start()
    try:
        for _ in range(200):
            if len(runs) >= 3:
                break
            await asyncio.sleep(0.01)
        assert len(runs) >= 3
        assert flaky.is_running()
        assert not flaky.failed()
    finally:
        flaky.cancel()
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "flaky job" in record.getMessage()
    assert record.exc_info is not None
    assert "one bad row" in str(record.exc_info[1])


async def test_the_dispatcher_survives_failures_at_start_and_in_a_run(
    sqlite_database_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The database briefly unavailable when taking over, then while claiming: the task
    logs each failure and goes on instead of ending silently."""
    database = Database.from_url(sqlite_database_url)
    bot = SimpleNamespace(
        db=database, settings=Settings(), clock=ManualClock(datetime(2026, 11, 21, tzinfo=UTC))
    )
    calls = {"release": 0, "claim": 0}
    release, claim = outbox.release_claims, outbox.claim_due

    async def flaky_release(**kwargs: Any) -> int:
        calls["release"] += 1
        if calls["release"] == 1:
            raise OSError("database is restarting")
        return await release(**kwargs)

    async def flaky_claim(**kwargs: Any) -> list[Any]:
        calls["claim"] += 1
        if calls["claim"] == 1:
            raise OSError("database is restarting")
        return await claim(**kwargs)

    monkeypatch.setattr(outbox, "release_claims", flaky_release)
    monkeypatch.setattr(outbox, "claim_due", flaky_claim)
    monkeypatch.setattr("bot.delivery.dispatcher.RETRY_AFTER_ERROR", 0.01)
    dispatcher = Dispatcher(bot)  # type: ignore[arg-type]
    dispatcher.start()
    try:
        for _ in range(300):
            if calls["claim"] >= 2:
                break
            await asyncio.sleep(0.01)
            dispatcher.wake()
        assert calls == {"release": 2, "claim": 2}
        assert dispatcher._task is not None
        assert not dispatcher._task.done()
    finally:
        await dispatcher.stop()
        await database.dispose()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2
