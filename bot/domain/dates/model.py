"""The values the date parser hands back to the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeAlias

from bot.domain.dates.calendar_words import MONTH_NAMES, WEEKDAY_NAMES

DateOrder: TypeAlias = Literal["mdy", "dmy"]
"""How to read ``4/5``: month first (US) or day first (most of the world)."""


def format_day(day: date, *, with_year: bool = True) -> str:
    """Weekday included because people check plans against the weekday, not the number."""
    text = f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]}"
    return f"{text} {day.year}" if with_year else text


@dataclass(frozen=True, slots=True)
class DateRange:
    """A trip, both ends inclusive: "Mar 3-7" means they are still there on the 7th."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a DateRange must not end before it starts")

    @property
    def nights(self) -> int:
        return (self.end - self.start).days

    @property
    def days(self) -> int:
        return self.nights + 1

    @property
    def label(self) -> str:
        if self.start == self.end:
            return format_day(self.start)
        same_year = self.start.year == self.end.year
        return f"{format_day(self.start, with_year=not same_year)} – {format_day(self.end)}"

    def overlaps(self, other: DateRange) -> bool:
        """Matching people is about overlap, so keep the inclusive-end rule in one place."""
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several sensible readings (or one reading worth confirming): the bot should ask.

    ``question`` is ready to show; ``readings`` are in the order they should be offered.
    A single reading means the input was vague ("mid-April") and the bot should confirm it
    rather than silently store a guess.
    """

    question: str
    readings: tuple[DateRange, ...]


ParseResult: TypeAlias = DateRange | Ambiguous
