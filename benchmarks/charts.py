"""How long the community pictures take to draw: the "who's in town when" chart and the
monthly community card, against the budget of 200 ms per picture.

    python benchmarks/charts.py                     # 40 renders of each, ~30 s
    python benchmarks/charts.py --quick             # 8 renders of each, a few seconds
    python benchmarks/charts.py --examples docs/images   # also write the example PNGs

The product's renderer (``bot.ui.charts``: matplotlib's object-oriented API on an explicit
Agg canvas, fixed margins, one collection for all bars, fast zlib) draws a full chart: 20
travelers' rows plus the locals band over 60 days, and a card with 12 cities. The baseline
is the way one first writes it, side by side in the same run: ``pyplot`` with the
constrained layout engine, one ``broken_barh`` per row, default PNG compression.

Both wall-clock and CPU time are reported (median and p95 per picture) after one warm-up
render each: on a shared machine the CPU time is the fairer figure of what a render costs,
the wall time what a member waits. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.dates import date2num  # noqa: E402

from bot.domain.dates.model import DateRange  # noqa: E402
from bot.domain.icebreakers import CommunityStats, TownChart, town_chart  # noqa: E402
from bot.ui.charts import community_card_png, town_chart_png  # noqa: E402

BUDGET_MS = 200.0
NAMES = [
    "Ana", "Bo", "Chen Wei", "Dee", "Élodie", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kwame", "Lena", "Mateus", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tomás",
    "Uma", "Viktor",
]  # fmt: skip
CITIES = [
    ("Berlin, DE", 9), ("Lisbon, PT", 6), ("Paris, FR", 5), ("Amsterdam, NL", 4),
    ("London, GB", 4), ("Barcelona, ES", 3), ("New York, US", 3), ("Tokyo, JP", 2),
    ("Warsaw, PL", 2), ("Porto, PT", 1), ("Vienna, AT", 1), ("Zurich, CH", 1),
]  # fmt: skip


def sample_chart() -> TownChart:
    """22 travelers (20 drawn, "+2 more"), some with two trips, 60 days in Berlin."""
    window = DateRange(date(2026, 12, 1), date(2026, 12, 1) + timedelta(days=59))
    trips = []
    for index in range(len(NAMES)):
        start = window.start + timedelta(days=(index * 7) % 50)
        trips.append((index, DateRange(start, start + timedelta(days=2 + index % 6))))
        if index % 4 == 0:
            again = start + timedelta(days=20)
            trips.append((index, DateRange(again, again + timedelta(days=3))))
    names = dict(enumerate(NAMES))
    return town_chart("Berlin, DE", "Europe/Berlin", window, 37, trips, names)


def sample_stats() -> CommunityStats:
    return CommunityStats(
        held=sum(count for _, count in CITIES),
        people_met=64,
        first_timers_welcomed=17,
        cities=tuple(CITIES),
        busiest_months=(("2026-11", 41),),
    )


def baseline_town_png(chart: TownChart) -> bytes:
    """The first way one writes it: pyplot, constrained layout, a broken_barh per row."""
    figure, axes = plt.subplots(
        figsize=(8.0, 1.2 + 0.3 * (len(chart.rows) + 1)), layout="constrained"
    )
    axes.broken_barh(
        [(date2num(chart.window.start), chart.window.days)], (-0.4, 0.8), facecolors="#57f28733"
    )
    for index, row in enumerate(chart.rows, start=1):
        spans = [(date2num(s.start), s.days) for s in row.stays]
        axes.broken_barh(spans, (index - 0.35, 0.7), facecolors="#5865f2")
    axes.set_yticks(range(len(chart.rows) + 1), ["Locals", *(r.name for r in chart.rows)])
    axes.invert_yaxis()
    axes.xaxis_date()
    axes.grid(axis="x")
    axes.set_title(f"Who's in {chart.city}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return buffer.getvalue()


def baseline_card_png(stats: CommunityStats) -> bytes:
    figure, (left, right) = plt.subplots(1, 2, figsize=(8.0, 4.5), layout="constrained")
    left.set_axis_off()
    left.text(0, 0.8, f"{stats.held} meetups held", fontsize=16)
    left.text(0, 0.6, f"{stats.people_met} people met", fontsize=16)
    left.text(0, 0.4, f"{stats.first_timers_welcomed} first-timers", fontsize=16)
    cities = [city.split(",")[0] for city, _ in stats.cities]
    right.barh(cities, [count for _, count in stats.cities], color="#5865f2")
    right.invert_yaxis()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return buffer.getvalue()


def measure(render: Callable[[], bytes], runs: int) -> dict[str, float]:
    render()  # warm-up: fonts, caches
    walls, cpus, size = [], [], 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        size = len(render())
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    cpus.sort()
    p95 = max(0, int(len(walls) * 0.95) - 1)
    return {
        "wall_median_ms": round(statistics.median(walls), 1),
        "wall_p95_ms": round(walls[p95], 1),
        "cpu_median_ms": round(statistics.median(cpus), 1),
        "cpu_p95_ms": round(cpus[p95], 1),
        "png_kb": round(size / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 renders of each")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--examples", type=Path, help="write the example PNGs to this folder")
    args = parser.parse_args()
    runs = 8 if args.quick else args.runs
    chart, stats = sample_chart(), sample_stats()
    month = date(2026, 11, 1)
    if args.examples:
        args.examples.mkdir(parents=True, exist_ok=True)
        (args.examples / "whos-in-town.png").write_bytes(town_chart_png(chart))
        card = community_card_png("Tweetup Test Server", month, stats)
        (args.examples / "community-card.png").write_bytes(card)
    results = {
        "town_chart": measure(lambda: town_chart_png(chart), runs),
        "town_chart_baseline": measure(lambda: baseline_town_png(chart), runs),
        "community_card": measure(
            lambda: community_card_png("Tweetup Test Server", month, stats), runs
        ),
        "community_card_baseline": measure(lambda: baseline_card_png(stats), runs),
    }
    print(f"{runs} renders each, after a warm-up; budget {BUDGET_MS:.0f} ms per picture")
    print(f"{'picture':<26}{'wall med':>10}{'wall p95':>10}{'cpu med':>10}{'cpu p95':>10}{'KB':>8}")
    for name, figures in results.items():
        print(
            f"{name:<26}{figures['wall_median_ms']:>10}{figures['wall_p95_ms']:>10}"
            f"{figures['cpu_median_ms']:>10}{figures['cpu_p95_ms']:>10}{figures['png_kb']:>8}"
        )
    summary = {
        "runs": runs,
        "budget_ms": BUDGET_MS,
        **{
            f"{name}_{key}": value
            for name, figures in results.items()
            for key, value in figures.items()
        },
        "within_budget_cpu": all(
            results[name]["cpu_median_ms"] < BUDGET_MS for name in ("town_chart", "community_card")
        ),
    }
    print()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
