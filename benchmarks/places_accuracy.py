"""Accuracy of city resolution on the labelled table, per category, plus two held-out checks.

    python benchmarks/places_accuracy.py           # table + held-out checks + timing
    python benchmarks/places_accuracy.py --quick   # table only

The table (tests/domain/places/cities_table.py) is what the rules were tuned on, so two
checks it did not shape follow: the 2,000 most populous cities by their main name (each must
come back as itself, or as an ambiguous choice that includes it), and 1,000 random cities as
"Name, Region" (each must resolve to itself). The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.places import Gazetteer, get_gazetteer  # noqa: E402
from tests.domain.places.cities_table import CATEGORIES, ROWS  # noqa: E402


def score_table(gazetteer: Gazetteer) -> tuple[dict[str, Any], list[str]]:
    per_category: dict[str, dict[str, Any]] = {}
    failures: list[str] = []
    for category in CATEGORIES:
        rows = [row for row in ROWS if row.category == category]
        correct = 0
        for row in rows:
            problem = row.check(gazetteer.resolve(row.text))
            if problem is None:
                correct += 1
            else:
                failures.append(f"{category}: {row.text!r}: {problem}")
        per_category[category] = {
            "total": len(rows),
            "correct": correct,
            "accuracy": round(correct / len(rows), 4),
        }
    return per_category, failures


def main_names(gazetteer: Gazetteer, count: int) -> dict[str, Any]:
    """Each of the biggest cities, typed by its main name alone."""
    outcome = {"resolved": 0, "asked_including_it": 0, "wrong": 0}
    for place in gazetteer.places[:count]:
        result = gazetteer.resolve(place.name)
        ids = [candidate.id for candidate in result.candidates]
        if result.best is not None and result.best.id == place.id:
            outcome["resolved"] += 1
        elif result.ambiguous and place.id in ids:
            outcome["asked_including_it"] += 1
        else:
            outcome["wrong"] += 1  # a bigger namesake won, or a country of the same name
    outcome["accuracy"] = round(1 - outcome["wrong"] / count, 4)
    return outcome


def name_and_region(gazetteer: Gazetteer, count: int) -> dict[str, Any]:
    """Random cities of any size, typed as "Name, Region" (or "Name, Country")."""
    rng = random.Random(20240601)
    right = 0
    for position in rng.sample(range(len(gazetteer)), count):
        place = gazetteer.places[position]
        text = f"{place.name}, {place.region or place.country_name}"
        result = gazetteer.resolve(text)
        ids = [candidate.id for candidate in result.candidates]
        if (result.best is not None and result.best.id == place.id) or (
            result.ambiguous and place.id in ids
        ):
            right += 1
    return {"total": count, "correct": right, "accuracy": round(right / count, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the table only")
    args = parser.parse_args()

    gazetteer = get_gazetteer()
    per_category, failures = score_table(gazetteer)
    width = max(map(len, CATEGORIES))
    for category, stats in per_category.items():
        print(
            f"{category:<{width}}  {stats['correct']:>3}/{stats['total']:<3} "
            f"{stats['accuracy']:.1%}"
        )
    total = sum(s["total"] for s in per_category.values())
    correct = sum(s["correct"] for s in per_category.values())
    print(f"{'overall':<{width}}  {correct:>3}/{total:<3} {correct / total:.1%}")
    for failure in failures:
        print(f"  FAIL {failure}")

    summary: dict[str, Any] = {
        "benchmark": "places_accuracy",
        "rows": total,
        "accuracy": round(correct / total, 4),
        "per_category": {c: s["accuracy"] for c, s in per_category.items()},
        "failures": len(failures),
    }
    if not args.quick:
        top = main_names(gazetteer, 2000)
        print(f"biggest 2,000 cities by main name: {top}")
        qualified = name_and_region(gazetteer, 1000)
        print(f"1,000 random cities as 'Name, Region': {qualified}")
        timings = []
        for row in ROWS:
            started = time.perf_counter()
            gazetteer.resolve(row.text)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        summary["held_out"] = {
            "biggest_2000_by_name": top["accuracy"],
            "random_1000_name_region": qualified["accuracy"],
        }
        summary["resolve_p50_ms"] = round(statistics.median(timings), 3)
        summary["resolve_max_ms"] = round(timings[-1], 3)
        print(f"resolve: p50 {summary['resolve_p50_ms']} ms, max {summary['resolve_max_ms']} ms")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
