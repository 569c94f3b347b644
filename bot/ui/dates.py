"""Dates typed in commands: read them in the city's calendar and ask when unclear."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import discord

from bot.domain.dates import DateOrder, DateRange, parse_date_range
from bot.domain.dates.locales import date_order_for_locale
from bot.services.members import member_prefs
from bot.ui.ask import Conversation


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def date_order(preference: str | None, interaction: discord.Interaction[Any]) -> DateOrder | None:
    """The member's own setting first, else what their Discord language suggests."""
    if preference in ("mdy", "dmy"):
        return preference  # type: ignore[return-value]
    return date_order_for_locale(str(interaction.locale.value) if interaction.locale else None)


async def member_date_order(interaction: discord.Interaction[Any]) -> DateOrder | None:
    """How this member reads 3/12: their /notify setting, else their Discord language."""
    if interaction.guild_id is None:
        return date_order(None, interaction)
    async with interaction.client.db.read_session() as session:
        prefs = await member_prefs(
            session=session, guild_id=interaction.guild_id, user_id=interaction.user.id
        )
    return date_order(prefs.date_order, interaction)


def read_dates(text: str, *, today: date, order: DateOrder | None) -> DateRange | Any:
    """Parse now, so bad dates fail before any question is asked (raises DateParseError)."""
    return parse_date_range(text, today=today, date_order=order)


async def settle_dates(talk: Conversation, parsed: Any) -> DateRange:
    if isinstance(parsed, DateRange):
        return parsed
    readings = list(parsed.readings)
    if len(readings) == 1:
        options = [(f"Yes: {readings[0].label}", readings[0])]
    else:
        options = [(reading.label, reading) for reading in readings]
    chosen: DateRange = await talk.choose(parsed.question, options)
    return chosen
