"""Dates and times as people type them: trips, meetup times and recurring meetups.

Pure domain code: no Discord, no database, and no wall clock — "today" or "now" is always
passed in, so every answer is reproducible in tests. Parsers return a result or a question
(:class:`Ambiguous`, :class:`AmbiguousDateTime`) and raise only the typed errors below, all
of them :class:`~bot.domain.errors.InvalidInput` with a message meant for the user.
"""

from bot.domain.dates.errors import (
    DateParseError,
    DatesInputError,
    EndBeforeStart,
    ImpossibleDate,
    ImpossibleTime,
    InputTooLong,
    InvalidMeetupDate,
    NoTimeGiven,
    PastDates,
    PastTime,
    RangeTooLong,
    RecurrenceParseError,
    TimeParseError,
    TooFarAhead,
    UnknownTimeZone,
    UnrecognisedDate,
    VagueDates,
    WeekdayMismatch,
)
from bot.domain.dates.locales import date_order_for_locale
from bot.domain.dates.model import Ambiguous, DateOrder, DateRange
from bot.domain.dates.ranges import parse_date_range
from bot.domain.dates.recurrence import Recurrence, parse_recurrence
from bot.domain.dates.times import AmbiguousDateTime, LocalDateTime, parse_local_datetime
from bot.domain.dates.wallclock import (
    Localized,
    add_elapsed,
    add_wall_clock,
    elapsed,
    load_zone,
    localize,
)

__all__ = [
    "Ambiguous",
    "AmbiguousDateTime",
    "DateOrder",
    "DateParseError",
    "DateRange",
    "DatesInputError",
    "EndBeforeStart",
    "ImpossibleDate",
    "ImpossibleTime",
    "InputTooLong",
    "InvalidMeetupDate",
    "LocalDateTime",
    "Localized",
    "NoTimeGiven",
    "PastDates",
    "PastTime",
    "RangeTooLong",
    "Recurrence",
    "RecurrenceParseError",
    "TimeParseError",
    "TooFarAhead",
    "UnknownTimeZone",
    "UnrecognisedDate",
    "VagueDates",
    "WeekdayMismatch",
    "add_elapsed",
    "add_wall_clock",
    "date_order_for_locale",
    "elapsed",
    "load_zone",
    "localize",
    "parse_date_range",
    "parse_local_datetime",
    "parse_recurrence",
]
