"""Meetups held, people who met, first-timers welcomed; per member; busiest months."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.icebreakers import PastMeetup, community_stats, first_timers, member_stats


def meetup(
    tweetup_id: int, going: set[int], answers: dict[int, str] | None = None, **kw: str
) -> PastMeetup:
    return PastMeetup(
        tweetup_id,
        kw.get("city", "Berlin"),
        kw.get("month", "2026-11"),
        frozenset(going),
        answers or {},
    )


@pytest.mark.parametrize(
    ("past", "held"),
    [
        (meetup(1, {1, 2}), True),
        (meetup(1, {1}), False),  # nobody to meet
        (meetup(1, {1, 2}, {2: "no"}), False),
        (meetup(1, {1, 2, 3}, {1: "cancelled", 2: "cancelled", 3: "yes"}), False),
        (meetup(1, {1, 2, 3}, {1: "cancelled", 2: "yes", 3: "yes"}), True),
    ],
)
def test_when_a_meetup_counts_as_held(past: PastMeetup, held: bool) -> None:
    assert past.held is held


def test_community_numbers() -> None:
    history = [
        meetup(1, {1, 2}, month="2026-10"),
        meetup(2, {1, 3, 4}, city="Lisbon", month="2026-11"),  # 3 and 4 welcomed by 1
        meetup(3, {5, 6}, month="2026-11"),  # first-timers among themselves: not welcomed
        meetup(4, {7}, month="2026-11"),  # not held
    ]
    stats = community_stats(history)
    assert stats.held == 3
    assert stats.people_met == 6
    assert stats.first_timers_welcomed == 2
    assert stats.cities == (("Berlin", 2), ("Lisbon", 1))
    assert stats.busiest_months == (("2026-11", 2), ("2026-10", 1))


def test_member_numbers_count_people_and_cities_once() -> None:
    history = [
        meetup(1, {1, 2}),
        meetup(2, {1, 2, 3}, city="Lisbon"),
        meetup(3, {1, 4}, {4: "no"}),
    ]
    mine = member_stats(history, 1)
    assert (mine.meetups, mine.people_met, mine.cities) == (2, 2, 2)
    assert member_stats(history, 9).meetups == 0


def test_first_timers_never_attended_a_held_meetup() -> None:
    history = [meetup(1, {1, 2}), meetup(2, {3})]
    assert first_timers({1, 3, 4}, history) == {3, 4}


going_sets = st.sets(st.integers(min_value=1, max_value=8), max_size=6)


@given(st.lists(going_sets, max_size=8))
def test_erasing_a_member_never_raises_a_count(goings: list[set[int]]) -> None:
    """Erasure deletes the member's RSVPs: every number may only stay or go down."""
    history = [meetup(i, g) for i, g in enumerate(goings)]
    erased = [meetup(i, g - {1}) for i, g in enumerate(goings)]
    before, after = community_stats(history), community_stats(erased)
    assert after.held <= before.held
    assert after.people_met <= before.people_met
    assert after.people_met == len({m for past in erased if past.held for m in past.attendees})
    assert member_stats(erased, 1).meetups == 0
