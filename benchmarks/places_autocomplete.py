"""Speed and memory of the places gazetteer: load time, index RSS, autocomplete latency.

    python benchmarks/places_autocomplete.py           # full: 5 timed passes + an index build
    python benchmarks/places_autocomplete.py --quick   # one timed pass, no index build

Loads the gazetteer the way the bot does (maps the prebuilt index file) and measures the
resident memory it adds, at load and after the keystrokes below have touched the pages they
need; then times ``autocomplete`` on a realistic keystroke stream: every
prefix (1 to 10 characters) of popular city names as people type them (English, native,
accented and unaccented, non-Latin scripts), typos, and "City, Region" forms, with a guild's
50 cities boosted. The full run also builds the index file from the GeoNames JSON in a fresh
process, as installing does (``python -m bot.domain.places``). The last line printed is one
JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.places import Gazetteer  # noqa: E402
from bot.domain.places.source import DEFAULT_MIN_POPULATION  # noqa: E402

NAMES = [
    "New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio",
    "San Diego", "Dallas", "San Jose", "Austin", "Jacksonville", "San Francisco", "Columbus",
    "Seattle", "Denver", "Washington", "Boston", "Nashville", "Portland", "Las Vegas",
    "Detroit", "Memphis", "Louisville", "Baltimore", "Milwaukee", "Albuquerque", "Tucson",
    "Sacramento", "Atlanta", "Miami", "Minneapolis", "New Orleans", "Pittsburgh", "Cincinnati",
    "Salt Lake City", "Kansas City", "St. Louis", "Springfield", "Cambridge", "Toronto",
    "Montréal", "Montreal", "Vancouver", "Calgary", "Ottawa", "Mexico City", "Guadalajara",
    "São Paulo", "Sao Paulo", "Rio de Janeiro", "Buenos Aires", "Bogotá", "Lima", "Santiago",
    "London", "Manchester", "Birmingham", "Edinburgh", "Glasgow", "Dublin", "Paris", "Lyon",
    "Marseille", "Berlin", "Hamburg", "München", "Munich", "Muenchen", "Köln", "Cologne",
    "Frankfurt", "Düsseldorf", "Stuttgart", "Wien", "Vienna", "Zürich", "Zurich", "Genève",
    "Amsterdam", "Rotterdam", "Den Haag", "Brussels", "Antwerpen", "Copenhagen", "København",
    "Stockholm", "Göteborg", "Oslo", "Tromsø", "Tromso", "Helsinki", "Reykjavík", "Warsaw",
    "Kraków", "Krakow", "Łódź", "Lodz", "Praha", "Prague", "Budapest", "Bucharest", "Athens",
    "Istanbul", "İstanbul", "Madrid", "Barcelona", "Valencia", "Sevilla", "Lisbon", "Porto",
    "Rome", "Milano", "Napoli", "Firenze", "Venezia", "Kyiv", "Kiev", "Moscow",
    "Saint Petersburg", "Tel Aviv", "Dubai", "Cairo", "Lagos", "Nairobi", "Johannesburg",
    "Cape Town", "Mumbai", "Bombay", "Delhi", "Bengaluru", "Bangalore", "Chennai", "Kolkata",
    "Karachi", "Dhaka", "Bangkok", "Ho Chi Minh City", "Saigon", "Hanoi", "Singapore",
    "Kuala Lumpur", "Jakarta", "Manila", "Hong Kong", "Shanghai", "Beijing", "Peking",
    "Shenzhen", "Taipei", "Seoul", "Busan", "Tokyo", "Osaka", "Kyoto", "Sydney", "Melbourne",
    "Brisbane", "Perth", "Auckland", "Wellington", "NYC", "SF", "LA", "Philly", "Vegas",
    "CDMX", "Winston-Salem", "Xi'an",
]  # fmt: skip
NON_LATIN = [
    "Москва", "Санкт-Петербург", "Київ", "東京", "大阪", "北京", "上海", "서울", "부산",
    "Αθήνα", "القاهرة", "دبي", "मुंबई", "दिल्ली", "תל אביב", "กรุงเทพมหานคร", "Τόκιο",
]  # fmt: skip
TYPOS = [
    "Chicgo", "Pittsburh", "Philadelpia", "Sna Francisco", "Amsterdm", "Barcelonna",
    "Los Angles", "Seatle", "Torono", "Edinbrugh", "Munchn", "Bostn", "Melborne",
    "Copenhagn", "Minneapolos", "Albuquerqe", "Minnaepolis", "Sacremento", "Cincinatti",
    "Nashvile", "Atalnta", "Jacksonvile", "Denevr", "Hosuton", "Dalas", "Brisbaine",
]  # fmt: skip
QUALIFIED = [
    "Portland, Oregon", "Portland, Maine", "Springfield, Illinois", "Cambridge, MA",
    "London, Ontario", "Paris, Texas", "Valencia, Spain", "San Jose, Costa Rica",
]  # fmt: skip


def keystrokes() -> list[str]:
    """Every prefix a person types on the way to each name, 1 to 10 characters."""
    prefixes: list[str] = []
    for name in NAMES + NON_LATIN + TYPOS:
        prefixes += [name[:n] for n in range(1, min(len(name), 10) + 1)]
    for name in QUALIFIED:
        comma = name.index(",")
        prefixes += [name[:n] for n in range(comma + 1, len(name) + 1)]
    prefixes += ["", " ", "s", "sa", "san", "san ", "st ", "new ", "port"]
    return prefixes


def status_mb(field: str = "VmRSS") -> float:
    """A memory figure of this process from /proc (VmRSS: now; VmHWM: the peak so far)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cold_build() -> dict[str, float]:
    """Build the index file from the JSON in a fresh process, as installing does."""
    out = subprocess.run(
        [sys.executable, __file__, "--cold-build-child"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def cold_build_child() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "places.idx"
        started = time.perf_counter()
        Gazetteer.write_index(path, DEFAULT_MIN_POPULATION)
        seconds = time.perf_counter() - started
        size = path.stat().st_size / 1e6
    summary = {"build_seconds": round(seconds, 2), "build_peak_mb": round(status_mb("VmHWM"), 1)}
    print(json.dumps({**summary, "index_file_mb": round(size, 1)}))


def percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1)))
    return sorted_values[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one pass, no cold build")
    parser.add_argument("--cold-build-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_build_child:
        cold_build_child()
        return

    gc.collect()
    before = status_mb()
    started = time.perf_counter()
    gazetteer = Gazetteer.load()
    load_seconds = time.perf_counter() - started
    gc.collect()
    index_rss = status_mb() - before
    print(f"cities: {len(gazetteer):,} (population >= {DEFAULT_MIN_POPULATION:,})")
    print(f"spellings indexed: {len(gazetteer.index):,}")
    print(f"load: {load_seconds:.3f} s (maps the prebuilt index file)")
    print(f"index RSS: {index_rss:.0f} MB")

    boost = [place.id for place in gazetteer.places[:40]] + [
        place.id for place in gazetteer.places[5000:50000:4500]
    ]
    queries = keystrokes()
    for query in queries:  # warm-up pass
        gazetteer.autocomplete(query, boost_ids=boost)
    gc.collect()
    touched_rss = status_mb() - before
    print(f"index RSS after one pass of keystrokes: {touched_rss:.0f} MB")
    passes = 1 if args.quick else 5
    timings: list[float] = []
    cpu_timings: list[float] = []  # unaffected by other processes taking the CPU away
    worst = ("", 0.0)
    for _ in range(passes):
        for query in queries:
            c0 = time.thread_time_ns()
            t0 = time.perf_counter_ns()
            gazetteer.autocomplete(query, boost_ids=boost)
            elapsed = (time.perf_counter_ns() - t0) / 1e6
            cpu_timings.append((time.thread_time_ns() - c0) / 1e6)
            timings.append(elapsed)
            if elapsed > worst[1]:
                worst = (query, elapsed)
    timings.sort()
    cpu_timings.sort()
    summary: dict[str, Any] = {
        "benchmark": "places_autocomplete",
        "cities": len(gazetteer),
        "min_population": DEFAULT_MIN_POPULATION,
        "spellings": len(gazetteer.index),
        "load_seconds": round(load_seconds, 3),
        "index_rss_mb": round(index_rss, 1),
        "index_rss_after_keystrokes_mb": round(touched_rss, 1),
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 3),
        "p99_ms": round(percentile(timings, 0.99), 3),
        "max_ms": round(timings[-1], 3),
        "slowest_query": worst[0],
        "cpu_p50_ms": round(statistics.median(cpu_timings), 3),
        "cpu_p99_ms": round(percentile(cpu_timings, 0.99), 3),
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(f"autocomplete over {len(timings):,} keystrokes ({len(queries)} distinct):")
    print(f"  p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms")
    print(
        f"  CPU time p50 {summary['cpu_p50_ms']} ms, p99 {summary['cpu_p99_ms']} ms "
        f"(load average {summary['load_average']} on {os.cpu_count()} cores)"
    )
    if not args.quick:
        summary.update(cold_build())
        print(
            f"building the index file (install): {summary['build_seconds']} s, "
            f"peak RSS {summary['build_peak_mb']} MB, file {summary['index_file_mb']} MB"
        )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
