"""The data behind the "who's in town when" chart: one row per visible traveler, a bar per
trip clipped to the window, and how many locals live there (drawn as a band)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.domain.dates.model import DateRange

MAX_ROWS = 20


@dataclass(frozen=True, slots=True)
class TownRow:
    name: str
    stays: tuple[DateRange, ...]


@dataclass(frozen=True, slots=True)
class TownChart:
    city: str
    timezone: str
    window: DateRange
    locals: int
    rows: tuple[TownRow, ...]
    more: int = 0  # travelers left out beyond MAX_ROWS

    @property
    def alt_text(self) -> str:
        """What the image shows, for screen readers (goes in the message content)."""
        people = len(self.rows) + self.more
        who = f"{people} visiting member{'s' if people != 1 else ''}"
        busiest = busiest_day(self)
        peak = f"; busiest day {busiest[0]:%b %d} with {busiest[1]}" if busiest[1] else ""
        return (
            f"Chart: who's in {self.city} from {self.window.label}: {who} and "
            f"{self.locals} local{'s' if self.locals != 1 else ''}{peak}."
        )


def town_chart(
    city: str,
    timezone: str,
    window: DateRange,
    locals_count: int,
    trips: Iterable[tuple[int, DateRange]],
    names: Mapping[int, str],
) -> TownChart:
    """Rows ordered by first arrival; each member once, however many trips they have."""
    stays: dict[int, list[DateRange]] = {}
    for member_id, stay in trips:
        clipped = _clip(stay, window)
        if clipped is not None:
            stays.setdefault(member_id, []).append(clipped)
    ordered = sorted(stays, key=lambda m: (min(s.start for s in stays[m]), names.get(m, "")))
    rows = tuple(
        TownRow(names.get(m, "a member"), tuple(sorted(stays[m], key=lambda s: s.start)))
        for m in ordered[:MAX_ROWS]
    )
    return TownChart(city, timezone, window, locals_count, rows, max(0, len(ordered) - MAX_ROWS))


def _clip(stay: DateRange, window: DateRange) -> DateRange | None:
    start, end = max(stay.start, window.start), min(stay.end, window.end)
    return DateRange(start, end) if start <= end else None


def busiest_day(chart: TownChart) -> tuple[date, int]:
    """The first day with the most visitors in town (0 when nobody visits)."""
    best, count = chart.window.start, 0
    days = (chart.window.end - chart.window.start).days + 1
    for offset in range(days):
        day = date.fromordinal(chart.window.start.toordinal() + offset)
        here = sum(1 for row in chart.rows if any(s.start <= day <= s.end for s in row.stays))
        if here > count:
            best, count = day, here
    return best, count
