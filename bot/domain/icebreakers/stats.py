"""The community's numbers: meetups held, people who met, first-timers welcomed, cities.

A past tweetup counts as *held* when at least two people were there. Who was there: its
Going members, less those who answered "No" or "It was cancelled" to the check-back (not
answering is taken as having gone: most people do not answer). When more people said "It
was cancelled" than "Yes", it did not happen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

YES, NO, CANCELLED = "yes", "no", "cancelled"


@dataclass(frozen=True, slots=True)
class PastMeetup:
    tweetup_id: int
    city: str
    month: str  # "2026-11", in the city's time zone
    going: frozenset[int]
    answers: dict[int, str] = field(default_factory=dict)

    @property
    def attendees(self) -> frozenset[int]:
        return frozenset(m for m in self.going if self.answers.get(m, YES) == YES)

    @property
    def held(self) -> bool:
        votes = Counter(self.answers.values())
        return votes[CANCELLED] <= votes[YES] and len(self.attendees) >= 2


@dataclass(frozen=True, slots=True)
class CommunityStats:
    held: int
    people_met: int
    first_timers_welcomed: int
    cities: tuple[tuple[str, int], ...]
    busiest_months: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class MemberStats:
    meetups: int
    people_met: int
    cities: int


def _held(meetups: Iterable[PastMeetup]) -> list[PastMeetup]:
    return [m for m in meetups if m.held]


def community_stats(meetups: Sequence[PastMeetup], top: int = 3) -> CommunityStats:
    """``meetups`` oldest first. A first-timer is *welcomed* when their first meetup had
    someone there who had been to one before."""
    held = _held(meetups)
    seen: set[int] = set()
    welcomed = 0
    for meetup in held:
        regulars = meetup.attendees & seen
        if regulars:
            welcomed += len(meetup.attendees - seen)
        seen |= meetup.attendees
    cities = Counter(m.city for m in held)
    months = Counter(m.month for m in held)
    return CommunityStats(
        held=len(held),
        people_met=len(seen),
        first_timers_welcomed=welcomed,
        cities=tuple(sorted(cities.items(), key=lambda item: (-item[1], item[0]))),
        busiest_months=tuple(sorted(months.items(), key=lambda item: (-item[1], item[0]))[:top]),
    )


def member_stats(meetups: Sequence[PastMeetup], member_id: int) -> MemberStats:
    """ "You've met N members in person across M cities": other people, counted once."""
    mine = [m for m in _held(meetups) if member_id in m.attendees]
    met: set[int] = set()
    for meetup in mine:
        met |= meetup.attendees
    met.discard(member_id)
    return MemberStats(meetups=len(mine), people_met=len(met), cities=len({m.city for m in mine}))


def first_timers(members: Iterable[int], meetups: Sequence[PastMeetup]) -> frozenset[int]:
    """Those of ``members`` who were never at a held meetup of this guild."""
    veterans: set[int] = set()
    for meetup in _held(meetups):
        veterans |= meetup.attendees
    return frozenset(members) - veterans
