"""Matching against the queries a database engineer would write, side by side in one run.

    python benchmarks/matching.py --quick         # SQLite, 10k / 100k, 4 queries a cell
    python benchmarks/matching.py                 # SQLite, 100k / 1M
    python benchmarks/matching.py --pg postgresql+asyncpg://postgres@127.0.0.1:5432/test
                                                  # SQLite, then PostgreSQL (a scratch
                                                  # database is created next to that one)

One guild holds every row (the worst case for the ``guild_id`` prefix of the indexes), with
as many trips as homes; members are spread over the gazetteer's cities by population and
Discord use (see ``_data.py``). The schema comes from the real migrations; rows are bulk
loaded with the database's triggers off (SQLite: one executemany transaction; PostgreSQL:
COPY, then VACUUM ANALYZE as autovacuum would), the tables the triggers keep are filled with
the migrations' own statements and checked against a recount, and the same database grows
from scale to scale. The full run then also
measures the other layout, 10 guilds of 100k (1M rows), querying one of them (ours only).

Queries go to four centres (London and New York, where the centre city alone passes the
count cap; Frankfurt, many mid-size towns; Bozeman, Montana, a sparse region) at radii 25,
100 and 500 km, each for a 2-7 day window in the next four months, excluding a random
asking member. "ours" is the real service call (``locals_near`` / ``travelers_near``,
limit 25, in its own read session); the baselines (``_baselines.py``) answer the same
question — bounding box on the ``(guild_id, lat, lon)`` index, SQLite's R*Tree, and on
PostgreSQL earthdistance/cube and PostGIS with GiST indexes and KNN — in their own read
session each. Every query runs every approach back to back, and each answer (capped total,
nearest distances) must equal ours. Ratios are best baseline ÷ ours (above 1: ours is
faster). At the largest scale the plans of the statements the services sent are printed
(EXPLAIN QUERY PLAN; EXPLAIN ANALYZE on PostgreSQL).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import _data  # noqa: E402
from _baselines import (  # noqa: E402
    Answer,
    Approach,
    BoundingBoxQuery,
    EarthDistanceQuery,
    PostgisQuery,
    RTreeQuery,
    build_postgres,
    postgis_available,
)
from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.db import migrate  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.domain.dates.model import DateRange  # noqa: E402
from bot.services.matching import Around, locals_near, travelers_near  # noqa: E402

RADII = (25.0, 100.0, 500.0)
LIMIT = 25
# London and New York: the centre city alone passes the count cap. Frankfurt: the Rhine-Main
# region, many mid-size towns and no dominant one. Bozeman, Montana: a sparse region.
CENTRES = {
    "London": (51.50853, -0.12574),
    "New York": (40.71427, -74.00597),
    "Frankfurt": (50.11552, 8.68417),
    "Bozeman": (45.67965, -111.03856),
}
TARGET_VS_BEST = 3.0
WARM_RUNS = 6  # untimed runs of each approach per cell (see measure_scale)
KINDS = ("locals", "travelers")


# -- the ways of answering -------------------------------------------------------------------


async def ours(db: Database, kind: str, around: Around) -> Answer:
    """The real service call, in its own read session, as the bot makes it."""
    query = locals_near if kind == "locals" else travelers_near
    async with db.read_session() as session:
        found = await query(session=session, around=around, limit=LIMIT)
    return Answer([m.distance_km for m in found.matches], found.total, found.capped)


def approaches(db: Database, postgis: bool) -> dict[str, Approach | None]:
    """Ours (None) first, then the baselines this backend has."""
    if db.dialect == "sqlite":
        return {"ours": None, "bbox": BoundingBoxQuery("sqlite"), "rtree": RTreeQuery()}
    found: dict[str, Approach | None] = {
        "ours": None,
        "bbox": BoundingBoxQuery("postgresql"),
        "earthdistance": EarthDistanceQuery(),
    }
    if postgis:
        found["postgis"] = PostgisQuery()
    return found


async def ask(db: Database, approach: Approach | None, kind: str, around: Around) -> Answer:
    if approach is None:
        return await ours(db, kind, around)
    async with db.read_session() as session:
        return await approach.answer(session, kind, around, LIMIT)


def agree(a: Answer, b: Answer) -> bool:
    return (
        (a.total, a.capped) == (b.total, b.capped)
        and len(a.distances) == len(b.distances)
        and all(abs(x - y) < 1e-6 for x, y in zip(a.distances, b.distances, strict=True))
    )


# -- the workload ----------------------------------------------------------------------------


def arounds(
    centre: tuple[float, float], radius: float, count: int, members: int, seed: int
) -> list[Around]:
    """Queries at one centre and radius: a 2-7 day window in the next four months, asked by
    a random member."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        start = _data.TODAY + timedelta(days=rng.randint(0, 120))
        window = DateRange(start, start + timedelta(days=rng.randint(1, 6)))
        exclude = _data.user_id(rng.randrange(members))
        result.append(Around(_data.GUILD_ID, *centre, radius, window, exclude))
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
    db: Database,
    members: int,
    *,
    queries: int,
    seed: int,
    ways: dict[str, Approach | None],
    centres: dict[str, tuple[float, float]] = CENTRES,
    radii: tuple[float, ...] = RADII,
) -> dict[str, Any]:
    """Every approach on the same queries, interleaved query by query so all see the same
    conditions; each answer is checked against ours. The objects made until then are frozen
    out of the garbage collector first, as the bot does once connected (``bot.cli.run``):
    a full collection over the start-up's objects cost ~90 ms inside whichever query it
    fell on."""
    gc.collect()
    gc.freeze()
    times: dict[str, dict[str, list[float]]] = {k: {w: [] for w in ways} for k in KINDS}
    cells: list[dict[str, Any]] = []
    disagreements = 0
    for index, (name, centre) in enumerate(centres.items()):
        for radius in radii:
            workload = arounds(centre, radius, queries, members, seed + index * 1000 + int(radius))
            # Warm the page cache and the statement caches: PostgreSQL plans a prepared
            # statement afresh on each of its first five runs on a connection, then settles
            # on its generic plan, which is what a running bot's pooled connections use.
            for way in ways.values():
                for kind in KINDS:
                    for _ in range(WARM_RUNS):
                        await ask(db, way, kind, workload[0])
            cell: dict[str, Any] = {"centre": name, "radius_km": radius}
            for kind in KINDS:
                per_way: dict[str, list[float]] = {w: [] for w in ways}
                totals = []
                for around in workload:
                    reference = None
                    for label, way in ways.items():
                        elapsed, answer = await timed(ask(db, way, kind, around))
                        per_way[label].append(elapsed)
                        times[kind][label].append(elapsed)
                        if reference is None:
                            reference = answer
                            totals.append(answer.total)
                        elif not agree(reference, answer):
                            disagreements += 1
                medians = {w: round(statistics.median(v), 3) for w, v in per_way.items()}
                best = min((m, w) for w, m in medians.items() if w != "ours")
                cell[kind] = {
                    "median_ms": medians,
                    "total": int(statistics.median(totals)),
                    "best_baseline": best[1],
                    "ratio": round(best[0] / medians["ours"], 2),
                }
            cells.append(cell)
    result: dict[str, Any] = {"rows": {"homes": members, "trips": members}, "cells": cells}
    for kind in KINDS:
        result[kind] = {w: stats(v) for w, v in times[kind].items()}
        ratios = [cell[kind]["ratio"] for cell in cells]
        result[kind]["worst_cell_ratio"] = min(ratios)
        best = min(
            (stats_["median_ms"], w)
            for w, stats_ in result[kind].items()
            if w not in ("ours",)
            if isinstance(stats_, dict)
        )
        result[kind]["best_baseline"] = best[1]
        result[kind]["ratio_all_queries"] = round(best[0] / result[kind]["ours"]["median_ms"], 2)
    result["disagreements"] = disagreements
    return result


