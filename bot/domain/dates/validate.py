"""Is a reading a trip someone can still be matched on?

Kept apart from resolution so ambiguous readings can be filtered one by one: if only one of
"4/5"'s readings is still ahead, there is nothing left to ask.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from bot.domain.dates.errors import EndBeforeStart, PastDates, RangeTooLong, TooFarAhead
from bot.domain.dates.model import DateRange, format_day

MAX_NIGHTS = 365
"""A longer "trip" is nearly always a wrong year; matching on it would spam everyone."""

HORIZON = relativedelta(years=1)
"""How far ahead a trip may start: beyond it plans are too loose to match on."""


def checked_range(start: date, end: date, today: date) -> DateRange:
    if end < start:
        raise EndBeforeStart(
            f"That trip ends before it starts: {format_day(end)} comes before {format_day(start)}."
        )
    if (end - start).days > MAX_NIGHTS:
        raise RangeTooLong(
            f"That's {(end - start).days + 1} days — longer than the one year a trip can last. "
            "Is the year right?"
        )
    trip = DateRange(start, end)
    if end < today:
        raise PastDates(f"Those dates are in the past ({trip.label}).")
    limit = today + HORIZON
    if start > limit:
        raise TooFarAhead(
            f"{trip.label} is more than a year away — I can match trips starting up to "
            f"{format_day(limit)}."
        )
    return trip
