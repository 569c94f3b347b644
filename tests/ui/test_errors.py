"""Which failures are explained to the user and which are treated as bugs."""

from __future__ import annotations

import pytest
from discord import app_commands

from bot.domain.errors import InvalidInput
from bot.ui.errors import user_message


def test_our_errors_carry_their_message_through_discord_wrappers() -> None:
    error = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    error.__cause__ = InvalidInput("That date is in the past.")
    assert user_message(error) == "That date is in the past."


@pytest.mark.parametrize(
    ("error", "fragment"),
    [
        (app_commands.NoPrivateMessage(), "inside a server"),
        (app_commands.MissingPermissions(["manage_guild"]), "permission"),
        (app_commands.CommandNotFound("gone", []), "isn't available"),
        (app_commands.BotMissingPermissions(["send_messages"]), "send messages"),
    ],
)
def test_discord_check_failures_become_friendly_text(error: Exception, fragment: str) -> None:
    message = user_message(error)
    assert message is not None
    assert fragment in message


def test_bugs_are_not_explained() -> None:
    assert user_message(ZeroDivisionError()) is None
