"""The poll's heat map as a PNG (Pillow): rows are times in the city's zone, columns are the
invitees who may be seen, each cell coloured by their answer or whether they are in town.

Pillow rather than matplotlib: a grid of coloured cells and short labels needs no plotting
library, and renders in a few milliseconds.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import discord

from bot.domain.tweetups.poll_grid import Cell, PollGrid
from bot.services import poll_votes
from bot.services.poll_votes import PollCard

if TYPE_CHECKING:
    from PIL import ImageFont

COLOURS = {
    Cell.YES: (59, 165, 93),
    Cell.IF_NEED_BE: (250, 166, 26),
    Cell.NO: (237, 66, 69),
    Cell.FREE: (214, 236, 222),
    Cell.AWAY: (200, 200, 205),
}
BACKGROUND = (255, 255, 255)
INK = (35, 39, 42)
MUTED = (110, 115, 122)
LEADING = (255, 243, 196)
CELL_W, CELL_H, PAD = 84, 34, 12
LABEL_W, HEADER_H, LEGEND_H = 170, 46, 34
MAX_PEOPLE = 12


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont  # see render_grid

    return ImageFont.load_default(size=size)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_grid(grid: PollGrid, names: Sequence[str]) -> bytes:
    """The PNG bytes; ``names`` label the columns, in ``grid.people`` order."""
    # Pillow is imported by the first picture, not at start (~10 ms of CPU for every start).
    from PIL import Image, ImageDraw

    people = min(len(grid.people), MAX_PEOPLE)
    width = PAD * 2 + LABEL_W + CELL_W * max(people, 1)
    height = PAD * 2 + HEADER_H + CELL_H * len(grid.times) + LEGEND_H
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small, normal = _font(12), _font(14)
    top = PAD + HEADER_H
    zone = getattr(grid.times[0].tzinfo, "key", "") if grid.times else ""
    draw.text((PAD, PAD + 16), f"Times in {zone}" if zone else "", fill=MUTED, font=small)
    for column, name in enumerate(names[:people]):
        x = PAD + LABEL_W + column * CELL_W
        draw.text((x + 4, PAD + 16), _fit(name, 11), fill=INK, font=small)
    for row, moment in enumerate(grid.times):
        y = top + row * CELL_H
        if grid.leading_row == row:
            draw.rounded_rectangle((PAD - 6, y, width - PAD + 4, y + CELL_H - 1), 6, fill=LEADING)
        draw.text((PAD, y + 9), f"{moment:%a %d %b %H:%M}", fill=INK, font=normal)
        for column in range(people):
            x = PAD + LABEL_W + column * CELL_W
            cell = grid.cells[row][column]
            draw.rounded_rectangle(
                (x + 2, y + 2, x + CELL_W - 3, y + CELL_H - 3), radius=5, fill=COLOURS[cell]
            )
    y = top + CELL_H * len(grid.times) + 10
    x = PAD
    legend = [(COLOURS[cell], cell.value) for cell in Cell] + [(LEADING, "leading")]
    for colour, text in legend:
        draw.rounded_rectangle((x, y, x + 14, y + 14), radius=3, fill=colour)
        draw.text((x + 19, y), text, fill=INK, font=small)
        x += 30 + int(draw.textlength(text, font=small))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


FILENAME = "poll.png"


async def poll_picture(bot: Any, card: PollCard) -> discord.File:
    """The poll's heat map as an attachment: visible invitees' names, their answers, and
    whether their trips put them in town."""
    async with bot.db.read_session() as session:
        grid = await poll_votes.poll_grid(
            session=session, card=card, defaults=bot.settings.defaults
        )
    names = [await _name(bot, card.poll.guild_id, member) for member in grid.people]
    png = await asyncio.to_thread(render_grid, grid, names)
    return discord.File(io.BytesIO(png), filename=FILENAME, description=ALT_TEXT)


ALT_TEXT = "Heat map of the poll: times against invitees, coloured by their answers"


async def _name(bot: Any, guild_id: int, member_id: int) -> str:
    guild = bot.get_guild(guild_id)
    member = guild.get_member(member_id) if guild is not None else None
    if member is None and guild is not None:
        try:
            member = await guild.fetch_member(member_id)
        except discord.HTTPException:
            member = None
    return member.display_name if member is not None else "member"
