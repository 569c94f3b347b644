"""Local wall-clock time done right across daylight-saving changes.

Meetups are agreed in local time ("19:00 every Thursday"), but instants are compared in UTC.
The two rules below are applied everywhere a wall time is turned into an instant:

* **Gap** (spring forward: the time does not exist): shift forward by the length of the
  gap, so 02:30 on Europe/Berlin's spring-forward day becomes 03:30. This is what PEP 495
  prescribes for ``fold=0`` and what most calendar apps do.
* **Fold** (fall back: the time happens twice): take the first occurrence (``fold=0``),
  so nobody turns up an hour late.

Both cases come back with a note the bot can show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

from bot.domain.dates.errors import UnknownTimeZone
from bot.domain.dates.model import format_day

_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")


def load_zone(name: str) -> ZoneInfo:
    """An IANA zone by name; anything else is the user's (or config's) typo, not a crash."""
    if not _ZONE_NAME.fullmatch(name) or len(name) > 64:
        raise UnknownTimeZone(_unknown_zone(name))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise UnknownTimeZone(_unknown_zone(name)) from exc


def _unknown_zone(name: str) -> str:
    shown = name if len(name) <= 64 else name[:61] + "..."
    return f"I don't know the time zone “{shown}”. Use a name like “Europe/Berlin”."


@dataclass(frozen=True, slots=True)
class Localized:
    """A wall time pinned to an instant, with a note when a DST rule had to be applied."""

    when: datetime
    note: str | None = None


def localize(wall: datetime, zone: ZoneInfo) -> Localized:
    """Attach ``zone`` to a naive wall time, applying the gap and fold rules."""
    wall = wall.replace(tzinfo=None)
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return Localized(first)
    shown = f"{wall:%H:%M} on {format_day(wall.date())} in {zone.key}"
    real = first.astimezone(UTC).astimezone(zone)
    if real.replace(tzinfo=None) != wall:
        note = f"{shown} doesn't exist (the clocks jump forward), so I used {real:%H:%M} instead."
        return Localized(real, note)
    note = f"{shown} happens twice (the clocks go back); I used the first one ({_offset(first)})."
    return Localized(first, note)


def _offset(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def add_wall_clock(moment: datetime, *, days: int = 0, weeks: int = 0, months: int = 0) -> datetime:
    """Same local time N days later: across a DST change that is 23 or 25 hours, not 24.

    Python's ``aware + timedelta`` keeps the wall time too, but can land in a gap without
    noticing; this re-applies the gap/fold rules.
    """
    zone = _zone_of(moment)
    wall = moment.replace(tzinfo=None) + relativedelta(days=days, weeks=weeks, months=months)
    return localize(wall, zone).when


def add_elapsed(moment: datetime, delta: timedelta) -> datetime:
    """Exactly ``delta`` of real time later (a reminder "in 24 hours"), shown in local time."""
    zone = _zone_of(moment)
    return (moment.astimezone(UTC) + delta).astimezone(zone)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two aware datetimes, whatever zones or DST changes lie between."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def _zone_of(moment: datetime) -> ZoneInfo:
    if not isinstance(moment.tzinfo, ZoneInfo):
        raise ValueError("wall-clock arithmetic needs a datetime with a ZoneInfo tzinfo")
    return moment.tzinfo
