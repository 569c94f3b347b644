"""Recurring meetups: "every Thursday at 12:30", "last Friday of every month at 18:00".

The rule is a dateutil ``rrule`` evaluated on *naive local wall time* and only then pinned
to the zone, so 19:00 stays 19:00 when the clocks change; wall times that fall in a DST gap
or fold follow the rules in :mod:`bot.domain.dates.wallclock`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal, TypeAlias

from dateutil.rrule import DAILY, MO, MONTHLY, WEEKLY, rrule, weekdays

from bot.domain.dates.calendar_words import (
    NUMBER_WORDS,
    ORDINAL_WORDS,
    WEEKDAY_NAMES,
    WEEKDAY_PLURALS,
    WEEKDAYS,
    ordinal,
)
from bot.domain.dates.errors import DatesInputError, RecurrenceParseError
from bot.domain.dates.lexer import MAX_INPUT_CHARS, Kind, Token, tokenize
from bot.domain.dates.model import format_day
from bot.domain.dates.time_of_day import ClockTime, find_time_of_day
from bot.domain.dates.wallclock import load_zone, localize

Frequency: TypeAlias = Literal["daily", "weekly", "monthly"]
_FREQ: dict[Frequency, Literal[1, 2, 3]] = {"monthly": MONTHLY, "weekly": WEEKLY, "daily": DAILY}
_EXAMPLES = "“every Thursday at 12:30” or “first Friday of the month at 7pm”"
_MAX_INTERVAL = 52


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A parsed rule plus the zone it lives in; plain values, so it can be stored and hashed."""

    tz: str
    freq: Frequency
    time: ClockTime
    first: datetime
    """Naive local wall time of the first occurrence; also fixes "every other" parity."""
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    nth: int | None = None
    """For "the first/last Thursday of the month": 1..5, or -1 for last."""
    month_day: int | None = None
    """For "the 15th of every month": 1..31, or -1 for the last day."""

    @property
    def rule(self) -> rrule:
        byweekday = None
        if self.weekdays:
            byweekday = [weekdays[w](self.nth) if self.nth else weekdays[w] for w in self.weekdays]
        return rrule(
            _FREQ[self.freq],
            dtstart=self.first,
            interval=self.interval,
            wkst=MO,
            byweekday=byweekday,
            bymonthday=self.month_day,
            byhour=self.time.hour,
            byminute=self.time.minute,
            bysecond=0,
        )

    @property
    def rrule_text(self) -> str:
        """RFC 5545 text (DTSTART in local wall time): for storage and iCalendar export."""
        return str(self.rule)

    def occurrences(self, after: datetime, until: datetime) -> list[datetime]:
        """Occurrences with ``after < t <= until`` as aware local datetimes (any zone in)."""
        if after.tzinfo is None or until.tzinfo is None:
            raise ValueError("after and until must be timezone-aware")
        zone = load_zone(self.tz)
        low = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
        high = until.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
        found: list[datetime] = []
        for wall in self.rule.between(low, high, inc=True):
            moment = localize(wall, zone).when
            if after < moment <= until:
                found.append(moment)
        return found

    def next_after(self, after: datetime) -> datetime | None:
        if after.tzinfo is None:
            raise ValueError("after must be timezone-aware")
        zone = load_zone(self.tz)
        low = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
        for wall in self.rule.xafter(low, inc=True):
            moment = localize(wall, zone).when
            if moment > after:
                return moment
        return None

    def note_for(self, moment: datetime) -> str | None:
        """What the DST rules did to one occurrence, if anything (to show next to it)."""
        zone = load_zone(self.tz)
        day = moment.astimezone(zone).date()
        return localize(datetime.combine(day, time(self.time.hour, self.time.minute)), zone).note

    def describe(self) -> str:
        at = f"at {self.time} ({self.tz})"
        names = _join([WEEKDAY_NAMES[w] for w in self.weekdays])
        if self.freq == "monthly":
            if self.nth is not None:
                which = "last" if self.nth == -1 else ORDINAL_NAMES.get(self.nth, ordinal(self.nth))
                text = f"The {which} {names} of every {_every('month', self.interval)}"
            elif self.month_day == -1:
                text = f"The last day of every {_every('month', self.interval)}"
            else:
                day = ordinal(self.month_day or self.first.day)
                text = f"The {day} of every {_every('month', self.interval)}"
        elif self.freq == "daily":
            text = "Every day" if self.interval == 1 else f"Every {_every('day', self.interval)}"
        elif self.weekdays == (0, 1, 2, 3, 4):
            text = "Every weekday"
        elif self.interval == 1:
            text = f"Every {names}"
        elif self.interval == 2:
            text = f"Every other {names}"
        else:
            text = f"Every {self.interval} weeks on {names}"
        text = f"{text} {at}"
        if self.interval > 1:
            text += f", starting {format_day(self.first.date())}"
        return text


ORDINAL_NAMES = {v: k for k, v in ORDINAL_WORDS.items() if v > 0}


