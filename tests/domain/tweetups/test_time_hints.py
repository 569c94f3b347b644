"""The title decides between morning and evening readings; unsociable ones are never first."""

from __future__ import annotations

from datetime import time

import pytest

from bot.domain.tweetups.time_hints import hinted_hours, order_readings

SOCIABLE = (time(11), time(22, 59))
ELEVEN = [time(23), time(11)]  # "at 11": the reader offers the evening first
SEVEN = [time(7), time(19)]


@pytest.mark.parametrize(
    ("title", "times", "first"),
    [
        ("Sunday brunch", ELEVEN, time(11)),
        ("Lunch with the team", [time(0, 30), time(12, 30)], time(12, 30)),
        ("Coffee", ELEVEN, time(11)),
        ("Drinks at the pub", SEVEN, time(19)),
        ("Dinner", SEVEN, time(19)),
        ("Abendessen im Kiez", SEVEN, time(19)),
        ("Petit-déjeuner", [time(21), time(9)], time(9)),
        ("Meetup", ELEVEN, time(11)),  # no hint: the sociable one
    ],
)
def test_the_title_puts_the_meant_reading_first(title: str, times: list[time], first: time) -> None:
    suggestion = order_readings(times, title, SOCIABLE)
    assert times[suggestion.order[0]] == first
    assert sorted(suggestion.order) == list(range(len(times)))


def test_an_unsociable_first_reading_is_not_highlighted() -> None:
    # Breakfast at 7 is what the title says, but 07:00 is outside 11-23: offered first,
    # never pre-selected.
    suggestion = order_readings(SEVEN, "Breakfast", SOCIABLE)
    assert SEVEN[suggestion.order[0]] == time(7)
    assert suggestion.highlight_first is False
    assert order_readings(ELEVEN, "brunch", SOCIABLE).highlight_first is True


@pytest.mark.parametrize("title", ["", "Quarterly sync", "🎉🎉"])
def test_titles_without_a_hint_give_none(title: str) -> None:
    assert hinted_hours(title) is None
