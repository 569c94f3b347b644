"""Real databases for tests: SQLite files always, PostgreSQL when TWEETUP_TEST_PG_URL is set.

Both are migrated once per test session into a template; each test then gets a fresh copy
(a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), which is fast and
isolates tests completely.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from bot.db import migrate

PG_ENV = "TWEETUP_TEST_PG_URL"


def pg_url() -> str | None:
    url = os.environ.get(PG_ENV, "").strip()
    return url or None


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if pg_url() else ["sqlite"]


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path.as_posix()}"


def _asyncpg_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _pg_admin(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


class SqliteTemplate:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.sqlite3"
        asyncio.run(migrate.upgrade(sqlite_url(self.path)))

    def fresh(self, folder: Path) -> str:
        target = folder / f"tweetup-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(self.path, target)
        return sqlite_url(target)


class PostgresTemplate:
    def __init__(self, url: str) -> None:
        self.url = make_url(url).set(drivername="postgresql+asyncpg")
        self.name = f"tweetup_tpl_{uuid.uuid4().hex[:10]}"
        admin = self.url.render_as_string(hide_password=False)
        asyncio.run(_pg_admin(admin, f'CREATE DATABASE "{self.name}"'))
        asyncio.run(migrate.upgrade(self.url_for(self.name)))

    def url_for(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    @contextmanager
    def fresh(self) -> Iterator[str]:
        name = f"tweetup_t_{uuid.uuid4().hex[:10]}"
        admin = self.url.render_as_string(hide_password=False)
        asyncio.run(_pg_admin(admin, f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"'))
        try:
            yield self.url_for(name)
        finally:
            asyncio.run(_pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        admin = self.url.render_as_string(hide_password=False)
        asyncio.run(_pg_admin(admin, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
