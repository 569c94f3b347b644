"""Who should meet whom: the rules of matching by place and time.

The database does the spatial prefilter (see ``bot/services/matching.py``); what is here is
what decides a match once candidates are known, kept pure so it can be tested exhaustively.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.dates.model import DateRange


def overlap(a: DateRange, b: DateRange) -> DateRange | None:
    """The days both are in town (inclusive), or None when they miss each other."""
    start, end = max(a.start, b.start), min(a.end, b.end)
    return DateRange(start, end) if start <= end else None


class MatchKind(StrEnum):
    LOCAL = "local"
    CO_TRAVELER = "co_traveler"


@dataclass(frozen=True, slots=True)
class Match:
    """Someone the traveler could meet: a local, or another traveler there at the same time."""

    user_id: int
    kind: MatchKind
    place_label: str
    distance_km: float
    window: DateRange
    trip_id: int | None = None


def effective_radius_km(guild_radius_km: int, member_radius_km: int | None) -> int:
    """A member may narrow the guild's radius for their own notifications, never widen it."""
    if member_radius_km is None:
        return guild_radius_km
    return max(1, min(guild_radius_km, member_radius_km))


def rank(matches: list[Match]) -> list[Match]:
    """Co-travelers first (a rarer chance than a local), then the longest overlap, then nearest."""
    return sorted(
        matches,
        key=lambda m: (
            m.kind is not MatchKind.CO_TRAVELER,
            -m.window.days,
            m.distance_km,
            m.user_id,
        ),
    )
