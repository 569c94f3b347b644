"""Accuracy and latency of the chat reader (``extract_trip``) on the held-back split.

    python benchmarks/chatter_accuracy.py            # held-back split, everyday chat, latency
    python benchmarks/chatter_accuracy.py --quick    # the same with fewer latency rounds
    python benchmarks/chatter_accuracy.py --split train --failures   # look at mistakes

Prints precision/recall of "the author's own trip", city and date accuracy on the trips it
accepts, figures per kind of message (trip, someone else's, past, hypothetical, ...), the
same at the high-precision "quiet" threshold used for unprompted nudges, false nudges per
1,000 everyday (non-trip) chat messages, and p50/p99 latency per message in-process (after
warm-up: the gazetteer and word frequencies are loaded once per process), as wall clock
and as CPU time of the reading thread. The last line
printed is one JSON object. The held-back split is never used for training or tuning.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.chatter import extract_trip, warm_up  # noqa: E402
from bot.domain.chatter.model import load_model  # noqa: E402
from bot.domain.places import get_gazetteer  # noqa: E402
from tests.domain.chatter.corpus import TODAY, ZONE, Example, Outcome, load, score  # noqa: E402


def run(examples: tuple[Example, ...]) -> tuple[list[Outcome], list[float], list[float]]:
    """Outcomes, wall-clock and CPU milliseconds per message.

    CPU time (this thread only) is reported beside wall time because the benchmark machine
    is shared: a message preempted by another process shows a wall-clock spike that says
    nothing about the reader.
    """
    outcomes: list[Outcome] = []
    times: list[float] = []
    cpu: list[float] = []
    for example in examples:
        started, cpu_started = time.perf_counter(), time.thread_time()
        reading = extract_trip(example.text, TODAY, ZONE, example.date_order)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - cpu_started) * 1000)
        exact = reading.dates_exact
        city = reading.city
        outcomes.append(
            Outcome(
                reading.trip,
                reading.confidence,
                city.id if city else None,
                exact.start if exact else None,
                exact.end if exact else None,
            )
        )
    return outcomes, times, cpu


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def print_scores(title: str, figures: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(
        f"  own trip: precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
        f"F1 {figures['f1']:.3f}  ({figures['messages']} messages)"
    )
    print(
        f"  city right {figures['city_accuracy']:.3f} of {figures['city_total']} accepted "
        f"trips; dates exact {figures['dates_exact']:.3f} of {figures['dates_total']} "
        "accepted dated trips"
    )
    for kind, row in figures["per_kind"].items():
        print(f"    {kind:<10} {row['correct']:>4}/{row['total']:<4} {row['accuracy']:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one latency round")
    parser.add_argument("--split", choices=("heldout", "train"), default="heldout")
    parser.add_argument("--failures", action="store_true", help="list the misread messages")
    args = parser.parse_args()

    gazetteer = get_gazetteer()
    warm_up()
    model = load_model()
    examples = load(args.split)
    outcomes, _, _ = run(examples)  # the first pass also warms every cache
    rounds = 1 if args.quick else 5
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        _, wall, used = run(examples)
        times += wall
        cpu += used

    default = score(examples, outcomes, gazetteer)
    quiet = score(examples, outcomes, gazetteer, threshold=model.quiet_threshold)
    print(f"chat reader on the {args.split} split, read on {TODAY} ({len(examples)} messages)")
    print_scores(f"default threshold {model.threshold:.2f}", default)
    print_scores(f"quiet threshold {model.quiet_threshold:.2f} (unprompted nudges)", quiet)
    if args.failures:
        print("\nmisread:")
        for where, text in default["failures"]:
            print(f"  {where}: {text!r}")

    everyday = load("everyday")
    chat_outcomes, chat_times, chat_cpu = run(everyday)
    times += chat_times
    cpu += chat_cpu
    nudges = sum(o.confidence >= model.quiet_threshold for o in chat_outcomes)
    accepted = sum(o.trip for o in chat_outcomes)
    per_thousand = 1000 * nudges / len(everyday)
    print(
        f"\neveryday chat: {len(everyday)} messages, {accepted} read as trips at the default "
        f"threshold, {nudges} false nudges at the quiet one ({per_thousand:.1f} per 1,000)"
    )
    p50, p99 = statistics.median(times), percentile(times, 0.99)
    cpu50, cpu99 = statistics.median(cpu), percentile(cpu, 0.99)
    print(
        f"latency per message: p50 {p50:.3f} ms, p99 {p99:.3f} ms wall clock; "
        f"p50 {cpu50:.3f} ms, p99 {cpu99:.3f} ms CPU ({len(times)} reads, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )

    summary = {
        "benchmark": "chatter_accuracy",
        "split": args.split,
        "messages": len(examples),
        "precision": default["precision"],
        "recall": default["recall"],
        "f1": default["f1"],
        "city_accuracy": default["city_accuracy"],
        "dates_exact": default["dates_exact"],
        "quiet_precision": quiet["precision"],
        "quiet_recall": quiet["recall"],
        "everyday_messages": len(everyday),
        "false_nudges_per_1000": round(per_thousand, 2),
        "per_kind": {k: v["accuracy"] for k, v in default["per_kind"].items()},
        "latency_ms_p50": round(p50, 4),
        "latency_ms_p99": round(p99, 4),
        "cpu_ms_p50": round(cpu50, 4),
        "cpu_ms_p99": round(cpu99, 4),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
