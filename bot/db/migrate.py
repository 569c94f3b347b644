"""Run Alembic from inside the bot, without an alembic.ini and inside a running event loop.

Alembic (its script directory, every migration module and its Mako templates: ~0.1 s of CPU)
is imported only when there is something to migrate. At each start :func:`upgrade_if_behind`
first compares the revisions stored in ``alembic_version`` with the heads read from the
migration files' headers; a database already at the head is left alone without loading
Alembic, anything else (behind, empty, a revision these files do not know) goes to Alembic
exactly as before.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from bot.db.engine import create_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
#: Alembic's default version table (``migrations/env.py`` does not rename it).
VERSION_TABLE = "alembic_version"
#: Tables a migration creates outside the models, on one backend only: SQLite's R*Tree of
#: trips (migration 5f3b8a1c9d27, a virtual table) and the shadow tables SQLite keeps for
#: it; PostgreSQL's towns of trips week by week (migration 8c2f4a6e1b39).
UNMAPPED_TABLES = ("trip_boxes", "town_weeks")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter for comparing the database with the models: tables the models do
    not map (``UNMAPPED_TABLES`` and their ``_node``/``_parent``/``_rowid`` shadows) are
    neither drift nor something autogenerate should drop."""
    if type_ != "table" or name is None:
        return True
    return not any(name == t or name.startswith(f"{t}_") for t in UNMAPPED_TABLES)


# ``revision: str = "c4d1e8f2a7b3"`` and ``down_revision: str | None = ...`` as the script
# template (migrations/script.py.mako) writes them: a name, an optional annotation, a literal.
_HEADER = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config(url: str) -> Config:
    # Imported here, not at the top: see the module's docstring.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


async def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command  # only when migrating: see the module's docstring

    await _run(url, lambda cfg: command.upgrade(cfg, revision))


async def upgrade_if_behind(url: str) -> bool:
    """Bring the database to the head revision; True if Alembic had to run.

    The cheap comparison skips Alembic only when it is sure: the migration files' heads are
    all readable and the database holds exactly those revisions. Otherwise :func:`upgrade`
    runs as it always did (and fails as it always did on a revision it does not know)."""
    heads = script_heads()
    if heads is not None and heads == await stored_revisions(url):
        return False
    await upgrade(url)
    return True


async def downgrade(url: str, revision: str) -> None:
    from alembic import command  # only when migrating: see the module's docstring

    await _run(url, lambda cfg: command.downgrade(cfg, revision))


async def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext  # see the module's docstring

    engine = create_engine(url, foreign_keys=False)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory  # see the module's docstring

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def script_heads(versions: Path = VERSIONS_DIR) -> frozenset[str] | None:
    """The head revisions of the migration files, read from their headers without importing
    them; None when a file's header cannot be read that way (Alembic must decide then)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        if path.name.startswith("_"):
            continue
        found = dict(_HEADER.findall(path.read_text(encoding="utf-8")))
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if down is None:
            downs: tuple[str, ...] = ()
        elif isinstance(down, str):
            downs = (down,)
        elif isinstance(down, tuple) and all(isinstance(d, str) for d in down):
            downs = down  # a merge revision
        else:
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        parents.update(downs)
    heads = frozenset(revisions - parents)
    return heads or None


async def stored_revisions(url: str) -> frozenset[str]:
    """The revisions in the database's version table; empty when it has none (a new file)."""

    def read(connection: Connection) -> frozenset[str]:
        if not inspect(connection).has_table(VERSION_TABLE):
            return frozenset()
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        return frozenset(row[0] for row in rows)

    engine = create_engine(url, foreign_keys=False)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(read)
    finally:
        await engine.dispose()


async def _run(url: str, action: Callable[[Config], None]) -> None:
    config = alembic_config(url)
    # Foreign keys stay off during migrations: SQLite batch mode rebuilds tables.
    engine = create_engine(url, foreign_keys=False)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        action(config)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()
