"""``/travel add`` end to end through the emulator, with 100k members' homes and trips stored.

    python benchmarks/travel_add_latency.py            # 200 runs of each command
    python benchmarks/travel_add_latency.py --quick    # 30 runs of each

The real bot runs in this process against the Discord emulator (``InProcessBot``), on a
SQLite database migrated by the real migrations and bulk loaded with 100k members of the
test guild: one home each, as many trips, and settings for a fifth of them (see
``_data.py``: same spread as the matching benchmark, clustered in big cities). Those members
exist only as database rows; the emulator's guild holds just the 20 members who run the
commands. A test-only cog adds ``/noop``, which answers "ok" ephemerally at once.

Each run sends one INTERACTION_CREATE and measures, on the emulator's monotonic clock, from
creating the interaction (just before the gateway dispatch) to the emulator accepting the
bot's first response (the callback POST, after its body was validated). ``/travel add``
answers with its final message directly (city picked from autocomplete, so no question,
unambiguous dates), so the first response is the whole command: resolve, parse the dates,
save the trip, match locals and co-travelers (radius: the guild default, 50 km), queue the
DMs, render the embed. Runs alternate ``/travel add`` and ``/noop`` (which one goes first
alternates too) and cycle through big and small cities around the world.

DMs: opted-in members (0.4 % of members) are all on the weekly digest, so the trip notices
are queued (inside the measured command, as in production) but none is due during the run
and no DM fan-out competes with the measured commands; the count of DM requests is printed.

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import _data  # noqa: E402
import discord  # noqa: E402
from discord import app_commands  # noqa: E402
from discord.ext import commands  # noqa: E402

from bot.db import migrate  # noqa: E402
from bot.domain.clock import ManualClock  # noqa: E402
from bot.domain.places import get_gazetteer  # noqa: E402
from emulator.harness import DiscordHarness, InteractionHandle  # noqa: E402
from emulator.runners import BotConfig, InProcessBot  # noqa: E402
from emulator.server import Emulator  # noqa: E402

MEMBERS = 100_000
TRAVELERS = 20  # emulator members running the commands (≤ 50 upcoming trips each)
TARGET_RATIO = 3.0
CITIES = [
    "London", "New York", "Paris", "Berlin", "Los Angeles", "Toronto", "Sydney", "Tokyo",
    "Amsterdam", "Chicago", "Madrid", "São Paulo", "Manchester", "Dublin", "Seattle",
    "Mumbai", "Reykjavík", "Nairobi", "Wellington", "Krakow", "Austin", "Lyon", "Osaka",
]  # fmt: skip
# Today is Saturday 21 Nov 2026 on the bot's clock: none of these is ambiguous.
DATES = [
    "Dec 3-7", "Jan 10-14", "Feb 1-5", "Mar 3-7", "Apr 12-16", "May 20-24", "Jun 5-9",
    "Dec 26-30", "Jul 1-4", "Aug 15-22",
]  # fmt: skip


class Noop(commands.Cog):
    """Benchmark-only: the cheapest possible slash command, for comparison."""

    @app_commands.command(name="noop", description="Benchmark: answers at once")
    async def noop(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("ok", ephemeral=True)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def first_response_ms(handle: InteractionHandle) -> float:
    record = handle.record
    assert record.responded is not None
    return (record.responded - record.created) * 1000


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(_data.percentile(ordered, 0.95), 2),
        "p99_ms": round(_data.percentile(ordered, 0.99), 2),
        "max_ms": round(ordered[-1], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    gazetteer = get_gazetteer()
    cities = []
    for name in CITIES:
        resolution = gazetteer.resolve(name)  # the biggest one when ambiguous (Manchester)
        place = resolution.best or max(resolution.candidates, key=lambda p: p.population)
        cities.append(place)
    emulator = Emulator(spec="default" if args.spec else None)
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    await emulator.start()
    harness = DiscordHarness(emulator, within=30.0)
    try:
        with tempfile.TemporaryDirectory(prefix="tweetup-bench-") as folder:
            path = Path(folder) / "bot.sqlite3"
            url = f"sqlite+aiosqlite:///{path.as_posix()}"
            started = time.perf_counter()
            await migrate.upgrade(url)
            population = _data.Population(guild_id=harness.guild.id)
            await asyncio.to_thread(_data.grow_sqlite, path, population, args.members)
            load_s = time.perf_counter() - started
            print(
                f"{args.members:,} members' homes, {args.members:,} trips and their settings "
                f"loaded into the test guild in {load_s:.1f} s"
            )
            config = BotConfig(cogs=[lambda bot: Noop()], clock=ManualClock(_data.NOW))
            runner = InProcessBot(
                emulator, config, data_dir=Path(folder) / "bot-data", database_url=url
            )
            await harness.start_bot(runner)
            try:
                return await measure(harness, cities, args, load_s)
            finally:
                await harness.stop_bot()
    finally:
        await emulator.close()
        logging.getLogger().removeHandler(errors)
        if errors.messages:
            print("errors were logged:\n  " + "\n  ".join(errors.messages[:10]))
        violations = emulator.take_violations()
        if violations:
            print("the emulator saw violations:\n  " + "\n  ".join(map(str, violations[:10])))


async def measure(
    harness: DiscordHarness, cities: list[Any], args: argparse.Namespace, load_s: float
) -> dict[str, Any]:
    travelers = [harness.add_member(f"traveler{n}") for n in range(TRAVELERS)]
    await harness.wait_until(
        lambda: all(t.user.id in harness.guild.members for t in travelers) or None, "members"
    )
    step = 0
    answered: list[float] = []

    async def travel_add() -> float:
        nonlocal step
        who = travelers[step % TRAVELERS]
        city, dates = cities[step % len(cities)], DATES[step // len(cities) % len(DATES)]
        step += 1
        handle = await harness.slash(who, "travel add", city=str(city.id), dates=dates)
        first = first_response_ms(handle)
        # The command answers "thinking" first, then the trip and its matches.
        reply = await harness.wait_until(
            lambda: (m := handle.original) is not None and not m.loading and m, "the answer"
        )
        if "Trip saved" not in reply.content:
            raise AssertionError(f"/travel add {city.label} {dates!r} answered {reply.content!r}")
        answered.append((time.monotonic() - handle.record.created) * 1000)
        return first

    async def noop() -> float:
        handle = await harness.slash(travelers[step % TRAVELERS], "noop")
        return first_response_ms(handle)

    for _ in range(args.warmup):
        await travel_add()
        await noop()
    times: dict[str, list[float]] = {"travel_add": [], "noop": []}
    for index in range(args.runs):
        pair = [("travel_add", travel_add), ("noop", noop)]
        for name, command in pair if index % 2 == 0 else pair[::-1]:
            times[name].append(await command())
    dm_requests = len(harness.requests("POST /users/@me/channels"))
    travel, base = summary(times["travel_add"]), summary(times["noop"])
    full = summary(answered[args.warmup :])
    ratio = travel["p99_ms"] / base["p99_ms"]
    print(f"{args.runs} runs of each, interleaved, after {args.warmup} warm-up runs of each")
    print(f"{'':12}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}   (ms, interaction → first response)")
    for name, figures in (("/travel add", travel), ("/noop", base)):
        print(
            f"{name:12}{figures['p50_ms']:9.2f}{figures['p95_ms']:9.2f}"
            f"{figures['p99_ms']:9.2f}{figures['max_ms']:9.2f}"
        )
    print(
        f"{'  answered':12}{full['p50_ms']:9.2f}{full['p95_ms']:9.2f}"
        f"{full['p99_ms']:9.2f}{full['max_ms']:9.2f}   (interaction → the trip and its matches)"
    )
    print(
        f"p99 ratio /travel add ÷ /noop: {ratio:.2f} (target ≤ {TARGET_RATIO:g}); "
        f"p50 ratio {travel['p50_ms'] / base['p50_ms']:.2f}"
    )
    print(f"DM channel requests during the run: {dm_requests}; emulator spec validation: "
          f"{'on' if args.spec else 'off'}")  # fmt: skip
    return {
        "benchmark": "travel_add_latency",
        "members": args.members,
        "stored_rows": {"homes": args.members, "trips": args.members},
        "load_seconds": round(load_s, 1),
        "runs": args.runs,
        "warmup": args.warmup,
        "spec_validation": args.spec,
        "travel_add": travel,
        "travel_add_answered": full,
        "noop": base,
        "p99_ratio": round(ratio, 2),
        "p50_ratio": round(travel["p50_ms"] / base["p50_ms"], 2),
        "target_p99_ratio_le_3": ratio <= TARGET_RATIO,
        "dm_requests": dm_requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 runs of each")
    parser.add_argument("--runs", type=int, help="runs of each command (default 200)")
    parser.add_argument("--members", type=int, default=MEMBERS, help="members stored")
    parser.add_argument(
        "--spec", action="store_true", help="validate bodies against Discord's OpenAPI spec"
    )
    args = parser.parse_args()
    args.runs = args.runs or (30 if args.quick else 200)
    args.warmup = 5 if args.quick else 20
    result = asyncio.run(run(args))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
