"""Typed failures of the date, time and recurrence parsers.

Every one of them is an :class:`~bot.domain.errors.InvalidInput`, so the central error
handler shows the message to the person who typed the dates instead of logging a bug. The
parsers raise these and nothing else; ambiguity is *not* an error (it is returned, because
the bot then asks a question rather than apologising).
"""

from __future__ import annotations

from bot.domain.errors import InvalidInput


class DatesInputError(InvalidInput):
    """Base of everything this package raises: catch it to handle any of the parsers."""


class DateParseError(DatesInputError):
    """Base of everything :func:`parse_date_range` can raise."""


class InputTooLong(DateParseError):
    """More text than a date needs; refused before any work so no input can be slow."""


class UnrecognisedDate(DateParseError):
    """Nothing in the text looks like a date."""


class ImpossibleDate(DateParseError):
    """Looks like a date but names a day that does not exist (Feb 30, month 13...)."""


class WeekdayMismatch(DateParseError):
    """The weekday typed with a date is not that date's weekday: one of them is a typo."""


class EndBeforeStart(DateParseError):
    """Both ends are real dates but in the wrong order."""


class VagueDates(DateParseError):
    """Promises dates without giving them ("spring break", "a long weekend"): ask for them."""


class PastDates(DateParseError):
    """The whole range is already over: nobody can meet there any more."""


class TooFarAhead(DateParseError):
    """Starts more than a year ahead: too early to match anyone reliably."""


class RangeTooLong(DateParseError):
    """Longer than a trip can plausibly be; almost always a typo in the year."""


class TimeParseError(DatesInputError):
    """Base of everything :func:`parse_local_datetime` can raise."""


class NoTimeGiven(TimeParseError):
    """A meetup needs a clock time and none was found."""


class InvalidMeetupDate(TimeParseError):
    """The day part of a meetup time was wrong; the message is the date parser's."""


class UnknownTimeZone(TimeParseError):
    """The IANA zone name is not in the tz database."""


class ImpossibleTime(TimeParseError):
    """A clock reading that cannot exist on any day (25:00, 13pm...)."""


class PastTime(TimeParseError):
    """The meetup time has already gone by."""


class RecurrenceParseError(DatesInputError):
    """Base of everything :func:`parse_recurrence` can raise."""
