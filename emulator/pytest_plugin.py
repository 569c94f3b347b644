"""Fixtures for end-to-end tests (loaded by ``tests/conftest.py``).

``emulator_config``: override it in a test module to change the emulator (latency, granted
    privileged intents, heartbeat interval, limits).
``discord_emulator``: a running emulator, fresh per test; at teardown the test fails if the
    bot broke one of Discord's rules (an invalid body, a late answer, an unknown route).
``discord``: a :class:`~emulator.harness.DiscordHarness` with the real bot started in this
    process per ``bot_config``; at teardown the test fails if anything logged an ERROR.
``discord_process``: the same with the bot as a ``python -m bot run`` subprocess.
``bot_config``: override it in a test module to load test-only cogs, choose the clock,
    the database or extra settings.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from emulator.harness import DiscordHarness
from emulator.runners import BotConfig, InProcessBot, SubprocessBot
from emulator.server import Emulator
from emulator.web import EmulatorConfig


class _ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> list[str]:
        formatter = logging.Formatter("%(name)s: %(message)s")
        return [formatter.format(record) for record in self.records]


@contextmanager
def logged_errors() -> Iterator[_ErrorRecords]:
    """Collect every ERROR logged anywhere (discord.py, the bot, aiohttp) meanwhile."""
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


@pytest.fixture
def bot_config(clock: object) -> BotConfig:
    """The default: product cogs only, the test's ManualClock, a fresh SQLite database."""
    return BotConfig(clock=clock)  # type: ignore[arg-type]


@pytest.fixture
def bot_database_url(request: pytest.FixtureRequest, bot_config: BotConfig) -> str:
    """``bot_config.database_url``, or a fresh migrated SQLite database."""
    return bot_config.database_url or str(request.getfixturevalue("sqlite_database_url"))


#: What the emulators of this session checked against Discord's shapes (for the summary).
CHECKED = {"responses": 0, "gateway events": 0}


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, a worker hands its counts to the controller, which prints them."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["emulator_checked"] = dict(CHECKED)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """pytest-xdist's hook on the controller: a worker finished; add what it checked."""
    for what, count in getattr(node, "workeroutput", {}).get("emulator_checked", {}).items():
        CHECKED[what] = CHECKED.get(what, 0) + count


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if any(CHECKED.values()):
        counts = ", ".join(f"{count} {what}" for what, count in CHECKED.items())
        terminalreporter.write_line(f"emulator: checked against Discord's shapes: {counts}")


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """How the emulator behaves (latency, granted intents, heartbeat interval, limits):
    override it in a test module, like ``bot_config``."""
    return EmulatorConfig()


@pytest.fixture
async def discord_emulator(emulator_config: EmulatorConfig) -> AsyncIterator[Emulator]:
    # Raises SpecUnavailable if the shipped spec cannot be read.
    emulator = Emulator(emulator_config)
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.close()
        CHECKED["responses"] += emulator.responses_validated
        CHECKED["gateway events"] += emulator.gateway.dispatches_validated
    violations = emulator.take_violations()
    if violations:
        pytest.fail(
            "The bot broke Discord's rules (see the emulator's answer for each):\n"
            + "\n".join(f"  - {violation}" for violation in violations),
            pytrace=False,
        )


async def _harness(
    emulator: Emulator,
    config: BotConfig,
    database_url: str,
    tmp_path: Path,
    runner_class: type[InProcessBot] | type[SubprocessBot],
) -> AsyncIterator[DiscordHarness]:
    harness = DiscordHarness(emulator)
    runner = runner_class(
        emulator, config, data_dir=tmp_path / "bot-data", database_url=database_url
    )
    # Scheduled events start and end on the bot's clock: the test's, or for a subprocess the
    # system clock shifted as the bot's (read at each use: tests shift it between restarts).
    if config.clock is not None and runner_class is InProcessBot:
        emulator.state.clock = config.clock.now
    elif runner_class is SubprocessBot:
        emulator.state.clock = lambda: (
            datetime.now(UTC) + timedelta(seconds=_clock_offset(runner.config))
        )
    with logged_errors() as errors:
        await harness.start_bot(runner)
        try:
            yield harness
        finally:
            await harness.stop_bot()
    problems = errors.describe() + runner.logged_errors()
    if problems:
        pytest.fail(
            "Errors were logged during the test (a swallowed exception is still a bug):\n"
            + "\n".join(f"  - {problem}" for problem in problems),
            pytrace=False,
        )


def _clock_offset(config: BotConfig) -> float:
    """The subprocess bot's ``bot.clock_offset_seconds`` (its environment wins)."""
    raw = config.env.get("TWEETUP_BOT__CLOCK_OFFSET_SECONDS")
    if raw is None:
        raw = (config.settings or {}).get("bot", {}).get("clock_offset_seconds", 0)
    return float(raw)


@pytest.fixture
async def discord(
    discord_emulator: Emulator, bot_config: BotConfig, bot_database_url: str, tmp_path: Path
) -> AsyncIterator[DiscordHarness]:
    harnesses = _harness(discord_emulator, bot_config, bot_database_url, tmp_path, InProcessBot)
    async for harness in harnesses:
        yield harness


@pytest.fixture
async def discord_process(
    discord_emulator: Emulator, bot_config: BotConfig, bot_database_url: str, tmp_path: Path
) -> AsyncIterator[DiscordHarness]:
    harnesses = _harness(discord_emulator, bot_config, bot_database_url, tmp_path, SubprocessBot)
    async for harness in harnesses:
        yield harness
