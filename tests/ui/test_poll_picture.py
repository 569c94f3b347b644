"""The poll's heat map renders as a real PNG of the expected size, and a vote changes it."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image

from bot.domain.tweetups import Vote
from bot.domain.tweetups.poll_grid import Cell, build_grid
from bot.ui.poll_picture import CELL_H, CELL_W, COLOURS, HEADER_H, LABEL_W, PAD, render_grid

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 12, 4, 19, tzinfo=BERLIN)
TIMES = [(100 + i, START + timedelta(days=i)) for i in range(4)]
PEOPLE = [1, 2, 3]
NAMES = ["Ana", "Bo", "a very long display name indeed"]


def picture(votes: dict[int, dict[int, Vote]]) -> Image.Image:
    grid = build_grid(TIMES, PEOPLE, votes, {}, leading_slot=101)
    return Image.open(io.BytesIO(render_grid(grid, NAMES)))


def cell_colour(image: Image.Image, row: int, column: int) -> tuple[int, ...]:
    x = PAD + LABEL_W + column * CELL_W + CELL_W // 2
    y = PAD + HEADER_H + row * CELL_H + CELL_H // 2
    return tuple(image.convert("RGB").getpixel((x, y)))  # type: ignore[arg-type]


def test_the_picture_has_a_row_per_time_and_a_column_per_member() -> None:
    image = picture({})
    assert image.format == "PNG"
    assert image.width == PAD * 2 + LABEL_W + CELL_W * len(PEOPLE)
    assert image.height > PAD * 2 + HEADER_H + CELL_H * len(TIMES)
    assert cell_colour(image, 0, 0) == COLOURS[Cell.FREE]


def test_a_vote_changes_its_cell_and_nothing_else() -> None:
    before = picture({})
    after = picture({102: {2: Vote.YES}})
    assert cell_colour(after, 2, 1) == COLOURS[Cell.YES]
    assert cell_colour(before, 2, 1) == COLOURS[Cell.FREE]
    assert cell_colour(after, 0, 0) == cell_colour(before, 0, 0)
    assert before.tobytes() != after.tobytes()
