"""``migrate``: bring the database to the newest schema."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.common import Subparsers, settings_or_exit


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="bring the database to the newest schema (Alembic upgrade head)",
        description="Apply every pending migration. Safe to run repeatedly. Run it before "
        "starting a new version when database.auto_migrate is off (the default on PostgreSQL).",
    )
    parser.add_argument("--revision", default="head", help="target revision (default: head)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = settings_or_exit(args)
    if settings is None:
        return 1
    from bot.db import migrate

    url = settings.database_url
    before = asyncio.run(migrate.current_revision(url))
    asyncio.run(migrate.upgrade(url, args.revision))
    after = asyncio.run(migrate.current_revision(url))
    if before == after:
        print(f"Database already at revision {after}.")
    else:
        print(f"Database migrated from {before or 'empty'} to {after}.")
    return 0
