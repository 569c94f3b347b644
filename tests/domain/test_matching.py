"""The pure rules of matching: overlap windows, radius narrowing, ranking."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.dates.model import DateRange
from bot.domain.matching import Match, MatchKind, effective_radius_km, overlap, rank

ranges = st.builds(
    lambda start, length: DateRange(start, start + timedelta(days=length)),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 1, 1)),
    st.integers(min_value=0, max_value=40),
)


@given(ranges, ranges)
def test_overlap_is_symmetric_and_inside_both(a: DateRange, b: DateRange) -> None:
    common = overlap(a, b)
    assert common == overlap(b, a)
    if common is None:
        assert a.end < b.start or b.end < a.start
    else:
        assert a.start <= common.start <= common.end <= a.end
        assert b.start <= common.start <= common.end <= b.end


def test_touching_ranges_share_their_day() -> None:
    a = DateRange(date(2027, 3, 3), date(2027, 3, 7))
    b = DateRange(date(2027, 3, 7), date(2027, 3, 9))
    assert overlap(a, b) == DateRange(date(2027, 3, 7), date(2027, 3, 7))


def test_members_can_narrow_but_not_widen_the_radius() -> None:
    assert effective_radius_km(50, None) == 50
    assert effective_radius_km(50, 10) == 10
    assert effective_radius_km(50, 500) == 50


def test_rank_puts_co_travelers_and_long_overlaps_first() -> None:
    short = DateRange(date(2027, 3, 3), date(2027, 3, 3))
    long = DateRange(date(2027, 3, 3), date(2027, 3, 6))
    local = Match(1, MatchKind.LOCAL, "Berlin", 1.0, long)
    brief = Match(2, MatchKind.CO_TRAVELER, "Berlin", 5.0, short)
    lengthy = Match(3, MatchKind.CO_TRAVELER, "Potsdam", 20.0, long)
    assert [m.user_id for m in rank([local, brief, lengthy])] == [3, 2, 1]
