"""Give a recognised expression its dates, relative to the "today" the caller passes in.

Resolution may yield several readings (the bot then asks), but never validates them: that
is :mod:`bot.domain.dates.validate`'s job, so a reading can be dropped for being in the past
without the resolver knowing why.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.dates.calendar_math import (
    add_months,
    check_day_number,
    make_date,
    monday_of,
    month_end,
    shift,
)
from bot.domain.dates.calendar_words import MONTH_NAMES, WEEKDAY_NAMES, days_in_month, ordinal
from bot.domain.dates.errors import (
    DateParseError,
    EndBeforeStart,
    ImpossibleDate,
    PastDates,
    RangeTooLong,
    TooFarAhead,
)
from bot.domain.dates.expressions import (
    CalendarDay,
    Duration,
    ExactDay,
    Expression,
    HolidayWeekend,
    Modifier,
    MonthSpan,
    NamedDay,
    NextDays,
    NthWeekend,
    NumericDay,
    Piece,
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
from bot.domain.dates.holiday_spans import holiday_weekend, season, vague_words
from bot.domain.dates.model import format_day
from bot.domain.dates.months import month_span, vague_span
from bot.domain.dates.named_days import bank_holiday_on_or_after, day_in_year
from bot.domain.dates.occurrence import next_occurrence
from bot.domain.dates.order import pieces
from bot.domain.dates.outcome import Outcome, definite
from bot.domain.dates.single_days import (
    MAX_COUNT,
    next_day_of_month,
    single_dates,
    weekday_checked,
)


def resolve(expression: Expression, today: date) -> Outcome:
    """``expression`` must not contain :class:`NumericDay` any more (see :func:`apply_order`)."""
    check_years(expression, today)
    match expression:
        case Single(piece):
            days, question = single_dates(piece, today)
            confirm = question is not None and len(days) == 1
            return Outcome(tuple((d, d) for d in days), question, confirm)
        case HolidayWeekend():
            return holiday_weekend(expression, today)
        case NthWeekend(nth, month, year):
            return _nth_weekend(nth, month, year, today)
        case Season():
            return season(expression, today)
        case VagueWords(what):
            return vague_words(what, today)
        case Span(start, end):
            return _span(start, end, today)
        case Stay():
            return _stay(expression, today)
        case Weekend(modifier):
            return _weekday_span(5, 6, modifier or "this", today, what="weekend")
        case WeekendOf(day):
            return _weekend_of(day, today)
        case WeekdaysInWeek():
            return _weekdays_in_week(expression, today)
        case Week():
            return _week(expression, today)
        case MonthSpan():
            return month_span(expression, today)
        case VagueSpan(first, last):
            return vague_span(first, last, today)
        case NextDays(length):
            return definite(today, _add(today, length, first_day_counts=True))
    raise AssertionError(expression)  # pragma: no cover - the match is exhaustive


# -- ranges -------------------------------------------------------------------------------


def _span(start: Piece | None, end: Piece, today: date) -> Outcome:
    if isinstance(start, WeekdayRef) and isinstance(end, WeekdayRef):
        return _weekday_span(start.weekday, end.weekday, start.modifier or end.modifier, today)
    if isinstance(start, CalendarDay) and isinstance(end, CalendarDay):
        first, last, check = _calendar_span(start, end, today)
        return Outcome(((first, last),), check, confirm=check is not None)
    if start is None:
        starts, question = [today], None
    else:
        starts, question = single_dates(start, today)
    readings: list[tuple[date, date]] = []
    for first in starts:
        ends, end_question = _end_dates(end, first, today, from_today=start is None)
        question = question or end_question
        readings.extend((first, last) for last in ends)
    return Outcome(tuple(readings), question if len(readings) > 1 else None)


def _end_dates(
    end: Piece, start: date, today: date, *, from_today: bool
) -> tuple[list[date], str | None]:
    """The far end is read relative to the start: "Friday to the 2nd" is the 2nd after Friday."""
    if isinstance(end, CalendarDay) and end.year is None:
        if end.month is None:
            return [next_day_of_month(end.day, start)], None
        check_day_number(end.day)
        later = (end.month, end.day) >= (start.month, start.day)
        found = make_date(start.year if later else start.year + 1, end.month, end.day)
        return [weekday_checked(found, end.weekday)], None
    if isinstance(end, NamedDay) and end.name == "bank_holiday":
        return [bank_holiday_on_or_after(start, end.country)], None
    if isinstance(end, NamedDay):
        found = day_in_year(end.name, start.year, end.country)
        if found < start:
            found = day_in_year(end.name, start.year + 1, end.country)
        return [found], None
    if isinstance(end, WeekdayRef) and end.modifier in ("", "this"):
        ahead = (end.weekday - start.weekday()) % 7
        if from_today and ahead == 0 and end.modifier == "":
            name = WEEKDAY_NAMES[end.weekday]
            return [start, start + timedelta(days=7)], f"Until today, or until {name} next week?"
        return [start + timedelta(days=ahead)], None
    return single_dates(end, today)


def _calendar_span(
    first: CalendarDay, second: CalendarDay, today: date
) -> tuple[date, date, str | None]:
    check_day_number(first.day)
    check_day_number(second.day)
    m1 = first.month or second.month
    m2 = second.month or first.month
    d1, d2 = first.day, second.day
    if m1 is None or m2 is None:
        return (*_ordinal_span(d1, d2, today), None)
    y1, y2 = first.year, second.year
    if m1 == m2 and d2 < d1 and (y1 is None or y2 is None or y1 == y2):
        raise EndBeforeStart(
            f"That trip ends before it starts: {MONTH_NAMES[m2 - 1][:3]} {d2} comes before "
            f"{MONTH_NAMES[m1 - 1][:3]} {d1}."
        )
    crosses_new_year = (m2, d2) < (m1, d1)
    if y1 is None and y2 is not None:
        y1 = y2 - 1 if crosses_new_year else y2
    elif y2 is None and y1 is not None:
        y2 = y1 + 1 if crosses_new_year else y1
    elif y1 is None or y2 is None:
        # Next occurrence, but a range already under way keeps this year's dates.
        month1, month2 = m1, m2
        for month, day in ((m1, d1), (m2, d2)):
            if day > days_in_month(2000, month):
                make_date(today.year, month, day)  # no year has it: say so
        (start, end), check = next_occurrence(
            lambda y: (make_date(y, month1, d1), make_date(y + crosses_new_year, month2, d2)),
            today,
        )
        return (
            weekday_checked(start, first.weekday),
            weekday_checked(end, second.weekday),
            check,
        )
    assert y1 is not None
    assert y2 is not None
    return (
        weekday_checked(make_date(y1, m1, d1), first.weekday),
        weekday_checked(make_date(y2, m2, d2), second.weekday),
        None,
    )


def _ordinal_span(d1: int, d2: int, today: date) -> tuple[date, date]:
    """Use this month unless the range is over; "the 30th to the 2nd" spans two months."""
    for offset in (-1, 0, 1, 2):
        year, month = add_months(today.year, today.month, offset)
        end_year, end_month = (year, month) if d2 >= d1 else add_months(year, month, 1)
        if d1 > month_end(year, month).day or d2 > month_end(end_year, end_month).day:
            continue
        if date(end_year, end_month, d2) >= today:
            return date(year, month, d1), date(end_year, end_month, d2)
    raise ImpossibleDate(  # pragma: no cover - some month in any four has both days
        f"I couldn't find a month with both the {ordinal(d1)} and the {ordinal(d2)}."
    )


def _weekday_span(
    first: int, last: int, modifier: Modifier, today: date, *, what: str = ""
) -> Outcome:
    """Take the coming one ("Thu-Sun"), but if one is under way or starts today, ask."""
    length = timedelta(days=(last - first) % 7 or 7)
    week = timedelta(days=7)
    latest = today - timedelta(days=(today.weekday() - first) % 7)  # on or before today
    under_way = latest + length >= today
    names = what or f"{WEEKDAY_NAMES[first][:3]}–{WEEKDAY_NAMES[last][:3]}"
    if modifier in ("last", "beforelast"):
        start = latest - week if under_way else latest
        start -= week if modifier == "beforelast" else timedelta(0)
        return definite(start, start + length)
    if modifier == "afternext":
        return definite(latest + 2 * week, latest + 2 * week + length)
    if modifier == "this":
        if under_way and latest < today:
            # Never silently start in the past: it has begun, so say so and offer both.
            question = (
                f"This week's {names} has already begun ({format_day(latest)}) — "
                "do you mean that one, or next week's?"
            )
            return Outcome(
                ((latest, latest + length), (latest + week, latest + week + length)), question
            )
        start = latest if under_way else latest + week
        return definite(start, start + length)
    if modifier == "next":
        coming = latest + week
        if first > today.weekday():
            question = f"“Next {names}” can mean the coming one or the week after — which one?"
            return Outcome(
                ((coming, coming + length), (coming + week, coming + week + length)), question
            )
        return definite(coming, coming + length)
    if latest == today:
        question = f"This week's {names} starts today — do you mean this one or next week's?"
        return Outcome(
            ((latest, latest + length), (latest + week, latest + week + length)), question
        )
    # One under way began in the past: the coming one is the only reading still ahead.
    return definite(latest + week, latest + week + length)


def _nth_weekend(nth: int, month: int, year: int | None, today: date) -> Outcome:
    def weekend_in(y: int) -> tuple[date, date]:
        if nth > 0:
            first = date(y, month, 1)
            saturday = first + timedelta(days=(5 - first.weekday()) % 7 + 7 * (nth - 1))
        else:
            last = month_end(y, month)
            saturday = last - timedelta(days=(last.weekday() - 5) % 7)
        return saturday, saturday + timedelta(days=1)

    if year is not None:
        return definite(*weekend_in(year))
    (start, end), check = next_occurrence(weekend_in, today)
    return Outcome(((start, end),), check, confirm=check is not None)


def _weekdays_in_week(span: WeekdaysInWeek, today: date) -> Outcome:
    monday = monday_of(today) + timedelta(weeks=span.weeks_ahead)
    first = monday + timedelta(days=span.first)
    return definite(first, first + timedelta(days=(span.last - span.first) % 7))


def _weekend_of(day: Piece, today: date) -> Outcome:
    """Sat/Sun name their own weekend; any other day gets "the weekend after it?" asked."""
    days, question = single_dates(day, today)
    readings: list[tuple[date, date]] = []
    for d in days:
        saturday = (
            d - timedelta(days=1) if d.weekday() == 6 else d + timedelta(days=(5 - d.weekday()) % 7)
        )
        readings.append((saturday, saturday + timedelta(days=1)))
    if all(d.weekday() >= 5 for d in days):
        return Outcome(tuple(readings), question)
    sat, sun = readings[0]
    what = f"{days[0].day} {MONTH_NAMES[days[0].month - 1]} is a {WEEKDAY_NAMES[days[0].weekday()]}"
    question = f"{what} — do you mean the weekend after it, {format_day(sat, with_year=False)}"
    question += f" to {format_day(sun)}?"
    return Outcome(tuple(readings), question, confirm=True)


def _week(week: Week, today: date) -> Outcome:
    if week.of_day is not None:
        days, question = single_dates(week.of_day, today)
        readings = tuple((monday_of(d), monday_of(d) + timedelta(days=6)) for d in days)
        return Outcome(readings, question)
    monday = monday_of(today) + timedelta(weeks=week.weeks_ahead)
    if not week.part:
        return definite(monday, monday + timedelta(days=6))
    first, last = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}[week.part]
    start = max(monday + timedelta(days=first), today)
    end = max(monday + timedelta(days=last), start)
    question = (
        f"That's a bit vague for matching — shall I use {format_day(start)} to "
        f"{format_day(end)}? If not, tell me the exact dates."
    )
    return Outcome(((start, end),), question, confirm=True)


def _stay(stay: Stay, today: date) -> Outcome:
    starts, question = single_dates(stay.start, today)
    readings: list[tuple[date, date]] = []
    for start in starts:
        end = _add(start, stay.length, first_day_counts=True)
        readings.append((start, end))
        if stay.or_single_day:
            readings.append((_add(start, stay.length, first_day_counts=False),) * 2)
    if stay.or_single_day and question is None:
        count, unit = stay.length.count, stay.length.unit
        length = f"{count} {unit}{'s' if count != 1 else ''}"
        question = (
            f"Do you mean a stay of {length} starting {format_day(starts[0])}, "
            f"or just the one day {length} later?"
        )
    return Outcome(tuple(readings), question if len(readings) > 1 else None)


def _add(start: date, length: Duration, *, first_day_counts: bool) -> date:
    """End of a stay: N nights leave on day N; N days include the first; a week is 7 nights."""
    _check_count(length.count)
    if length.count < 1:
        raise DateParseError("A stay needs to be at least one day long.")
    if length.unit == "month":
        return shift(start, months=length.count)
    if length.unit == "week":
        return start + timedelta(weeks=length.count)
    if length.unit == "day" and first_day_counts:
        return start + timedelta(days=length.count - 1)
    return start + timedelta(days=length.count)


def _check_count(count: int) -> None:
    if count > MAX_COUNT:
        raise RangeTooLong("That's a very long time — trips can be at most a year.")


def _explicit_years(expression: Expression) -> list[int]:
    years = [
        p.year
        for p in pieces(expression)
        if isinstance(p, CalendarDay | NumericDay | ExactDay | NamedDay)
    ]
    match expression:
        case MonthSpan(year=year):
            years.append(year)
        case VagueSpan(first, last):
            years += [first.year, last.year]
    return [y for y in years if y is not None]


def check_years(expression: Expression, today: date) -> None:
    """A typed year that no valid trip can have is refused before any date maths.

    Trips end on or after today, last at most a year and start within a year, so every
    date lies within two years of today; this also keeps arithmetic far from year 9999.
    """
    for year in _explicit_years(expression):
        if year < today.year - 2:
            raise PastDates("Those dates are in the past.")
        if year > today.year + 3:
            raise TooFarAhead(f"{year} is too far ahead — I can match trips up to a year away.")
