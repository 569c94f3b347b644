"""10,000 reminders due within the same minute, delivered by the real dispatcher at the
SHIPPED delivery settings through the emulator's limits: how close to the time Discord's
limits allow does it get?

    python benchmarks/reminders_fanout.py                     # 10,000 warm + 300 cold
    python benchmarks/reminders_fanout.py --quick             # 500 warm + 60 cold
    python benchmarks/reminders_fanout.py --cache warm --database postgresql

One bot runs in this process (the emulator too), on a fresh database seeded through the real
services (``tweetups.announce`` / ``tweetups.respond``): ten tweetups start within the same
minute two hours from now, so every member's 2 h reminder fell due during the last minute.
The delivery settings are the shipped defaults (``delivery.requests_per_second``,
``delivery.dm_opens_per_minute``); the emulator enforces Discord's global limit (``--limit``,
50 requests/s), per-route buckets and its limit on opening new DM channels (30 in 30 s,
answered 403/40003 beyond it).

A DM costs two requests when the bot has never written to that member (open the DM channel,
post the message; *cold*) and one when the channel id is already in ``dm_channels`` (*warm*).
"The time the limits allow" is the larger of requests / global limit and new DM channels /
the opening limit's sustained rate (30 per 30 s = 1/s; a cold fan-out is bound by it, so
10,000 cold reminders would take Discord's limits alone 10,000 s: the cold case is measured
with fewer). The ratio compares the dispatcher's elapsed time (its first request to its last
DM) with it; the target is at most 1.2. Duplicate DMs and 429s must be 0. The last line
printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
from sqlalchemy import delete, event, func, select  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

from bot.config import DefaultsSection, DeliverySection  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.domain.clock import SystemClock  # noqa: E402
from bot.domain.places.model import Place  # noqa: E402
from bot.domain.tweetups import Answer  # noqa: E402
from bot.domain.tweetups.permissions import Actor  # noqa: E402
from bot.services import tweetups  # noqa: E402
from emulator.runners import BotConfig, InProcessBot  # noqa: E402
from emulator.server import Emulator  # noqa: E402
from emulator.web import EmulatorConfig  # noqa: E402
from models import DmChannel, OutboxMessage, Rsvp  # noqa: E402

PG_ENV = "TWEETUP_TEST_PG_URL"
OPEN_DM = "POST /users/@me/channels"
SEND = "POST /channels/{channel_id}/messages"
DISPATCHER_ROUTES = (OPEN_DM, SEND)
LEAD = timedelta(minutes=120)
TARGET_RATIO = 1.2
BERLIN = Place(
    id=2950159,
    name="Berlin",
    region="Berlin",
    country="DE",
    country_name="Germany",
    lat=52.52437,
    lon=13.41053,
    timezone="Europe/Berlin",
    population=3_426_354,
    label="Berlin, Berlin, DE",
)


# -- databases ----------------------------------------------------------------------------


def _admin_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


@contextlib.asynccontextmanager
async def fresh_database(kind: str, folder: Path, pg_url: str | None) -> AsyncIterator[str]:
    """A migrated, empty database: a SQLite file in ``folder``, or a new PostgreSQL one."""
    if kind == "sqlite":
        url = f"sqlite+aiosqlite:///{(folder / f'bench-{uuid.uuid4().hex[:8]}.sqlite3').as_posix()}"
        await migrate.upgrade(url)
        yield url
        return
    if pg_url is None:
        raise SystemExit(f"--database postgresql needs {PG_ENV} (or --pg-url)")
    name = f"tweetup_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(_admin_dsn(pg_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    target = make_url(pg_url).set(drivername="postgresql+asyncpg", database=name)
    rendered = target.render_as_string(hide_password=False)
    try:
        await migrate.upgrade(rendered)
        yield rendered
    finally:
        admin = await asyncpg.connect(_admin_dsn(pg_url))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


# -- seeding through the real services ----------------------------------------------------


async def seed_reminders(
    db: Database,
    *,
    guild_id: int,
    organizer_id: int,
    member_ids: Sequence[int],
    first_start: datetime,
    tweetup_count: int,
    spread: timedelta,
    planned_at: datetime,
    lead_times: tuple[int, ...] = (120,),
) -> list[int]:
    """Announce ``tweetup_count`` tweetups starting between ``first_start`` and
    ``first_start + spread``, and make the members Going (split evenly between them), so the
    services queue their reminders exactly as for real RSVPs. Returns the tweetup ids.

    Each member but the last of a tweetup gets a plain Going RSVP row and their reminders
    planned with ``tweetups.replan_reminders``; the last one answers through
    ``tweetups.respond``.
    """
    defaults = DefaultsSection(reminder_lead_times_minutes=lead_times)
    actor = Actor(user_id=organizer_id, role_ids=(), is_admin=True)
    per = -(-len(member_ids) // tweetup_count)
    ids = []
    for index in range(tweetup_count):
        group = member_ids[index * per : (index + 1) * per]
        if not group:
            break
        starts = first_start + spread * index / max(1, tweetup_count - 1)
        async with db.session() as session:
            card = await tweetups.announce(
                session=session,
                guild_id=guild_id,
                actor=actor,
                draft=tweetups.Draft(
                    title=f"Benchmark meetup {index + 1}",
                    place=BERLIN,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    venue="Café Einstein",
                ),
                defaults=defaults,
                now=planned_at,
            )
            tweetup_id = card.tweetup.id
            session.add_all(
                Rsvp(
                    tweetup_id=tweetup_id,
                    user_id=member_id,
                    guild_id=guild_id,
                    status="going",
                    requested_at=planned_at,
                    updated_at=planned_at,
                )
                for member_id in group[:-1]
            )
            await session.flush()
            await tweetups.replan_reminders(
                session=session, tweetup_id=tweetup_id, defaults=defaults, now=planned_at
            )
            await tweetups.respond(
                session=session,
                tweetup_id=tweetup_id,
                guild_id=guild_id,
                user_id=group[-1],
                answer=Answer.GOING,
                defaults=defaults,
                now=planned_at,
            )
        ids.append(tweetup_id)
    return ids


async def outbox_statuses(db: Database) -> dict[str, int]:
    async with db.read_session() as session:
        rows = await session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return {str(status): int(count) for status, count in rows}


# -- counting what happens ----------------------------------------------------------------


class StatementCounter:
    """Counts every SQL statement any engine in this process executes."""

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> StatementCounter:
        event.listen(Engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(Engine, "before_cursor_execute", self._count)

    def _count(self, *_: Any) -> None:
        self.count += 1


@dataclass
class Delivered:
    """DMs seen so far, read incrementally from the emulator's request log."""

    emulator: Emulator
    seen: int = 0
    dms: int = 0
    last_at: float = 0.0

    def update(self) -> int:
        requests = self.emulator.state.requests
        for record in requests[self.seen :]:
            if record.route == SEND and record.status == 200:
                self.dms += 1
                self.last_at = record.at
        # A request still in flight has status 0: look at it again next time.
        while self.seen < len(requests) and requests[self.seen].status:
            self.seen += 1
        return self.dms


