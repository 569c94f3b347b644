"""Behaviour of parse_date_range beyond the phrase table: labels, questions, messages."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.dates import (
    Ambiguous,
    DateParseError,
    DateRange,
    InputTooLong,
    PastDates,
    TooFarAhead,
    UnrecognisedDate,
    parse_date_range,
)
from bot.domain.errors import InvalidInput

MON = date(2026, 3, 2)


def parse(text: str, today: date = MON, **kwargs: object) -> DateRange | Ambiguous:
    return parse_date_range(text, today=today, **kwargs)  # type: ignore[arg-type]


def test_date_range_counts_nights_and_days_inclusively() -> None:
    trip = DateRange(date(2026, 3, 3), date(2026, 3, 7))
    assert (trip.nights, trip.days) == (4, 5)
    assert trip.label == "Tue 3 Mar – Sat 7 Mar 2026"


def test_labels_show_both_years_only_when_they_differ() -> None:
    assert DateRange(date(2026, 12, 28), date(2027, 1, 3)).label == (
        "Mon 28 Dec 2026 – Sun 3 Jan 2027"
    )
    assert DateRange(date(2026, 3, 3), date(2026, 3, 3)).label == "Tue 3 Mar 2026"


def test_a_single_date_is_a_one_day_trip() -> None:
    trip = parse("July 4")
    assert isinstance(trip, DateRange)
    assert trip.start == trip.end
    assert (trip.nights, trip.days) == (0, 1)


def test_date_range_refuses_to_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="end before"):
        DateRange(date(2026, 3, 7), date(2026, 3, 3))


def test_overlap_is_inclusive_of_both_ends() -> None:
    a = DateRange(date(2026, 3, 3), date(2026, 3, 7))
    assert a.overlaps(DateRange(date(2026, 3, 7), date(2026, 3, 9)))
    assert not a.overlaps(DateRange(date(2026, 3, 8), date(2026, 3, 9)))


def test_ambiguous_numeric_date_offers_both_readings_with_a_question() -> None:
    result = parse("4/5")
    assert isinstance(result, Ambiguous)
    assert "4/5" in result.question
    assert [r.label for r in result.readings] == ["Sun 5 Apr 2026", "Mon 4 May 2026"]


@pytest.mark.parametrize(
    ("order", "expected"), [("mdy", date(2026, 4, 5)), ("dmy", date(2026, 5, 4))]
)
def test_a_date_order_hint_settles_a_tie(order: str, expected: date) -> None:
    result = parse("4/5", date_order=order)
    assert result == DateRange(expected, expected)


def test_a_hint_never_overrides_the_only_possible_reading() -> None:
    assert parse("3/15", date_order="dmy") == DateRange(date(2026, 3, 15), date(2026, 3, 15))
    assert parse("15/3", date_order="mdy") == DateRange(date(2026, 3, 15), date(2026, 3, 15))


def test_without_a_date_order_a_past_reading_still_makes_it_a_question() -> None:
    # Month-first 2/3/2026 is Feb 3 (over); day-first it is today. Which one the member meant
    # decides whether this is a trip at all, so ask — never silently pick an order.
    result = parse("2/3/2026")
    assert isinstance(result, Ambiguous)
    assert result.readings == (DateRange(date(2026, 3, 2), date(2026, 3, 2)),)
    assert "month-first or day-first" in result.question
    assert parse("2/3/2026", date_order="dmy") == DateRange(date(2026, 3, 2), date(2026, 3, 2))


def test_without_a_year_each_reading_is_its_next_occurrence() -> None:
    result = parse("5/1")
    assert isinstance(result, Ambiguous)
    assert [r.start for r in result.readings] == [date(2026, 5, 1), date(2027, 1, 5)]


def test_a_reading_that_just_passed_is_past_not_next_year() -> None:
    # Mar 1 was yesterday: a past trip, not next March's.
    with pytest.raises(PastDates, match="ended yesterday"):
        parse("Mar 1")
    result = parse("3/1")
    assert isinstance(result, Ambiguous)
    assert [r.start for r in result.readings] == [date(2027, 1, 3)]


def test_vague_phrases_ask_for_confirmation_with_one_reading() -> None:
    result = parse("mid-April")
    assert isinstance(result, Ambiguous)
    assert len(result.readings) == 1
    assert "vague" in result.question
    assert "Sat 11 Apr" in result.question


def test_next_weekday_question_names_the_day() -> None:
    result = parse("next Tuesday")
    assert isinstance(result, Ambiguous)
    assert "Tuesday" in result.question


def test_two_separate_dates_with_or_offer_each_day() -> None:
    result = parse("Mar 3 or Mar 5")
    assert isinstance(result, Ambiguous)
    assert [r.start for r in result.readings] == [date(2026, 3, 3), date(2026, 3, 5)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Feb 30", "February has only 28 days in 2027."),
        ("Dec 9-5", "That trip ends before it starts: Dec 5 comes before Dec 9."),
        ("Jan 5 2025", "Those dates are in the past (Sun 5 Jan 2025)."),
        ("13/45", "“13/45” isn't a date I can read: there's no month 13 or 45."),
        ("Sep 31", "September has only 30 days."),
        ("Mar 32", "No month has a 32nd day."),
    ],
)
def test_errors_explain_themselves_kindly(text: str, message: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse(text)
    assert caught.value.user_message == message
    assert isinstance(caught.value, InvalidInput)


@pytest.mark.parametrize("text", ["april 0 weekend", "31 april weekend", "june 31st long weekend"])
def test_a_days_own_weekend_needs_a_real_day(text: str) -> None:
    """Once an untyped ValueError, which crashed the chat reader ("lisbon april 0 weekend")."""
    with pytest.raises(DateParseError):
        parse(text)


def test_the_horizon_is_one_year() -> None:
    assert parse("2027-03-02") == DateRange(date(2027, 3, 2), date(2027, 3, 2))
    with pytest.raises(TooFarAhead, match="more than a year away"):
        parse("2027-03-03")


def test_a_whole_year_is_the_longest_trip() -> None:
    assert isinstance(parse("2026-03-02..2027-03-02"), DateRange)
    with pytest.raises(DateParseError, match="longer than the one year"):
        parse("2026-03-02..2027-03-03")


def test_month_names_alone_get_a_hint_not_a_guess() -> None:
    with pytest.raises(UnrecognisedDate, match="Which days in April"):
        parse("sometime April")


def test_huge_input_is_refused_before_parsing() -> None:
    with pytest.raises(InputTooLong):
        parse("Mar 3-7 " * 100)


@pytest.mark.parametrize(
    "text",
    [
        "Mar 3-7",
        "mar 3-7",
        "MAR 3-7",
        "Mar 3 – 7",
        "Mar 3—7",
        "Mar 3 ‒ 7",
        "Mar 3 − 7",
        "Ｍａｒ ３-７",
    ],
)
def test_typography_does_not_matter(text: str) -> None:
    assert parse(text) == DateRange(date(2026, 3, 3), date(2026, 3, 7))


def test_the_parser_does_not_depend_on_the_real_date() -> None:
    far_past = parse("Mar 3-7", today=date(1950, 1, 1))
    assert far_past == DateRange(date(1950, 3, 3), date(1950, 3, 7))
    far_future = parse("next week", today=date(2199, 12, 30))
    assert far_future == DateRange(date(2200, 1, 6), date(2200, 1, 12))
