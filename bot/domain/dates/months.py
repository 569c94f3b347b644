"""Vague month phrases ("mid-April", "first week of May", "next month").

They are too loose to match people on as typed, so each yields one reading the bot offers
for confirmation instead of storing it silently.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.dates.calendar_math import add_months, make_date, month_end
from bot.domain.dates.calendar_words import MONTH_NAMES
from bot.domain.dates.expressions import MonthSpan
from bot.domain.dates.model import format_day
from bot.domain.dates.outcome import Outcome

_PART_DAYS = {
    "early": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
    "whole": (1, 31),
    "week1": (1, 7),
    "week2": (8, 14),
    "week3": (15, 21),
    "week4": (22, 28),
    "lastweek": (-7, 31),
}
_PART_WORDS = {
    "early": "Early",
    "mid": "Mid-",
    "late": "Late",
    "whole": "All of",
    "week1": "The first week of",
    "week2": "The second week of",
    "week3": "The third week of",
    "week4": "The fourth week of",
    "lastweek": "The last week of",
}


def month_span(span: MonthSpan, today: date) -> Outcome:
    start, end = _month_part(span, today)
    what = _describe_part(span, start)
    return Outcome(((start, end),), _vague_question(what, start, end), confirm=True)


def vague_span(first: MonthSpan, last: MonthSpan, today: date) -> Outcome:
    start, _ = _month_part(first, today)
    _, end = _month_part(last, start)
    second = _describe_part(last, end)
    what = f"{_describe_part(first, start)} to {second[0].lower()}{second[1:]}"
    return Outcome(((start, end),), _vague_question(what, start, end), confirm=True)


def _month_part(span: MonthSpan, today: date) -> tuple[date, date]:
    """The part's dates: this year's unless they are over (then next year's)."""
    first_day, last_day = _PART_DAYS[span.part]
    if span.month is None:
        year, month = add_months(today.year, today.month, span.months_ahead)
    elif span.year is not None:
        year, month = span.year, span.month
    else:
        month = span.month
        year = today.year
        if _part_end(year, month, last_day) < today:
            year += 1
    end = _part_end(year, month, last_day)
    if first_day < 0:  # "the last week of": the final seven days
        return end + timedelta(days=first_day + 1), end
    return make_date(year, month, first_day), end


def _describe_part(span: MonthSpan, start: date) -> str:
    name = MONTH_NAMES[start.month - 1]
    if span.month is None:
        relative = {0: "this month", 1: "next month"}.get(span.months_ahead, "last month")
        return f"{relative} ({name})"
    return _PART_WORDS[span.part] + ("" if span.part == "mid" else " ") + name


def _vague_question(what: str, start: date, end: date) -> str:
    return (
        f"“{what[0].upper()}{what[1:]}” is a bit vague for matching — shall I use "
        f"{format_day(start, with_year=start.year != end.year)} to {format_day(end)}? "
        "If not, tell me the exact dates."
    )


def _part_end(year: int, month: int, last_day: int) -> date:
    return date(year, month, min(last_day, month_end(year, month).day))
