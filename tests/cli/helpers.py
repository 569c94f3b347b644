"""Run one CLI subcommand in-process, as ``python -m bot <command> …`` would."""

from __future__ import annotations

import argparse
from types import ModuleType


def run_command(module: ModuleType, *argv: str) -> int:
    """Parse ``argv`` with only ``module``'s subcommand registered and run its handler."""
    parser = argparse.ArgumentParser(prog="tweetup")
    module.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code: int = args.handler(args)
    return code
