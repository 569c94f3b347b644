"""What several subcommands share: loading the configuration with a friendly failure."""

from __future__ import annotations

import argparse
import sys
from typing import TypeAlias

from bot.config import ConfigError, Settings, load_settings

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def settings_or_exit(args: argparse.Namespace) -> Settings | None:
    """The validated settings, or None after printing what is wrong key by key."""
    try:
        return load_settings(args.config)
    except ConfigError as exc:
        print("The configuration has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return None
