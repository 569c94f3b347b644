"""Behaviours of the chat date reader worth pinning one by one (the corpus measures the rest)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.dates import (
    Ambiguous,
    DateRange,
    ImpossibleDate,
    PastDates,
    UnrecognisedDate,
    VagueDates,
    parse_date_range,
)
from bot.domain.dates.named_days import long_weekend, season_range

FRI = date(2026, 10, 2)


def r(start: str, end: str) -> DateRange:
    return DateRange(date.fromisoformat(start), date.fromisoformat(end))


def test_the_old_signature_still_works_and_country_is_optional() -> None:
    assert parse_date_range("Mar 3-7", today=date(2026, 3, 1)) == r("2026-03-03", "2026-03-07")
    assert parse_date_range("Mar 3-7", today=date(2026, 3, 1), country="de") == r(
        "2026-03-03", "2026-03-07"
    )


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", ("2027-03-27", "2027-03-28")),  # neither Good Friday nor Easter Monday off
        ("FR", ("2027-03-27", "2027-03-29")),  # Easter Monday only
        ("ES", ("2027-03-26", "2027-03-28")),  # Good Friday only
        ("DE", ("2027-03-26", "2027-03-29")),
        (None, ("2027-03-26", "2027-03-29")),
    ],
)
def test_easter_weekend_depends_on_the_country(
    country: str | None, expected: tuple[str, str]
) -> None:
    assert parse_date_range("easter weekend", today=FRI, country=country) == r(*expected)


def test_labor_day_is_september_in_the_us_and_may_elsewhere() -> None:
    spring = date(2026, 3, 2)
    assert parse_date_range("labor day", today=spring, country="US") == r(
        "2026-09-07", "2026-09-07"
    )
    assert parse_date_range("labor day", today=spring, country="DE") == r(
        "2026-05-01", "2026-05-01"
    )
    # Just gone by: a past trip, not next year's.
    with pytest.raises(PastDates, match="25 days ago"):
        parse_date_range("labor day weekend", today=FRI, country="US")


def test_a_mid_week_holiday_offers_both_weekends() -> None:
    wednesday = date(2026, 12, 23)
    assert long_weekend(wednesday, None) == [
        (date(2026, 12, 19), wednesday),
        (wednesday, date(2026, 12, 27)),
    ]


def test_seasons_flip_south_of_the_equator() -> None:
    assert season_range("summer", 2026, "AU") == (date(2026, 12, 1), date(2027, 2, 28))
    assert season_range("summer", 2026, "DE") == (date(2026, 6, 1), date(2026, 8, 31))


def test_a_range_that_just_ended_is_past_not_next_year() -> None:
    with pytest.raises(PastDates, match="ended 5 days ago"):
        parse_date_range("sep 25-27", today=FRI)


def test_a_far_reading_right_after_a_recent_one_is_confirmed() -> None:
    result = parse_date_range("aug 10-20", today=FRI)
    assert isinstance(result, Ambiguous)
    assert result.readings == (r("2027-08-10", "2027-08-20"),)
    assert "43 days ago" in result.question


def test_a_weekday_range_under_way_is_never_silently_in_the_past() -> None:
    said_on_friday = parse_date_range("this thursday to saturday", today=FRI)
    assert isinstance(said_on_friday, Ambiguous)
    assert "already begun" in said_on_friday.question
    assert parse_date_range("thu-sat", today=FRI) == r("2026-10-08", "2026-10-10")


def test_leap_day_without_a_year_is_the_next_one_or_a_clear_error() -> None:
    assert parse_date_range("feb 29", today=date(2027, 6, 1)) == r("2028-02-29", "2028-02-29")
    with pytest.raises(ImpossibleDate, match="no 29 February until 2028"):
        parse_date_range("feb 29", today=FRI)


def test_date_order_is_used_when_known_and_asked_otherwise() -> None:
    assert parse_date_range("5/11-9/11", today=FRI, date_order="dmy") == r(
        "2026-11-05", "2026-11-09"
    )
    assert isinstance(parse_date_range("5/11-9/11", today=FRI), Ambiguous)


@pytest.mark.parametrize(
    "text", ["spring break", "a long weekend", "sometime soon", "herbstferien"]
)
def test_promises_without_dates_ask_for_them(text: str) -> None:
    with pytest.raises(VagueDates):
        parse_date_range(text, today=FRI)


@pytest.mark.parametrize(
    "text", ["meet at 7.", "we were 5.", "augusta 12", "the marches 3", "I have 2 cats", "3 to 5"]
)
def test_ordinary_words_and_numbers_are_not_dates(text: str) -> None:
    with pytest.raises(UnrecognisedDate):
        parse_date_range(text, today=FRI)


def test_hier_is_yesterday_in_french_but_here_in_german() -> None:
    with pytest.raises(PastDates):
        parse_date_range("je suis arrivé hier", today=FRI)
    with pytest.raises(UnrecognisedDate):
        parse_date_range("wer ist hier?", today=FRI)


def test_struck_through_dates_and_links_are_not_read() -> None:
    today = date(2026, 5, 14)
    assert parse_date_range("~~may 20-22~~ may 27-29 now", today=today) == r(
        "2026-05-27", "2026-05-29"
    )
    with pytest.raises(UnrecognisedDate):
        parse_date_range("see https://example.com/2026/05/20", today=today)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("landing in bcn sat, staying till wed", ("2026-05-16", "2026-05-20")),
        ("we land on Friday and fly back Tuesday night", ("2026-05-15", "2026-05-19")),
        ("vom 12. bis 15. Juni in Köln… wer ist da?", ("2026-06-12", "2026-06-15")),
    ],
)
def test_trips_in_chat_messages(text: str, expected: tuple[str, str]) -> None:
    assert parse_date_range(text, today=date(2026, 5, 14)) == r(*expected)


def test_alternatives_are_offered_not_picked() -> None:
    result = parse_date_range("jun 8-12 or jun 15-19", today=date(2026, 5, 14))
    assert isinstance(result, Ambiguous)
    assert result.readings == (r("2026-06-08", "2026-06-12"), r("2026-06-15", "2026-06-19"))