# -- one run ------------------------------------------------------------------------------


async def run_case(
    *,
    reminders: int,
    cache: str,
    limit: int,
    database: str,
    pg_url: str | None,
    folder: Path,
) -> dict[str, Any]:
    emulator = Emulator(EmulatorConfig(global_rate_limit=limit))
    await emulator.start()
    try:
        async with fresh_database(database, folder, pg_url) as url:
            return await _run(emulator, url, reminders, cache, limit, database, folder)
    finally:
        await emulator.close()


async def _run(
    emulator: Emulator,
    url: str,
    reminders: int,
    cache: str,
    limit: int,
    database: str,
    folder: Path,
) -> dict[str, Any]:
    state = emulator.state
    shipped = DeliverySection()
    burst, window = emulator.config.dm_open_burst, emulator.config.dm_open_window
    opening_rate = burst / window if burst else math.inf
    guild = state.add_guild("Benchmark")
    state.add_channel(guild, "general")
    organizer = state.add_user("organizer")
    state.add_member(guild, organizer)
    users = [state.add_user(f"member{n}") for n in range(reminders)]
    for user in users:
        state.add_member(guild, user)

    now = datetime.now(UTC)
    db = Database.from_url(url)
    seeding = time.perf_counter()
    try:
        # Reminders fall due between 60 s and 1 s ago: within the same minute.
        await seed_reminders(
            db,
            guild_id=guild.id,
            organizer_id=organizer.id,
            member_ids=[user.id for user in users],
            first_start=now + LEAD - timedelta(seconds=60),
            tweetup_count=10,
            spread=timedelta(seconds=59),
            planned_at=now - timedelta(minutes=5),
        )
        if cache == "warm":
            async with db.session() as session:
                session.add_all(
                    DmChannel(user_id=user.id, channel_id=state.dm_channel(user).id)
                    for user in users
                )
        # Going members are also queued a meet-the-others intro and an after-meetup
        # check-back; this benchmark measures the reminders alone.
        async with db.session() as session:
            await session.execute(delete(OutboxMessage).where(OutboxMessage.kind != "reminder"))
        queued = sum((await outbox_statuses(db)).values())
    finally:
        await db.dispose()
    seeded_in = time.perf_counter() - seeding
    if queued != reminders:
        raise RuntimeError(f"seeded {queued} outbox rows, expected {reminders}")

    settings: dict[str, Any] = {}  # the shipped delivery settings
    runner = InProcessBot(
        emulator,
        BotConfig(clock=SystemClock(), settings=settings),
        data_dir=folder / f"data-{uuid.uuid4().hex[:6]}",
        database_url=url,
    )
    delivered = Delivered(emulator)
    requests_before = len(state.requests)
    with StatementCounter() as statements:
        started, cpu_before = time.monotonic(), time.process_time()
        await runner.start()
        allowed = reminders * (2 if cache == "cold" else 1) / limit + (
            reminders / opening_rate if cache == "cold" else 0
        )
        deadline = started + 3 * allowed + 60
        while delivered.update() < reminders:
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        bot = runner.bot
        sent_by_dispatcher = bot.dispatcher.sent if bot is not None else 0
        await runner.stop()
        cpu = time.process_time() - cpu_before
        delivered.update()
    mine = [r for r in state.requests[requests_before:] if r.route in DISPATCHER_ROUTES]
    ok = [r for r in mine if r.status == 200]
    refused = [r for r in mine if r.status == 429]
    first_at = min(r.at for r in mine) if mine else started
    elapsed = delivered.last_at - first_at
    needed = len(ok)
    opened = sum(1 for r in ok if r.route == OPEN_DM)
    allowed_s = max(needed / limit, opened / opening_rate)

    check = Database.from_url(url)
    try:
        statuses = await outbox_statuses(check)
    finally:
        await check.dispose()
    messages_per_user = [
        len(state.messages_in(state.channels[cid])) if cid in state.channels else 0
        for cid in (state.dm_channels.get(user.id, 0) for user in users)
    ]
    nonces = Counter(
        str((r.json or {}).get("nonce")) for r in mine if r.route == SEND and r.status == 200
    )
    return {
        "reminders": reminders,
        "cache": cache,
        "database": database,
        "global_limit_per_s": limit,
        "requests_per_second_setting": shipped.requests_per_second,
        "dm_opens_per_minute_setting": shipped.dm_opens_per_minute,
        "dm_channels_opened": opened,
        "dm_open_refusals_40003": sum(1 for r in mine if r.route == OPEN_DM and r.status == 403),
        "delivered": sum(1 for n in messages_per_user if n >= 1),
        "duplicate_dms": sum(n - 1 for n in messages_per_user if n > 1),
        "repeated_nonces": sum(n - 1 for n in nonces.values() if n > 1),
        "missing": sum(1 for n in messages_per_user if n == 0),
        "requests": needed,
        "requests_429": len(refused),
        "emulator_429s": len(emulator.rate_limits.refused),
        "emulator_429s_by_scope": dict(Counter(scope for _, scope in emulator.rate_limits.refused)),
        "elapsed_s": round(elapsed, 2),
        "allowed_s": round(allowed_s, 2),
        "ratio": round(elapsed / allowed_s, 3) if allowed_s else None,
        "requests_per_s": round(needed / elapsed, 1) if elapsed > 0 else None,
        "dms_per_s": round(delivered.dms / elapsed, 1) if elapsed > 0 else None,
        "wall_s_from_bot_start": round(delivered.last_at - started, 2),
        # Bot and emulator share this process: on a busy machine it may not get a core.
        "process_cpu_s": round(cpu, 1),
        "cpu_share_of_a_core": round(cpu / (delivered.last_at - started), 2)
        if delivered.last_at > started
        else None,
        "sql_statements": statements.count,
        "sql_per_dm": round(statements.count / max(1, delivered.dms), 1),
        "outbox": statuses,
        "dispatcher_sent": sent_by_dispatcher,
        "seeded_in_s": round(seeded_in, 1),
        "violations": len(emulator.violations),
        "target_met": bool(
            allowed_s
            and elapsed / allowed_s <= TARGET_RATIO
            and delivered.dms == reminders
            and not any(n > 1 for n in messages_per_user)
        ),
    }


