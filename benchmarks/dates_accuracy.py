"""Accuracy of the trip-date parser on the labelled chat corpus and phrase table, per kind.

    python benchmarks/dates_accuracy.py            # accuracy + timing
    python benchmarks/dates_accuracy.py --quick    # accuracy only, one pass
    python benchmarks/dates_accuracy.py --split train -v   # while tuning: never the held-back

The chat corpus (``tests/domain/dates/corpus``) is scored per kind on its two splits:
"exact" on clear phrases, "flagged" (asked or refused, not silently guessed) on ambiguous,
past, impossible and vague ones, and "right flag" (the right kind of question or error).
    python benchmarks/dates_accuracy.py --compare-dateparser   # also score dateparser
    python benchmarks/dates_accuracy.py --compare-dateutil     # and dateutil.parser

The last line printed is always one JSON object, for CI and for comparing runs. The
dateparser comparison only runs where dateparser is importable (it is not a dependency):
it scores "our range splitting + dateparser for each end + our validation" on the same
table, and measures its import time, memory and per-call time.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.dates import DateParseError, DateRange, parse_date_range  # noqa: E402
from bot.domain.dates.validate import checked_range  # noqa: E402
from tests.domain.dates import chat_corpus  # noqa: E402
from tests.domain.dates.phrases import (  # noqa: E402
    CATEGORIES,
    PHRASES,
    SETS,
    Fails,
    Phrase,
    Range,
    check,
)


def run_ours(phrase: Phrase) -> object:
    try:
        return parse_date_range(phrase.text, today=phrase.today, date_order=phrase.date_order)
    except DateParseError as exc:
        return exc


def score(results: dict[str, bool]) -> dict[str, Any]:
    per_category: dict[str, dict[str, Any]] = {}
    for category in CATEGORIES:
        ids = [p.id for p in PHRASES if p.category == category]
        correct = sum(results[i] for i in ids)
        per_category[category] = {
            "total": len(ids),
            "correct": correct,
            "accuracy": round(correct / len(ids), 4),
        }
    correct = sum(results.values())
    return {
        "total": len(results),
        "correct": correct,
        "accuracy": round(correct / len(results), 4),
        "categories": per_category,
    }


def time_per_call(fn: Any, repeats: int) -> dict[str, float]:
    """Median and worst milliseconds per phrase over ``repeats`` passes of the table."""
    samples: list[float] = []
    for _ in range(repeats):
        for phrase in PHRASES:
            start = time.perf_counter()
            fn(phrase)
            samples.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 4),
        "mean_ms": round(statistics.fmean(samples), 4),
        "max_ms": round(max(samples), 3),
    }


_COST = """
import time, tracemalloc
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
before = rss()
if {trace}:
    tracemalloc.start()
