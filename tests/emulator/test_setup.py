"""How the emulator is set up: the spec's location, the missing-spec warning, the TLS
connector that refuses other hosts, and reading a subprocess bot's log."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from emulator.runners import BotConfig, SubprocessBot
from emulator.server import Emulator
from emulator.spec import SPEC_ENV, OpenApiSpec, SpecUnavailable, default_spec_path

EMULATOR = Path(__file__).resolve().parents[2] / "emulator"


def test_the_spec_ships_inside_the_emulator_package() -> None:
    path = default_spec_path()
    assert path == EMULATOR / "spec" / "openapi.json"
    assert path.is_file()
    assert (path.parent / "LICENSE").read_text().startswith("MIT License")
    assert "74fda0f" in (path.parent / "SOURCE.md").read_text()
    assert OpenApiSpec.load().operation("POST", "/channels/{channel_id}/messages") is not None


def test_the_spec_is_package_data_so_an_installed_emulator_finds_it() -> None:
    pyproject = (EMULATOR.parent / "pyproject.toml").read_text()
    assert 'emulator = ["spec/openapi.json", "spec/LICENSE", "spec/SOURCE.md"]' in pyproject


@pytest.mark.parametrize("content", [None, "{not json", '{"openapi": "3.1.0"}'])
def test_a_missing_or_unreadable_spec_is_a_hard_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "openapi.json"
    if content is not None:
        path.write_text(content)
    monkeypatch.setenv(SPEC_ENV, str(path))
    with pytest.raises(SpecUnavailable, match=str(path)):
        Emulator()


async def test_the_connector_reaches_discord_com_and_nothing_else(
    discord_emulator: Emulator,
) -> None:
    token = {"Authorization": f"Bot {discord_emulator.token}"}
    async with aiohttp.ClientSession(connector=discord_emulator.connector()) as session:
        async with session.get("https://discord.com/api/v10/users/@me", headers=token) as me:
            assert me.status == 200
            assert (await me.json())["id"] == str(discord_emulator.state.bot.id)
        with pytest.raises(aiohttp.ClientConnectorError):
            await session.get("https://example.com/")


def test_errors_are_read_from_a_subprocess_log(discord_emulator: Emulator, tmp_path: Path) -> None:
    runner = SubprocessBot(
        discord_emulator, BotConfig(), data_dir=tmp_path / "data", database_url="sqlite://"
    )
    runner.log_path.write_text(
        "[2026-11-21 12:00:00] [INFO    ] bot.app: Logged in\n"
        "[2026-11-21 12:00:01] [ERROR   ] discord.app_commands.tree: Ignoring exception\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1\n'
        "RuntimeError: boom\n"
        "[2026-11-21 12:00:02] [INFO    ] bot.app: still here\n"
    )
    (error,) = runner.logged_errors()
    assert error.startswith("[2026-11-21 12:00:01] [ERROR   ] discord.app_commands.tree")
    assert error.endswith("RuntimeError: boom")
    assert runner.environment()["TWEETUP_DISCORD__API_BASE_URL"] == discord_emulator.api_base_url
