"""``python -m bot`` starts with the garbage collector paused: ``run`` resumes it once
connected, every other command at once."""

from __future__ import annotations

import asyncio
import gc
import os
from pathlib import Path

import pytest

from bot.cli import run
from bot.cli.main import main


class FakeBot:
    def __init__(self, *, ready: bool) -> None:
        self.ready = ready

    async def wait_until_ready(self) -> None:
        if not self.ready:
            await asyncio.Event().wait()


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What was asked of the collector (freezing the test process's objects would leak them)."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    return calls


async def test_run_resumes_the_collector_at_ready(collector: list[str]) -> None:
    await run.resume_collection(FakeBot(ready=True))  # type: ignore[arg-type]
    assert collector == ["freeze", "enable"]


async def test_run_resumes_the_collector_when_ready_does_not_come(
    collector: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "GC_PAUSE", 0.01)
    await run.resume_collection(FakeBot(ready=False))  # type: ignore[arg-type]
    assert collector == ["freeze", "enable"]


async def test_run_resumes_the_collector_when_stopped_before_ready(collector: list[str]) -> None:
    waiting = asyncio.create_task(run.resume_collection(FakeBot(ready=False)))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert collector == ["freeze", "enable"]


def test_other_commands_resume_the_collector_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in [k for k in os.environ if k.startswith("TWEETUP_")]:
        monkeypatch.delenv(name)
    gc.disable()
    try:
        main(["check-config"])
        assert gc.isenabled()
    finally:
        gc.enable()
