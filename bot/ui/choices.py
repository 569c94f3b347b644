"""Autocomplete over a member's own things (trips, tweetups): filter, cap, read the pick."""

from __future__ import annotations

from collections.abc import Iterable

from discord import app_commands

from bot.domain.errors import InvalidInput
from bot.domain.numbers import parse_snowflake

MAX_CHOICES = 25


def matching_choices(
    items: Iterable[tuple[str, int]], current: str
) -> list[app_commands.Choice[str]]:
    """(label, id) pairs whose label contains what was typed, as Discord choices."""
    needle = current.casefold()
    choices = [
        app_commands.Choice(name=label[:100], value=str(item_id))
        for label, item_id in items
        if needle in label.casefold()
    ]
    return choices[:MAX_CHOICES]


def picked_id(value: str, what: str) -> int:
    """The id behind a picked choice; typed text instead of a pick is explained."""
    picked = parse_snowflake(value)
    if picked is None:
        raise InvalidInput(f"Pick {what} from the list.")
    return picked