# -- plans -----------------------------------------------------------------------------------


def _label(statement: str) -> str:
    lowered = statement.lower()
    if "lateral" in lowered:
        return "cities, count and rows in one statement"
    if "trip_boxes" in lowered and "trip_weeks" not in lowered:
        return "the candidate rings' boxes counted in the R*Tree"
    if "trip_boxes" in lowered:
        return "a ring: its nearest town alone, else its trips through the R*Tree"
    if "guild_places" in lowered and "trip_weeks" in lowered:
        return "a ring's overlapping trips through its towns"
    if "guild_places" in lowered and "chosen" in lowered:
        return "the first ring or the circle, chosen in the statement: count and rows"
    if "guild_places" in lowered:
        return "a ring's cities: count and, if it answers, rows"
    if "count(" in lowered:
        return "capped count"
    return "rows"


async def query_plans(db: Database, around: Around) -> dict[str, list[str]]:
    """The plan of the statements the services actually send (captured as they run)."""
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, params))

    labelled: list[tuple[str, str, Any]] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
    try:
        for kind in KINDS:
            seen.clear()
            await ours(db, kind, around)
            for index, (statement, params) in enumerate(seen, start=1):
                labelled.append((f"{kind} #{index} {_label(statement)}", statement, params))
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

    async def grow(
        self, population: _data.Population, members: int, seed: int = 5, baselines: bool = True
    ) -> None:
        await asyncio.to_thread(_data.grow_sqlite, self.path, population, members, seed=seed)
        if baselines:
            await asyncio.to_thread(RTreeQuery.build, self.path)

    async def postgis(self) -> bool:
        return False

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

    async def grow(
        self, population: _data.Population, members: int, seed: int = 5, baselines: bool = True
    ) -> None:
        await _data.grow_postgres(self.dsn, population, members, seed=seed)
        if baselines:
            await build_postgres(self.dsn, await self.postgis())

    async def postgis(self) -> bool:
        return await postgis_available(self.admin)

    async def teardown(self) -> None:
        await self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


