"""Hot spots: several members in the same city on the same days, a meetup waiting to happen.

Pure: given the stays (member, first day, last day) near a new trip, find the day within the
trip when the most members are there, the group present that day and the days they all
share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.dates.model import DateRange


@dataclass(frozen=True, slots=True)
class Stay:
    user_id: int
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Gathering:
    members: tuple[int, ...]
    """Sorted, so the same group reads the same whoever completed it."""
    window: DateRange


def gathering(trip: DateRange, stays: list[Stay], size: int) -> Gathering | None:
    """The largest group (at least ``size`` distinct members) present together on a day of
    ``trip``, earliest such day on ties, and the window all of them share around it."""
    best: tuple[int, date] | None = None
    day = trip.start
    while day <= trip.end:
        present = {s.user_id for s in stays if s.start <= day <= s.end}
        if len(present) >= size and (best is None or len(present) > best[0]):
            best = (len(present), day)
        day += timedelta(days=1)
    if best is None:
        return None
    chosen = best[1]
    covering = [s for s in stays if s.start <= chosen <= s.end]
    start = max(s.start for s in covering)
    end = min(s.end for s in covering)
    members = tuple(sorted({s.user_id for s in covering}))
    return Gathering(members, DateRange(start, end))
