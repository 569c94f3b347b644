"""Presence, preferences, sociable hours and the DST-safe local time helper."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.dates.model import DateRange
from bot.domain.tweetups._localtime import local_instant, local_today, wall_time_exists
from bot.domain.tweetups.availability import Availability, Participant, SociableHours, part_of_week
from bot.domain.tweetups.errors import InvalidSlotSettings

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 3, 2, 11, 0), Availability.WEEKDAY_DAYTIME),  # Monday
        (datetime(2026, 3, 2, 16, 59), Availability.WEEKDAY_DAYTIME),
        (datetime(2026, 3, 2, 17, 0), Availability.WEEKDAY_EVENINGS),
        (datetime(2026, 3, 6, 19, 0), Availability.WEEKDAY_EVENINGS),  # Friday
        (datetime(2026, 3, 7, 14, 0), Availability.WEEKEND_DAYTIME),  # Saturday
        (datetime(2026, 3, 8, 20, 0), Availability.WEEKEND_EVENINGS),  # Sunday
    ],
)
def test_part_of_week(local: datetime, expected: Availability) -> None:
    assert part_of_week(local.replace(tzinfo=BERLIN)) == expected


@pytest.mark.parametrize(
    ("availability", "label"),
    [
        (Availability.ANY, "any time"),
        (Availability.WEEKDAY_EVENINGS, "weekday evenings"),
        (
            Availability.WEEKEND_DAYTIME | Availability.WEEKDAY_EVENINGS,
            "weekday evenings, weekend daytime",
        ),
        (Availability(0), "no preference set"),
    ],
)
def test_availability_labels(availability: Availability, label: str) -> None:
    assert availability.label == label


def test_a_local_is_always_present_and_a_traveler_only_on_their_dates() -> None:
    local = Participant(1, "Cy")
    trip = Participant(
        2,
        "Ana",
        (
            DateRange(date(2026, 3, 10), date(2026, 3, 12)),
            DateRange(date(2026, 3, 3), date(2026, 3, 5)),
        ),
    )
    assert local.present_on(date(2030, 1, 1))
    assert [trip.present_on(date(2026, 3, d)) for d in (2, 3, 5, 6, 10, 12, 13)] == [
        False, True, True, False, True, True, False,
    ]  # fmt: skip
    assert trip.next_arrival_after(date(2026, 3, 7)) == date(2026, 3, 10)
    assert trip.last_departure_before(date(2026, 3, 7)) == date(2026, 3, 5)
    assert trip.window_on(date(2026, 3, 11)) == DateRange(date(2026, 3, 10), date(2026, 3, 12))
    assert not Participant(3, "Nobody", ()).present_on(date(2026, 3, 3))


def test_sociable_hours_must_run_forward_within_one_day() -> None:
    assert SociableHours().start == time(11)
    assert SociableHours().end == time(22)
    with pytest.raises(InvalidSlotSettings):
        SociableHours(time(22), time(2))
    with pytest.raises(InvalidSlotSettings):
        SociableHours(time(18), time(18))


@pytest.mark.parametrize(
    ("day", "at", "expected_utc"),
    [
        (date(2026, 3, 29), time(1, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        (date(2026, 3, 29), time(2, 0), None),  # spring-forward gap
        (date(2026, 3, 29), time(2, 30), None),
        (date(2026, 3, 29), time(3, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        # fall back: 02:30 happens twice; the first occurrence (still CEST) is taken
        (date(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (date(2026, 7, 1), time(19, 0), datetime(2026, 7, 1, 17, 0, tzinfo=UTC)),
    ],
)
def test_local_instant_skips_gaps_and_takes_the_first_ambiguous_reading(
    day: date, at: time, expected_utc: datetime | None
) -> None:
    result = local_instant(day, at, BERLIN)
    if expected_utc is None:
        assert result is None
        assert not wall_time_exists(datetime.combine(day, at), BERLIN)
    else:
        assert result is not None
        assert result.astimezone(UTC) == expected_utc


def test_today_is_the_city_date() -> None:
    late_utc = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert local_today(late_utc, BERLIN) == date(2026, 3, 3)
    assert local_today(late_utc, ZoneInfo("America/New_York")) == date(2026, 3, 2)
    with pytest.raises(ValueError, match="timezone-aware"):
        local_today(datetime(2026, 3, 2), BERLIN)