t = time.perf_counter()
import {module}
imported = time.perf_counter() - t
{first}
first = time.perf_counter() - t
print(imported, first, tracemalloc.get_traced_memory()[1] / 2**20, rss() - before)
"""
_FIRST_CALL = {
    "dateparser": "dateparser.parse('Mar 3', languages=['en'])",
    "dateparser_all_languages": "dateparser.parse('Mar 3')",
    "bot.domain.dates": "import datetime as d; bot.domain.dates.parse_date_range("
    "'Mar 3-7', today=d.date(2026, 3, 1))",
}


def import_cost(name: str) -> dict[str, float]:
    """Fresh interpreters: import time and time to first answer (untraced), then the Python
    heap peak (traced, which slows imports down) and RSS growth."""
    module = name.replace("_all_languages", "")

    def measure(trace: bool) -> list[float]:
        code = _COST.format(module=module, first=_FIRST_CALL[name], trace=trace)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()
        return [float(x) for x in out]

    imported, first, _, rss = measure(trace=False)
    heap = measure(trace=True)[2]
    return {
        "import_s": round(imported, 3),
        "first_answer_s": round(first, 3),
        "heap_peak_mb": round(heap, 1),
        "rss_growth_mb": round(rss, 1),
    }


_SEPARATOR = re.compile(r"\s*(?:\.\.|[-–—]|\bto\b|\bthrough\b|\buntil\b|\btill\b)\s*", re.I)


def run_dateparser(phrase: Phrase) -> DateRange | None:
    """Our splitting + dateparser for each end + our validation; None means "rejected"."""
    import dateparser  # type: ignore[import-untyped]

    base = datetime.combine(phrase.today, datetime.min.time())
    settings: dict[str, Any] = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
    if phrase.date_order:
        settings["DATE_ORDER"] = phrase.date_order.upper()
    parts = [p for p in _SEPARATOR.split(phrase.text) if p.strip()]
    if len(parts) not in (1, 2):
        return None
    ends: list[date] = []
    for part in parts:
        parsed = dateparser.parse(part, languages=["en"], settings=settings)
        if parsed is None:
            return None
        ends.append(parsed.date())
    try:
        return checked_range(ends[0], ends[-1], phrase.today)
    except DateParseError:
        return None


def run_dateutil(phrase: Phrase) -> DateRange | None:
    """The same pipeline with ``dateutil.parser`` (fuzzy) reading each end."""
    from dateutil.parser import ParserError, parse

    base = datetime.combine(phrase.today, datetime.min.time())
    parts = [p for p in _SEPARATOR.split(phrase.text) if p.strip()]
    if len(parts) not in (1, 2):
        return None
    ends: list[date] = []
    for part in parts:
        try:
            parsed = parse(part, default=base, dayfirst=phrase.date_order == "dmy", fuzzy=True)
        except (ParserError, ValueError, OverflowError):
            return None
        ends.append(parsed.date())
    try:
        return checked_range(ends[0], ends[-1], phrase.today)
    except DateParseError:
        return None


def dateparser_correct(phrase: Phrase, result: DateRange | None) -> bool:
    expected = phrase.expected
    if isinstance(expected, Fails):
        return result is None
    if isinstance(expected, Range):
        return result is not None and check(phrase, result) is None
    return False  # it can never ask a question


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def chat_report(splits: list[str], verbose: bool) -> dict[str, Any]:
    """Per-kind figures for each split of the chat corpus (failures listed only with -v)."""
    report: dict[str, Any] = {}
    for split in splits:
        phrases = chat_corpus.load(split)
        figures = chat_corpus.score(phrases)
        report[split] = figures
        print(f"\nchat corpus, {split} split ({len(phrases)} phrases)")
        print(f"{'kind':<18}{'clear':>6}{'exact':>8}{'flags':>7}{'flagged':>9}{'right':>8}")
        for kind in sorted(figures, key=lambda k: (k == "all", k)):
            row = figures[kind]
            print(
                f"{kind:<18}{row['clear']:>6}{_pct(row['exact']):>8}{row['flags']:>7}"
                f"{_pct(row['flagged']):>9}{_pct(row['right_flag']):>8}"
            )
        if verbose:
            for phrase in phrases:
                result = chat_corpus.run(phrase)
                ok, right = chat_corpus.judge(phrase, result)
                if not (ok and right):
                    print(
                        f"  FAIL {phrase.id}: want {phrase.expected}, got "
                        f"{chat_corpus.show(result)}"
                    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="accuracy only, one pass")
    parser.add_argument(
        "--split",
        choices=("train", "heldback", "both"),
        default="both",
        help="which chat-corpus split to score (tune on train only)",
    )
    parser.add_argument("--compare-dateparser", action="store_true")
    parser.add_argument("--compare-dateutil", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every failure")
    args = parser.parse_args(argv)

    results: dict[str, bool] = {}
    failures: list[str] = []
    for phrase in PHRASES:
        why = check(phrase, run_ours(phrase))
        results[phrase.id] = why is None
        if why is not None:
            failures.append(phrase.id)
            if args.verbose:
                print(f"FAIL {phrase.id}: {why}")
    report: dict[str, Any] = {"parser": "tweetup", **score(results), "failures": failures}
    print(f"{'category':<14}{'correct':>9}{'total':>7}{'accuracy':>10}")
    for category, row in report["categories"].items():
        print(f"{category:<14}{row['correct']:>9}{row['total']:>7}{row['accuracy']:>10.1%}")
    print(f"{'all':<14}{report['correct']:>9}{report['total']:>7}{report['accuracy']:>10.1%}")

    if not args.quick:
        report["timing"] = time_per_call(run_ours, repeats=20)
        report["cost"] = import_cost("bot.domain.dates")
        print(f"ours: {report['timing']}, {report['cost']}")
    if args.compare_dateparser:
        try:
            import dateparser  # type: ignore[import-untyped]  # noqa: F401
        except ImportError:
            print("dateparser is not installed: comparison skipped")
        else:
            theirs = {p.id: dateparser_correct(p, run_dateparser(p)) for p in PHRASES}
            other = score(theirs)
            other["timing"] = time_per_call(run_dateparser, repeats=1 if args.quick else 3)
            other["cost"] = import_cost("dateparser")
            other["cost_all_languages"] = import_cost("dateparser_all_languages")
            report["dateparser"] = other
            print(
                f"dateparser (our splitting + validation): {other['accuracy']:.1%}, "
                f"{other['timing']}, {other['cost']}, all languages: "
                f"{other['cost_all_languages']}"
            )
            for category, row in other["categories"].items():
                print(
                    f"  {category:<12}{row['correct']:>5}/{row['total']:<4}{row['accuracy']:>8.1%}"
                )
    if args.compare_dateutil:
        theirs = {p.id: dateparser_correct(p, run_dateutil(p)) for p in PHRASES}
        other = score(theirs)
        other["timing"] = time_per_call(run_dateutil, repeats=1 if args.quick else 3)
        report["dateutil_parser"] = other
        print(
            f"dateutil.parser (our splitting + validation): {other['accuracy']:.1%}, "
            f"{other['timing']}"
        )
    report["sets"] = {
        name: round(sum(results[p.id] for p in phrases) / len(phrases), 4)
        for name, phrases in SETS.items()
    }
    splits = list(chat_corpus.SPLITS) if args.split == "both" else [args.split]
    chat = chat_report(splits, args.verbose)
    report["chat"] = chat
    report["summary"] = {
        split: {key: chat[split]["all"][key] for key in ("exact", "flagged", "right_flag")}
        for split in splits
    }
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