def describe(result: dict[str, Any]) -> None:
    print(
        f"\n== {result['reminders']} reminders, {result['cache']} DM-channel cache, "
        f"{result['database']}, global limit {result['global_limit_per_s']}/s =="
    )
    for key, value in result.items():
        print(f"{key:>24}: {value}")


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    cases = ["cold", "warm"] if args.cache == "both" else [args.cache]
    warm_reminders = 500 if args.quick else args.reminders
    cold_reminders = 60 if args.quick else args.cold_reminders
    results = []
    with tempfile.TemporaryDirectory(prefix="tweetup-fanout-") as tmp:
        for cache in cases:
            result = await run_case(
                reminders=cold_reminders if cache == "cold" else warm_reminders,
                cache=cache,
                limit=args.limit,
                database=args.database,
                pg_url=args.pg_url,
                folder=Path(tmp),
            )
            describe(result)
            results.append(result)
    keys = ("elapsed_s", "allowed_s", "ratio", "requests", "requests_429", "duplicate_dms")
    summary: dict[str, Any] = {
        "benchmark": "reminders_fanout",
        "warm_reminders": warm_reminders,
        "cold_reminders": cold_reminders,
        "database": args.database,
        "global_limit_per_s": args.limit,
        "target_ratio": TARGET_RATIO,
    }
    for result in results:
        for key in (
            *keys,
            "missing",
            "requests_per_s",
            "emulator_429s",
            "dm_open_refusals_40003",
            "cpu_share_of_a_core",
        ):
            summary[f"{result['cache']}_{key}"] = result[key]
    summary["target_met"] = all(result["target_met"] for result in results)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 warm, 60 cold reminders")
    parser.add_argument("--reminders", type=int, default=10_000, help="warm reminders")
    parser.add_argument("--cold-reminders", type=int, default=300)
    parser.add_argument("--cache", choices=["cold", "warm", "both"], default="both")
    parser.add_argument("--limit", type=int, default=50, help="global requests per second")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get(PG_ENV) or None)
    args = parser.parse_args()
    logging.getLogger("discord").setLevel(logging.ERROR)  # 429 warnings are counted instead
    summary = asyncio.run(main_async(args))
    print()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
