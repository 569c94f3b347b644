"""RSVPs with an optional capacity and a first-come-first-served waitlist.

Every transition is a pure function from one board to the next plus the list of changes it
caused, so the service can persist them in one transaction and DM exactly the people who
were promoted. Rules:

* Going takes a place while there is one *and nobody is waiting*; otherwise it joins the
  waitlist, ordered by the time of the request (then by arrival, for equal times).
* Asking for Going again keeps your place (Going or on the waitlist); it never re-queues.
* When a Going member leaves (Maybe, Can't go, removed) the first waiter is promoted.
* Raising the capacity promotes as many waiters as now fit.
* Lowering the capacity demotes nobody: people who were told "you're in" stay in, because
  taking a confirmed place away is worse than a slightly fuller room. The board is then
  over capacity and nobody is promoted until Going drops below the new capacity.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from types import MappingProxyType
from typing import Final

from bot.domain.tweetups._localtime import require_aware
from bot.domain.tweetups.errors import InvalidCapacity

MAX_CAPACITY: Final = 10_000


class Answer(Enum):
    """What a member can press."""

    GOING = "going"
    MAYBE = "maybe"
    CANT_GO = "cant_go"


class Status(Enum):
    """Where a member stands; ``WAITLISTED`` is the board's answer to a Going it can't seat."""

    GOING = "going"
    WAITLISTED = "waitlisted"
    MAYBE = "maybe"
    CANT_GO = "cant_go"


class Cause(Enum):
    RESPONSE = "response"
    PROMOTION = "promotion"
    REMOVAL = "removal"


@dataclass(frozen=True, slots=True)
class Entry:
    """``requested_at`` is when the member asked for their current answer (for Going and
    Waitlisted: the original Going request, which is what the waitlist is ordered by)."""

    status: Status
    requested_at: datetime


@dataclass(frozen=True, slots=True)
class Change:
    member_id: int
    before: Status | None
    after: Status | None
    cause: Cause


@dataclass(frozen=True, slots=True)
class Outcome:
    board: RsvpBoard
    changes: tuple[Change, ...]

    @property
    def promoted(self) -> tuple[int, ...]:
        """The members to notify: "a place opened up, you're going"."""
        return tuple(c.member_id for c in self.changes if c.cause is Cause.PROMOTION)


_TO_STATUS: Final = {
    Answer.GOING: Status.GOING,
    Answer.MAYBE: Status.MAYBE,
    Answer.CANT_GO: Status.CANT_GO,
}


class RsvpBoard:
    """Immutable: each transition returns an :class:`Outcome` holding the next board."""

    __slots__ = ("_capacity", "_entries", "_waitlist")

    def __init__(self, capacity: int | None = None) -> None:
        self._capacity = _checked_capacity(capacity)
        self._entries: dict[int, Entry] = {}
        self._waitlist: tuple[int, ...] = ()

    @classmethod
    def restore(
        cls, capacity: int | None, entries: Iterable[tuple[int, Status, datetime]]
    ) -> RsvpBoard:
        """Rebuild a board from stored rows exactly as stored (call :meth:`settle` after)."""
        board = cls(capacity)
        waiting: list[tuple[datetime, int]] = []
        for member_id, status, requested_at in entries:
            require_aware(requested_at, "requested_at")
            if member_id in board._entries:
                raise ValueError(f"member {member_id} appears twice")
            board._entries[member_id] = Entry(status, requested_at)
            if status is Status.WAITLISTED:
                waiting.append((requested_at, member_id))
        waiting.sort(key=lambda w: w[0])  # stable: equal times keep their stored order
        board._waitlist = tuple(member for _, member in waiting)
        return board

    @property
    def capacity(self) -> int | None:
        return self._capacity

    @property
    def entries(self) -> Mapping[int, Entry]:
        return MappingProxyType(self._entries)

    @property
    def going(self) -> tuple[int, ...]:
        return self._with_status(Status.GOING)

    @property
    def maybe(self) -> tuple[int, ...]:
        return self._with_status(Status.MAYBE)

    @property
    def cant_go(self) -> tuple[int, ...]:
        return self._with_status(Status.CANT_GO)

    @property
    def waitlist(self) -> tuple[int, ...]:
        """First in line first."""
        return self._waitlist

    @property
    def is_full(self) -> bool:
        return not self._has_room()

    def status_of(self, member_id: int) -> Status | None:
        entry = self._entries.get(member_id)
        return entry.status if entry else None

    def waitlist_position(self, member_id: int) -> int | None:
        """1-based, for "you're #2 on the waitlist"."""
        try:
            return self._waitlist.index(member_id) + 1
        except ValueError:
            return None

    def respond(self, member_id: int, answer: Answer, at: datetime) -> Outcome:
        require_aware(at, "at")
        before = self.status_of(member_id)
        board = self._copy()
        changes: list[Change] = []
        if answer is Answer.GOING:
            if before in (Status.GOING, Status.WAITLISTED):
                return Outcome(self, ())
            if board._has_room() and not board._waitlist:
                board._entries[member_id] = Entry(Status.GOING, at)
                changes.append(Change(member_id, before, Status.GOING, Cause.RESPONSE))
            else:
                board._enqueue(member_id, at)
                changes.append(Change(member_id, before, Status.WAITLISTED, Cause.RESPONSE))
            return Outcome(board, tuple(changes))
        after = _TO_STATUS[answer]
        if before is after:
            return Outcome(self, ())
        board._drop(member_id)
        board._entries[member_id] = Entry(after, at)
        changes.append(Change(member_id, before, after, Cause.RESPONSE))
        changes.extend(board._promote())
        return Outcome(board, tuple(changes))

    def remove(self, member_id: int) -> Outcome:
        """The member left the server or was removed by an organiser: forget them."""
        before = self.status_of(member_id)
        if before is None:
            return Outcome(self, ())
        board = self._copy()
        board._drop(member_id)
        changes = [Change(member_id, before, None, Cause.REMOVAL), *board._promote()]
        return Outcome(board, tuple(changes))

    def set_capacity(self, capacity: int | None) -> Outcome:
        """Raising it promotes waiters; lowering it demotes nobody (see the module doc)."""
        board = self._copy()
        board._capacity = _checked_capacity(capacity)
        return Outcome(board, tuple(board._promote()))

    def settle(self) -> Outcome:
        """Promote whoever fits: repairs a board restored from rows written by older code."""
        board = self._copy()
        return Outcome(board, tuple(board._promote()))

    def _with_status(self, status: Status) -> tuple[int, ...]:
        members = [(e.requested_at, m) for m, e in self._entries.items() if e.status is status]
        members.sort(key=lambda item: item[0])
        return tuple(m for _, m in members)

    def _has_room(self) -> bool:
        if self._capacity is None:
            return True
        going = sum(e.status is Status.GOING for e in self._entries.values())
        return going < self._capacity

    def _copy(self) -> RsvpBoard:
        board = RsvpBoard.__new__(RsvpBoard)
        board._capacity = self._capacity
        board._entries = dict(self._entries)
        board._waitlist = self._waitlist
        return board

    def _enqueue(self, member_id: int, at: datetime) -> None:
        self._drop(member_id)
        self._entries[member_id] = Entry(Status.WAITLISTED, at)
        times = [self._entries[m].requested_at for m in self._waitlist]
        index = bisect_right(times, at)
        self._waitlist = (*self._waitlist[:index], member_id, *self._waitlist[index:])

    def _drop(self, member_id: int) -> None:
        if self._entries.pop(member_id, None) is not None and member_id in self._waitlist:
            self._waitlist = tuple(m for m in self._waitlist if m != member_id)

    def _promote(self) -> list[Change]:
        promoted: list[Change] = []
        while self._waitlist and self._has_room():
            first, *rest = self._waitlist
            self._waitlist = tuple(rest)
            entry = self._entries[first]
            self._entries[first] = Entry(Status.GOING, entry.requested_at)
            promoted.append(Change(first, Status.WAITLISTED, Status.GOING, Cause.PROMOTION))
        return promoted


def _checked_capacity(capacity: int | None) -> int | None:
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidCapacity(
            f"Capacity must be a whole number from 1 to {MAX_CAPACITY}, or no limit."
        )
    return capacity
