"""The "who's in town when" chart attached to /whoshere: names fetched from Discord (the
bot keeps no member cache), the picture drawn off the event loop."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

import discord

from bot.domain.dates.model import DateRange
from bot.domain.icebreakers import TownChart, town_chart
from bot.services.matching import WhoIsAround

log = logging.getLogger(__name__)


async def _names(guild: discord.Guild | None, user_ids: list[int]) -> dict[int, str]:
    async def one(user_id: int) -> tuple[int, str]:
        if guild is None:
            return user_id, "a member"
        try:
            member = guild.get_member(user_id) or await guild.fetch_member(user_id)
        except discord.HTTPException as error:
            log.info("No name for member %s on the chart: %s", user_id, error)
            return user_id, "a member"
        return user_id, member.display_name

    return dict(await asyncio.gather(*(one(user_id) for user_id in user_ids)))


async def town_chart_file(
    guild: Any, city: str, timezone: str, window: DateRange, found: WhoIsAround
) -> tuple[str, discord.File]:
    """The chart's alt text (for the message content) and the PNG file."""
    # matplotlib takes about a second to import: only when a chart is wanted.
    from bot.ui.charts import town_chart_png

    trips = [(match.user_id, match.window) for match in found.travelers.matches]
    members = list(dict.fromkeys(user_id for user_id, _ in trips))
    names = await _names(guild, members)
    chart: TownChart = town_chart(city, timezone, window, found.locals.total, trips, names)
    png = await asyncio.to_thread(town_chart_png, chart)
    return chart.alt_text, discord.File(io.BytesIO(png), filename="whos-in-town.png")
