"""The data of the "who's in town when" chart."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.dates.model import DateRange
from bot.domain.icebreakers import town_chart
from bot.domain.icebreakers.timeline import MAX_ROWS, busiest_day

WINDOW = DateRange(date(2026, 12, 1), date(2026, 12, 10))


def test_rows_by_first_arrival_one_per_member_clipped_to_the_window() -> None:
    trips = [
        (2, DateRange(date(2026, 12, 5), date(2026, 12, 20))),
        (1, DateRange(date(2026, 11, 28), date(2026, 12, 2))),
        (1, DateRange(date(2026, 12, 8), date(2026, 12, 9))),
        (3, DateRange(date(2027, 1, 1), date(2027, 1, 3))),  # outside: no row
    ]
    chart = town_chart("Berlin", "Europe/Berlin", WINDOW, 4, trips, {1: "Ana", 2: "Bo"})
    assert [row.name for row in chart.rows] == ["Ana", "Bo"]
    assert chart.rows[0].stays[0] == DateRange(date(2026, 12, 1), date(2026, 12, 2))
    assert chart.rows[1].stays[0].end == date(2026, 12, 10)
    assert busiest_day(chart) == (date(2026, 12, 8), 2)  # Ana is back while Bo stays
    assert "2 visiting members and 4 locals" in chart.alt_text


days = st.integers(min_value=0, max_value=40)


@given(st.lists(st.tuples(st.integers(1, 40), days, days), max_size=60))
def test_bars_stay_inside_the_window_and_rows_are_capped(raw: list[tuple[int, int, int]]) -> None:
    trips = []
    for member, a, b in raw:
        start, end = sorted((a, b))
        trips.append(
            (
                member,
                DateRange(
                    date.fromordinal(WINDOW.start.toordinal() - 10 + start),
                    date.fromordinal(WINDOW.start.toordinal() - 10 + end),
                ),
            )
        )
    chart = town_chart("X", "UTC", WINDOW, 0, trips, {})
    assert len(chart.rows) <= MAX_ROWS
    members_inside = {m for m, stay in trips if stay.overlaps(WINDOW)}
    assert len(chart.rows) + chart.more == len(members_inside)
    for row in chart.rows:
        for stay in row.stays:
            assert WINDOW.start <= stay.start <= stay.end <= WINDOW.end
