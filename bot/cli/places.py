"""``places``: ask the gazetteer from a shell, one name or a whole file of them.

Handy to see how the bot will read a city before changing aliases or ranking, and to run
the accuracy table in bulk: ``--batch`` reads one input per line from stdin and answers with
one JSON object per line, loading the index once, so a long list takes seconds, not minutes.
Like the other subcommands, it imports its domain code inside the handlers so
``tweetup --help`` stays instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bot.cli.common import Subparsers

if TYPE_CHECKING:
    from bot.domain.places import AutocompleteChoice, Place, Resolution

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_AMBIGUOUS = 3


def register(subparsers: Subparsers) -> None:
    places = subparsers.add_parser(
        "places",
        help="resolve city names and try city autocomplete",
        description="Look cities up in the offline gazetteer the way the bot does.",
    )
    actions = places.add_subparsers(dest="places_command", metavar="ACTION")

    resolve = actions.add_parser(
        "resolve",
        help="resolve a city name such as 'Portland, OR' or 'Munchen'",
        description="Resolve TEXT (or, with --batch, one input per line of stdin). Exit codes: "
        "0 one city, 1 no city (unknown, or a country/region), 2 usage, "
        "3 ambiguous (the bot would ask).",
    )
    resolve.add_argument("text", nargs="?", metavar="TEXT", help="what a user typed")
    _add_output_options(resolve)
    resolve.set_defaults(handler=handle_resolve)

    complete = actions.add_parser(
        "autocomplete",
        help="show the autocomplete choices for a prefix",
        description="Show the Discord autocomplete choices for PREFIX (or, with --batch, for "
        "each line of stdin). Exit codes: 0 some choices, 1 none, 2 usage.",
    )
    complete.add_argument("prefix", nargs="?", metavar="PREFIX", help="what has been typed")
    complete.add_argument(
        "--boost",
        metavar="IDS",
        default="",
        type=_id_list,
        help="comma-separated GeoNames ids to rank first (the guild's cities)",
    )
    complete.add_argument(
        "--limit", type=int, default=25, metavar="N", help="at most N choices (max 25)"
    )
    _add_output_options(complete)
    complete.set_defaults(handler=handle_autocomplete)

    def show_help(args: argparse.Namespace) -> int:
        places.print_help(sys.stderr)
        return EXIT_USAGE

    places.set_defaults(handler=show_help)


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--batch",
        action="store_true",
        help="read one input per line from stdin and print one JSON object per line",
    )


def _id_list(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of ids: {text!r}") from exc


def _inputs(args: argparse.Namespace, name: str) -> list[str] | None:
    """The single input, or None after reporting a usage error."""
    value = getattr(args, name)
    if args.batch and value is not None:
        print(f"error: give {name.upper()} or --batch, not both", file=sys.stderr)
        return None
    if not args.batch and value is None:
        print(f"error: {name.upper()} is required (or use --batch)", file=sys.stderr)
        return None
    return [value]


def _lines() -> Iterator[str]:
    for line in sys.stdin:
        yield line.rstrip("\r\n")


def handle_resolve(args: argparse.Namespace) -> int:
    from bot.domain.places import get_gazetteer

    single = _inputs(args, "text")
    if single is None:
        return EXIT_USAGE
    gazetteer = get_gazetteer()
    if args.batch:
        for text in _lines():
            print(_dumps(gazetteer.resolve(text).to_dict()), flush=True)
        return EXIT_OK
    resolution = gazetteer.resolve(single[0])
    if args.json:
        print(_dumps(resolution.to_dict()))
    else:
        print(_resolution_text(resolution))
    if resolution.ambiguous:
        return EXIT_AMBIGUOUS
    return EXIT_OK if resolution.best is not None else EXIT_NOT_FOUND


def handle_autocomplete(args: argparse.Namespace) -> int:
    from bot.domain.places import get_gazetteer

    single = _inputs(args, "prefix")
    if single is None:
        return EXIT_USAGE
    gazetteer = get_gazetteer()

    def choices(prefix: str) -> list[AutocompleteChoice]:
        return gazetteer.autocomplete(prefix, boost_ids=args.boost, limit=args.limit)

    if args.batch:
        for prefix in _lines():
            print(_dumps(_choices_json(prefix, choices(prefix))), flush=True)
        return EXIT_OK
    found = choices(single[0])
    if args.json:
        print(_dumps(_choices_json(single[0], found)))
    elif found:
        print("\n".join(f"{c.value:>9}  {c.name}" for c in found))
    else:
        print(f"No city starts with {single[0]!r}.")
    return EXIT_OK if found else EXIT_NOT_FOUND


def _choices_json(prefix: str, choices: list[AutocompleteChoice]) -> dict[str, Any]:
    return {"prefix": prefix, "choices": [{"name": c.name, "value": c.value} for c in choices]}


def _resolution_text(resolution: Resolution) -> str:
    def line(index: int, place: Place) -> str:
        return (
            f"  {index}. {place.label}  (id {place.id}, {place.lat:.4f}, {place.lon:.4f}, "
            f"{place.timezone}, pop. {place.population:,})"
        )

    listing = [line(i, p) for i, p in enumerate(resolution.candidates, start=1)]
    query = resolution.query
    if resolution.not_a_city:
        kind = resolution.area_kind.value if resolution.area_kind else "area"
        head = f"{query!r} is a {kind}, not a city."
        return "\n".join([head + (" Cities there:" if listing else ""), *listing])
    if not resolution.candidates:
        return f"No city found for {query!r}."
    if resolution.ambiguous:
        return "\n".join([f"{query!r} is ambiguous; did you mean:", *listing])
    best = resolution.candidates[0]
    how = "" if resolution.match.value in ("name", "alias") else f" [{resolution.match.value}]"
    text = line(1, best).replace("  1. ", "", 1) + how
    if len(listing) > 1:
        text += "\nAlso called that:\n" + "\n".join(listing[1:])
    return text


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)
