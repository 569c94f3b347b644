"""``parse_local_datetime``: when exactly is the meetup?

Meetups are typed in the organiser's local time and stored as UTC instants; the result
carries both, plus a note when a daylight-saving rule had to decide (see
:mod:`bot.domain.dates.wallclock`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.dates.errors import (
    DateParseError,
    InvalidMeetupDate,
    NoTimeGiven,
    PastTime,
    TimeParseError,
)
from bot.domain.dates.expressions import Single, WeekdayRef
from bot.domain.dates.grammar import find_expressions
from bot.domain.dates.lexer import MAX_INPUT_CHARS, Token, tokenize
from bot.domain.dates.model import DateOrder, format_day
from bot.domain.dates.order import apply_order, day_orders, numeric_pieces
from bot.domain.dates.resolve import check_years
from bot.domain.dates.single_days import single_dates
from bot.domain.dates.time_of_day import ClockTime, TimeFound, find_time_of_day
from bot.domain.dates.wallclock import load_zone, localize

_EXAMPLES = "“Friday 19:30”, “tomorrow at noon” or “Dec 12 7:30pm”"


@dataclass(frozen=True, slots=True)
class LocalDateTime:
    """A meetup moment: what the clock on the wall says there, and the instant it is."""

    local: datetime
    """Aware, in the meetup's zone."""
    utc: datetime
    """The same instant in UTC: store and compare this one."""
    tz: str
    note: str | None = None
    """Set when the time fell in a DST gap or fold; tell the user what was chosen."""

    @property
    def label(self) -> str:
        return f"{format_day(self.local.date())} at {self.local:%H:%M} ({self.tz})"


@dataclass(frozen=True, slots=True)
class AmbiguousDateTime:
    """Several readings ("at 7": morning or evening?): ask, in ``readings`` order."""

    question: str
    readings: tuple[LocalDateTime, ...]


def parse_local_datetime(
    text: str, *, tz: str, now: datetime, date_order: DateOrder | None = None
) -> LocalDateTime | AmbiguousDateTime:
    """Read a meetup time typed in zone ``tz``; ``now`` must be timezone-aware.

    A bare time means its next occurrence after ``now``. Raises only
    :class:`~bot.domain.dates.errors.TimeParseError` subclasses (an aware ``now`` is the
    caller's contract, so a naive one is a ``ValueError``).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    zone = load_zone(tz)
    if len(text) > MAX_INPUT_CHARS:
        raise TimeParseError(f"That's a lot of text — just the time please, like {_EXAMPLES}.")
    try:
        return _parse(text, zone, now.astimezone(UTC), date_order)
    except OverflowError as exc:
        raise TimeParseError("That time is too far in the future.") from exc


def _parse(
    text: str, zone: ZoneInfo, now: datetime, date_order: DateOrder | None
) -> LocalDateTime | AmbiguousDateTime:
    tokens = tokenize(text)
    found = find_time_of_day(tokens)
    if found is None:
        raise NoTimeGiven(f"What time? Try {_EXAMPLES}.")
    rest = [t for i, t in enumerate(tokens) if i not in found.used]
    today = now.astimezone(zone).date()
    alternatives, question = _alternatives(rest, found, today, date_order)
    readings: list[LocalDateTime] = []
    for tries in alternatives:
        for day, clock in tries:
            moment = _moment(day, clock, zone)
            if moment.utc > now:
                if moment not in readings:
                    readings.append(moment)
                break
    if not readings:
        day, clock = alternatives[0][-1]
        raise PastTime(f"That time has already passed ({format_day(day)} at {clock}).")
    if len(readings) == 1:
        return readings[0]
    return AmbiguousDateTime(question, tuple(readings))


def _moment(day: date, clock: ClockTime, zone: ZoneInfo) -> LocalDateTime:
    wall = datetime(day.year, day.month, day.day, clock.hour, clock.minute)
    localized = localize(wall, zone)
    return LocalDateTime(localized.when, localized.when.astimezone(UTC), zone.key, localized.note)


def _alternatives(
    rest: list[Token], found: TimeFound, today: date, date_order: DateOrder | None
) -> tuple[list[list[tuple[date, ClockTime]]], str]:
    """Each alternative is a list of (day, clock) tries: its first one still ahead is used.

    More than one alternative with a future reading means the user gets asked the question
    returned alongside.
    """
    if len(found.options) > 1:
        question = f"Is “{found.text}” in the morning or the evening?"
    elif found.midnight:
        question = "Midnight at the end of that day, or at its start?"
    else:
        question = "Which of these do you mean?"
    matches = find_expressions(rest)
    if not matches:
        # A bare time: today if still ahead, else tomorrow.
        tomorrow = today + timedelta(days=1)
        return [[(today, c), (tomorrow, c)] for c in found.options], question
    expression = matches[0].value
    if not isinstance(expression, Single) or len(matches) > 1:
        raise InvalidMeetupDate("A meetup needs one day — which one do you mean?")
    piece = expression.piece
    tries: list[list[date]] = []
    if isinstance(piece, WeekdayRef) and piece.modifier == "":
        # "Friday 19:30" is the next Friday 19:30 still ahead, today included.
        first = today + timedelta(days=(piece.weekday - today.weekday()) % 7)
        tries.append([first, first + timedelta(days=7)])
    else:
        try:
            numerics = numeric_pieces(expression)
            orders = day_orders(numerics, date_order)
            for day_first in orders:
                fixed = apply_order(expression, day_first)
                assert isinstance(fixed, Single)
                check_years(fixed, today)
                days, day_question = single_dates(fixed.piece, today)
                tries.extend([d] for d in days if [d] not in tries)
                if day_question and len(found.options) == 1 and not found.midnight:
                    question = day_question
        except DateParseError as exc:
            raise InvalidMeetupDate(exc.user_message) from exc
        if len(orders) > 1 and len(found.options) == 1 and not found.midnight:
            texts = " and ".join(f"“{n.text}”" for n in numerics)
            question = f"{texts} can be read month-first or day-first — which did you mean?"
    if found.midnight:
        # "Friday midnight" usually means the end of Friday, but not always: offer both.
        tries = [[d + timedelta(days=1) for d in t] for t in tries] + tries
    return [[(d, c) for d in t] for t in tries for c in found.options], question
