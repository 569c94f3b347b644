"""The heat map's data: votes win over presence; presence follows the trips."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.dates.model import DateRange
from bot.domain.tweetups import Vote
from bot.domain.tweetups.poll_grid import Cell, build_grid

BERLIN = ZoneInfo("Europe/Berlin")
FRI = datetime(2026, 12, 4, 19, tzinfo=BERLIN)
SAT = datetime(2026, 12, 5, 12, tzinfo=BERLIN)
ANA, BO, CY = 1, 2, 3


def test_cells_show_votes_then_whether_the_member_is_in_town() -> None:
    grid = build_grid(
        [(10, FRI), (11, SAT)],
        [ANA, BO, CY],
        {10: {ANA: Vote.YES, BO: Vote.NO}, 11: {ANA: Vote.IF_NEED_BE}},
        {ANA: None, BO: (DateRange(date(2026, 12, 5), date(2026, 12, 6)),), CY: ()},
        leading_slot=11,
    )
    assert grid.cells[0] == (Cell.YES, Cell.NO, Cell.AWAY)
    assert grid.cells[1] == (Cell.IF_NEED_BE, Cell.FREE, Cell.AWAY)
    assert grid.leading_row == 1
    assert grid.times == (FRI, SAT)


def test_a_member_with_no_known_plans_counts_as_free() -> None:
    grid = build_grid([(10, FRI)], [ANA], {}, {}, leading_slot=None)
    assert grid.cells == ((Cell.FREE,),)
    assert grid.leading_row is None
