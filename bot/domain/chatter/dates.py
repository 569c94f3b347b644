"""Dates inside a chat message, read by the date reader (:mod:`bot.domain.dates`).

The reader already finds a date expression inside free text, but it costs about a
millisecond per call and reads only the first expression it finds. So a cheap gate first
checks that a clause can hold a date at all (a digit, a month or weekday name, "tomorrow",
"finde"... in five languages), and only the clauses that belong to the trip are read:
"was in porto last week, now lisbon 20-23 march" must not lend Porto's week to Lisbon.

The reader refuses more than 300 characters (``InputTooLong``); chat messages run to
thousands. So a clause is cut to a window around the city ("near"), whole words only, and
when there are more dated clauses than calls, the ones nearest the city's clause are read.
Holidays are read in the city's country: "over Easter" in Boston is not Easter in Bristol.
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

__all__ = ["DateFinding", "looks_dated", "near", "read_dates"]

MAX_CHARS = 300  # the date reader's own input limit
MAX_CALLS = 3
MAX_STAY = timedelta(days=31)
WEEK = 7

_WORD = re.compile(r"\S+")

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


def read_dates(
    clauses: list[str],
    today: date,
    date_order: DateOrder | None,
    country: str | None = None,
    *,
    home: int = 0,
) -> DateFinding:
    """Read the trip's dated clauses one by one, then put arrival and departure together.

    ``clauses`` are in message order, each at most :data:`MAX_CHARS` long (see
    :func:`near`); ``clauses[home]`` holds the city, and when there are more dated clauses
    than :data:`MAX_CALLS` the ones nearest it are read. ``country`` (the city's) decides
    holidays.

    "landing sat, staying till wed" is two clauses the reader would take one at a time;
    a lone day followed by a later day or by "till X" (read from today) is the stay between
    them. Failing that, the clauses are read together ("apr 9, out the 12th").
    """
    order = sorted(
        (i for i, clause in enumerate(clauses) if looks_dated(clause)),
        key=lambda i: (abs(i - home), i),
    )[:MAX_CALLS]
    dated = [_piece(clauses[i]) for i in sorted(order)]
    if not dated:
        return NO_DATES
    if len(dated) == 1:
        return _read(dated[0], today, date_order, country)
    findings = [_read(text, today, date_order, country) for text in dated]
    found = [f for f in findings if f.status in ("ok", "ambiguous")]
    if len(found) >= 2 and found[0].exact and found[1].exact:
        stay = _stay(found[0].exact, found[1].exact, today)
        if stay is not None:
            return DateFinding("ok", (stay,))
    if len(found) == 1:
        return found[0]
    together = _read(_together(clauses, order), today, date_order, country)
    if together.status in ("ok", "ambiguous") or not found:
        return together if together.status != "none" else findings[0]
    return found[0]


def near(text: str, at: int, limit: int = MAX_CHARS) -> str:
    """At most ``limit`` characters of ``text`` around position ``at``, whole words only.

    ``at`` 0 keeps the head (a clause after the city's), ``len(text)`` the tail (one before
    it), a mention's position the words on both sides of it. Words are added on both sides
    of the one nearest ``at`` while they fit; a single word longer than ``limit`` is cut.
    """
    if len(text) <= limit:
        return text
    spans = [match.span() for match in _WORD.finditer(text)]
    if not spans:
        return ""

    def distance(span: tuple[int, int]) -> int:
        return 0 if span[0] <= at <= span[1] else min(abs(span[0] - at), abs(span[1] - at))

    low = high = min(range(len(spans)), key=lambda i: (distance(spans[i]), i))
    if spans[low][1] - spans[low][0] > limit:
        return text[spans[low][0] : spans[low][0] + limit]
    grew = True
    while grew:
        grew = False
        if high + 1 < len(spans) and spans[high + 1][1] - spans[low][0] <= limit:
            high, grew = high + 1, True
        if low > 0 and spans[high][1] - spans[low - 1][0] <= limit:
            low, grew = low - 1, True
    return text[spans[low][0] : spans[high][1]]


def _together(clauses: list[str], order: list[int]) -> str:
    """The dated clauses joined in message order; ``order`` is nearest the city first, and
    the farthest are left out until the text fits the reader's limit."""
    for count in range(len(order), 1, -1):
        text = ", ".join(_piece(clauses[i]) for i in sorted(order[:count]))
        if len(text) <= MAX_CHARS:
            return text
    return _piece(clauses[order[0]])


def _piece(clause: str) -> str:
    return near(clause.strip(), 0).strip()


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


def _read(text: str, today: date, date_order: DateOrder | None, country: str | None) -> DateFinding:
    try:
        result = parse_date_range(text, today=today, date_order=date_order, country=country)
    except PastDates:
        return DateFinding("past")
    except UnrecognisedDate:
        return NO_DATES
    except DateParseError:
        return DateFinding("invalid")
    if isinstance(result, Ambiguous):
        return DateFinding("ambiguous", result.readings, result.question)
    return DateFinding("ok", (result,))
