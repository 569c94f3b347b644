"""Materialising recurring tweetups a few weeks ahead."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.tweetups.recurrence import MAX_NEW_OCCURRENCES, occurrences_to_create

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # a Tuesday


@dataclass(frozen=True)
class Weekly:
    """Every week at the same Berlin wall time, like the dates package's rules."""

    first: datetime
    obeys_until: bool = True

    def occurrences(self, after: datetime, until: datetime) -> Iterator[datetime]:
        current = self.first
        while self.obeys_until is False or current <= until:
            if current > after:
                yield current
            naive = current.replace(tzinfo=None) + timedelta(weeks=1)
            current = naive.replace(tzinfo=BERLIN)


class NaiveRule:
    def occurrences(self, after: datetime, until: datetime) -> list[datetime]:
        return [datetime(2026, 3, 12, 19)]


THURSDAYS = Weekly(datetime(2026, 3, 12, 19, 0, tzinfo=BERLIN))


def test_the_next_four_weeks_are_created() -> None:
    found = occurrences_to_create(THURSDAYS, [], NOW)
    assert [d.date().isoformat() for d in found] == [
        "2026-03-12",
        "2026-03-19",
        "2026-03-26",
        "2026-04-02",
    ]
    assert all(d.hour == 19 and d.tzinfo is BERLIN for d in found)
    # across the spring-forward on 29 March the wall time stays 19:00, the offset moves
    assert found[2].utcoffset() == timedelta(hours=1)
    assert found[3].utcoffset() == timedelta(hours=2)


def test_existing_occurrences_are_not_created_twice() -> None:
    first = occurrences_to_create(THURSDAYS, [], NOW)
    in_utc = [d.astimezone(UTC) for d in first[:2]]  # stored in UTC: same instants
    assert occurrences_to_create(THURSDAYS, in_utc, NOW) == first[2:]
    assert occurrences_to_create(THURSDAYS, first, NOW) == []


def test_the_horizon_rolls_forward() -> None:
    later = NOW + timedelta(weeks=1)
    existing = occurrences_to_create(THURSDAYS, [], NOW)
    assert [d.date().isoformat() for d in occurrences_to_create(THURSDAYS, existing, later)] == [
        "2026-04-09"
    ]


def test_imminent_occurrences_are_left_out() -> None:
    an_hour_before = datetime(2026, 3, 12, 18, 0, tzinfo=BERLIN)
    found = occurrences_to_create(THURSDAYS, [], an_hour_before)
    assert found[0].date().isoformat() == "2026-03-19"
    found = occurrences_to_create(THURSDAYS, [], an_hour_before, min_notice=timedelta(0))
    assert found[0].date().isoformat() == "2026-03-12"


def test_a_rule_ignoring_until_cannot_run_forever_and_a_flood_is_capped() -> None:
    runaway = Weekly(THURSDAYS.first, obeys_until=False)
    assert len(occurrences_to_create(runaway, [], NOW)) == 4
    many = occurrences_to_create(THURSDAYS, [], NOW, horizon=timedelta(weeks=52))
    assert len(many) == MAX_NEW_OCCURRENCES


def test_naive_times_are_bugs() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrences_to_create(THURSDAYS, [], datetime(2026, 3, 10))
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrences_to_create(NaiveRule(), [], NOW)


def test_works_with_the_dates_package_rules() -> None:
    from bot.domain.dates.recurrence import parse_recurrence

    rule = parse_recurrence("every Thursday at 19:00", tz="Europe/Berlin", start=NOW)
    found = occurrences_to_create(rule, [], NOW)
    assert [d.astimezone(BERLIN).strftime("%a %H:%M") for d in found] == ["Thu 19:00"] * 4


@given(
    st.lists(st.integers(0, 10), max_size=6),
    st.integers(0, 60 * 24 * 30),
)
def test_idempotent_and_never_duplicates(existing_weeks: list[int], minutes: int) -> None:
    now = NOW + timedelta(minutes=minutes)
    existing = [
        (THURSDAYS.first.replace(tzinfo=None) + timedelta(weeks=w)).replace(tzinfo=BERLIN)
        for w in existing_weeks
    ]
    found = occurrences_to_create(THURSDAYS, existing, now)
    instants = [d.astimezone(UTC) for d in found]
    assert instants == sorted(set(instants))
    assert not set(instants) & {e.astimezone(UTC) for e in existing}
    assert all(now + timedelta(hours=2) <= d <= now + timedelta(weeks=4) for d in found)
    assert occurrences_to_create(THURSDAYS, [*existing, *found], now) == []
