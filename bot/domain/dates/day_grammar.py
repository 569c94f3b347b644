"""Recognise a single day in tokens: "Mar 3", "the 5th", "4/5", "next Friday", "tomorrow".

Split from :mod:`bot.domain.dates.grammar` (which builds ranges out of these) so each file
stays about one thing; both are plain recursive descent over the token list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from bot.domain.dates.calendar_words import MONTHS, NUMBER_WORDS, WEEKDAYS
from bot.domain.dates.expressions import (
    CalendarDay,
    Duration,
    ExactDay,
    Modifier,
    NamedDay,
    NumericDay,
    Piece,
    RelativeDay,
    Unit,
    WeekdayRef,
)
from bot.domain.dates.lexer import Kind, Token
from bot.domain.dates.named_days import KNOWN as KNOWN_HOLIDAYS

T = TypeVar("T")

MODIFIERS: dict[str, Modifier] = {"this": "this", "coming": "this", "next": "next", "last": "last"}
UNITS: dict[str, Unit] = {
    "night": "night",
    "nights": "night",
    "nite": "night",
    "nites": "night",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "wk": "week",
    "wks": "week",
    "month": "month",
    "months": "month",
}
TODAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "now": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "tmr": 1,
    "tomorow": 1,
    "tommorow": 1,
    "tommorrow": 1,
    "yesterday": -1,
}


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    value: T
    start: int
    end: int
    """One past the last token used."""

    @property
    def size(self) -> int:
        return self.end - self.start


class DayGrammar:
    """One instance per input: it only holds the tokens being matched."""

    def __init__(self, tokens: list[Token], country: str | None = None) -> None:
        self.tokens = tokens
        self.country = country
        """ISO 3166 code of the place the dates are about: holidays depend on it."""

    # -- token helpers -------------------------------------------------------------------

    def _tok(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def _word(self, i: int) -> str | None:
        token = self._tok(i)
        return token.text if token is not None and token.kind is Kind.WORD else None

    def _is(self, i: int, *words: str) -> bool:
        return self._word(i) in words

    def _kind(self, i: int, kind: Kind) -> Token | None:
        token = self._tok(i)
        return token if token is not None and token.kind is kind else None

    def _skip(self, i: int, *words: str) -> int:
        """Step over one optional filler word ("the", "of"...)."""
        return i + 1 if self._is(i, *words) else i

    def _month(self, i: int) -> int | None:
        word = self._word(i)
        return MONTHS.get(word) if word is not None else None

    def _weekday(self, i: int) -> int | None:
        word = self._word(i)
        return WEEKDAYS.get(word) if word is not None else None

    def _day_number(self, i: int, *, bare: bool) -> tuple[int, bool] | None:
        """A day of the month: ``(day, was_bare)``; ordinals always, plain numbers if allowed."""
        token = self._tok(i)
        if token is None:
            return None
        if token.kind is Kind.ORD:
            return token.numbers[0], False
        if bare and token.kind is Kind.NUM and len(token.text) <= 2:
            return token.numbers[0], True
        return None

    def _year(self, i: int) -> Match[int] | None:
        """An optional ``[,] 2027`` after a day."""
        j = i + 1 if self._kind(i, Kind.COMMA) else i
        token = self._kind(j, Kind.NUM)
        if token is not None and len(token.text) == 4:
            return Match(token.numbers[0], i, j + 1)
        return None

    def _count(self, i: int) -> Match[int] | None:
        token = self._tok(i)
        if token is not None and token.kind is Kind.NUM:
            return Match(token.numbers[0], i, i + 1)
        word = self._word(i)
        if word is None or word not in NUMBER_WORDS:
            return None
        if word == "couple":
            return None
        if word in ("a", "an") and self._is(i + 1, "couple"):
            return Match(2, i, self._skip(i + 2, "of"))
        return Match(NUMBER_WORDS[word], i, i + 1)

    def _duration(self, i: int) -> Match[Duration] | None:
        if self._is(i, "fortnight"):
            return Match(Duration(2, "week"), i, i + 1)
        if self._is(i, "a") and self._is(i + 1, "fortnight"):
            return Match(Duration(2, "week"), i, i + 2)
        count = self._count(i)
        if count is None:
            return None
        word = self._word(count.end)
        if word is None or word not in UNITS:
            return None
        return Match(Duration(count.value, UNITS[word]), i, count.end + 1)

    # -- single days ---------------------------------------------------------------------

    def piece(self, i: int, *, bare: bool) -> Match[Piece] | None:
        rules: tuple[Callable[[int], Match[Piece] | None], ...] = (
            self._exact,
            self._numeric,
            self._month_first,
            self._day_first,
            self._relative,
            self._weekday_ref,
            self._weekday_then_date,
            self._named_day,
            self._after_next,
        )
        candidates = [rule(i) for rule in rules]
        candidates.append(self._lone_day(i, bare=bare))
        found = [c for c in candidates if c is not None]
        return max(found, key=lambda m: m.size) if found else None

    def _exact(self, i: int) -> Match[Piece] | None:
        token = self._kind(i, Kind.ISO)
        if token is None:
            return None
        year, month, day = token.numbers
        return Match(ExactDay(year, month, day), i, i + 1)

    def _numeric(self, i: int) -> Match[Piece] | None:
        token = self._kind(i, Kind.NUMDATE)
        if token is None:
            return None
        first, second, *rest = token.numbers
        year = rest[0] if rest else None
        if year is not None and year < 100:
            year += 2000
        dotted = token.separator == "."
        return Match(NumericDay(first, second, year, token.text, dotted), i, i + 1)

    def _month_first(self, i: int) -> Match[Piece] | None:
        """``March 3``, ``Mar. 3rd, 2027``, ``March the 3rd``."""
        month = self._month(i)
        if month is None:
            return None
        j = i + 1
        if self._kind(j, Kind.OTHER) and self.tokens[j].text == ".":
            j += 1
        j = self._skip(j, "the")
        day = self._day_number(j, bare=True)
        if day is None:
            return None
        year = self._year(j + 1)
        end = year.end if year else j + 1
        return Match(CalendarDay(day[0], month, year.value if year else None), i, end)

    def _day_first(self, i: int) -> Match[Piece] | None:
        """``3 March``, ``the 3rd of March 2027``."""
        j = self._skip(i, "the")
        day = self._day_number(j, bare=True)
        if day is None:
            return None
        k = self._skip(j + 1, "of")
        month = self._month(k)
        if month is None:
            return None
        year = self._year(k + 1)
        end = year.end if year else k + 1
        return Match(CalendarDay(day[0], month, year.value if year else None), i, end)

    def _lone_day(self, i: int, *, bare: bool) -> Match[Piece] | None:
        """``the 5th`` anywhere; ``7`` or ``7, 2027`` only as the far end of a range."""
        j = self._skip(i, "the")
        day = self._day_number(j, bare=bare)
        if day is None:
            return None
        year = self._year(j + 1) if bare else None
        end = year.end if year else j + 1
        piece = CalendarDay(day[0], None, year.value if year else None, bare=day[1])
        return Match(piece, i, end)

    def _relative(self, i: int) -> Match[Piece] | None:
        word = self._word(i)
        if word in TODAY_WORDS:
            return Match(RelativeDay(days=TODAY_WORDS[word]), i, i + 1)
        j = self._skip(i, "the")
        if self._is(j, "day") and self._is(j + 1, "after") and self._is(j + 2, "tomorrow"):
            return Match(RelativeDay(days=2), i, j + 3)
        if self._is(j, "day") and self._is(j + 1, "before") and self._is(j + 2, "yesterday"):
            return Match(RelativeDay(days=-2), i, j + 3)
        if word == "in":
            duration = self._duration(i + 1)
            if duration is not None:
                return Match(_relative_day(duration.value), i, duration.end)
        duration = self._duration(i)
        if duration is not None:
            if self._is(duration.end, "from") and self._is(duration.end + 1, "now", "today"):
                return Match(_relative_day(duration.value), i, duration.end + 2)
            if self._is(duration.end, "ago"):
                return Match(_relative_day(duration.value, sign=-1), i, duration.end + 1)
        return None

    def _named_day(self, i: int) -> Match[Piece] | None:
        j = self._skip(i, "the")
        name = self.holiday(j)
        if name is None:
            return None
        year = self._year(j + 1)
        end = year.end if year else j + 1
        return Match(NamedDay(name, self.country, year.value if year else None), i, end)

    def holiday(self, i: int) -> str | None:
        word = self._word(i)
        if word is None or not word.startswith("holiday:"):
            return None
        name = word.removeprefix("holiday:")
        return name if name in KNOWN_HOLIDAYS else None

    def _after_next(self, i: int) -> Match[Piece] | None:
        """``the Friday after next``, ``a week from Wednesday``, ``a week from tomorrow``."""
        j = self._skip(i, "the")
        weekday = self._weekday(j)
        if weekday is not None and self._is(j + 1, "after") and self._is(j + 2, "next"):
            return Match(WeekdayRef(weekday, "afternext"), i, j + 3)
        if (
            weekday is not None
            and self._is(j + 1, "week")
            and not self._is(j + 2, "of", "after", "before", "from", "starting", "beginning")
        ):
            return Match(WeekdayRef(weekday, "afternext"), i, j + 2)  # British "Friday week"
        if self._is(i, "a", "one") and self._is(i + 1, "week") and self._is(i + 2, "from"):
            weekday = self._weekday(i + 3)
            if weekday is not None:
                return Match(WeekdayRef(weekday, "afternext"), i, i + 4)
            if self._is(i + 3, "tomorrow", "tmrw", "tmr"):
                return Match(RelativeDay(days=8), i, i + 4)
        if self._is(i, "a", "one") and self._is(i + 1, "week"):
            # British "a week today", "a week tomorrow", "a week on Friday"
            if self._is(i + 2, "today"):
                return Match(RelativeDay(days=7), i, i + 3)
            if self._is(i + 2, "tomorrow", "tmrw", "tmr"):
                return Match(RelativeDay(days=8), i, i + 3)
        return None

    def _weekday_ref(self, i: int) -> Match[Piece] | None:
        modifier, j = self._modifier(i)
        weekday = self._weekday(j)
        if weekday is None:
            return None
        return Match(WeekdayRef(weekday, modifier), i, j + 1)

    def _modifier(self, i: int) -> tuple[Modifier, int]:
        """``this``/``next``/``last``/``(this) coming``, and the index after it."""
        if self._is(i, "the", "this") and self._is(i + 1, "coming"):
            return "this", i + 2
        word = self._word(i)
        if word is not None and word in MODIFIERS:
            return MODIFIERS[word], i + 1
        return "", i

    def _weekday_then_date(self, i: int) -> Match[Piece] | None:
        """``Sat Dec 12``, ``Saturday, the 12th``: the weekday only confirms the date."""
        if self._weekday(i) is None:
            return None
        j = i + 2 if self._kind(i + 1, Kind.COMMA) else i + 1
        rules = (self._exact, self._numeric, self._month_first, self._day_first)
        found = [m for m in (rule(j) for rule in rules) if m is not None]
        ordinal = self._lone_day(j, bare=False)
        if ordinal is not None:
            found.append(ordinal)
        if not found:
            return None
        best = max(found, key=lambda m: m.size)
        day = best.value
        assert isinstance(day, CalendarDay | NumericDay | ExactDay)
        return Match(replace(day, weekday=self._weekday(i)), i, best.end)


def _relative_day(duration: Duration, *, sign: int = 1) -> RelativeDay:
    count = duration.count * sign
    if duration.unit == "month":
        return RelativeDay(months=count)
    return RelativeDay(days=count * 7 if duration.unit == "week" else count)
