"""Who is in town on which day, and which parts of the week they like to meet.

Presence is hard (a traveler cannot come before they land) while the ``/availability``
preference is soft (people bend their habits for a friend who is in town for two days), so
the two are kept apart: presence decides who *can* come, preference only ranks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Flag, auto
from typing import Final

from bot.domain.dates.model import DateRange
from bot.domain.tweetups.errors import InvalidSlotSettings

EVENING_STARTS: Final = time(17, 0)
"""A slot starting at or after this local time counts as an evening."""


class Availability(Flag):
    """When a member usually likes to meet; any combination of the four parts of the week.

    Friday evening is a weekday evening and Saturday/Sunday are the weekend everywhere: a
    rough split is enough for a soft preference and keeps ``/availability`` to four toggles.
    """

    WEEKDAY_DAYTIME = auto()
    WEEKDAY_EVENINGS = auto()
    WEEKEND_DAYTIME = auto()
    WEEKEND_EVENINGS = auto()
    ANY = WEEKDAY_DAYTIME | WEEKDAY_EVENINGS | WEEKEND_DAYTIME | WEEKEND_EVENINGS

    @property
    def label(self) -> str:
        if self == Availability.ANY:
            return "any time"
        if not self:
            return "no preference set"
        return ", ".join(_PART_LABELS[part] for part in _PARTS if part in self)


_PARTS: Final = (
    Availability.WEEKDAY_DAYTIME,
    Availability.WEEKDAY_EVENINGS,
    Availability.WEEKEND_DAYTIME,
    Availability.WEEKEND_EVENINGS,
)
_PART_LABELS: Final = {
    Availability.WEEKDAY_DAYTIME: "weekday daytime",
    Availability.WEEKDAY_EVENINGS: "weekday evenings",
    Availability.WEEKEND_DAYTIME: "weekend daytime",
    Availability.WEEKEND_EVENINGS: "weekend evenings",
}


def part_of_week(local_start: datetime) -> Availability:
    """The single part of the week a slot falls in, judged by its local start."""
    weekend = local_start.weekday() >= 5
    evening = local_start.time() >= EVENING_STARTS
    if weekend:
        return Availability.WEEKEND_EVENINGS if evening else Availability.WEEKEND_DAYTIME
    return Availability.WEEKDAY_EVENINGS if evening else Availability.WEEKDAY_DAYTIME


@dataclass(frozen=True, slots=True)
class SociableHours:
    """The local hours a guild is happy to meet in; a slot must start and end inside them.

    Both ends fall on the same day: hours running past midnight are not supported, because
    a slot that crosses midnight would sit on two dates and a traveler's last day would no
    longer mean one evening.
    """

    start: time = time(11, 0)
    end: time = time(22, 0)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("sociable hours are wall-clock times without a zone")
        if self.end <= self.start:
            raise InvalidSlotSettings(
                "Sociable hours must end later the same day than they start "
                f"(got {self.start:%H:%M}–{self.end:%H:%M})."
            )


DEFAULT_SOCIABLE_HOURS: Final = SociableHours()


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone a tweetup is being planned for.

    ``windows`` are the local date ranges a traveler is in the city (inclusive, like trips
    everywhere in the bot); ``None`` means a local, present any day. An empty tuple is a
    traveler with no trip here, who therefore can never come.
    """

    id: int
    name: str
    windows: tuple[DateRange, ...] | None = None
    availability: Availability = Availability.ANY
    _sorted: tuple[DateRange, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.windows or (), key=lambda w: (w.start, w.end)))
        object.__setattr__(self, "_sorted", ordered)

    @property
    def is_local(self) -> bool:
        return self.windows is None

    def present_on(self, day: date) -> bool:
        if self.windows is None:
            return True
        return any(w.start <= day <= w.end for w in self._sorted)

    def likes(self, part: Availability) -> bool:
        return bool(self.availability & part)

    def window_on(self, day: date) -> DateRange | None:
        """The trip that covers ``day`` (for "Ana's last evening"), if any."""
        return next((w for w in self._sorted if w.start <= day <= w.end), None)

    def next_arrival_after(self, day: date) -> date | None:
        return next((w.start for w in self._sorted if w.start > day), None)

    def last_departure_before(self, day: date) -> date | None:
        ends = [w.end for w in self._sorted if w.end < day]
        return max(ends) if ends else None


def travelers(participants: Iterable[Participant]) -> list[Participant]:
    return [p for p in participants if not p.is_local]
