"""Wall-clock arithmetic across DST: a day is 23, 24 or 25 hours long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.dates.errors import UnknownTimeZone
from bot.domain.dates.wallclock import add_elapsed, add_wall_clock, elapsed, load_zone, localize

BERLIN = ZoneInfo("Europe/Berlin")


def test_adding_a_day_across_spring_forward_keeps_the_wall_time_and_lasts_23_hours() -> None:
    saturday = datetime(2027, 3, 27, 19, 0, tzinfo=BERLIN)
    sunday = add_wall_clock(saturday, days=1)
    assert sunday == datetime(2027, 3, 28, 19, 0, tzinfo=BERLIN)
    assert elapsed(saturday, sunday) == timedelta(hours=23)


def test_adding_a_day_across_fall_back_lasts_25_hours() -> None:
    saturday = datetime(2026, 10, 24, 19, 0, tzinfo=BERLIN)
    sunday = add_wall_clock(saturday, days=1)
    assert sunday.hour == 19
    assert elapsed(saturday, sunday) == timedelta(hours=25)


def test_wall_clock_arithmetic_lands_past_a_gap() -> None:
    saturday = datetime(2027, 3, 27, 2, 30, tzinfo=BERLIN)
    assert add_wall_clock(saturday, days=1).strftime("%H:%M %z") == "03:30 +0200"


def test_weeks_and_months_too() -> None:
    start = datetime(2026, 1, 31, 19, 0, tzinfo=BERLIN)
    assert add_wall_clock(start, months=1) == datetime(2026, 2, 28, 19, 0, tzinfo=BERLIN)
    assert add_wall_clock(start, weeks=10).hour == 19


def test_elapsed_arithmetic_counts_real_hours() -> None:
    saturday = datetime(2027, 3, 27, 19, 0, tzinfo=BERLIN)
    later = add_elapsed(saturday, timedelta(hours=24))
    assert later == datetime(2027, 3, 28, 20, 0, tzinfo=BERLIN)
    assert later.tzinfo is BERLIN


def test_wall_clock_helpers_need_a_zoneinfo() -> None:
    with pytest.raises(ValueError, match="ZoneInfo"):
        add_wall_clock(datetime(2026, 1, 1, tzinfo=UTC), days=1)


def test_localize_leaves_ordinary_times_alone() -> None:
    result = localize(datetime(2026, 7, 1, 12, 0), BERLIN)
    assert result.note is None
    assert result.when.utcoffset() == timedelta(hours=2)


def test_localize_gap_and_fold() -> None:
    gap = localize(datetime(2027, 3, 28, 2, 30), BERLIN)
    assert (gap.when.hour, gap.when.minute) == (3, 30)
    fold = localize(datetime(2026, 10, 25, 2, 30), BERLIN)
    assert fold.when.fold == 0
    assert fold.when.utcoffset() == timedelta(hours=2)
    assert gap.note
    assert fold.note


def test_load_zone() -> None:
    assert load_zone("Europe/Berlin") is BERLIN
    with pytest.raises(UnknownTimeZone, match="Europe/Berlin"):
        load_zone("Europe/Berlinn")
