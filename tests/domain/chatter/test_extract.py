"""extract_trip on the issue's own examples and on each kind of negative."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.chatter import extract_trip
from bot.domain.places import Gazetteer

TODAY = date(2026, 3, 10)  # a Tuesday


def read(text: str, order: str | None = "dmy"):  # type: ignore[no-untyped-def]
    return extract_trip(text, TODAY, "Europe/Berlin", order)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "city", "start", "end"),
    [
        ("landing in bcn sat, staying till wed — beers anyone?", "Barcelona", "03-14", "03-18"),
        ("bin vom 12. bis 15. Juni in Köln… wer ist da?", "Köln", None, None),
        ("milano for fashion week!! 🇮🇹 who's around", "Milan", None, None),
        ("Prague is off, Vienna instead, same dates Mar 22-25", "Vienna", "03-22", "03-25"),
        ("headed to chi-town apr 2-5 for work", "Chicago", "04-02", "04-05"),
        ("gonna be in bmore for a few days, meetup?", "Baltimore", None, None),
        ("flying into the twin cities next week", "Minneapolis", None, None),
        ("driving to Athens, GA this weekend, anyone around?", "Athens", "03-14", "03-15"),
        ("~~madrid~~ barcelona mar 28 - apr 1, who's around", "Barcelona", "03-28", "04-01"),
        ("off to göteborg fri 27th to sun 29th", "Gothenburg", "03-27", "03-29"),
    ],
)
def test_own_trips(
    gazetteer: Gazetteer, text: str, city: str, start: str | None, end: str | None
) -> None:
    reading = read(text)
    assert reading.trip, reading.reason
    assert reading.city is not None
    assert reading.city.name == city
    if start is not None:
        exact = reading.dates_exact
        assert exact is not None
        assert (exact.start.isoformat()[5:], exact.end.isoformat()[5:]) == (start, end)


def test_a_qualifier_picks_the_namesake(gazetteer: Gazetteer) -> None:
    reading = read("heading to springfield (the one in illinois) soon, meetup?")
    assert reading.city is not None
    assert reading.city.region == "Illinois"
    georgia = read("driving to Athens, GA this weekend")
    assert georgia.city is not None
    assert (georgia.city.country, georgia.city.region) == ("US", "Georgia")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("my cousin flies to Valletta on the 4th", "someone else"),
        ("> landing in bcn sat, staying till wed\nlmao who writes like this", "quote"),
        ('she texted me "in rome till friday!!" so jealous', "quote"),
        ("loved Krakow in the spring", "past"),
        ("was in berlin last weekend, great time", "past"),
        ("one day I'll do Sapporo", "wish"),
        ("should we all go to Tallinn?", "proposal"),
        ("is Riga worth a weekend?", "question"),
        ("born and raised in Leeds", "home"),
        ("Prague is off, sadly", "cancelled"),
        ("nice! that's so cool", "word"),
        ("my mobile died again", "word"),
        ("let's split the bill", "word"),
        ("Real Madrid are going to win it all this year", "team"),
        ("paris hilton was on a podcast lol", "person"),
        ("```\nberlin mar 14-15\n```\nis this the right format?", "code"),
    ],
)
def test_negatives(gazetteer: Gazetteer, text: str, why: str) -> None:
    reading = read(text)
    assert not reading.trip, (why, reading.reason, reading.confidence)


def test_a_past_range_is_not_a_trip(gazetteer: Gazetteer) -> None:
    reading = read("prague 2-5 march 2026, who's around?")
    assert not reading.trip
    assert "over" in reading.reason


def test_no_city_costs_nothing_and_says_so(gazetteer: Gazetteer) -> None:
    reading = read("see you all on friday!")
    assert (reading.trip, reading.city, reading.confidence) == (False, None, 0.0)
    assert reading.reason == "no city named"


def test_ambiguous_numbers_are_offered_not_chosen(gazetteer: Gazetteer) -> None:
    reading = read("nyc 4/6-4/9, who's around?", order=None)
    assert reading.city is not None
    assert reading.city.name == "New York City"
    assert reading.dates_exact is None
    assert len(reading.readings) == 2
    us = read("nyc 4/6-4/9, who's around?", order="mdy").dates_exact
    assert us is not None
    assert (us.start, us.end) == (date(2026, 4, 6), date(2026, 4, 9))


def test_the_home_zone_breaks_a_tie(gazetteer: Gazetteer) -> None:
    london = extract_trip("in cambridge next week, pint?", TODAY, "Europe/London", None)
    boston = extract_trip("in cambridge next week, pint?", TODAY, "America/New_York", None)
    assert london.city is not None
    assert boston.city is not None
    assert (london.city.country, boston.city.country) == ("GB", "US")


def test_candidates_are_scored_best_first(gazetteer: Gazetteer) -> None:
    reading = read("was in porto last week, now lisbon 20-23 march")
    assert [c.place.name for c in reading.candidates][:1] == ["Lisbon"]
    scores = [c.score for c in reading.candidates]
    assert scores == sorted(scores, reverse=True)


def test_json_shape(gazetteer: Gazetteer) -> None:
    payload = read("lisbon mar 20-24 🇵🇹 who's around??").to_dict()
    assert set(payload) == {"trip", "confidence", "city", "start", "end", "readings", "reason"}
    assert payload["start"] == "2026-03-20"
    assert payload["end"] == "2026-03-24"
    city = payload["city"]
    assert isinstance(city, dict)
    assert set(city) == {"id", "name", "country", "lat", "lon", "label"}
