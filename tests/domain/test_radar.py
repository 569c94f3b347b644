"""Radar's decision: only a sure, upcoming, exactly dated trip to one clear city."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.chatter import extract_trip
from bot.domain.radar import sighting, trip_key, worth_a_look

TODAY = date(2026, 11, 21)


def seen(text: str, sensitivity: str = "quiet", today: date = TODAY) -> str | None:
    found = sighting(extract_trip(text, today), sensitivity=sensitivity, today=today)
    if found is None:
        return None
    return f"{found.place.label} {found.window.start}..{found.window.end}"


def test_a_sure_trip_is_seen() -> None:
    assert seen("Flying to Berlin Dec 4-6, anyone want to meet?") == (
        "Berlin, DE 2026-12-04..2026-12-06"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Berlin is so nice in December",  # no trip
        "I was in Berlin Nov 2-5, great trip",  # past
        "my sister flies to Berlin Dec 4-6",  # not the author's
        "Flying to Berlin sometime soon, anyone around?",  # no exact dates
        "Flying to Berlin or Paris Dec 4-6, not sure which yet",  # two cities
    ],
)
def test_anything_less_is_not(text: str) -> None:
    assert seen(text, "normal") is None


def test_a_trip_that_ended_is_not_seen() -> None:
    assert seen("Flying to Berlin Dec 4-6, anyone?", today=date(2026, 12, 7)) is None


def test_the_first_glance_drops_chatter_and_keeps_trips() -> None:
    assert worth_a_look("Flying to Berlin Dec 4-6, anyone?", sensitivity="quiet", today=TODAY)
    assert not worth_a_look("lol did you see the game", sensitivity="normal", today=TODAY)


def test_the_trip_key_names_guild_author_city_and_dates_only() -> None:
    reading = extract_trip("Flying to Berlin Dec 4-6, anyone want to meet?", TODAY)
    again = extract_trip("Still flying to Berlin Dec 4-6, who is up for a beer?", TODAY)
    first = sighting(reading, sensitivity="quiet", today=TODAY)
    second = sighting(again, sensitivity="quiet", today=TODAY)
    assert first is not None
    assert second is not None
    assert trip_key(1, 2, first) == trip_key(1, 2, second)
    assert trip_key(1, 3, first) != trip_key(1, 2, first)
    assert len(trip_key(1, 2, first)) == 64
