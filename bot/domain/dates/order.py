"""Which way round to read numeric dates such as ``4/5``.

A locale hint only breaks genuine ties: "3/15" is month-first whatever the hint says,
because there is no 15th month. Without a hint, a tie is asked about, never guessed.
"""

from __future__ import annotations

from bot.domain.dates.calendar_words import ordinal
from bot.domain.dates.errors import ImpossibleDate
from bot.domain.dates.expressions import (
    CalendarDay,
    Expression,
    NumericDay,
    Piece,
    Single,
    Span,
    Stay,
    Week,
    WeekendOf,
)
from bot.domain.dates.model import DateOrder


def day_orders(numerics: list[NumericDay], hint: DateOrder | None) -> list[bool]:
    """The orders worth trying, as ``day_first`` flags; two means "ask which one"."""
    if not numerics:
        return [False]
    possible = {False, True}
    for piece in numerics:
        fits = {day_first for day_first in (False, True) if _fits(piece, day_first=day_first)}
        if piece.dotted and True in fits:
            fits = {True}  # 03.01.2027 is day-first wherever dots are used
        if not fits:
            raise ImpossibleDate(_unreadable(piece))
        possible &= fits
    if not possible:
        texts = " and ".join(f"“{n.text}”" for n in numerics)
        raise ImpossibleDate(
            f"{texts} can't both be read the same way — one has the day first, the other "
            "the month. Could you check them?"
        )
    if hint is not None and (hint == "dmy") in possible:
        return [hint == "dmy"]
    if len(possible) == 1 or all(n.first == n.second for n in numerics):
        return sorted(possible)[:1]
    return [False, True]


def _fits(piece: NumericDay, *, day_first: bool) -> bool:
    month, day = (piece.second, piece.first) if day_first else (piece.first, piece.second)
    return 1 <= month <= 12 and 1 <= day <= 31


def _unreadable(piece: NumericDay) -> str:
    a, b = piece.first, piece.second
    if 0 in (a, b):
        return f"“{piece.text}” has a zero in it — days and months start at 1."
    if a > 12 and b > 12:
        return f"“{piece.text}” isn't a date I can read: there's no month {a} or {b}."
    return f"“{piece.text}” isn't a date I can read: no month has a {ordinal(max(a, b))} day."


def numeric_pieces(expression: Expression) -> list[NumericDay]:
    return [p for p in pieces(expression) if isinstance(p, NumericDay)]


def pieces(expression: Expression) -> list[Piece]:
    """The single days inside an expression, so checks and the day order apply to all."""
    match expression:
        case Single(piece):
            return [piece]
        case Span(start, end):
            return [end] if start is None else [start, end]
        case Stay(start):
            return [start]
        case Week(of_day=of_day) if of_day is not None:
            return [of_day]
        case WeekendOf(day):
            return [day]
    return []


def apply_order(expression: Expression, day_first: bool) -> Expression:
    """Read every numeric date the same way round: a range is never half day-first."""

    def fix(piece: Piece) -> Piece:
        if not isinstance(piece, NumericDay):
            return piece
        month, day = (piece.second, piece.first) if day_first else (piece.first, piece.second)
        return CalendarDay(day, month, piece.year, weekday=piece.weekday)

    match expression:
        case Single(piece):
            return Single(fix(piece))
        case Span(start, end):
            return Span(None if start is None else fix(start), fix(end))
        case Stay(start, length, or_single):
            return Stay(fix(start), length, or_single)
        case Week(ahead, of_day) if of_day is not None:
            return Week(ahead, fix(of_day))
        case WeekendOf(day):
            return WeekendOf(fix(day))
    return expression
