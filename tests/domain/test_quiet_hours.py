"""Quiet hours hold DMs until they end, in the member's own zone, across DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidInput
from bot.domain.quiet_hours import (
    QuietHours,
    next_delivery,
    next_weekly_digest,
    parse_clock,
    parse_quiet_hours,
)

NIGHT = QuietHours(22 * 60, 7 * 60, "Europe/Berlin")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 23:30 Berlin (UTC+1) → 07:00 Berlin next day = 06:00 UTC
        (datetime(2026, 11, 21, 22, 30, tzinfo=UTC), datetime(2026, 11, 22, 6, 0, tzinfo=UTC)),
        # 03:00 Berlin → 07:00 the same day
        (datetime(2026, 11, 22, 2, 0, tzinfo=UTC), datetime(2026, 11, 22, 6, 0, tzinfo=UTC)),
        # 12:00 Berlin: not quiet
        (datetime(2026, 11, 22, 11, 0, tzinfo=UTC), datetime(2026, 11, 22, 11, 0, tzinfo=UTC)),
        # The night clocks spring forward (2027-03-28): 07:00 CEST = 05:00 UTC
        (datetime(2027, 3, 27, 23, 0, tzinfo=UTC), datetime(2027, 3, 28, 5, 0, tzinfo=UTC)),
    ],
)
def test_next_delivery(now: datetime, expected: datetime) -> None:
    assert next_delivery(now, NIGHT) == expected


def test_no_quiet_hours_means_now() -> None:
    now = datetime(2026, 11, 21, 22, 30, tzinfo=UTC)
    assert next_delivery(now, None) == now


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    )
)
def test_delivery_is_never_early_nor_inside_quiet_hours(now: datetime) -> None:
    due = next_delivery(now, NIGHT)
    assert now <= due <= now + timedelta(hours=10)
    from zoneinfo import ZoneInfo

    assert not NIGHT.contains(due.astimezone(ZoneInfo(NIGHT.timezone)))


def test_weekly_digest_is_monday_nine_local() -> None:
    saturday = datetime(2026, 11, 21, 12, tzinfo=UTC)
    assert next_weekly_digest(saturday, "America/New_York") == datetime(
        2026, 11, 23, 14, tzinfo=UTC
    )
    monday_after_nine = datetime(2026, 11, 23, 15, tzinfo=UTC)
    assert next_weekly_digest(monday_after_nine, "America/New_York") == datetime(
        2026, 11, 30, 14, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("22:00", 1320), ("7", 420), ("7am", 420), ("10pm", 1320), ("12am", 0), ("07.30", 450)],
)
def test_parse_clock(text: str, minutes: int) -> None:
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["25:00", "13pm", "noonish", "7:60", ""])
def test_parse_clock_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="not a time"):
        parse_clock(text)


def test_parse_quiet_hours() -> None:
    assert parse_quiet_hours("22:00-07:00") == (1320, 420)
    assert parse_quiet_hours("10pm to 7am") == (1320, 420)
    assert parse_quiet_hours("off") is None
    with pytest.raises(InvalidInput):
        parse_quiet_hours("late")
    with pytest.raises(InvalidInput):
        parse_quiet_hours("9-9")
