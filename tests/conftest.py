"""Fixtures shared by the whole suite.

``database_url`` is a migrated, empty database of each available backend (SQLite always,
PostgreSQL when TWEETUP_TEST_PG_URL is set); ``sqlite_database_url`` is SQLite only, for the
end-to-end tests where the backend is not what is under test; ``pg_database_url`` is
PostgreSQL only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.db.database import Database
from bot.domain.clock import ManualClock
from tests.support.databases import PostgresTemplate, SqliteTemplate, backends, pg_url

pytest_plugins = ["emulator.pytest_plugin"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate]:
    url = pg_url()
    if url is None:
        pytest.skip("TWEETUP_TEST_PG_URL is not set")
    template = PostgresTemplate(url)
    yield template
    template.close()


@pytest.fixture(params=backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_template").fresh(tmp_path)
    else:
        template: PostgresTemplate = request.getfixturevalue("postgres_template")
        with template.fresh() as url:
            yield url


@pytest.fixture
def sqlite_database_url(sqlite_template: SqliteTemplate, tmp_path: Path) -> str:
    return sqlite_template.fresh(tmp_path)


@pytest.fixture
def pg_database_url(postgres_template: PostgresTemplate) -> Iterator[str]:
    """A fresh migrated PostgreSQL database, for tests about PostgreSQL itself (several
    processes on one database, its connections); skipped without TWEETUP_TEST_PG_URL."""
    with postgres_template.fresh() as url:
        yield url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database.from_url(database_url)
    yield db
    await db.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 21, 12, 0, tzinfo=UTC))