Backend = SqliteBackend | PostgresBackend


async def run_backend(backend: Backend, scales: list[int], args: argparse.Namespace) -> Any:
    """One guild growing through the scales, every approach measured at each."""
    print(f"\n== {backend.name}: one guild holding every row ==")
    await backend.setup()
    results: dict[str, Any] = {}
    population = _data.Population()
    postgis = await backend.postgis()
    try:
        for members in scales:
            started = time.perf_counter()
            await backend.grow(population, members)
            load_s = time.perf_counter() - started
            db = Database.from_url(backend.url)
            try:
                result = await measure_scale(
                    db, members, queries=args.queries, seed=members, ways=approaches(db, postgis)
                )
                result["load_seconds"] = round(load_s, 1)
                if members == scales[-1]:
                    centre = CENTRES["Frankfurt"]
                    result["plans"] = await query_plans(db, arounds(centre, 100, 1, members, 0)[0])
            finally:
                await db.dispose()
            results[str(members)] = result
            print_scale(members, result)
    finally:
        await backend.teardown()
    last = results[str(scales[-1])]
    for label, plan in last.get("plans", {}).items():
        print(f"  plan ({label}, Frankfurt 100 km, {scales[-1]:,} rows):")
        for line in plan:
            print(f"    {line}")
    return results


