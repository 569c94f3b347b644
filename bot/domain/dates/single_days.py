"""One day from one piece: "Mar 3" → the next March 3, "next Friday" → one or two Fridays.

Relative to the caller's "today"; a missing year is the next occurrence. Weekday words are
where genuine ambiguity lives ("next Tuesday" said on a Monday), so they may yield two days
and the question to ask.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.dates.calendar_math import add_months, check_day_number, make_date, month_end, shift
from bot.domain.dates.calendar_words import MONTH_NAMES, WEEKDAY_NAMES, days_in_month
from bot.domain.dates.errors import PastDates, TooFarAhead, WeekdayMismatch
from bot.domain.dates.expressions import (
    CalendarDay,
    ExactDay,
    Modifier,
    NamedDay,
    NumericDay,
    Piece,
    RelativeDay,
    WeekdayRef,
)
from bot.domain.dates.named_days import bank_holiday_on_or_after, day_in_year
from bot.domain.dates.occurrence import next_occurrence

MAX_COUNT = 1000
"""Larger counts ("in 99999 days") are typos; stopping early also keeps date maths in range."""


def single_dates(piece: Piece, today: date) -> tuple[list[date], str | None]:
    """One day, or two when a weekday is genuinely ambiguous (with the question to ask)."""
    match piece:
        case CalendarDay():
            day, question = _next_calendar_day(piece, today)
            return [weekday_checked(day, piece.weekday)], question
        case NamedDay("bank_holiday", country, _):
            return [bank_holiday_on_or_after(today, country)], None
        case NamedDay(name, country, year) if year is not None:
            return [day_in_year(name, year, country)], None
        case NamedDay(name, country):
            (day, _), question = next_occurrence(
                lambda year: (day_in_year(name, year, country),) * 2, today
            )
            return [day], question
        case ExactDay(year, month, day, weekday):
            return [weekday_checked(make_date(year, month, day), weekday)], None
        case RelativeDay(days, months):
            if abs(days) + abs(months) * 31 > MAX_COUNT:
                if days < 0 or months < 0:
                    raise PastDates("Those dates are in the past.")
                raise TooFarAhead("That's more than a year away.")
            return [shift(today, months=months, days=days)], None
        case WeekdayRef(weekday, modifier):
            return _weekday_dates(weekday, modifier, today)
        case NumericDay():  # pragma: no cover - callers apply the date order first
            raise AssertionError("apply a date order before resolving")
    raise AssertionError(piece)  # pragma: no cover


def weekday_checked(day: date, weekday: int | None) -> date:
    """Refuse "Fri Dec 12" when Dec 12 is a Saturday: one of the two is a typo, so ask."""
    if weekday is None or day.weekday() == weekday:
        return day
    raise WeekdayMismatch(
        f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year} is a "
        f"{WEEKDAY_NAMES[day.weekday()]}, not a {WEEKDAY_NAMES[weekday]} — which did you mean?"
    )


def _next_calendar_day(piece: CalendarDay, today: date) -> tuple[date, str | None]:
    check_day_number(piece.day)
    if piece.month is None:
        return next_day_of_month(piece.day, today), None
    if piece.year is not None:
        return make_date(piece.year, piece.month, piece.day), None
    month, day = piece.month, piece.day
    if day > days_in_month(2000, month):  # no year has it ("Feb 30"): say so at once
        year = today.year + ((month, day) < (today.month, today.day))
        make_date(year, month, day)
    (found, _), question = next_occurrence(lambda year: (make_date(year, month, day),) * 2, today)
    return found, question


def next_day_of_month(day: int, on_or_after: date) -> date:
    """Skip months too short for the day: "the 31st" said in April is May 31."""
    check_day_number(day)
    for offset in range(3):
        year, month = add_months(on_or_after.year, on_or_after.month, offset)
        if day <= month_end(year, month).day and date(year, month, day) >= on_or_after:
            return date(year, month, day)
    raise AssertionError("every day 1..31 occurs within three months")  # pragma: no cover


def _weekday_dates(weekday: int, modifier: Modifier, today: date) -> tuple[list[date], str | None]:
    name = WEEKDAY_NAMES[weekday]
    ahead = (weekday - today.weekday()) % 7
    coming = today + timedelta(days=ahead)
    if modifier == "last":
        return [today - timedelta(days=(today.weekday() - weekday) % 7 or 7)], None
    if modifier == "beforelast":
        return [today - timedelta(days=((today.weekday() - weekday) % 7 or 7) + 7)], None
    if modifier == "afternext":
        return [today + timedelta(days=(ahead or 7) + 7)], None
    if modifier == "this":
        return [coming], None
    if modifier == "" and ahead == 0:
        return [today, today + timedelta(days=7)], f"Do you mean today or {name} next week?"
    if modifier == "next":
        if ahead == 0:
            return [today + timedelta(days=7)], None
        if weekday > today.weekday():
            # Still ahead this week: people split between "the coming one" and "next week's".
            later = coming + timedelta(days=7)
            question = (
                f"“Next {name}” can mean this coming {name} or the one a week later — which one?"
            )
            return [coming, later], question
    return [coming], None
