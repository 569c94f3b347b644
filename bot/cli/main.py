"""The ``tweetup`` command line: one subcommand per module, each registering itself.

Subcommand modules import their heavy dependencies (discord.py, SQLAlchemy) inside their
handlers, so ``--help`` and the no-token check answer instantly.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from bot.cli import chatter, check_config, dates, demo, invite, migrate, places, run, sync

SUBCOMMANDS = (run, demo, migrate, sync, invite, check_config, places, dates, chatter)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tweetup",
        description="Tweetup: a Discord bot that turns online chatter into in-person meetups.",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: $TWEETUP_CONFIG or ./config.toml)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in SUBCOMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.handler is not run.handle:
        gc.enable()  # paused by ``python -m bot`` for the start-up: only ``run`` needs that
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    return code
