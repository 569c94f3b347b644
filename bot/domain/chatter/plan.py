"""Reading a message as a meetup plan: "we should grab dinner next week while @Sam is in
town" → who (the mentioned members), where (a city, if one is named) and when (the dates).

Unlike a trip, a plan needs no city next to the dates: "next week" alone is a window. The
city and the dates come from the trip reader when it finds a city; otherwise the dates are
read from the whole message. Pure: the caller fills the gaps from members' trips and homes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain.chatter.dates import near, read_dates
from bot.domain.chatter.extract import extract_trip
from bot.domain.chatter.markup import MAX_CHARS, clean
from bot.domain.dates import DateOrder, DateRange
from bot.domain.places import Place

# Members only: "<@123>" and the older "<@!123>"; roles ("<@&123>") are not invitees.
_MEMBER = re.compile(r"<@!?(\d{15,20})>")
_CLAUSE = re.compile(r"[.!?;\n]+")
MAX_MENTIONED = 25


@dataclass(frozen=True, slots=True)
class PlanReading:
    places: tuple[Place, ...]  # cities the message names, best first
    readings: tuple[DateRange, ...]  # the dates, or their readings when ambiguous
    exact: DateRange | None  # the one reading to use without asking
    mentioned: tuple[int, ...]  # members mentioned, each once, in order


def read_plan(
    message: str, today: date, zone: str | None = None, date_order: DateOrder | None = None
) -> PlanReading:
    """``zone`` (the reader's home time zone) settles same-named cities; ``date_order``
    reads "4/5" (None: both readings are returned)."""
    text = message[:MAX_CHARS]
    trip = extract_trip(text, today, zone, date_order)
    findings = trip.dates
    if findings.status not in ("ok", "ambiguous"):
        clauses = [near(c, 0) for c in _CLAUSE.split(clean(text).text) if c.strip()]
        findings = read_dates(clauses, today, date_order)
    mentioned = dict.fromkeys(int(found) for found in _MEMBER.findall(text))
    return PlanReading(
        places=tuple(candidate.place for candidate in trip.candidates),
        readings=findings.readings if findings.status in ("ok", "ambiguous") else (),
        exact=findings.exact,
        mentioned=tuple(mentioned)[:MAX_MENTIONED],
    )
