"""Reading the options of the /tweetup commands: which tweetup, who is invited, when.

Kept out of the cog so the command bodies stay the thin parse → service → render glue.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import discord
from discord import app_commands

from bot.domain.dates.model import DateOrder
from bot.domain.dates.times import LocalDateTime, parse_local_datetime
from bot.domain.numbers import parse_snowflake
from bot.services import tweetups
from bot.ui.ask import Conversation
from bot.ui.choices import matching_choices, picked_id
from bot.ui.tweetups import actor_of

_MENTION = re.compile(r"<@!?([0-9]{15,22})>")


async def manageable_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete: the upcoming tweetups this member may edit or cancel."""
    bot = interaction.client
    if interaction.guild_id is None:
        return []
    async with bot.db.read_session() as session:
        found = await tweetups.manageable(
            session=session,
            guild_id=interaction.guild_id,
            actor=actor_of(interaction),
            defaults=bot.settings.defaults,
            now=bot.clock.now(),
        )
    labels = (
        (f"{tweetup.title} · {tweetup.starts_at:%b %d} · {tweetup.place_label}", tweetup.id)
        for tweetup in found
    )
    return matching_choices(labels, current)


def tweetup_id_of(value: str) -> int:
    return picked_id(value, "a tweetup")


def mentioned_ids(text: str) -> list[int]:
    """The members mentioned in an option (``<@id>``), each once, in order."""
    found = (parse_snowflake(raw) for raw in _MENTION.findall(text))
    return list(dict.fromkeys(member for member in found if member is not None))


async def read_when(
    talk: Conversation, text: str, *, tz: str, now: datetime, order: DateOrder | None
) -> LocalDateTime:
    """A local date and time; an ambiguous one is asked about with a button per reading."""
    parsed = parse_local_datetime(text, tz=tz, now=now, date_order=order)
    if isinstance(parsed, LocalDateTime):
        return parsed
    chosen: LocalDateTime = await talk.choose(
        parsed.question, [(reading.label, reading) for reading in parsed.readings]
    )
    return chosen
