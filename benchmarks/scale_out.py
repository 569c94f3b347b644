"""Scale-out: interaction and reminder throughput of 1, 2 and 4 bot processes sharing one
PostgreSQL database, each running its own gateway shard, against the emulator.

    python benchmarks/scale_out.py            # 1, 2, 4 processes; 400 interactions, 1,000 reminders
    python benchmarks/scale_out.py --quick    # 1 and 2 processes; 60 interactions, 120 reminders

Each run starts ``python -m bot run`` processes exactly as operators do (shard ``i`` of
``n`` each, ``emulator.cluster``) on a fresh PostgreSQL database (``TWEETUP_TEST_PG_URL``
or ``--pg-url``), with one guild per shard.

* Interactions: ``/about`` (a reply with a button) in bursts of 50 over every guild; each
  reaches only the process owning its guild's shard. Throughput = interactions / (first
  sent → last answered); latency = Discord creating the interaction → the bot's answer.
* Reminders: Going members' reminders, seeded through the real services to fall due once
  every process is up, delivered by all dispatchers together (claims with SKIP LOCKED).
  Discord's global limit (50 requests/s per bot token) is shared, so each process paces
  itself to ``48 / n`` DMs/s: more processes help only below that cap, and the run shows
  whether n processes together keep to the limit without losing or doubling a DM.

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.reminders_fanout import (  # noqa: E402
    PG_ENV,
    fresh_database,
    outbox_statuses,
    seed_reminders,
)
from bot.db.database import Database  # noqa: E402
from emulator.cluster import Cluster  # noqa: E402
from emulator.harness import DiscordHarness, InteractionHandle  # noqa: E402
from emulator.models import Guild, User  # noqa: E402
from emulator.server import Emulator  # noqa: E402
from emulator.state import State  # noqa: E402
from emulator.web import EmulatorConfig  # noqa: E402
from models import DmChannel  # noqa: E402

#: Under an hour before the start: no "who you'll meet" DM is planned, only the reminder.
LEAD_MINUTES = 30
JSONish = dict[str, Any]
#: Interactions sent at once; Discord's 3 s deadline bounds how many a burst can take.
BURST = 50


async def seed_guild_reminders(
    url: str, state: State, guilds: Sequence[Guild], per_guild: int, due_at: datetime
) -> list[User]:
    """``per_guild`` new members Going to two tweetups in each guild, their reminders due at
    ``due_at`` and their DM channels already known (one request per DM)."""
    users: list[User] = []
    db = Database.from_url(url)
    try:
        for guild in guilds:
            members = [state.add_user(f"m{guild.id % 10_000}-{n}") for n in range(per_guild)]
            for user in members:
                state.add_member(guild, user)
            organizer = state.add_user(f"org-{guild.id % 10_000}")
            state.add_member(guild, organizer)
            await seed_reminders(
                db,
                guild_id=guild.id,
                organizer_id=organizer.id,
                member_ids=[user.id for user in members],
                first_start=due_at + timedelta(minutes=LEAD_MINUTES),
                tweetup_count=2,
                spread=timedelta(seconds=2),
                planned_at=datetime.now(UTC),
                lead_times=(LEAD_MINUTES,),
            )
            users.extend(members)
        async with db.session() as session:
            session.add_all(
                DmChannel(user_id=user.id, channel_id=state.dm_channel(user).id) for user in users
            )
    finally:
        await db.dispose()
    return users


def delivered(state: State, users: Sequence[User]) -> int:
    """Members with at least one DM (re-checked on every change of the emulator: cheap)."""
    inboxes = state.channel_messages
    return sum(1 for user in users if inboxes.get(state.dm_channels.get(user.id, 0)))


def _dms(state: State, user: User) -> int:
    return len(state.messages_in(state.channels[state.dm_channels[user.id]]))


def answered_all(handles: Sequence[InteractionHandle]) -> bool:
    return all(handle.record.responded is not None for handle in handles)


async def interactions(discord: DiscordHarness, guilds: Sequence[Guild], count: int) -> JSONish:
    """``count`` /about commands in bursts of BURST at once, spread over the guilds; the next
    burst once this one is answered (or its 3 s are over: a late answer is refused)."""
    members = [discord.add_member(f"asker{n}", guild=guild) for n, guild in enumerate(guilds)]
    deadline = discord.emulator.config.interaction_deadline
    handles: list[InteractionHandle] = []
    started = time.monotonic()
    for first in range(0, count, BURST):
        burst = [
            await discord.slash(members[index % len(members)], "about", wait=False)
            for index in range(first, min(count, first + BURST))
        ]
        handles.extend(burst)
        with contextlib.suppress(AssertionError):  # unanswered ones are counted below
            await discord.state.wait_for(
                functools.partial(answered_all, burst),
                within=deadline + 1.0,
                what="the burst answered",
            )
    answered = [h.record for h in handles if h.record.responded is not None]
    finished = max((record.responded or started for record in answered), default=started)
    latencies = sorted((record.responded or 0.0) - record.created for record in answered)
    elapsed = finished - started
    return {
        "interactions": count,
        "unanswered": count - len(answered),
        "interactions_s": round(elapsed, 2),
        "interactions_per_s": round(len(answered) / elapsed, 1) if elapsed > 0 else None,
        "interaction_latency_p50_ms": round(statistics.median(latencies) * 1000),
        "interaction_latency_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000),
    }


async def run_case(processes: int, args: argparse.Namespace, folder: Path) -> JSONish:
    emulator = Emulator(
        EmulatorConfig(
            shards=processes, max_concurrency=processes, enforce_identify_concurrency=True
        )
    )
    await emulator.start()
    try:
        async with fresh_database("postgresql", folder, args.pg_url) as url:
            return await _run(emulator, url, processes, args, folder / f"n{processes}")
    finally:
        await emulator.close()


async def _run(
    emulator: Emulator, url: str, processes: int, args: argparse.Namespace, folder: Path
) -> JSONish:
    discord = DiscordHarness(emulator, within=60.0)
    guilds = [discord.add_guild(f"Shard {k}", shard=(k, processes)) for k in range(processes)]
    per_guild = -(-args.reminders // processes)
    due_in = args.startup_margin + 10.0 * processes
    users = await seed_guild_reminders(
        url, discord.state, guilds, per_guild, datetime.now(UTC) + timedelta(seconds=due_in)
    )
    seeded = time.monotonic()
    cluster = Cluster(
        emulator,
        processes=processes,
        shards_per_process=1,
        database_url=url,
        folder=folder,
        # The shipped delivery settings: every process draws on one budget of Discord's
        # global limit, kept in PostgreSQL (docs/delivery.md).
    )
    try:
        await cluster.start()
        up_after = time.monotonic() - seeded
        result: JSONish = {"processes": processes, "startup_s": round(up_after, 1)}
        result.update(await interactions(discord, guilds, args.interactions))
        result["all_up_before_due"] = time.monotonic() - seeded < due_in
        requests_before = len(emulator.state.requests)
        await emulator.state.wait_for(
            lambda: delivered(emulator.state, users) >= len(users),
            within=due_in + 60.0 + len(users) / 5,
            what="every reminder",
        )
        sends = [
            r
            for r in emulator.state.requests[requests_before:]
            if r.route == "POST /channels/{channel_id}/messages" and r.status == 200
        ]
        first, last = min(r.at for r in sends), max(r.at for r in sends)
        statuses = await settled_outbox(url, len(users))
        result.update(
            reminders=len(users),
            reminders_s=round(last - first, 2),
            reminders_per_s=round(len(users) / (last - first), 1) if last > first else None,
            peak_requests_per_s=peak_rate(emulator),
            duplicate_dms=sum(_dms(emulator.state, user) - 1 for user in users),
            sent=statuses.get("sent", 0),
            global_429s=sum(1 for _, scope in emulator.rate_limits.refused if scope == "global"),
            violations=len(emulator.violations),
            errors_logged=len(cluster.logged_errors()),
        )
        return result
    finally:
        await cluster.kill_all()


async def settled_outbox(url: str, sent: int, within: float = 10.0) -> dict[str, int]:
    """The outbox's statuses once ``sent`` rows are marked sent (a DM is marked just after
    Discord has it) or ``within`` seconds passed."""
    db = Database.from_url(url)
    deadline = time.monotonic() + within
    try:
        while True:
            statuses = await outbox_statuses(db)
            if statuses.get("sent", 0) >= sent or time.monotonic() > deadline:
                return statuses
            await asyncio.sleep(0.2)
    finally:
        await db.dispose()


def peak_rate(emulator: Emulator) -> int:
    """The most requests counted against the global limit in any one second."""
    counted = sorted(
        r.at
        for r in emulator.state.requests
        if not r.path.startswith(("/interactions/", "/webhooks/"))
    )
    peak, low = 0, 0
    for high, moment in enumerate(counted):
        while moment - counted[low] >= 1.0:
            low += 1
        peak = max(peak, high - low + 1)
    return peak


async def main_async(args: argparse.Namespace) -> JSONish:
    results = []
    with tempfile.TemporaryDirectory(prefix="tweetup-scale-out-") as tmp:
        for processes in args.processes:
            result = await run_case(processes, args, Path(tmp))
            print(json.dumps(result), flush=True)
            results.append(result)
    summary: JSONish = {"benchmark": "scale_out", "database": "postgresql"}
    for result in results:
        n = result["processes"]
        for key in (
            "interactions_per_s",
            "interaction_latency_p95_ms",
            "unanswered",
            "reminders_per_s",
        ):
            summary[f"n{n}_{key}"] = result[key]
    summary["duplicate_dms"] = sum(result["duplicate_dms"] for result in results)
    summary["global_429s"] = sum(result["global_429s"] for result in results)
    summary["peak_requests_per_s"] = max(result["peak_requests_per_s"] for result in results)
    summary["all_delivered"] = all(result["sent"] == result["reminders"] for result in results)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 2 processes, small counts")
    parser.add_argument("--pg-url", default=os.environ.get(PG_ENV) or None)
    parser.add_argument(
        "--startup-margin",
        type=float,
        default=25.0,
        help="seconds (plus 10 per process) before the reminders fall due",
    )
    args = parser.parse_args()
    if args.pg_url is None:
        raise SystemExit(f"needs PostgreSQL: set {PG_ENV} or pass --pg-url")
    args.processes = (1, 2) if args.quick else (1, 2, 4)
    args.interactions = 60 if args.quick else 400
    args.reminders = 120 if args.quick else 1000
    logging.getLogger("discord").setLevel(logging.ERROR)
    summary = asyncio.run(main_async(args))
    print()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
