"""``dates``: try the date parser from a shell, one phrase or a whole file of them.

Useful to check how the bot will read a phrase before changing the grammar, and to run the
accuracy table in bulk (``--batch``). This is the one place allowed to read the wall clock,
and only to default ``--today``. Like the other subcommands, it imports its domain code
inside the handler so ``tweetup --help`` stays instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.cli.common import Subparsers

if TYPE_CHECKING:
    from bot.domain.dates import Ambiguous, DateRange

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AMBIGUOUS = 3


def register(subparsers: Subparsers) -> None:
    dates = subparsers.add_parser(
        "dates",
        help="try the date parser on a phrase",
        description="Parse trip dates the way the bot does.",
    )
    actions = dates.add_subparsers(dest="dates_command", metavar="ACTION")
    parse = actions.add_parser(
        "parse",
        help="parse a phrase such as 'Mar 3-7' into a date range",
        description="Parse TEXT (or, with --batch, one phrase per line of stdin). Exit codes: "
        "0 parsed, 1 not a valid trip, 2 usage, 3 ambiguous (the bot would ask).",
    )
    parse.add_argument("text", nargs="?", metavar="TEXT", help="the phrase to parse")
    parse.add_argument(
        "--today",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date to read the phrase on (default: today's date on this machine)",
    )
    parse.add_argument(
        "--date-order",
        choices=("mdy", "dmy"),
        default=None,
        help="how to read 4/5 (default: no hint, so it is reported as ambiguous)",
    )
    parse.add_argument(
        "--country",
        default=None,
        metavar="CC",
        help="ISO 3166 country code of the place, for holidays such as 'Easter weekend'",
    )
    parse.add_argument("--json", action="store_true", help="print one JSON object")
    parse.add_argument(
        "--batch",
        action="store_true",
        help="read one phrase per line from stdin and print one JSON object per line",
    )
    parse.set_defaults(handler=handle_parse)

    def show_help(args: argparse.Namespace) -> int:
        dates.print_help(sys.stderr)
        return EXIT_USAGE

    dates.set_defaults(handler=show_help)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from exc


def handle_parse(args: argparse.Namespace) -> int:
    from bot.domain.dates import Ambiguous, DateParseError, parse_date_range

    today: date = args.today or date.today()
    if args.batch:
        if args.text is not None:
            print("error: give TEXT or --batch, not both", file=sys.stderr)
            return EXIT_USAGE
        for line in sys.stdin:
            phrase = line.rstrip("\r\n")
            try:
                result = parse_date_range(
                    phrase, today=today, date_order=args.date_order, country=args.country
                )
            except DateParseError as exc:
                print(_dumps({"error": exc.user_message}), flush=True)
            else:
                print(_dumps(_as_json(result)), flush=True)
        return EXIT_OK
    if args.text is None:
        print("error: TEXT is required (or use --batch)", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = parse_date_range(
            args.text, today=today, date_order=args.date_order, country=args.country
        )
    except DateParseError as exc:
        if args.json:
            print(_dumps({"error": exc.user_message}))
        else:
            print(f"error: {exc.user_message}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print(_dumps(_as_json(result)))
    else:
        print(_as_text(result))
    return EXIT_AMBIGUOUS if isinstance(result, Ambiguous) else EXIT_OK


def _as_json(result: DateRange | Ambiguous) -> dict[str, Any]:
    from bot.domain.dates import DateRange

    if isinstance(result, DateRange):
        return {"start": result.start.isoformat(), "end": result.end.isoformat()}
    return {
        "ambiguous": [
            {"start": r.start.isoformat(), "end": r.end.isoformat(), "label": r.label}
            for r in result.readings
        ]
    }


def _as_text(result: DateRange | Ambiguous) -> str:
    from bot.domain.dates import DateRange

    if isinstance(result, DateRange):
        nights = f", {result.nights} night{'s' if result.nights != 1 else ''}"
        length = f"{result.days} day{'s' if result.days != 1 else ''}"
        return f"{result.label} ({length}{nights if result.nights else ''})"
    lines = [result.question]
    lines += [f"  {i}. {r.label}" for i, r in enumerate(result.readings, start=1)]
    return "\n".join(lines)


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)
