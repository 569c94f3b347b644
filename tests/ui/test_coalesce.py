"""Coalesced refreshes: a burst of requests costs at most two runs, and the last one sees the
last state."""

from __future__ import annotations

import asyncio

from bot.ui.coalesce import Coalescer


async def test_a_burst_is_folded_into_one_run_per_key_and_one_more_after_a_late_request() -> None:
    state = {"a": 0, "b": 0}
    seen: list[tuple[str, int]] = []

    async def work(key: str) -> None:
        seen.append((key, state[key]))
        await asyncio.sleep(0.05)

    refresher: Coalescer[str] = Coalescer(work, delay=0.05)
    for _ in range(10):
        state["a"] += 1
        refresher.request("a")
    refresher.request("b")
    await asyncio.sleep(0.08)  # the first run of "a" is under way
    state["a"] += 1
    refresher.request("a")
    await asyncio.sleep(0.3)
    assert refresher.runs == 3
    assert seen == [("a", 10), ("b", 0), ("a", 11)]


async def test_a_failing_refresh_is_logged_and_the_next_request_runs_again(caplog) -> None:  # type: ignore[no-untyped-def]
    calls = 0

    async def work(key: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("Discord said no")

    refresher: Coalescer[int] = Coalescer(work, delay=0.01)
    refresher.request(1)
    await asyncio.sleep(0.05)
    refresher.request(1)
    await asyncio.sleep(0.05)
    assert calls == 2
    assert "Refreshing 1 failed" in caplog.text
    caplog.clear()  # the failure was provoked on purpose
    await refresher.close()
