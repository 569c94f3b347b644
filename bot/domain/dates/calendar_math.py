"""Checked date construction and month arithmetic.

Every date the parser builds goes through :func:`make_date`, so an impossible day always
becomes a typed error with a sentence a person understands, never a bare ``ValueError``.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.dates.calendar_words import MONTH_NAMES, days_in_month, ordinal
from bot.domain.dates.errors import ImpossibleDate, PastDates, TooFarAhead


def make_date(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ImpossibleDate(f"There's no month {month} — months go from 1 to 12.")
    if year < 1:
        raise PastDates("Those dates are in the past.")
    if year > 9999:
        raise TooFarAhead("That's far too far ahead.")
    if day < 1:
        raise ImpossibleDate("Days of the month start at 1 — there's no day 0.")
    length = days_in_month(year, month)
    if day > length:
        name = MONTH_NAMES[month - 1]
        if day > 31:
            raise ImpossibleDate(f"No month has a {ordinal(day)} day.")
        if month == 2:
            raise ImpossibleDate(f"{name} has only {length} days in {year}.")
        raise ImpossibleDate(f"{name} has only {length} days.")
    return date(year, month, day)


def check_day_number(day: int) -> None:
    """Reject days no month has before any year is chosen, so the message is about the day."""
    if day < 1:
        raise ImpossibleDate("Days of the month start at 1 — there's no day 0.")
    if day > 31:
        raise ImpossibleDate(f"No month has a {ordinal(day)} day.")


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shift(day: date, *, months: int = 0, days: int = 0) -> date:
    """``day`` moved by calendar months (day clamped: Jan 31 + 1 month = Feb 28), then days.

    Out-of-range results become the typed errors, never ``ValueError``/``OverflowError``.
    """
    year, month = add_months(day.year, day.month, months)
    if year < 1:
        raise PastDates("Those dates are in the past.")
    if year > 9999:
        raise TooFarAhead("That's far too far ahead.")
    moved = date(year, month, min(day.day, days_in_month(year, month)))
    try:
        return moved + timedelta(days=days)
    except OverflowError as exc:
        if days < 0:
            raise PastDates("Those dates are in the past.") from exc
        raise TooFarAhead("That's far too far ahead.") from exc


def month_end(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))


def monday_of(day: date) -> date:
    """Weeks run Monday to Sunday (ISO 8601) everywhere in the parser."""
    return day - timedelta(days=day.weekday())
