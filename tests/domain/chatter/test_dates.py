"""Dates in chat: read in the city's country, and never lost or fatal in a long message."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.chatter import extract_trip
from bot.domain.chatter.dates import MAX_CHARS, near, read_dates
from bot.domain.dates import InputTooLong, parse_date_range
from bot.domain.places import Gazetteer

TODAY = date(2026, 3, 10)  # Easter 2026 is Sunday 5 April
FILLER = "honestly the coffee here is quite good and the people are lovely "


def read(text: str):  # type: ignore[no-untyped-def]
    return extract_trip(text, TODAY, "Europe/Berlin", "dmy")


@pytest.mark.parametrize(
    ("text", "country", "start", "end"),
    [
        # Good Friday and Easter Monday are bank holidays in the UK, not in the US.
        ("edinburgh over easter, drinks?", "GB", date(2026, 4, 3), date(2026, 4, 6)),
        ("in boston over easter, drinks?", "US", date(2026, 4, 4), date(2026, 4, 5)),
    ],
)
def test_holidays_are_the_citys_countrys(
    gazetteer: Gazetteer, text: str, country: str, start: date, end: date
) -> None:
    reading = read(text)
    assert reading.city is not None
    assert reading.city.country == country
    exact = reading.dates_exact
    assert exact is not None
    assert (exact.start, exact.end) == (start, end)


def test_a_date_next_to_the_city_survives_a_long_clause(gazetteer: Gazetteer) -> None:
    text = FILLER * 6 + "landing in lisbon mar 20-23 " + FILLER * 6
    assert "," not in text
    assert len(text) > 2 * MAX_CHARS
    with pytest.raises(InputTooLong):
        parse_date_range(text, today=TODAY)
    reading = read(text)
    assert reading.city is not None
    assert reading.city.name == "Lisbon"
    exact = reading.dates_exact
    assert exact is not None
    assert (exact.start, exact.end) == (date(2026, 3, 20), date(2026, 3, 23))


def test_a_date_at_the_end_of_a_long_clause_before_the_city(gazetteer: Gazetteer) -> None:
    reading = read(FILLER * 8 + "from mar 20 to 23, lisbon! who's around?")
    exact = reading.dates_exact
    assert exact is not None
    assert (exact.start, exact.end) == (date(2026, 3, 20), date(2026, 3, 23))


def test_the_clauses_nearest_the_city_are_read_first() -> None:
    """Dated-looking clauses that hold no date must not use up the calls before the city's."""
    chatter = [f"this one {FILLER * 2}", f"next one {FILLER}", "this weekend thing", "next up"]
    finding = read_dates([*chatter, "lisbon mar 20-23"], TODAY, "dmy", "PT", home=4)
    assert finding.exact is not None
    assert (finding.exact.start, finding.exact.end) == (date(2026, 3, 20), date(2026, 3, 23))


@pytest.mark.parametrize(
    "text",
    [
        "lisbon " + "mar 3 " * 400,
        "mar 3-7, " * 30 + "lisbon, " + "mar 3-7, " * 300,
        ("lisbon, " + "till wed, " * 100) * 3,
        "lisbon " + "x" * 5000 + " mar 3-7",
        "over easter " * 40 + "in lisbon " + "over easter " * 200,
        "lisbon april 0 weekend",  # the date reader once raised a bare ValueError here
    ],
)
def test_dated_messages_never_raise(gazetteer: Gazetteer, text: str) -> None:
    """(The city is among the first words: the place finder reads only a message's head.)"""
    reading = read(text)
    assert reading.city is not None
    assert isinstance(reading.reason, str)


@given(
    words=st.lists(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)),
    at=st.integers(min_value=0, max_value=2000),
    limit=st.integers(min_value=20, max_value=MAX_CHARS),
)
def test_near_keeps_whole_words_within_the_limit(words: list[str], at: int, limit: int) -> None:
    text = " ".join(words)
    window = near(text, at, limit)
    assert len(window) <= limit
    assert window in text
    if len(text) <= limit:
        assert window == text
        return
    cut = window.strip().split(" ")
    assert all(word in words for word in cut)
    assert window.strip()  # words are shorter than the limit: something is always kept
