"""``check-config``: validate the configuration without starting anything."""

from __future__ import annotations

import argparse
import os

from bot.cli.common import Subparsers, settings_or_exit
from bot.config import TOKEN_ENV, config_path


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "check-config",
        help="validate the configuration and say what is wrong, key by key",
        description="Load config.toml and the TWEETUP_* environment, validate every key and "
        "print the effective settings (the token is never printed).",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = settings_or_exit(args)
    if settings is None:
        return 1
    file = config_path(args.config)
    print(f"Configuration OK ({file if file.exists() else 'no file; defaults and environment'})")
    print(f"  database: {_redact(settings.database_url)}")
    print(f"  data folder: {settings.bot.data_dir}")
    print(f"  migrate at start: {'yes' if settings.should_auto_migrate else 'no'}")
    print(f"  Discord API: {settings.discord.api_base_url}")
    if settings.bot.shard_count is not None:
        ids = settings.bot.shard_ids
        print(f"  shards: {list(ids) if ids else 'all'} of {settings.bot.shard_count}")
    port = settings.bot.metrics_port
    where = f"http://{settings.bot.metrics_host}:{port}" if port is not None else "off"
    print(f"  /healthz and /metrics: {where}; logs: {settings.bot.log_format}")
    has_token = bool(os.environ.get(TOKEN_ENV, "").strip())
    print(f"  {TOKEN_ENV}: {'set' if has_token else 'NOT SET (needed by run and sync)'}")
    return 0


def _redact(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"
