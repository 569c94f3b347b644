"""The start-up check migrates a database that is behind and leaves one at the head alone,
without loading Alembic for it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.db import migrate
from bot.db.engine import create_engine
from tests.support.databases import sqlite_url

ROOT = Path(__file__).resolve().parents[2]


def write_migration(folder: Path, revision: str, down: str) -> None:
    (folder / f"{revision}.py").write_text(
        f'"""A migration."""\nrevision: str = "{revision}"\ndown_revision: str | None = {down}\n'
    )


def test_script_heads_are_alembics_heads() -> None:
    alembic_heads = ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_heads()
    assert migrate.script_heads() == frozenset(alembic_heads)


def test_script_heads_of_a_branch_and_its_merge(tmp_path: Path) -> None:
    write_migration(tmp_path, "base1", "None")
    write_migration(tmp_path, "left", '"base1"')
    write_migration(tmp_path, "right", '"base1"')
    assert migrate.script_heads(tmp_path) == {"left", "right"}
    write_migration(tmp_path, "merged", '("left", "right")')
    assert migrate.script_heads(tmp_path) == {"merged"}


def test_script_heads_unreadable_header_leaves_it_to_alembic(tmp_path: Path) -> None:
    write_migration(tmp_path, "base1", "None")
    (tmp_path / "odd.py").write_text('revision = make_revision()\ndown_revision = "base1"\n')
    assert migrate.script_heads(tmp_path) is None


async def test_upgrade_if_behind_migrates_an_empty_database(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "new.sqlite3")
    assert await migrate.upgrade_if_behind(url) is True
    assert await migrate.current_revision(url) == migrate.head_revision()


async def test_upgrade_if_behind_migrates_an_old_database(database_url: str) -> None:
    await migrate.downgrade(database_url, "a7c3e91d5f20")
    assert await migrate.stored_revisions(database_url) == {"a7c3e91d5f20"}
    assert await migrate.upgrade_if_behind(database_url) is True
    assert await migrate.current_revision(database_url) == migrate.head_revision()


async def test_upgrade_if_behind_leaves_a_current_database_alone(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def must_not_run(url: str, revision: str = "head") -> None:
        raise AssertionError("Alembic ran on a database already at the head")

    monkeypatch.setattr(migrate, "upgrade", must_not_run)
    assert await migrate.upgrade_if_behind(database_url) is False


async def test_a_revision_these_files_do_not_know_goes_to_alembic(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00d'")
    finally:
        await engine.dispose()
    with pytest.raises(Exception, match="f00d"):
        await migrate.upgrade_if_behind(database_url)


def test_a_start_on_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "current.sqlite3")
    asyncio.run(migrate.upgrade(url))
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        from bot.db import migrate
        assert asyncio.run(migrate.upgrade_if_behind({url!r})) is False
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("alembic", "mako")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