def _every(unit: str, interval: int) -> str:
    if interval == 1:
        return unit
    if interval == 2:
        return f"other {unit}"
    return f"{interval} {unit}s"


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def parse_recurrence(text: str, *, tz: str, start: datetime) -> Recurrence:
    """Read a repeating meetup typed in zone ``tz``; the first occurrence is at or after
    ``start`` (aware). Raises only :class:`~bot.domain.dates.errors.RecurrenceParseError`.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start must be timezone-aware")
    if len(text) > MAX_INPUT_CHARS:
        raise RecurrenceParseError(f"That's a lot of text — try {_EXAMPLES}.")
    try:
        zone = load_zone(tz)
        tokens = tokenize(text)
        found = find_time_of_day(tokens)
    except DatesInputError as exc:
        raise RecurrenceParseError(exc.user_message) from exc
    if found is None:
        raise RecurrenceParseError(f"At what time? Try {_EXAMPLES}.")
    if len(found.options) > 1:
        raise RecurrenceParseError(
            f"Is “{found.text}” in the morning or the evening? Say “{found.text[3:]}pm” or "
            f"“{found.options[0]}”."
        )
    rest = [t for i, t in enumerate(tokens) if i not in found.used]
    draft = _read_rule(rest, tz, found.options[0])
    try:
        first = _first_occurrence(draft, start.astimezone(zone).replace(tzinfo=None))
    except OverflowError as exc:
        raise RecurrenceParseError("That start is too far in the future.") from exc
    if first is None:
        raise RecurrenceParseError("That never happens — could you check the rule?")
    return _replace_first(draft, first)


def _read_rule(tokens: list[Token], tz: str, time: ClockTime) -> Recurrence:
    words = [t.text for t in tokens if t.kind in (Kind.WORD, Kind.ORD, Kind.NUM)]
    days = _weekdays_in(words)
    interval = _interval(words)
    if interval > _MAX_INTERVAL:
        raise RecurrenceParseError("That's too far apart to be a regular meetup.")
    placeholder = datetime(2000, 1, 1)
    monthly = "month" in words or "monthly" in words or "months" in words
    nth = _nth(words)
    if monthly and days and nth is not None:
        if len(days) > 1:
            raise RecurrenceParseError("Pick one weekday for a monthly meetup.")
        return Recurrence(tz, "monthly", time, placeholder, interval, days, nth=nth)
    if monthly:
        month_day = _month_day(words)
        if month_day is None:
            raise RecurrenceParseError(
                "Which day of the month? Try “the 15th of every month at 19:00” or "
                "“first Thursday of the month at 7pm”."
            )
        return Recurrence(tz, "monthly", time, placeholder, interval, month_day=month_day)
    if "weekday" in words or "weekdays" in words:
        return Recurrence(tz, "weekly", time, placeholder, interval, (0, 1, 2, 3, 4))
    repeating = bool({"every", "each", "weekly", "fortnightly", "biweekly"} & set(words))
    plural = any(w in WEEKDAY_PLURALS for w in words)
    if days and (repeating or plural):
        return Recurrence(tz, "weekly", time, placeholder, interval, days)
    every = "every" in words or "each" in words
    if "daily" in words or (every and ("day" in words or "days" in words)):
        return Recurrence(tz, "daily", time, placeholder, interval)
    if days:
        name = WEEKDAY_NAMES[days[0]]
        raise RecurrenceParseError(
            f"Is that every {name}? Say “every {name} at {time}” for a repeating meetup."
        )
    raise RecurrenceParseError(f"I couldn't tell how often that repeats. Try {_EXAMPLES}.")


def _weekdays_in(words: list[str]) -> tuple[int, ...]:
    found: list[int] = []
    for word in words:
        day = WEEKDAYS.get(word, WEEKDAY_PLURALS.get(word))
        if day is not None and day not in found:
            found.append(day)
    return tuple(found)


def _interval(words: list[str]) -> int:
    if {"fortnightly", "biweekly", "fortnight"} & set(words) or "other" in words:
        return 2
    for i, word in enumerate(words[:-1]):
        if word in ("every", "each") and words[i + 1] in ("second", "2nd"):
            # "every second Tuesday" is every other one; "second Tuesday of the month" is not.
            return 2 if "month" not in words else 1
        if word == "every":
            count = words[i + 1]
            number = int(count) if count.isdigit() else NUMBER_WORDS.get(count)
            if number is not None and count not in ("a", "an"):
                if number < 1:
                    raise RecurrenceParseError("“Every 0” doesn't repeat — how often, then?")
                return number
    return 1


def _nth(words: list[str]) -> int | None:
    for i, word in enumerate(words):
        value = ORDINAL_WORDS.get(word)
        if value is None and word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th"):
            value = int(word[:-2])
        if value is None or not (value == -1 or 1 <= value <= 5):
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        if following in WEEKDAYS:
            return value
    return None


def _month_day(words: list[str]) -> int | None:
    for i, word in enumerate(words):
        if word == "last" and i + 1 < len(words) and words[i + 1] == "day":
            return -1
        if word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th"):
            day = int(word[:-2])
            if not 1 <= day <= 31:
                raise RecurrenceParseError(f"No month has a {ordinal(day)} day.")
            return day
    return None


def _first_occurrence(draft: Recurrence, start: datetime) -> datetime | None:
    """The first wall time on or after ``start`` that fits the rule (interval ignored)."""
    probe = _replace_first(draft, start.replace(hour=0, minute=0, second=0, microsecond=0))
    rule = probe.rule.replace(interval=1)
    for wall in rule.xafter(start - timedelta(days=1), inc=True):
        if wall >= start:
            return wall
    return None


def _replace_first(draft: Recurrence, first: datetime) -> Recurrence:
    return Recurrence(
        draft.tz,
        draft.freq,
        draft.time,
        first,
        draft.interval,
        draft.weekdays,
        draft.nth,
        draft.month_day,
    )
