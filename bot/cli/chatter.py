"""``chatter scan``: read chat messages the way the bot will, from a shell.

One message as TEXT, or one per line of stdin with ``--batch``. With ``--json`` each message
gives one JSON object (the shape of :meth:`TripReading.to_dict`); without it, a line a person
can read. The wall clock is read only to default ``--today``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers

if TYPE_CHECKING:
    from bot.domain.chatter import TripReading

EXIT_OK = 0
EXIT_USAGE = 2


def register(subparsers: Subparsers) -> None:
    chatter = subparsers.add_parser(
        "chatter",
        help="try the chat reader on a message",
        description="Read trips (who, where, when) out of chat messages.",
    )
    actions = chatter.add_subparsers(dest="chatter_command", metavar="ACTION")
    scan = actions.add_parser(
        "scan",
        help="is this message someone announcing their own trip? where and when?",
        description="Read TEXT (or, with --batch, one message per line of stdin).",
    )
    scan.add_argument("text", nargs="?", metavar="TEXT", help="the message")
    scan.add_argument(
        "--today",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date the message was written (default: today's date on this machine)",
    )
    scan.add_argument(
        "--date-order",
        choices=("mdy", "dmy"),
        default=None,
        help="how to read 4/5 (default: no hint, so both readings are offered)",
    )
    scan.add_argument("--zone", default=None, help="the author's IANA time zone (tie-breaks)")
    scan.add_argument("--json", action="store_true", help="print one JSON object per message")
    scan.add_argument("--batch", action="store_true", help="read one message per line from stdin")
    scan.set_defaults(handler=handle_scan)

    def show_help(args: argparse.Namespace) -> int:
        chatter.print_help(sys.stderr)
        return EXIT_USAGE

    chatter.set_defaults(handler=show_help)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from exc


def handle_scan(args: argparse.Namespace) -> int:
    from bot.domain.chatter import extract_trip

    if args.batch == (args.text is not None):
        print("error: give TEXT or --batch, not both or neither", file=sys.stderr)
        return EXIT_USAGE
    today: date = args.today or date.today()
    messages = (line.rstrip("\r\n") for line in sys.stdin) if args.batch else [args.text]
    for message in messages:
        reading = extract_trip(message, today, args.zone, args.date_order)
        if args.json:
            print(json.dumps(reading.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(_as_text(reading), flush=True)
    return EXIT_OK


def _as_text(reading: TripReading) -> str:
    verdict = "trip" if reading.trip else "no trip"
    lines = [f"{verdict} ({reading.confidence:.2f}): {reading.reason}"]
    lines += [f"  city: {c.place.label} ({c.score:.2f})" for c in reading.candidates]
    if reading.dates.question and len(reading.readings) > 1:
        lines.append(f"  dates: {reading.dates.question}")
    lines += [f"  dates: {r.label}" for r in reading.readings]
    return "\n".join(lines)
