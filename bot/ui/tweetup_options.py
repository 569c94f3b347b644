"""Reading the options of the /tweetup commands: which tweetup, who is invited, when.

Kept out of the cog so the command bodies stay the thin parse → service → render glue.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

import discord
from discord import app_commands

from bot.domain.dates.model import DateOrder
from bot.domain.dates.times import LocalDateTime, parse_local_datetime
from bot.domain.numbers import parse_snowflake
from bot.domain.tweetups.time_hints import order_readings
from bot.services import tweetups
from bot.services.guilds import guild_config
from bot.ui.ask import Conversation
from bot.ui.choices import matching_choices, picked_id
from bot.ui.tweetups import actor_of, when

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


def cancel_question(card: tweetups.Card) -> str:
    """ "Cancel **Coffee** (Thu 3 Dec, Berlin)? 4 members who answered will get a DM."."""
    tweetup = card.tweetup
    answered = len(card.going) + len(card.maybe) + len(card.waitlist)
    return (
        f"Cancel **{discord.utils.escape_markdown(tweetup.title)}** "
        f"({when(tweetup.starts_at)}, {tweetup.place_label})? "
        f"{answered} member{'s' if answered != 1 else ''} who answered will get a DM."
    )


def tweetup_id_of(value: str) -> int:
    return picked_id(value, "a tweetup")


def mentioned_ids(text: str) -> list[int]:
    """The members mentioned in an option (``<@id>``), each once, in order."""
    found = (parse_snowflake(raw) for raw in _MENTION.findall(text))
    return list(dict.fromkeys(member for member in found if member is not None))


async def read_when(
    talk: Conversation,
    text: str,
    *,
    tz: str,
    now: datetime,
    order: DateOrder | None,
    title: str = "",
) -> LocalDateTime:
    """A local date and time. An ambiguous one is asked about with a button per reading,
    ordered by what the title suggests ("brunch at 11" is the morning) and the server's
    sociable hours; an unsociable reading is never shown as the suggested one."""
    parsed = parse_local_datetime(text, tz=tz, now=now, date_order=order)
    if isinstance(parsed, LocalDateTime):
        return parsed
    interaction = talk.interaction
    async with interaction.client.db.read_session() as session:
        config = await guild_config(
            session=session,
            guild_id=interaction.guild_id or 0,
            defaults=interaction.client.settings.defaults,
        )
    sociable = (time(config.sociable_start_hour), time(min(config.sociable_end_hour, 23), 59))
    readings = parsed.readings
    hint = order_readings([r.local.time() for r in readings], title, sociable)
    chosen: LocalDateTime = await talk.choose(
        parsed.question,
        [(readings[i].label, readings[i]) for i in hint.order],
        highlight=hint.highlight_first,
    )
    return chosen
