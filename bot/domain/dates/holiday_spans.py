"""Resolve named days off, seasons and vague promises into readings (or a question).

Kept apart from :mod:`resolve` because these all lean on :mod:`named_days` and on the
country, while the rest of the resolver only needs a calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter

from bot.domain.dates.errors import PastDates, VagueDates
from bot.domain.dates.expressions import HolidayWeekend, Season
from bot.domain.dates.model import format_day
from bot.domain.dates.named_days import (
    bank_holiday_on_or_after,
    day_in_year,
    label,
    long_weekend,
    public_holidays_from,
    season_range,
)
from bot.domain.dates.occurrence import next_occurrence
from bot.domain.dates.outcome import Outcome, definite

_VAGUE: dict[str, str] = {
    "spring_break": "Spring break differs from school to school — which dates is yours?",
    "school_break": "School holidays differ from place to place — which dates do you mean?",
    "long_weekend": "Which long weekend? Tell me the days, like “Fri 12 – Mon 15 June”.",
    "soon": "When exactly? Tell me the dates and I can match you with people there.",
}


def holiday_weekend(span: HolidayWeekend, today: date) -> Outcome:
    name, country = span.name, span.country
    if name == "next_long_weekend":
        return definite(*next_long_weekend(today, country))
    if name == "bank_holiday":
        monday = bank_holiday_on_or_after(today - timedelta(days=2), country)
        readings = long_weekend(monday, country)
        return Outcome(tuple(readings), _which(name, readings))
    if name == "carnival":
        (start, end), check = next_occurrence(
            lambda y: (easter(y) - timedelta(days=50), easter(y) - timedelta(days=47)), today
        )
        return Outcome(((start, end),), check, confirm=check is not None)
    if name == "thanksgiving" and country in (None, "US"):
        # The Friday after is a day off for most people, so the weekend starts on Thursday.
        (start, end), check = next_occurrence(
            lambda y: (
                day_in_year(name, y, country),
                day_in_year(name, y, country) + timedelta(days=3),
            ),
            today,
        )
        return Outcome(((start, end),), check, confirm=check is not None)
    (start, end), check = next_occurrence(lambda y: _around(name, y, country), today)
    year = start.year if _around(name, start.year, country) == (start, end) else start.year + 1
    readings = long_weekend(day_in_year(name, year, country), country)
    ahead = [r for r in readings if r[1] >= today] or readings
    question = check or _which(name, ahead)
    return Outcome(tuple(ahead), question, confirm=check is not None)


def next_long_weekend(today: date, country: str | None) -> tuple[date, date]:
    """ "The long weekend": the country's next weekend stretched by a public holiday."""
    for day in public_holidays_from(today - timedelta(days=3), country, days=45):
        for start, end in long_weekend(day, country):
            if (end - start).days >= 2 and end >= today and (start - today).days <= 45:
                return start, end
    raise VagueDates(_VAGUE["long_weekend"])


def _around(name: str, year: int, country: str | None) -> tuple[date, date]:
    """The widest reading of the holiday's weekend in ``year``, to pick the year by."""
    readings = long_weekend(day_in_year(name, year, country), country)
    return readings[0][0], readings[-1][1]


def _which(name: str, readings: list[tuple[date, date]]) -> str | None:
    if len(readings) < 2:
        return None
    return f"{label(name)} falls mid-week — the weekend before it, or the one after?"


def season(span: Season, today: date) -> Outcome:
    """A whole season, offered for confirmation; "this summer" said in summer starts today."""
    name, country = span.name, span.country
    if span.year is not None:
        start, end = season_range(name, span.year, country)
    else:
        current = _season_containing(name, today, country)
        if span.modifier == "last":
            raise PastDates("That season is in the past.")
        if span.modifier == "next":
            if current is not None:
                start, end = season_range(name, current[0].year + 1, country)
            else:
                (start, end), _ = next_occurrence(lambda y: season_range(name, y, country), today)
        elif current is not None:
            start, end = current
        else:
            (start, end), _ = next_occurrence(lambda y: season_range(name, y, country), today)
    start = max(start, today)
    word = {"autumn": "Autumn"}.get(name, name.title())
    question = (
        f"“{word}” is too vague for matching — shall I use {format_day(start)} to "
        f"{format_day(end)}? If not, tell me the exact dates."
    )
    return Outcome(((start, end),), question, confirm=True)


def _season_containing(name: str, today: date, country: str | None) -> tuple[date, date] | None:
    for year in (today.year - 1, today.year):
        start, end = season_range(name, year, country)
        if start <= today <= end:
            return start, end
    return None


def vague_words(what: str, today: date) -> Outcome:
    if what == "holy_week":
        (start, end), _ = next_occurrence(
            lambda y: (easter(y) - timedelta(days=7), easter(y)), today
        )
        return Outcome(((start, end),), _confirm("Holy Week", start, end), confirm=True)
    if what == "christmas":
        (start, end), _ = next_occurrence(lambda y: (date(y, 12, 24), date(y, 12, 26)), today)
        return Outcome(((start, end),), _confirm("Christmas", start, end), confirm=True)
    if what == "past":
        raise PastDates("That was in the past.")
    raise VagueDates(_VAGUE.get(what, _VAGUE["soon"]))


def _confirm(what: str, start: date, end: date) -> str:
    return (
        f"“{what}” can mean a few different days — shall I use {format_day(start)} to "
        f"{format_day(end)}? If not, tell me the exact dates."
    )
