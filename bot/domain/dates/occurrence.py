"""Which year a date without one means: the next occurrence — unless that is a mistake.

"Mar 1-5" typed on 10 March is not next year's trip, it is last week's: reading it as next
March would silently store a trip nobody is taking. So a reading that ended within the last
month is reported as past, and one that ended a little longer ago makes the far-ahead reading
(about a year away) worth a confirming question. A day that does not exist every year (29
February) is the next year that has it, or a clear error when that is too far ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.domain.dates.calendar_words import MONTH_NAMES
from bot.domain.dates.errors import ImpossibleDate, PastDates
from bot.domain.dates.model import DateRange

RECENT_PAST_DAYS = 31
"""A reading that ended this recently is a past trip, not next year's."""
SUSPICIOUS_PAST_DAYS = 45
SUSPICIOUS_AHEAD_DAYS = 300
"""A reading ~10 months ahead while one ended within six weeks is worth confirming."""
_YEARS_TO_TRY = 9  # enough to reach the next 29 February from any year


def next_occurrence(
    dates_in: Callable[[int], tuple[date, date]], today: date
) -> tuple[tuple[date, date], str | None]:
    """The first reading (by start year) not over yet, and a question if it is suspicious.

    ``dates_in(year)`` builds the reading that starts in ``year``; it may raise
    :class:`ImpossibleDate` for years without that day.
    """
    previous: tuple[date, date] | None = None
    skipped: ImpossibleDate | None = None
    for year in range(today.year - 1, today.year + _YEARS_TO_TRY):
        try:
            start, end = dates_in(year)
        except ImpossibleDate as exc:
            skipped = skipped or exc
            continue
        if end < today:
            previous = (start, end)
            continue
        return (start, end), _check(previous, (start, end), today, skipped)
    assert skipped is not None  # pragma: no cover - a valid day recurs within 9 years
    raise skipped  # pragma: no cover


def _check(
    previous: tuple[date, date] | None,
    found: tuple[date, date],
    today: date,
    skipped: ImpossibleDate | None,
) -> str | None:
    if skipped is not None and (found[0] - today).days > 366:
        day = found[0]
        raise ImpossibleDate(
            f"There's no {day.day} {MONTH_NAMES[day.month - 1]} until {day.year} — "
            "which date did you mean?"
        )
    if previous is None or previous[1].year != today.year:
        return None  # only dates this year can "just have passed"
    ago = (today - previous[1]).days
    gone = DateRange(*previous)
    if ago <= RECENT_PAST_DAYS and found[0].year > previous[0].year:
        when = "yesterday" if ago == 1 else f"{ago} days ago"
        raise PastDates(
            f"{gone.label} is in the past (it ended {when}). If you mean next year's, add the year."
        )
    if ago <= SUSPICIOUS_PAST_DAYS and (found[0] - today).days > SUSPICIOUS_AHEAD_DAYS:
        return (
            f"{gone.label} was {ago} days ago — do you mean next year's, {DateRange(*found).label}?"
        )
    return None
