"""Wall-clock times in a city's zone, without ever landing in a DST gap.

The dates package's :func:`~bot.domain.dates.wallclock.localize` *shifts* a nonexistent
time forward (right for text a person typed); proposing slots must *skip* it instead (we
would rather offer another time than one nobody's clock shows), so this wraps it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.dates.wallclock import localize


def require_aware(instant: datetime, name: str) -> datetime:
    """Naive datetimes are bugs here: every instant must say which clock it was read from."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return instant


def wall_time_exists(naive: datetime, zone: ZoneInfo) -> bool:
    """False inside a spring-forward gap, where ``localize`` had to move the time."""
    return localize(naive, zone).when.replace(tzinfo=None) == naive.replace(tzinfo=None)


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The aware local datetime for ``day`` at ``at``, or ``None`` if the clocks skip it.

    Ambiguous fall-back times take the first occurrence (fold=0), the dates package's rule
    for typed times, so a proposed slot and a typed time never disagree by an hour.
    """
    naive = datetime.combine(day, at)
    when = localize(naive, zone).when
    return when if when.replace(tzinfo=None) == naive else None


def local_today(now: datetime, zone: ZoneInfo) -> date:
    """ "Today" is the city's date, not the server's: trips are stored as local dates."""
    return require_aware(now, "now").astimezone(zone).date()
