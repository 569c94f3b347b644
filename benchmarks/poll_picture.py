"""Rendering time of a time poll's heat map (target: under 150 ms).

    python benchmarks/poll_picture.py           # 200 renders of each size
    python benchmarks/poll_picture.py --quick   # 30 renders of each size

Renders the PNG the bot attaches to a poll (``bot.ui.poll_picture.render_grid``) for the
sizes a poll can have: 3 times × 2 invitees, 5 × 6, and the largest, 5 times × 12 visible
invitees, with votes spread over every kind of cell. Times are wall-clock per render
(Pillow, in-process, fonts cached after the first render, which is timed separately as the
cold render). The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.tweetups import Vote  # noqa: E402
from bot.domain.tweetups.poll_grid import build_grid  # noqa: E402
from bot.ui.poll_picture import render_grid  # noqa: E402

TARGET_MS = 150.0


def grid(times: int, people: int):  # type: ignore[no-untyped-def]
    start = datetime(2026, 12, 4, 19, tzinfo=ZoneInfo("Europe/Berlin"))
    slots = [(i, start + timedelta(days=i)) for i in range(times)]
    votes = list(Vote)
    ballots = {
        slot: {person: votes[(slot + person) % 3] for person in range(people) if person % 4}
        for slot, _ in slots
    }
    return build_grid(slots, list(range(people)), ballots, {}, leading_slot=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 30 if args.quick else 200
    results = {}
    cold_start = time.perf_counter()
    render_grid(grid(3, 2), ["Ana", "Bo"])
    cold_ms = (time.perf_counter() - cold_start) * 1000
    print(f"cold render (fonts loaded): {cold_ms:.1f} ms")
    for times, people in ((3, 2), (5, 6), (5, 12)):
        data = grid(times, people)
        names = [f"Member {i}" for i in range(people)]
        samples = []
        for _ in range(runs):
            began = time.perf_counter()
            png = render_grid(data, names)
            samples.append((time.perf_counter() - began) * 1000)
        samples.sort()
        p50 = statistics.median(samples)
        p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
        key = f"{times}x{people}"
        results[key] = {"p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "bytes": len(png)}
        print(f"{key:>5}: p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  ({len(png):,} bytes)")
    worst = max(r["p99_ms"] for r in results.values())
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"worst p99 {worst:.2f} ms, target < {TARGET_MS:.0f} ms: {verdict}")
    summary = {"benchmark": "poll_picture", "runs": runs, "cold_ms": round(cold_ms, 1), **results}
    summary["target_met"] = worst < TARGET_MS
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
