"""The coalescer: one run per key per interval, a trailing run after the last request."""

from __future__ import annotations

import asyncio

from bot.coalesce import Coalescer


async def test_a_burst_costs_a_leading_and_one_trailing_run_that_sees_the_last_state() -> None:
    state = {"value": 0}
    seen: list[int] = []

    async def show(key: str) -> None:
        await asyncio.sleep(0.01)  # like a message edit
        seen.append(state["value"])

    coalescer: Coalescer[str] = Coalescer(show, interval=0.2, name="test")
    for value in range(1, 101):
        state["value"] = value
        coalescer.request("a")
        await asyncio.sleep(0.001)
    await coalescer.close()
    assert seen[-1] == 100  # the final state is shown
    assert len(seen) <= 3  # ~0.15 s of requests: the leading run and at most two more


async def test_keys_are_independent_and_a_failed_run_does_not_stop_later_ones() -> None:
    runs: list[str] = []

    async def flaky(key: str) -> None:
        runs.append(key)
        if len(runs) == 1:
            raise RuntimeError("Discord said 500")

    coalescer: Coalescer[str] = Coalescer(flaky, interval=0.05, name="test")
    coalescer.request("a")
    coalescer.request("b")
    await asyncio.sleep(0.01)
    coalescer.request("a")
    await asyncio.sleep(0.2)
    assert sorted(runs) == ["a", "a", "b"]
    assert coalescer.pending() == 0


async def test_close_runs_what_is_asked_without_waiting_and_then_refuses() -> None:
    runs: list[str] = []

    async def record(key: str) -> None:
        runs.append(key)

    coalescer: Coalescer[str] = Coalescer(record, interval=60.0, name="test")
    coalescer.request("a")
    await asyncio.sleep(0.01)
    coalescer.request("a")  # would wait a minute
    await asyncio.wait_for(coalescer.close(), 1.0)
    assert runs == ["a", "a"]
    coalescer.request("a")
    await asyncio.sleep(0.01)
    assert runs == ["a", "a"]
