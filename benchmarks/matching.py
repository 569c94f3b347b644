"""Matching at 10k, 100k and 1M homes and trips: the indexed query against a naive loop.

    python benchmarks/matching.py                 # SQLite, 10k / 100k / 1M (~1.5 min)
    python benchmarks/matching.py --quick         # SQLite, 10k / 100k, few queries (~5 s)
    python benchmarks/matching.py --pg postgresql+asyncpg://postgres@127.0.0.1:5432/test
                                                  # SQLite, then PostgreSQL (a scratch
                                                  # database is created next to that one)

One guild holds every row (the worst case for the ``guild_id`` prefix of the indexes), with
as many trips as homes; members are spread over the gazetteer's cities by population and
Discord use (see ``_data.py``), so London and New York are dense: ~2.5 % and ~3 % of all
rows lie within 100 km of them. The schema comes from the real migrations; rows are bulk
loaded (SQLite: one executemany transaction; PostgreSQL: COPY, then VACUUM ANALYZE as
autovacuum would) and the same database grows 10k → 100k → 1M. The full run then also
measures the other layout, 10 guilds of 100k (1M rows), querying one of them.

Each query is the real service call (``locals_near`` / ``travelers_near`` with an
``Around``, default limit 25, in its own read session), 100 km around London, New York or
a city near them, for a 2-7 day window in the next four months, excluding the asking member.
The naive loop is what one would write without the index: load every row of the guild
(joined to its visibility setting), measure each with geopy's great-circle distance, filter
by radius, visibility and dates, sort, keep 25. Both must find the same totals and the
same nearest rows. At the largest scale the plans of the statements the services actually
sent are printed (EXPLAIN QUERY PLAN; EXPLAIN ANALYZE on PostgreSQL).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import _data  # noqa: E402
from geopy.distance import great_circle  # noqa: E402
from sqlalchemy import event, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.db import migrate  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.domain.dates.model import DateRange  # noqa: E402
from bot.services.matching import (  # noqa: E402
    COUNT_CAP,
    TRAVELER_COUNT_CAP,
    Around,
    Nearby,
    locals_near,
    travelers_near,
)
from models import Home, MemberSettings, Trip  # noqa: E402

RADIUS_KM = 100.0
LIMIT = 25
CENTRES = {"London": (51.50853, -0.12574), "New York": (40.71427, -74.00597)}
TARGET_SPEEDUP = 100.0
TARGET_SCALING = 2.0

Query = Callable[[Database, Around], Awaitable[Nearby]]


# -- the two ways of answering ---------------------------------------------------------------


async def indexed_locals(db: Database, around: Around) -> Nearby:
    async with db.read_session() as session:
        return await locals_near(session=session, around=around, limit=LIMIT)


async def indexed_travelers(db: Database, around: Around) -> Nearby:
    async with db.read_session() as session:
        return await travelers_near(session=session, around=around, limit=LIMIT)


def _visible(model: Any) -> Any:
    return (MemberSettings.guild_id == model.guild_id) & (MemberSettings.user_id == model.user_id)


async def naive_locals(db: Database, around: Around) -> tuple[list[tuple[float, int]], int]:
    """Every home of the guild, measured in Python: (the nearest 25, how many in all)."""
    async with db.read_session() as session:
        rows = (
            await session.execute(
                select(
                    Home.user_id, Home.place_label, Home.lat, Home.lon, MemberSettings.discoverable
                )
                .outerjoin(MemberSettings, _visible(Home))
                .where(Home.guild_id == around.guild_id)
            )
        ).all()
    centre = (around.lat, around.lon)
    found = []
    for user_id, _label, lat, lon, discoverable in rows:
        if discoverable is False or user_id == around.exclude_user_id:
            continue
        km = great_circle(centre, (lat, lon)).km
        if km <= around.radius_km:
            found.append((km, user_id))
    found.sort()
    return found[:LIMIT], len(found)


async def naive_travelers(db: Database, around: Around) -> tuple[list[tuple[Any, ...]], int]:
    """Every trip of the guild, filtered by dates and distance in Python."""
    async with db.read_session() as session:
        rows = (
            await session.execute(
                select(
                    Trip.id,
                    Trip.user_id,
                    Trip.place_label,
                    Trip.start_date,
                    Trip.end_date,
                    Trip.lat,
                    Trip.lon,
                    MemberSettings.discoverable,
                )
                .outerjoin(MemberSettings, _visible(Trip))
                .where(Trip.guild_id == around.guild_id)
            )
        ).all()
    centre = (around.lat, around.lon)
    window = around.window
    found = []
    for trip_id, user_id, _label, start, end, lat, lon, discoverable in rows:
        if discoverable is False or user_id == around.exclude_user_id:
            continue
        if start > window.end or end < window.start:
            continue
        km = great_circle(centre, (lat, lon)).km
        if km <= around.radius_km:
            found.append((km, start, trip_id))
    found.sort()
    return found[:LIMIT], len(found)


# -- the workload ----------------------------------------------------------------------------


def towns_around() -> list[tuple[float, float]]:
    """The towns of 50,000 people or more within 30 km of London and New York."""
    towns = []
    for lat, lon in CENTRES.values():
        nearby = _data.cities().near(lat, lon, 30, min_population=50_000)
        towns += [(p.lat, p.lon) for p in nearby if (p.lat, p.lon) != (lat, lon)]
    return towns


def arounds(count: int, members: int, seed: int) -> list[Around]:
    """Even queries alternate London and New York, odd ones go to a town near them."""
    rng = random.Random(seed)
    big, towns = list(CENTRES.values()), towns_around()
    result = []
    for index in range(count):
        lat, lon = big[index // 2 % 2] if index % 2 == 0 else rng.choice(towns)
        start = _data.TODAY + timedelta(days=rng.randint(0, 120))
        window = DateRange(start, start + timedelta(days=rng.randint(1, 6)))
        exclude = _data.user_id(rng.randrange(members))
        result.append(Around(_data.GUILD_ID, lat, lon, RADIUS_KM, window, exclude))
    return result


async def timed(call: Awaitable[Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = await call
    return (time.perf_counter() - started) * 1000, value


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(_data.percentile(ordered, 0.99), 3),
        "max_ms": round(ordered[-1], 3),
    }


async def measure_scale(
    db: Database, members: int, *, queries: int, naive_runs: int, seed: int
) -> dict[str, Any]:
    workload = arounds(queries, members, seed)
    for around in workload[:5]:  # warm the page cache and the statement cache
        await indexed_locals(db, around)
        await indexed_travelers(db, around)
    times: dict[str, list[float]] = {"locals": [], "travelers": []}
    totals: dict[str, list[int]] = {"locals": [], "travelers": []}
    for around in workload:  # interleaved, so both see the same conditions
        for kind, query in (("locals", indexed_locals), ("travelers", indexed_travelers)):
            elapsed, found = await timed(query(db, around))
            times[kind].append(elapsed)
            totals[kind].append(found.total)
    result: dict[str, Any] = {"rows": {"homes": members, "trips": members}}
    for kind in ("locals", "travelers"):
        result[kind] = {
            **stats(times[kind]),
            "median_total": int(statistics.median(totals[kind])),
            "max_total": max(totals[kind]),
        }
    # The naive loop, on London and New York alternately; the answers must agree.
    agree = True
    naive_times: dict[str, list[float]] = {"locals": [], "travelers": []}
    for run in range(naive_runs):
        around = workload[run % 2 * 2]  # workload[0] is London, workload[2] New York
        for kind, naive, indexed in (
            ("locals", naive_locals, indexed_locals),
            ("travelers", naive_travelers, indexed_travelers),
        ):
            elapsed, (nearest, total) = await timed(naive(db, around))
            naive_times[kind].append(elapsed)
            found = await indexed(db, around)
            ids = [m.trip_id if kind == "travelers" else m.user_id for m in found.matches]
            cap = COUNT_CAP if kind == "locals" else TRAVELER_COUNT_CAP
            agree &= (min(total, cap), total > cap) == (found.total, found.capped)
            agree &= ids == [row[-1] for row in nearest]
    for kind in ("locals", "travelers"):
        result[kind]["us_per_match"] = round(
            1000 * result[kind]["median_ms"] / max(1, result[kind]["median_total"]), 2
        )
        if naive_runs:
            naive_median = statistics.median(naive_times[kind])
            result[kind]["naive_median_ms"] = round(naive_median, 1)
            result[kind]["naive_runs"] = len(naive_times[kind])
            result[kind]["speedup"] = round(naive_median / result[kind]["median_ms"], 1)
    if naive_runs:
        result["naive_agrees"] = agree
    return result


# -- plans -----------------------------------------------------------------------------------


async def query_plans(db: Database, around: Around) -> dict[str, list[str]]:
    """The plan of the statements the services actually send (captured as they run)."""
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    labelled: list[tuple[str, str, Any]] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
    try:
        for kind, query in (("locals", indexed_locals), ("travelers", indexed_travelers)):
            seen.clear()
            await query(db, around)
            # Each call counts (capped), then fetches the nearest (one or more radii).
            for index, (statement, params) in enumerate(seen):
                step = "count" if index == 0 else f"nearest#{index}"
                labelled.append((f"{kind} {step}", statement, params))
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", capture)
    plans: dict[str, list[str]] = {}
    sqlite = db.dialect == "sqlite"
    explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, COSTS OFF, BUFFERS) "
    async with db.engine.connect() as connection:
        for label, statement, params in labelled:
            rows = (await connection.exec_driver_sql(explain + statement, params)).all()
            plans[label] = [str(row[-1]) if sqlite else str(row[0]) for row in rows]
    return plans


# -- backends --------------------------------------------------------------------------------


class SqliteBackend:
    name = "sqlite"

    def __init__(self, folder: Path, name: str = "matching") -> None:
        self.path = folder / f"{name}.sqlite3"
        self.url = f"sqlite+aiosqlite:///{self.path.as_posix()}"

    async def setup(self) -> None:
        await migrate.upgrade(self.url)

    async def grow(self, population: _data.Population, members: int, seed: int = 5) -> None:
        await asyncio.to_thread(_data.grow_sqlite, self.path, population, members, seed=seed)

    async def teardown(self) -> None:
        self.path.unlink(missing_ok=True)


class PostgresBackend:
    name = "postgresql"

    def __init__(self, url: str) -> None:
        base = make_url(url).set(drivername="postgresql+asyncpg")
        self.admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
        self.database = f"tweetup_bench_{uuid.uuid4().hex[:8]}"
        self.url = base.set(database=self.database).render_as_string(hide_password=False)
        self.dsn = (
            make_url(self.admin).set(database=self.database).render_as_string(hide_password=False)
        )

    async def _admin(self, statement: str) -> None:
        import asyncpg

        connection = await asyncpg.connect(self.admin)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    async def setup(self) -> None:
        await self._admin(f'CREATE DATABASE "{self.database}"')
        await migrate.upgrade(self.url)

    async def grow(self, population: _data.Population, members: int, seed: int = 5) -> None:
        await _data.grow_postgres(self.dsn, population, members, seed=seed)

    async def teardown(self) -> None:
        await self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


Backend = SqliteBackend | PostgresBackend


async def run_backend(backend: Backend, scales: list[int], args: argparse.Namespace) -> Any:
    """One guild growing through the scales, measured at each."""
    print(f"\n== {backend.name}: one guild holding every row ==")
    await backend.setup()
    results: dict[str, Any] = {}
    population = _data.Population()
    try:
        for members in scales:
            started = time.perf_counter()
            await backend.grow(population, members)
            load_s = time.perf_counter() - started
            db = Database.from_url(backend.url)
            try:
                naive_runs = args.naive_runs or (1 if args.quick else 3 if members >= 1e6 else 5)
                result = await measure_scale(
                    db, members, queries=args.queries, naive_runs=naive_runs, seed=members
                )
                result["load_seconds"] = round(load_s, 1)
                if members == scales[-1]:
                    result["plans"] = await query_plans(db, arounds(1, members, 0)[0])
            finally:
                await db.dispose()
            results[str(members)] = result
            print_scale(members, result)
    finally:
        await backend.teardown()
    summarise(results, scales)
    return results


async def run_many_guilds(backend: Backend, args: argparse.Namespace) -> dict[str, Any]:
    """The other realistic layout: 1M rows in 10 guilds of 100k members (the same people
    in several servers); queries in one of them. The guild_id prefix should make it cost
    what a lone 100k guild costs."""
    guilds, members = 10, 100_000
    layout = f"{guilds} guilds of {members:,} members ({guilds * members:,} rows)"
    print(f"\n== {backend.name}: {layout} ==")
    await backend.setup()
    try:
        started = time.perf_counter()
        for index in range(guilds):
            population = _data.Population(guild_id=_data.GUILD_ID + index, trips=index * members)
            await backend.grow(population, members, seed=100 + index)
        load_s = time.perf_counter() - started
        db = Database.from_url(backend.url)
        try:
            result = await measure_scale(
                db, members, queries=args.queries, naive_runs=0, seed=members
            )
        finally:
            await db.dispose()
    finally:
        await backend.teardown()
    result["rows"] = {"homes": guilds * members, "trips": guilds * members, "guilds": guilds}
    result["load_seconds"] = round(load_s, 1)
    print_scale(members, result, label=f"{members:,} of {guilds * members:,}")
    return result


def print_scale(members: int, result: dict[str, Any], label: str | None = None) -> None:
    loaded = f"loaded in {result['load_seconds']} s"
    print(f"{label or f'{members:,}':>9} homes + as many trips ({loaded})")
    for kind in ("locals", "travelers"):
        r = result[kind]
        line = f"  {kind:<9} indexed median {r['median_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms"
        if "naive_median_ms" in r:
            line += (
                f" | naive median {r['naive_median_ms']:8.1f} ms ({r['naive_runs']} runs)"
                f" | {r['speedup']:6.1f}x"
            )
        line += (
            f" | matches: median {r['median_total']:,}, max {r['max_total']:,}"
            f" | {r['us_per_match']} µs/match"
        )
        print(line)
    if result.get("naive_agrees") is False:
        print("  !! the naive loop and the indexed query disagree")


def summarise(results: dict[str, Any], scales: list[int]) -> None:
    if "100000" in results and "1000000" in results:
        for kind in ("locals", "travelers"):
            small, big = results["100000"][kind], results["1000000"][kind]
            ratio = big["median_ms"] / small["median_ms"]
            ratio_p99 = big["p99_ms"] / small["p99_ms"]
            big["scaling_from_100k"] = {"median": round(ratio, 2), "p99": round(ratio_p99, 2)}
            print(
                f"  {kind}: 100k → 1M median ×{ratio:.2f} (p99 ×{ratio_p99:.2f}), "
                f"matches ×{big['median_total'] / max(1, small['median_total']):.1f}; "
                f"target ≤ ×{TARGET_SCALING:g}"
            )
    last = results[str(scales[-1])]
    for kind, plan in last.get("plans", {}).items():
        print(f"  plan ({kind}, {scales[-1]:,} rows):")
        for line in plan:
            print(f"    {line}")


def targets(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    verdict: dict[str, Any] = {}
    for backend, by_scale in results.items():
        big = by_scale.get("1000000")
        if big is None:
            continue
        for kind in ("locals", "travelers"):
            verdict[f"{backend}_{kind}_speedup_1M_ge_100x"] = big[kind]["speedup"] >= TARGET_SPEEDUP
            scaling = big[kind].get("scaling_from_100k", {}).get("median")
            if scaling is not None:
                verdict[f"{backend}_{kind}_scaling_le_2x"] = scaling <= TARGET_SCALING
    return verdict


async def main_async(args: argparse.Namespace) -> None:
    scales = [int(s) for s in args.scales.split(",")] if args.scales else (
        [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    )  # fmt: skip
    if args.queries is None:
        args.queries = 30 if args.quick else 200
    print(
        f"radius {RADIUS_KM:g} km around London, New York and towns near them; one guild; "
        f"{args.queries} queries per kind and scale; limit {LIMIT}"
    )
    for name, (lat, lon) in CENTRES.items():
        share = _data.city_share_within(lat, lon, RADIUS_KM)
        print(f"  {name}: {share:.1%} of homes and of trip destinations within {RADIUS_KM:g} km")
    results: dict[str, dict[str, Any]] = {}
    many: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="tweetup-bench-") as folder:
        results["sqlite"] = await run_backend(SqliteBackend(Path(folder)), scales, args)
        if args.many_guilds:
            many["sqlite"] = await run_many_guilds(SqliteBackend(Path(folder), "many"), args)
    if args.pg:
        results["postgresql"] = await run_backend(PostgresBackend(args.pg), scales, args)
        if args.many_guilds:
            many["postgresql"] = await run_many_guilds(PostgresBackend(args.pg), args)
    for backend, result in many.items():
        lone = results[backend].get("100000")
        if lone is not None:
            for kind in ("locals", "travelers"):
                ratio = result[kind]["median_ms"] / lone[kind]["median_ms"]
                result[kind]["vs_lone_100k_guild"] = round(ratio, 2)
                print(f"{backend} {kind}: 100k guild among 1M rows ÷ lone 100k guild ×{ratio:.2f}")
    summary = {
        "benchmark": "matching",
        "radius_km": RADIUS_KM,
        "limit": LIMIT,
        "guilds": 1,
        "queries_per_kind": args.queries,
        "results": {
            backend: {
                scale: {k: v for k, v in r.items() if k != "plans"} for scale, r in by.items()
            }
            for backend, by in results.items()
        },
        "many_guilds": many,
        "targets": targets(results),
    }
    print(json.dumps(summary, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k, 30 queries")
    parser.add_argument("--pg", metavar="URL", help="also run on PostgreSQL (scratch database)")
    parser.add_argument("--scales", help="comma-separated member counts, e.g. 10000,100000")
    parser.add_argument("--queries", type=int, help="timed queries per kind and scale")
    parser.add_argument("--naive-runs", type=int, help="naive runs per kind and scale")
    parser.add_argument(
        "--no-many-guilds",
        dest="many_guilds",
        action="store_false",
        help="skip the 10 guilds × 100k layout (skipped by --quick)",
    )
    args = parser.parse_args()
    if args.quick:
        args.many_guilds = False
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
