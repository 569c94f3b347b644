"""Dates inside a chat message, read by the date reader (:mod:`bot.domain.dates`).

The reader already finds a date expression inside free text, but it costs about a
millisecond per call and reads only the first expression it finds. So a cheap gate first
checks that a clause can hold a date at all (a digit, a month or weekday name, "tomorrow",
"finde"... in five languages), and only the clauses that belong to the trip are read:
"was in porto last week, now lisbon 20-23 march" must not lend Porto's week to Lisbon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.domain.dates import (
    Ambiguous,
    DateOrder,
    DateParseError,
    DateRange,
    PastDates,
    UnrecognisedDate,
    parse_date_range,
)

__all__ = ["DateFinding", "looks_dated", "read_dates"]

MAX_CHARS = 300  # the date reader's own input limit
MAX_CALLS = 3
MAX_STAY = timedelta(days=31)
WEEK = 7

Status = Literal["none", "ok", "ambiguous", "past", "invalid"]

_GATE = re.compile(
    r"\d|(?<!\w)(?:"
    # English
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today|"
    r"tonight|tomorrow|tmrw|tmr|weekend|week|month|fortnight|easter|christmas|xmas|new year|"
    r"summer|spring|autumn|fall|winter|next|this|until|till|thru|"
    # German
    r"jän|mär|mai|juni|juli|okt|dez|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag|morgen|übermorgen|wochenende|woche|monat|ostern|pfingsten|nächste|"
    # French
    r"janv|févr|fév|mars|avr|juin|juil|août|aout|sept|déc|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|demain|semaine|week-end|mois|pâques|prochain|"
    # Spanish
    r"ene|abr|ago|dic|lunes|martes|miércoles|jueves|viernes|sábado|domingo|mañana|finde|"
    r"semana|mes|pascua|próxim|"
    # Portuguese
    r"fev|mai|out|dez|segunda|terça|quarta|quinta|sexta|amanhã|fim de semana|páscoa|"
    r"carnaval|próxim|que vem"
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateFinding:
    status: Status
    readings: tuple[DateRange, ...] = ()
    question: str | None = None

    @property
    def exact(self) -> DateRange | None:
        """The one reading to store without asking, if there is one."""
        return self.readings[0] if self.status == "ok" else None


NO_DATES = DateFinding("none")


def looks_dated(text: str) -> bool:
    return _GATE.search(text) is not None


def read_dates(clauses: list[str], today: date, date_order: DateOrder | None) -> DateFinding:
    """Read the trip's dated clauses one by one, then put arrival and departure together.

    "landing sat, staying till wed" is two clauses the reader would take one at a time;
    a lone day followed by a later day or by "till X" (read from today) is the stay between
    them. Failing that, the clauses are read together ("apr 9, out the 12th").
    """
    dated = [c.strip()[:MAX_CHARS] for c in clauses if looks_dated(c)]
    if not dated:
        return NO_DATES
    if len(dated) == 1:
        return _read(dated[0], today, date_order)
    findings = [_read(text, today, date_order) for text in dated[:MAX_CALLS]]
    found = [f for f in findings if f.status in ("ok", "ambiguous")]
    if len(found) >= 2 and found[0].exact and found[1].exact:
        stay = _stay(found[0].exact, found[1].exact, today)
        if stay is not None:
            return DateFinding("ok", (stay,))
    if len(found) == 1:
        return found[0]
    together = _read(", ".join(dated)[:MAX_CHARS], today, date_order)
    if together.status in ("ok", "ambiguous") or not found:
        return together if together.status != "none" else findings[0]
    return found[0]


def _stay(arrival: DateRange, departure: DateRange, today: date) -> DateRange | None:
    """Arrival on one day, then "leaving Sunday" (a day) or "till Wednesday" (today to it,
    which after a later arrival means the Wednesday after the arrival)."""
    if arrival.start != arrival.end:
        return None
    end = departure.end
    if departure.start == today and departure.nights < WEEK:
        while end <= arrival.start:
            end += timedelta(days=WEEK)
    elif departure.start != departure.end:
        return None
    if arrival.start < end <= arrival.start + MAX_STAY:
        return DateRange(arrival.start, end)
    return None


def _read(text: str, today: date, date_order: DateOrder | None) -> DateFinding:
    try:
        result = parse_date_range(text, today=today, date_order=date_order)
    except PastDates:
        return DateFinding("past")
    except UnrecognisedDate:
        return NO_DATES
    except DateParseError:
        return DateFinding("invalid")
    if isinstance(result, Ambiguous):
        return DateFinding("ambiguous", result.readings, result.question)
    return DateFinding("ok", (result,))
