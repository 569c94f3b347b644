"""Propose a handful of meetup times that suit as many participants as possible.

The search is a plain enumeration of every whole-step start inside the sociable hours of
every candidate day: with ~20 starts a day, 60 days and presence kept as one bit mask per
day, that is a few thousand integer ``&`` operations — fast and obviously correct, which a
cleverer interval algorithm would not be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations
from typing import Final, NamedTuple, TypeAlias
from zoneinfo import ZoneInfo

from bot.domain.dates.model import DateRange, format_day
from bot.domain.tweetups._localtime import local_instant, local_today, require_aware
from bot.domain.tweetups.availability import (
    DEFAULT_SOCIABLE_HOURS,
    EVENING_STARTS,
    Availability,
    Participant,
    SociableHours,
    part_of_week,
)
from bot.domain.tweetups.errors import (
    InvalidSearchWindow,
    InvalidSlotSettings,
    NotEnoughParticipants,
    TooManyParticipants,
)

DEFAULT_DURATION: Final = timedelta(hours=2)
DEFAULT_MIN_NOTICE: Final = timedelta(hours=2)
"""Nobody can reorganise their evening in less; proposing 20 minutes from now is noise."""
DEFAULT_SEARCH_DAYS: Final = 14
"""Without travelers or explicit dates, look two weeks ahead: far enough to find a weekend."""
MAX_SEARCH_DAYS: Final = 62
"""Plans further out than two months change too much for a poll to be worth it."""
MAX_PARTICIPANTS: Final = 500
"""Bounds the work, and keeps ``Slot.score`` (count × 1000 + fit) unambiguous."""
MAX_PER_DAY: Final = 3
"""When few days work, offer afternoon/early/late options on them, but never a whole day."""
MIN_ATTENDEES: Final = 2

_DAYTIME_ANCHOR: Final = time(14, 0)
_EVENING_ANCHOR: Final = time(19, 0)
_NAMES_IN_REASON: Final = 2


@dataclass(frozen=True, slots=True)
class Slot:
    """One proposed meetup time.

    ``start``/``end`` are aware datetimes in the city's zone (what people read), with
    ``start_utc``/``end_utc`` for storage and Discord timestamps. ``score`` orders slots:
    attendees × 1000 + attendees whose ``/availability`` covers the slot.
    """

    start: datetime
    end: datetime
    attendees: tuple[Participant, ...]
    absentees: tuple[Participant, ...]
    outside_preference: tuple[Participant, ...]
    score: int
    reason: str

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)

    @property
    def day(self) -> date:
        return self.start.date()


@dataclass(frozen=True, slots=True)
class SlotProposals:
    """At least one slot, best first."""

    slots: tuple[Slot, ...]
    searched: DateRange


@dataclass(frozen=True, slots=True)
class NearMiss:
    """The closest two people came to meeting, so the organiser knows what to ask for.

    ``gap_days`` is how many days separate ``first``'s departure from ``second``'s arrival;
    0 means their dates do overlap but no usable time did (outside the search, or too soon),
    and then ``overlap`` says when.
    """

    first: Participant
    second: Participant
    gap_days: int
    overlap: DateRange | None
    text: str


@dataclass(frozen=True, slots=True)
class NoCommonTime:
    """No time suits two or more people; ``message`` explains it, ready to show."""

    message: str
    near_miss: NearMiss | None
    searched: DateRange | None


ProposalResult: TypeAlias = SlotProposals | NoCommonTime


class _Candidate(NamedTuple):
    rank: tuple[int, int, date, int, int, datetime]
    day: date
    start: datetime
    end: datetime
    present: int
    fitting: int


def propose_slots(
    participants: Sequence[Participant],
    *,
    zone: ZoneInfo,
    now: datetime,
    between: DateRange | None = None,
    sociable_hours: SociableHours = DEFAULT_SOCIABLE_HOURS,
    duration: timedelta = DEFAULT_DURATION,
    min_notice: timedelta = DEFAULT_MIN_NOTICE,
    max_slots: int = 5,
    step: timedelta = timedelta(hours=1),
) -> ProposalResult:
    """Rank every possible start and keep the best ``max_slots``, spread over days.

    Ranking: most attendees, then most attendees whose preference fits, then the earliest
    day; within a day the customary time wins (weekday evening near 19:00, weekend
    afternoon near 14:00) so that, with no preferences set, people are not offered a
    Monday 11:00. Days are spread first (one slot per day) and only when fewer days work
    are extra, non-overlapping times added on the same days, at most ``MAX_PER_DAY``.
    """
    require_aware(now, "now")
    _check_settings(participants, sociable_hours, duration, step, max_slots, min_notice)
    today = local_today(now, zone)
    searched = _search_window(participants, between, today)
    if searched is None:
        return NoCommonTime(
            message="None of the travelers is in town from today on.",
            near_miss=None,
            searched=None,
        )
    candidates = _candidates(
        participants,
        zone=zone,
        searched=searched,
        only_traveler_days=between is None,
        earliest=now.astimezone(UTC) + min_notice,
        sociable_hours=sociable_hours,
        duration=duration,
        step=step,
    )
    if not candidates:
        return _no_common_time(participants, searched, today)
    chosen = _spread(candidates, max_slots)
    return SlotProposals(
        slots=tuple(_to_slot(c, participants) for c in chosen),
        searched=searched,
    )


def _check_settings(
    participants: Sequence[Participant],
    sociable_hours: SociableHours,
    duration: timedelta,
    step: timedelta,
    max_slots: int,
    min_notice: timedelta,
) -> None:
    if len({p.id for p in participants}) != len(participants):
        raise ValueError("participants must have distinct ids")
    if len(participants) < MIN_ATTENDEES:
        raise NotEnoughParticipants("A tweetup needs at least two people to schedule.")
    if len(participants) > MAX_PARTICIPANTS:
        raise TooManyParticipants(
            f"That's more than {MAX_PARTICIPANTS} people — too many to find one time for."
        )
    if step <= timedelta(0) or step.total_seconds() % 60:
        raise ValueError("step must be a positive whole number of minutes")
    if min_notice < timedelta(0):
        raise ValueError("min_notice must not be negative")
    if not 1 <= max_slots <= 10:
        raise ValueError("max_slots must be between 1 and 10")
    if duration <= timedelta(0):
        raise InvalidSlotSettings("A tweetup has to last a little while.")
    day = date(2000, 1, 3)
    window = datetime.combine(day, sociable_hours.end) - datetime.combine(day, sociable_hours.start)
    if duration > window:
        raise InvalidSlotSettings(
            f"A {_hours(duration)} tweetup does not fit in the sociable hours "
            f"{sociable_hours.start:%H:%M}–{sociable_hours.end:%H:%M}."
        )


def _search_window(
    participants: Sequence[Participant], between: DateRange | None, today: date
) -> DateRange | None:
    """The days to look at, never before today and never longer than ``MAX_SEARCH_DAYS``."""
    if between is not None:
        if between.end < today:
            raise InvalidSearchWindow("Those dates are over — pick some from today on.")
        if between.days > MAX_SEARCH_DAYS:
            raise InvalidSearchWindow(
                f"That's more than {MAX_SEARCH_DAYS} days — pick a shorter stretch to search."
            )
        return DateRange(max(between.start, today), between.end)
    windows = [
        w for p in participants if p.windows is not None for w in p.windows if w.end >= today
    ]
    if any(not p.is_local for p in participants):
        if not windows:
            return None
        start = max(today, min(w.start for w in windows))
        end = max(w.end for w in windows)
    else:
        start, end = today, today + timedelta(days=DEFAULT_SEARCH_DAYS - 1)
    return DateRange(start, min(end, start + timedelta(days=MAX_SEARCH_DAYS - 1)))


def _candidates(
    participants: Sequence[Participant],
    *,
    zone: ZoneInfo,
    searched: DateRange,
    only_traveler_days: bool,
    earliest: datetime,
    sociable_hours: SociableHours,
    duration: timedelta,
    step: timedelta,
) -> list[_Candidate]:
    starts = _start_times(sociable_hours, duration, step)
    traveler_bits = sum(1 << i for i, p in enumerate(participants) if not p.is_local)
    likes = {
        part: sum(1 << i for i, p in enumerate(participants) if p.likes(part))
        for part in (
            Availability.WEEKDAY_DAYTIME,
            Availability.WEEKDAY_EVENINGS,
            Availability.WEEKEND_DAYTIME,
            Availability.WEEKEND_EVENINGS,
        )
    }
    found: list[_Candidate] = []
    for offset in range(searched.days):
        day = searched.start + timedelta(days=offset)
        present = sum(1 << i for i, p in enumerate(participants) if p.present_on(day))
        if present.bit_count() < MIN_ATTENDEES:
            continue
        if only_traveler_days and traveler_bits and not present & traveler_bits:
            continue
        for at in starts:
            start = local_instant(day, at, zone)
            if start is None:
                continue  # inside a DST gap: this wall time does not exist today
            start_utc = start.astimezone(UTC)
            if start_utc < earliest:
                continue
            end = (start_utc + duration).astimezone(zone)
            if end.date() != day or end.time() > sociable_hours.end:
                continue  # a fall-back/spring-forward day can stretch the wall-clock end
            part = part_of_week(start)
            fitting = present & likes[part]
            count, fit = present.bit_count(), fitting.bit_count()
            customary = 0 if (part in _EVENINGS) != (day.weekday() >= 5) else 1
            anchor = _EVENING_ANCHOR if part in _EVENINGS else _DAYTIME_ANCHOR
            distance = abs(_minutes(at) - _minutes(anchor))
            rank = (-count, -fit, day, customary, distance, start_utc)
            found.append(_Candidate(rank, day, start, end, present, fitting))
    found.sort(key=lambda c: c.rank)
    return found


_EVENINGS: Final = Availability.WEEKDAY_EVENINGS | Availability.WEEKEND_EVENINGS


def _start_times(hours: SociableHours, duration: timedelta, step: timedelta) -> list[time]:
    day = date(2000, 1, 3)  # any day: wall-clock arithmetic only, DST is checked per date
    cursor = datetime.combine(day, hours.start)
    last = datetime.combine(day, hours.end) - duration
    found = []
    while cursor <= last:
        found.append(cursor.time())
        cursor += step
    return found


def _spread(candidates: list[_Candidate], max_slots: int) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    days: set[date] = set()
    for candidate in candidates:
        if candidate.day not in days:
            chosen.append(candidate)
            days.add(candidate.day)
            if len(chosen) == max_slots:
                return chosen
    for candidate in candidates:
        if len(chosen) == max_slots:
            break
        same_day = [c for c in chosen if c.day == candidate.day]
        if len(same_day) < MAX_PER_DAY and not any(_overlap(candidate, c) for c in same_day):
            chosen.append(candidate)
    chosen.sort(key=lambda c: c.rank)
    return chosen


def _overlap(a: _Candidate, b: _Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _to_slot(candidate: _Candidate, participants: Sequence[Participant]) -> Slot:
    attendees = tuple(p for i, p in enumerate(participants) if candidate.present >> i & 1)
    absentees = tuple(p for i, p in enumerate(participants) if not candidate.present >> i & 1)
    outside = tuple(
        p
        for i, p in enumerate(participants)
        if candidate.present >> i & 1 and not candidate.fitting >> i & 1
    )
    score = len(attendees) * 1000 + candidate.fitting.bit_count()
    reason = _reason(candidate, attendees, absentees, outside, len(participants))
    return Slot(candidate.start, candidate.end, attendees, absentees, outside, score, reason)


def _reason(
    candidate: _Candidate,
    attendees: tuple[Participant, ...],
    absentees: tuple[Participant, ...],
    outside: tuple[Participant, ...],
    total: int,
) -> str:
    day = candidate.day
    if not absentees:
        head = "both can make it" if total == 2 else f"all {total} can make it"
    else:
        head = f"{len(attendees)} of {total} can make it"
    notes: list[str] = []
    evening = candidate.start.time() >= EVENING_STARTS
    for person in attendees:
        window = person.window_on(day)
        if window is not None and window.end == day:
            notes.append(f"{person.name}'s last {'evening' if evening else 'day'}")
            break
    if len(absentees) <= _NAMES_IN_REASON:
        notes.extend(_absence(p, day) for p in absentees)
    else:
        notes.append(f"{len(absentees)} away")
    if len(outside) == 1:
        notes.append(f"outside {outside[0].name}'s usual times")
    elif len(outside) == _NAMES_IN_REASON:
        notes.append(f"outside {outside[0].name} and {outside[1].name}'s usual times")
    elif outside:
        notes.append(f"outside usual times for {len(outside)}")
    return f"{head} — {'; '.join(notes)}" if notes else head


def _absence(person: Participant, day: date) -> str:
    arrives = person.next_arrival_after(day)
    left = person.last_departure_before(day)
    if arrives is not None and (left is None or (arrives - day) <= (day - left)):
        return f"{person.name} arrives {format_day(arrives, with_year=False)}"
    if left is not None:
        return f"{person.name} leaves {format_day(left, with_year=False)}"
    return f"{person.name} isn't in town"


def _no_common_time(
    participants: Sequence[Participant], searched: DateRange, today: date
) -> NoCommonTime:
    near = near_miss(participants, today=today, searched=searched)
    head = f"No time in {searched.label} suits two or more people."
    if near is None:
        present = [p for p in participants if _future_windows(p, today)]
        if not present:
            return NoCommonTime(f"{head} Nobody is in town from today on.", None, searched)
        return NoCommonTime(
            f"{head} Only {present[0].name} is in town from today on.", None, searched
        )
    return NoCommonTime(f"{head} Closest: {near.text}.", near, searched)


def near_miss(
    participants: Sequence[Participant], *, today: date, searched: DateRange | None = None
) -> NearMiss | None:
    """The two people who came closest to meeting, judged on dates only.

    If some dates do overlap, the earliest such overlap is reported (the hours or the
    search window were the obstacle); otherwise the shortest departure-to-arrival gap.
    Ties go to the earliest date, then to the order the participants were given in.
    """
    windows = [_future_windows(p, today) for p in participants]
    overlap: tuple[date, int, int, date] | None = None  # (start, i, j, end)
    gap: tuple[int, date, int, int] | None = None  # (days, departure, leaver, arriver)
    for i, j in combinations(range(len(participants)), 2):
        for wa in windows[i]:
            for wb in windows[j]:
                if wa.overlaps(wb):
                    found = (max(wa.start, wb.start), i, j, min(wa.end, wb.end))
                    overlap = found if overlap is None or found < overlap else overlap
                    continue
                first, second = (wa, wb) if wa.end < wb.start else (wb, wa)
                leaver, arriver = (i, j) if first is wa else (j, i)
                candidate = ((second.start - first.end).days, first.end, leaver, arriver)
                gap = candidate if gap is None or candidate < gap else gap
    if overlap is not None:
        start, i, j, end = overlap
        both = DateRange(start, end)
        a, b = participants[i], participants[j]
        if end == date.max:
            when = f"from {format_day(start, with_year=False)} on"
        elif both.days == 1:
            when = f"only on {both.label}"
        else:
            when = both.label
        if searched is not None and not both.overlaps(searched):
            why = "outside the dates searched"
        else:
            why = "but no sociable time is far enough ahead"
        return NearMiss(a, b, 0, both, f"{a.name} and {b.name} are both in town {when}, {why}")
    if gap is not None:
        days, leaves, i, j = gap
        a, b = participants[i], participants[j]
        arrives = leaves + timedelta(days=days)
        apart = "1 day" if days == 1 else f"{days} days"
        text = (
            f"{a.name} leaves {format_day(leaves, with_year=False)}, {b.name} arrives "
            f"{format_day(arrives, with_year=False)} — {apart} apart"
        )
        return NearMiss(a, b, days, None, text)
    return None


def _future_windows(person: Participant, today: date) -> tuple[DateRange, ...]:
    """Presence from today on; a local's presence is one open-ended window."""
    if person.windows is None:
        return (DateRange(today, date.max),)
    return tuple(
        DateRange(max(w.start, today), w.end)
        for w in sorted(person.windows, key=lambda w: w.start)
        if w.end >= today
    )


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _hours(duration: timedelta) -> str:
    hours = duration.total_seconds() / 3600
    return f"{hours:g} h"