async def run_many_guilds(backend: Backend, args: argparse.Namespace) -> dict[str, Any]:
    """The other realistic layout: 1M rows in 10 guilds of 100k members (the same people
    in several servers); our queries in one of them. The guild_id prefix should make it cost
    what a lone 100k guild costs."""
    guilds, members = 10, 100_000
    layout = f"{guilds} guilds of {members:,} members ({guilds * members:,} rows)"
    print(f"\n== {backend.name}: {layout} ==")
    await backend.setup()
    try:
        started = time.perf_counter()
        for index in range(guilds):
            population = _data.Population(guild_id=_data.GUILD_ID + index, trips=index * members)
            await backend.grow(population, members, seed=100 + index, baselines=False)
        load_s = time.perf_counter() - started
        db = Database.from_url(backend.url)
        try:
            result = await measure_scale(
                db, members, queries=args.queries, seed=members, ways={"ours": None}
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
    ways = [w for w in result["locals"] if isinstance(result["locals"][w], dict)]
    header = "".join(f"{w:>15}" for w in ways)
    for kind in KINDS:
        print(f"  {kind}: median ms per approach (ratio = best baseline / ours), total")
        print(f"    {'centre':<10} {'km':>4}{header}  ratio   total")
        for cell in result["cells"]:
            c = cell[kind]
            figures = "".join(f"{c['median_ms'][w]:15.2f}" for w in ways)
            print(
                f"    {cell['centre']:<10} {cell['radius_km']:4.0f}{figures}"
                f"  {c['ratio']:5.2f}x {c['total']:7,}"
            )
        r = result[kind]
        all_queries = "".join(f"{r[w]['median_ms']:8.2f}/{r[w]['p99_ms']:6.1f}" for w in ways)
        print(f"    {'all (median/p99)':<15}{all_queries}")
        if len(ways) > 1:
            print(
                f"    ours vs best ({r['best_baseline']}): ×{r['ratio_all_queries']} over all "
                f"queries, worst cell ×{r['worst_cell_ratio']} (target ≥ ×{TARGET_VS_BEST:g} at "
                "1M, never below ×1)"
            )
    if result["disagreements"]:
        print(f"  !! {result['disagreements']} answers disagree with ours")


def targets(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    verdict: dict[str, Any] = {}
    for backend, by_scale in results.items():
        for scale, result in by_scale.items():
            for kind in KINDS:
                r = result[kind]
                if len(r) <= 4:  # ours only
                    continue
                if scale == "1000000":
                    verdict[f"{backend}_{kind}_1M_ge_{TARGET_VS_BEST:g}x_best"] = (
                        r["ratio_all_queries"] >= TARGET_VS_BEST
                    )
                verdict[f"{backend}_{kind}_{scale}_never_slower"] = r["worst_cell_ratio"] >= 1
            verdict[f"{backend}_{scale}_answers_agree"] = result["disagreements"] == 0
    return verdict


async def main_async(args: argparse.Namespace) -> None:
    scales = [int(s) for s in args.scales.split(",")] if args.scales else (
        [10_000, 100_000] if args.quick else [100_000, 1_000_000]
    )  # fmt: skip
    if args.queries is None:
        args.queries = 4 if args.quick else 15
    print(
        f"radii {', '.join(f'{r:g}' for r in RADII)} km around {', '.join(CENTRES)}; one guild; "
        f"{args.queries} queries per kind, centre and radius; limit {LIMIT}"
    )
    for name, (lat, lon) in CENTRES.items():
        shares = [f"{_data.city_share_within(lat, lon, r):.2%}" for r in RADII]
        print(f"  {name}: share of rows within {'/'.join(f'{r:g}' for r in RADII)} km: {shares}")
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
            for kind in KINDS:
                ratio = result[kind]["ours"]["median_ms"] / lone[kind]["ours"]["median_ms"]
                result[kind]["vs_lone_100k_guild"] = round(ratio, 2)
                print(f"{backend} {kind}: 100k guild among 1M rows ÷ lone 100k guild ×{ratio:.2f}")
    summary = {
        "benchmark": "matching",
        "radii_km": RADII,
        "centres": list(CENTRES),
        "limit": LIMIT,
        "guilds": 1,
        "queries_per_cell": args.queries,
        "results": {
            backend: {
                scale: {k: v for k, v in r.items() if k not in ("plans", "cells")}
                for scale, r in by.items()
            }
            for backend, by in results.items()
        },
        "many_guilds": {b: {k: v for k, v in r.items() if k != "cells"} for b, r in many.items()},
        "targets": targets(results),
    }
    print(json.dumps(summary, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k, 4 queries a cell")
    parser.add_argument("--pg", metavar="URL", help="also run on PostgreSQL (scratch database)")
    parser.add_argument("--scales", help="comma-separated member counts, e.g. 10000,100000")
    parser.add_argument("--queries", type=int, help="timed queries per kind, centre and radius")
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
