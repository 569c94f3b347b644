"""The health parts of a bot that never connected: each names itself when it fails."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import TweetupBot
from bot.config import Settings
from bot.db.database import Database
from bot.domain.clock import ManualClock
from bot.ops import health
from bot.ops.intake import command_label


@pytest.fixture
async def idle_bot(
    sqlite_database_url: str, clock: ManualClock, tmp_path: Path
) -> AsyncIterator[TweetupBot]:
    settings = Settings.model_validate({"bot": {"data_dir": tmp_path}})
    bot = TweetupBot(
        settings=settings, database=Database.from_url(sqlite_database_url), clock=clock
    )
    yield bot
    await bot.db.dispose()


async def test_a_bot_that_is_not_connected_is_not_healthy(idle_bot: TweetupBot) -> None:
    result = await health.check(idle_bot)
    assert result.parts["database"] == "ok"
    assert result.parts["gateway"] == "disconnected (shard 0)"
    assert result.parts["dispatcher"] == "stopped"
    assert result.as_json()["failing"] == ["dispatcher", "gateway"]
    assert not result.ok


async def test_a_stopping_bot_says_so(idle_bot: TweetupBot) -> None:
    idle_bot.intake.stop_accepting()
    result = await health.check(idle_bot)
    assert result.parts["process"] == "stopping"


async def test_an_unreachable_database_is_named_without_its_address(
    idle_bot: TweetupBot,
) -> None:
    await idle_bot.db.dispose()
    # Nothing listens on port 1: the connection is refused at once.
    idle_bot.db = Database.from_url("postgresql+asyncpg://tweetup:s3cret@127.0.0.1:1/tweetup")
    state = (await health.check(idle_bot)).parts["database"]
    assert state.startswith("unreachable (")
    assert "s3cret" not in state
    assert "127.0.0.1" not in state


@pytest.mark.parametrize(
    ("payload", "label"),
    [
        ({"type": 2, "data": {"name": "about"}}, "about"),
        (
            {
                "type": 2,
                "data": {
                    "name": "tweetup",
                    "options": [{"type": 1, "name": "announce", "options": [{"type": 3}]}],
                },
            },
            "tweetup announce",
        ),
        (
            {
                "type": 4,
                "data": {
                    "name": "tweetup-admin",
                    "options": [
                        {"type": 2, "name": "roles", "options": [{"type": 1, "name": "add"}]}
                    ],
                },
            },
            "tweetup-admin roles add",
        ),
        ({"type": 3, "data": {"custom_id": "rsvp:1234:going"}}, "rsvp"),
        ({"type": 5, "data": {"custom_id": "trip-edit"}}, "trip-edit"),
    ],
)
def test_interactions_are_labelled_without_their_arguments(
    payload: dict[str, object], label: str
) -> None:
    """Metric labels stay few: a command path, or a component id up to its first argument."""
    assert command_label(payload) == label
