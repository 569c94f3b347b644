"""Finding the group of members present together on a day of a new trip."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.dates.model import DateRange
from bot.domain.hotspots import Gathering, Stay, gathering


def d(day: int) -> date:
    return date(2027, 3, day)


@pytest.mark.parametrize(
    ("stays", "size", "expected"),
    [
        # three overlapping stays: the days all three share
        ([(1, 3, 7), (2, 4, 8), (3, 5, 9)], 3, Gathering((1, 2, 3), DateRange(d(5), d(7)))),
        # two are not enough
        ([(1, 3, 7), (2, 4, 8)], 3, None),
        # the same member twice counts once
        ([(1, 3, 7), (2, 4, 8), (2, 5, 6)], 3, None),
        # three present, but never on the same day
        ([(1, 3, 4), (2, 5, 6), (3, 7, 7)], 3, None),
        # the largest group wins over the earliest
        (
            [(1, 3, 7), (2, 3, 4), (3, 3, 3), (4, 6, 7), (5, 6, 9), (6, 6, 6)],
            3,
            Gathering((1, 4, 5, 6), DateRange(d(6), d(6))),
        ),
        # size 2
        ([(1, 3, 7), (2, 7, 9)], 2, Gathering((1, 2), DateRange(d(7), d(7)))),
    ],
)
def test_gathering(
    stays: list[tuple[int, int, int]], size: int, expected: Gathering | None
) -> None:
    found = gathering(DateRange(d(3), d(7)), [Stay(u, d(s), d(e)) for u, s, e in stays], size)
    assert found == expected
