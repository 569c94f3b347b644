"""Find date expressions among tokens.

Every rule is tried at every position and the longest match wins, which is what lets a date
sit inside a sentence ("Heading to Tokyo Jan 10-20, anyone around?") without the words
around it getting in the way.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable

from bot.domain.dates.calendar_words import MONTHS, WEEKDAYS
from bot.domain.dates.day_grammar import TODAY_WORDS, DayGrammar, Match
from bot.domain.dates.expressions import (
    CalendarDay,
    Duration,
    ExactDay,
    Expression,
    HolidayWeekend,
    Modifier,
    MonthPart,
    MonthSpan,
    NextDays,
    NthWeekend,
    NumericDay,
    Piece,
    RelativeDay,
    Season,
    Single,
    Span,
    Stay,
    VagueSpan,
    VagueWords,
    Week,
    WeekdayRef,
    WeekdaysInWeek,
    Weekend,
    WeekendOf,
)
from bot.domain.dates.lexer import Kind, Token

_SPAN_WORDS = frozenset({"to", "through", "thru", "till", "til", "until", "unitl", "untill"})
_UNTIL_WORDS = frozenset({"until", "till", "til", "through", "thru", "untill", "unitl"})
_STARTING_WORDS = frozenset({"starting", "beginning", "from", "commencing", "arriving", "on"})
_WEEK_PARTS: dict[str, MonthPart] = {
    "first": "week1",
    "1st": "week1",
    "second": "week2",
    "2nd": "week2",
    "third": "week3",
    "3rd": "week3",
    "fourth": "week4",
    "4th": "week4",
    "last": "lastweek",
    "final": "lastweek",
}
_PARTS: dict[str, MonthPart] = {
    "early": "early",
    "beginning": "early",
    "start": "early",
    "mid": "mid",
    "middle": "mid",
    "late": "late",
    "end": "late",
}


class Grammar(DayGrammar):
    """Whole expressions (ranges, stays, weekends...) built from single days."""

    # -- whole expressions ---------------------------------------------------------------

    def expression(self, i: int) -> Match[Expression] | None:
        rules: tuple[Callable[[int], Match[Expression] | None], ...] = (
            self._span,
            self._until,
            self._stay_after,
            self._stay_before,
            self._weekend,
            self._weekend_of,
            self._in_week,
            self._and_the_day_after,
            self._week,
            self._month_span,
            self._vague_span,
            self._next_days,
            self._holiday_weekend,
            self._nth_weekend,
            self._season,
            self._vague_words,
            self._single,
        )
        found = [m for m in (rule(i) for rule in rules) if m is not None]
        # Longest wins; on a tie the earlier rule does (max keeps the first maximum).
        return max(found, key=lambda m: m.size) if found else None

    def _single(self, i: int) -> Match[Expression] | None:
        piece = self.piece(i, bare=False)
        return Match(Single(piece.value), i, piece.end) if piece else None

    def _span_separator(self, i: int, *, between: bool) -> int | None:
        """Index after the separator between two ends, or None."""
        token = self._tok(i)
        if token is None:
            return None
        if token.kind in (Kind.DASH, Kind.DOTS, Kind.SLASH):
            return i + 1
        if self._is(i, "and"):
            return i + 1  # _span only accepts it after "between" or between neighbouring days
        if self._is(i, "up") and self._is(i + 1, "to", "until"):
            return i + 2
        if self._is(i, *_SPAN_WORDS):
            # "to and including", "through to": let the extra word go.
            return self._skip(i + 1, "to")
        return None

    def _span(self, i: int) -> Match[Expression] | None:
        this = self._is(i, "this") and self._is(i + 1, "from")
        k0 = i + 1 if this else i
        between = self._is(k0, "between")
        j = k0 + 1 if between or self._is(k0, "from") else k0
        first = self.piece(j, bare=True)
        if this and first is not None and isinstance(first.value, WeekdayRef):
            first = Match(WeekdayRef(first.value.weekday, "this"), first.start, first.end)
        if first is None:
            return None
        k = self._span_separator(first.end, between=between)
        if k is None:
            return None
        second = self.piece(k, bare=True)
        if second is None or not _can_pair(first.value, second.value):
            return None
        if self._is(first.end, "and") and not (
            between or _neighbouring_weekdays(first.value, second.value)
        ):
            return None  # "Mar 3 and Mar 5" are two days, not a range
        both_iso = isinstance(first.value, ExactDay) and isinstance(second.value, ExactDay)
        if self.tokens[first.end].kind is Kind.SLASH and not both_iso:
            return None  # a slash only separates ISO dates ("2026-12-05/2026-12-09")
        return Match(Span(first.value, second.value), i, second.end)

    def _until(self, i: int) -> Match[Expression] | None:
        if not self._is(i, *_UNTIL_WORDS):
            return None
        end = self.piece(i + 1, bare=False)
        if end is None:
            return None
        return Match(Span(None, end.value), i, end.end)

    def _stay_after(self, i: int) -> Match[Expression] | None:
        """``Dec 7 for 5 nights``, ``tomorrow + 3 days``."""
        start = self.piece(i, bare=False)
        if start is None:
            return None
        j = start.end + 1 if self._kind(start.end, Kind.COMMA) else start.end
        if self._kind(j, Kind.PLUS):
            j += 1
        j = self._skip(j, "for")
        duration = self._duration(j)
        if duration is None:
            return None
        return Match(Stay(start.value, duration.value), i, duration.end)

    def _stay_before(self, i: int) -> Match[Expression] | None:
        """``for a week starting Dec 7``; "2 weeks from Friday" may also mean a single day."""
        has_for = self._is(i, "for")
        duration = self._duration(i + 1 if has_for else i)
        if duration is None:
            return None
        at = duration.end
        # "3 weeks in Japan from April 1": step over a few words that are not dates.
        while at < duration.end + 3 and self._is_filler(at):
            at += 1
        connector = self._word(at)
        if connector not in _STARTING_WORDS:
            return None
        j = self._skip(at + 1, "on", "the")
        start = self.piece(j, bare=False)
        if start is None:
            return None
        if connector == "from" and not has_for and start.value == RelativeDay(0):
            return None  # "3 days from now" is one day, read by _relative
        if (
            connector == "from"
            and not has_for
            and duration.value == Duration(1, "week")
            and isinstance(start.value, WeekdayRef | RelativeDay)
        ):
            return None  # "a week from Wednesday" is one day, read by _after_next
        # "2 weeks from Friday" may be a single day; "5 nights from Friday" can only be a stay.
        maybe_single = (
            connector == "from"
            and not has_for
            and isinstance(start.value, WeekdayRef | RelativeDay)
            and at == duration.end
            and duration.value.unit != "night"
        )
        return Match(Stay(start.value, duration.value, maybe_single), i, start.end)

    def _is_filler(self, i: int) -> bool:
        word = self._word(i)
        return (
            word is not None
            and word not in _STARTING_WORDS
            and word not in MONTHS
            and word not in WEEKDAYS
            and word not in TODAY_WORDS
        )

    def _weekend_of(self, i: int) -> Match[Expression] | None:
        """``the weekend of the 14th``."""
        j = self._skip(i, "the")
        if not (self._is(j, "weekend", "wkend") and self._is(j + 1, "of")):
            return None
        day = self.piece(self._skip(j + 2, "the"), bare=False)
        return Match(WeekendOf(day.value), i, day.end) if day else None

    def _in_week(self, i: int) -> Match[Expression] | None:
        """``Friday next week``, ``Mon to Wed next week``: the week fixes which ones."""
        ahead_first = {"this": 0, "next": 1, "last": -1}.get(self._word(i) or "")
        if ahead_first is not None and self._is(i + 1, "week", "wk"):
            return self._week_then_weekdays(i, i + 2, ahead_first)  # "nächste Woche Mittwoch"
        first = self._weekday_ref(i)
        if first is None or not isinstance(first.value, WeekdayRef) or first.value.modifier:
            return None
        last, j = first.value, first.end
        k = self._span_separator(j, between=False)
        second = self._weekday_ref(k) if k is not None else None
        if second is not None and isinstance(second.value, WeekdayRef):
            last, j = second.value, second.end
        j = self._skip(j, "of")
        j = self._skip(j, "the")
        ahead = {"this": 0, "next": 1, "last": -1}.get(self._word(j) or "")
        if ahead is None or not self._is(j + 1, "week", "wk"):
            if self._is(j, "week") and self._is(j + 1, "after") and self._is(j + 2, "next"):
                return Match(WeekdaysInWeek(first.value.weekday, last.weekday, 2), i, j + 3)
            return None
        return Match(WeekdaysInWeek(first.value.weekday, last.weekday, ahead), i, j + 2)

    def _week_then_weekdays(self, i: int, j: int, ahead: int) -> Match[Expression] | None:
        j = self._skip(j, "on", "from")
        first = self._weekday(j)
        if first is None:
            return None
        last, end = first, j + 1
        k = self._span_separator(end, between=False)
        second = self._weekday(k) if k is not None else None
        if second is not None and k is not None:
            last, end = second, k + 1
        return Match(WeekdaysInWeek(first, last, ahead), i, end)

    def _nth_weekend(self, i: int) -> Match[Expression] | None:
        """``the first weekend of June``, ``last weekend in May``: that Saturday and Sunday."""
        j = self._skip(i, "the")
        token = self._tok(j)
        nth = {
            "first": 1,
            "1st": 1,
            "second": 2,
            "2nd": 2,
            "third": 3,
            "3rd": 3,
            "fourth": 4,
            "4th": 4,
            "last": -1,
        }.get(token.text if token is not None else "")
        if (
            nth is None
            or not self._is(j + 1, "weekend", "wkend")
            or not self._is(j + 2, "of", "in")
        ):
            return None
        month = self._month(j + 3)
        if month is None:
            return None
        year = self._year(j + 4)
        end = year.end if year else j + 4
        return Match(NthWeekend(nth, month, year.value if year else None), i, end)

    def _and_the_day_after(self, i: int) -> Match[Expression] | None:
        """``tomorrow and the day after``: two days."""
        start = self.piece(i, bare=False)
        if start is None or not self._is(start.end, "and"):
            return None
        j = self._skip(start.end + 1, "the")
        if self._is(j, "day") and self._is(j + 1, "after"):
            return Match(Stay(start.value, Duration(2, "day")), i, j + 2)
        if self._is(j, "next", "following") and self._is(j + 1, "day"):
            return Match(Stay(start.value, Duration(2, "day")), i, j + 2)
        return None

    def _weekend(self, i: int) -> Match[Expression] | None:
        modifier, j = self._modifier(i)
        if not modifier:
            j = self._skip(i, "the")
        if not self._is(j, "weekend", "wkend"):
            return None
        if self._is(j + 1, "after") and self._is(j + 2, "next"):
            return Match(Weekend("afternext"), i, j + 3)
        if self._is(j + 1, "before") and self._is(j + 2, "last"):
            return Match(Weekend("beforelast"), i, j + 3)
        return Match(Weekend(modifier), i, j + 1)

    def _holiday_weekend(self, i: int) -> Match[Expression] | None:
        """``Labor Day weekend``, ``over Easter``, ``the Easter long weekend``, ``Carnaval``."""
        over = self._is(i, "over", "during")
        if self._is(i, "last") and self.holiday(i + 1):
            return Match(VagueWords("past"), i, i + 2)  # "last Christmas"
        j = self._skip(self._skip(i, "over", "during", "for"), "the")
        name = self.holiday(j)
        if name is None:
            determined = self._is(i, "the", "this", "next") and self._is(i + 1, "weekend:long")
            if determined and self.country is not None:  # the country's next holiday weekend
                return Match(HolidayWeekend("next_long_weekend", self.country), i, i + 2)
            if self._is(j, "weekend:long"):
                return Match(VagueWords("long_weekend"), i, j + 1)
            day = self.piece(j, bare=False)
            if (
                day is not None
                and isinstance(day.value, CalendarDay)
                and day.value.month is not None
                and day.value.year is None
                and 1 <= day.value.day <= monthrange(2000, day.value.month)[1]  # Apr 31: no
                and self._is(day.end, "weekend", "wkend", "weekend:long")
            ):
                named = f"md:{day.value.month}-{day.value.day}"  # "July 4th weekend"
                return Match(HolidayWeekend(named, self.country), i, day.end + 1)
            return None
        if self._is(j + 1, "weekend", "wkend", "weekend:long"):
            return Match(HolidayWeekend(name, self.country), i, j + 2)
        if (over and name in ("easter", "pentecost", "thanksgiving")) or name == "carnival":
            return Match(HolidayWeekend(name, self.country), i, j + 1)
        return None

    def _season(self, i: int) -> Match[Expression] | None:
        """``next summer``, ``in the spring``, ``summer 2027``."""
        modifier: Modifier = ""
        j = self._skip(i, "in", "during", "over", "for", "sometime", "this")
        if self._is(i, "this"):
            modifier = "this"
        elif self._is(i, "next", "last"):
            modifier = "next" if self._is(i, "next") else "last"
            j = i + 1
        j = self._skip(j, "the")
        word = self._word(j)
        if word is None or not word.startswith("season:"):
            return None
        year = self._year(j + 1)
        end = year.end if year else j + 1
        season = Season(
            word.removeprefix("season:"), modifier, year.value if year else None, self.country
        )
        return Match(season, i, end)

    def _vague_words(self, i: int) -> Match[Expression] | None:
        word = self._word(i)
        if word is None or not word.startswith("vague:"):
            return None
        return Match(VagueWords(word.removeprefix("vague:")), i, i + 1)

    def _week(self, i: int) -> Match[Expression] | None:
        j = self._skip(i, "the")
        if self._is(j, "week") and self._is(j + 1, "of", "starting", "beginning"):
            day = self.piece(self._skip(j + 2, "the"), bare=False)
            if day is not None:
                return Match(Week(of_day=day.value), i, day.end)
        if self._is(j, "week") and self._is(j + 1, "after") and self._is(j + 2, "next"):
            return Match(Week(weeks_ahead=2), i, j + 3)
        ahead = {"this": 0, "next": 1, "last": -1}.get(self._word(i) or "")
        if ahead is not None and self._is(i + 1, "week", "wk"):
            return Match(Week(weeks_ahead=ahead), i, i + 2)
        return self._week_part(i)

    def _week_part(self, i: int) -> Match[Expression] | None:
        """``early next week``, ``end of this week``, ``later this week``: part of a week."""
        part = {
            "early": "early",
            "beginning": "early",
            "start": "early",
            "mid": "mid",
            "middle": "mid",
            "late": "late",
            "later": "late",
            "end": "late",
        }.get(self._word(i) or "")
        if part is None:
            return None
        j = i + 2 if self._kind(i + 1, Kind.DASH) else i + 1
        j = self._skip(self._skip(j, "of"), "the")
        ahead = {"this": 0, "next": 1}.get(self._word(j) or "")
        if ahead is None or not self._is(j + 1, "week", "wk"):
            return None
        return Match(Week(weeks_ahead=ahead, part=part), i, j + 2)

    def _month_span(self, i: int) -> Match[Expression] | None:
        word = self._word(i)
        ahead = {"this": 0, "next": 1, "last": -1}.get(word or "")
        if ahead is not None and self._is(i + 1, "month"):
            return Match(MonthSpan("whole", months_ahead=ahead), i, i + 2)
        part: MonthPart | None = None
        j = i
        if word in ("early", "mid", "late"):
            part = _PARTS[word]
            j = i + 2 if self._kind(i + 1, Kind.DASH) else self._skip(i + 1, "of")
        elif word == "the" and self._word(i + 1) in _PARTS and self._is(i + 2, "of"):
            part, j = _PARTS[self._word(i + 1) or ""], i + 3
        elif word in _PARTS and self._is(i + 1, "of"):
            part, j = _PARTS[word or ""], i + 2
        elif word in ("in", "during", "throughout", "around") or (
            word in ("all", "whole") and self._is(i + 1, "of")
        ):
            part, j = "whole", (i + 2 if self._is(i + 1, "of") else i + 1)
        elif word == "the" and self._is(i + 1, "whole") and self._is(i + 2, "of"):
            part, j = "whole", i + 3
        else:
            k = self._skip(i, "the")
            token = self._tok(k)
            week = _WEEK_PARTS.get(token.text) if token is not None else None
            if week is not None and self._is(k + 1, "week") and self._is(k + 2, "of"):
                part, j = week, k + 3
        month = self._month(j)
        if month is None:
            return None
        year = self._year(j + 1)
        ish = j + 2 if self._kind(j + 1, Kind.DASH) else j + 1
        if part is None and year is None and self._is(ish, "ish"):
            return Match(MonthSpan("whole", month), i, ish + 1)  # "june-ish"
        if part is None:
            # A month name on its own ("May") is too easily an ordinary word; need a year.
            if year is None:
                return None
            part = "whole"
        end = year.end if year else j + 1
        return Match(MonthSpan(part, month, year.value if year else None), i, end)

    def _vague_span(self, i: int) -> Match[Expression] | None:
        """``mid April to early May``: two vague ends make one vague range."""
        j = self._skip(i, "from", "between")
        first = self._month_span(j)
        if first is None or not isinstance(first.value, MonthSpan):
            return None
        k = self._span_separator(first.end, between=self._is(i, "between"))
        second = self._month_span(k) if k is not None else None
        if second is None or not isinstance(second.value, MonthSpan):
            return None
        if first.value.month is None or second.value.month is None:
            return None
        return Match(VagueSpan(first.value, second.value), i, second.end)

    def _next_days(self, i: int) -> Match[Expression] | None:
        j = self._skip(self._skip(i, "for"), "the")
        if not self._is(j, "next"):
            return None
        duration = self._duration(j + 1)
        if duration is None or duration.value.unit == "month":
            return None
        return Match(NextDays(duration.value), i, duration.end)


def _neighbouring_weekdays(first: Piece, second: Piece) -> bool:
    """Allow "Sat and Sun" as a range: nothing lies between the two days."""
    return (
        isinstance(first, WeekdayRef)
        and isinstance(second, WeekdayRef)
        and (second.weekday - first.weekday) % 7 == 1
    )


def _has_month(piece: Piece) -> bool:
    return isinstance(piece, NumericDay) or (
        isinstance(piece, CalendarDay) and piece.month is not None
    )


def _can_pair(first: Piece, second: Piece) -> bool:
    """A bare number is only a day when the other end names the month ("Mar 3-7")."""
    for this, other in ((first, second), (second, first)):
        # "14-16th": the other end is an ordinal day, so this one is a day too.
        ordinal_after = isinstance(other, CalendarDay) and not other.bare and this is first
        if (
            isinstance(this, CalendarDay)
            and this.bare
            and not _has_month(other)
            and not ordinal_after
        ):
            return False
    return True


def find_expressions(tokens: list[Token], country: str | None = None) -> list[Match[Expression]]:
    """Every maximal expression, best (longest, then earliest) first, none overlapping."""
    grammar = Grammar(tokens, country)
    found = [m for m in (grammar.expression(i) for i in range(len(tokens))) if m is not None]
    found.sort(key=lambda m: (-m.size, m.start))
    chosen: list[Match[Expression]] = []
    for match in found:
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    return chosen
