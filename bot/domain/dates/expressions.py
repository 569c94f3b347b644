"""What the grammar recognised, before "today" gives it meaning.

Keeping syntax (these nodes) apart from resolution means the same phrase can be resolved
under both day orders, or against a different "today", without re-parsing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

Modifier: TypeAlias = Literal["", "this", "next", "last", "afternext", "beforelast"]
"""``afternext``: "the Friday after next", "a week from Friday"; ``beforelast`` is its past."""
Unit: TypeAlias = Literal["night", "day", "week", "month"]
MonthPart: TypeAlias = Literal[
    "early", "mid", "late", "whole", "week1", "week2", "week3", "week4", "lastweek"
]


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day named with words or bare numbers; missing month/year are inferred later."""

    day: int
    month: int | None = None
    year: int | None = None
    bare: bool = False
    """A plain number ("7" in "Mar 3-7"): only a day when the other end supplies a month."""
    weekday: int | None = None
    """The weekday typed with it ("Sat Dec 12"), checked once the year is known."""


@dataclass(frozen=True, slots=True)
class NumericDay:
    """``4/5`` or ``03.01.2027``: which number is the month depends on the reader."""

    first: int
    second: int
    year: int | None
    text: str
    dotted: bool
    weekday: int | None = None


@dataclass(frozen=True, slots=True)
class ExactDay:
    """An ISO date: four-digit year first, so nothing to infer."""

    year: int
    month: int
    day: int
    weekday: int | None = None


@dataclass(frozen=True, slots=True)
class RelativeDay:
    """Counted from today: "tomorrow", "in 10 days", "in 2 months"."""

    days: int = 0
    months: int = 0


@dataclass(frozen=True, slots=True)
class WeekdayRef:
    weekday: int
    modifier: Modifier = ""


@dataclass(frozen=True, slots=True)
class NamedDay:
    """A holiday by name ("Boxing Day", "Pfingsten"); some depend on the country."""

    name: str
    country: str | None = None
    year: int | None = None


Piece: TypeAlias = CalendarDay | NumericDay | ExactDay | RelativeDay | WeekdayRef | NamedDay


@dataclass(frozen=True, slots=True)
class Single:
    piece: Piece


@dataclass(frozen=True, slots=True)
class Span:
    """Two ends; ``start is None`` for "until Friday" (from today)."""

    start: Piece | None
    end: Piece


@dataclass(frozen=True, slots=True)
class Duration:
    count: int
    unit: Unit


@dataclass(frozen=True, slots=True)
class Stay:
    """A start and a length ("Dec 7 for 5 nights").

    ``or_single_day`` is set for "2 weeks from Friday", which may also mean one day.
    """

    start: Piece
    length: Duration
    or_single_day: bool = False


@dataclass(frozen=True, slots=True)
class Weekend:
    modifier: Modifier


@dataclass(frozen=True, slots=True)
class WeekendOf:
    """The weekend around a given day ("the weekend of the 14th")."""

    day: Piece


@dataclass(frozen=True, slots=True)
class WeekdaysInWeek:
    """Weekdays pinned to a week ("Mon to Wed next week"): no this-or-next question."""

    first: int
    last: int
    weeks_ahead: int


@dataclass(frozen=True, slots=True)
class Week:
    """A Monday-to-Sunday week: relative (``weeks_ahead``) or the one containing ``of_day``."""

    weeks_ahead: int = 0
    of_day: Piece | None = None
    part: str = ""
    """"early", "mid" or "late" ("end of next week"): vague, so confirmed before use."""


@dataclass(frozen=True, slots=True)
class MonthSpan:
    """A (part of a) month: vague, so it is offered for confirmation rather than stored."""

    part: MonthPart
    month: int | None = None
    year: int | None = None
    months_ahead: int = 0
    """Used when ``month`` is None: 0 for "this month", 1 for "next month"."""


@dataclass(frozen=True, slots=True)
class NextDays:
    """Counted from today, as in "the next 3 days"."""

    length: Duration


@dataclass(frozen=True, slots=True)
class VagueSpan:
    """From one vague part of a month to another ("mid April to early May")."""

    first: MonthSpan
    last: MonthSpan


@dataclass(frozen=True, slots=True)
class NthWeekend:
    """``the first weekend of June``: its first (or, for -1, last) Saturday and the Sunday."""

    nth: int
    month: int
    year: int | None = None


@dataclass(frozen=True, slots=True)
class HolidayWeekend:
    """The days off around a holiday ("Labor Day weekend", "over Easter")."""

    name: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Season:
    """ "next summer", "im Sommer": a season, always confirmed before use."""

    name: str
    modifier: Modifier = ""
    year: int | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class VagueWords:
    """Words that promise dates without giving them ("spring break", "a long weekend")."""

    what: str


Expression: TypeAlias = (
    Single
    | Span
    | Stay
    | Weekend
    | WeekendOf
    | WeekdaysInWeek
    | Week
    | MonthSpan
    | VagueSpan
    | NextDays
    | HolidayWeekend
    | NthWeekend
    | Season
    | VagueWords
)
