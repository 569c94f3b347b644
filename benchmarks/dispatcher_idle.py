"""What the DM dispatcher costs while it waits: 100,000 reminders queued for the coming days,
nothing due, the bot connected and idle.

    python benchmarks/dispatcher_idle.py                 # 100,000 reminders, 30 s idle
    python benchmarks/dispatcher_idle.py --quick         # 10 s idle
    python benchmarks/dispatcher_idle.py --database postgresql

The real bot runs in this process against the emulator, on a fresh database seeded through
the real services (100 tweetups 3 to 10 days ahead, 500 Going members each, two reminders
per member: 24 h and 2 h before). After start-up settles, the benchmark measures over the
idle window the process's CPU time (bot, emulator and event loop together) and every SQL
statement any engine issued (a ``before_cursor_execute`` listener). The dispatcher sleeps
until the next due time, at most ``MAX_SLEEP`` (300 s) at a time, so a window may well
contain no wake-up at all: the cost of one wake-up (its statements and their time) is
measured as well and gives the long-run rate. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import reminders_fanout as fanout  # noqa: E402

from bot.db.database import Database  # noqa: E402
from bot.delivery.dispatcher import MAX_SLEEP  # noqa: E402
from bot.domain.clock import SystemClock  # noqa: E402
from bot.services import outbox  # noqa: E402
from emulator.runners import BotConfig, InProcessBot  # noqa: E402
from emulator.server import Emulator  # noqa: E402

TWEETUPS = 100
LEADS = (1440, 120)
SETTLE_S = 2.0


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def seed(url: str, reminders: int) -> tuple[int, float]:
    """Queue ``reminders`` future reminder rows through the services; (rows, seconds)."""
    per_tweetup = max(1, reminders // (TWEETUPS * len(LEADS)))
    members = list(range(10**17, 10**17 + per_tweetup * TWEETUPS))
    now = datetime.now(UTC)
    db = Database.from_url(url)
    started = time.perf_counter()
    try:
        await fanout.seed_reminders(
            db,
            guild_id=900_000_000_000_000_001,
            organizer_id=10**16,
            member_ids=members,
            first_start=now + timedelta(days=3),
            tweetup_count=TWEETUPS,
            spread=timedelta(days=7),
            planned_at=now,
            lead_times=LEADS,
        )
        rows = sum((await fanout.outbox_statuses(db)).values())
    finally:
        await db.dispose()
    return rows, time.perf_counter() - started


async def wake_up_cost(url: str, rounds: int = 20) -> dict[str, float]:
    """One dispatcher wake-up with nothing due: claim (finds nothing), then look up the next
    due time. Statements and milliseconds, averaged."""
    db = Database.from_url(url)
    try:
        with fanout.StatementCounter() as counter:
            started = time.perf_counter()
            for _ in range(rounds):
                async with db.session() as session:
                    claimed = await outbox.claim_due(
                        session=session, now=datetime.now(UTC), token="bench", limit=50
                    )
                assert not claimed
                async with db.read_session() as session:
                    await outbox.next_due_at(session=session)
            elapsed = time.perf_counter() - started
    finally:
        await db.dispose()
    return {
        "statements": counter.count / rounds,
        "ms": elapsed / rounds * 1000,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    window = 10.0 if args.quick else args.seconds
    with tempfile.TemporaryDirectory(prefix="tweetup-idle-") as tmp:
        folder = Path(tmp)
        async with fanout.fresh_database(args.database, folder, args.pg_url) as url:
            rows, seeded_in = await seed(url, args.reminders)
            async with Emulator() as emulator:
                guild = emulator.state.add_guild("Benchmark")
                emulator.state.add_channel(guild, "general")
                runner = InProcessBot(
                    emulator,
                    BotConfig(clock=SystemClock()),
                    data_dir=folder / "data",
                    database_url=url,
                )
                with fanout.StatementCounter() as statements:
                    started = time.monotonic()
                    await runner.start()
                    ready_in = time.monotonic() - started
                    await asyncio.sleep(SETTLE_S)  # let start-up work finish
                    startup_statements = statements.count
                    cpu_before, process_before = cpu_seconds(), time.process_time()
                    queries_before, wall_before = statements.count, time.monotonic()
                    await asyncio.sleep(window)
                    wall = time.monotonic() - wall_before
                    cpu = cpu_seconds() - cpu_before
                    process = time.process_time() - process_before
                    idle_statements = statements.count - queries_before
                    bot = runner.bot
                    sent = bot.dispatcher.sent if bot is not None else -1
                    await runner.stop()
            wake = await wake_up_cost(url)
    per_minute = 60.0 / wall
    return {
        "reminders_queued": rows,
        "database": args.database,
        "seeded_in_s": round(seeded_in, 1),
        "bot_ready_in_s": round(ready_in, 2),
        "startup_statements": startup_statements,
        "idle_window_s": round(wall, 1),
        "idle_cpu_s": round(cpu, 4),
        "idle_process_time_s": round(process, 4),
        "cpu_s_per_minute": round(cpu * per_minute, 4),
        "cpu_percent_of_core": round(cpu / wall * 100, 3),
        "idle_statements": idle_statements,
        "statements_per_minute": round(idle_statements * per_minute, 2),
        "wake_up_statements": round(wake["statements"], 1),
        "wake_up_ms": round(wake["ms"], 2),
        "max_sleep_s": MAX_SLEEP,
        "long_run_statements_per_minute": round(wake["statements"] * 60 / MAX_SLEEP, 2),
        "dms_sent": sent,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 10 s idle window")
    parser.add_argument("--seconds", type=float, default=30.0, help="the idle window")
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get(fanout.PG_ENV) or None)
    args = parser.parse_args()
    logging.getLogger("discord").setLevel(logging.ERROR)
    result = asyncio.run(run(args))
    print(f"== dispatcher idle, {result['reminders_queued']} future reminders ==")
    for key, value in result.items():
        print(f"{key:>32}: {value}")
    print(json.dumps({"benchmark": "dispatcher_idle", **result}))


if __name__ == "__main__":
    main()
