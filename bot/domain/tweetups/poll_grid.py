"""The picture of a time poll as data: one row per time, one column per visible invitee.

Each cell says what that member answered for that time, or, when they have not voted,
whether their trips put them in town that day. Only members who may be seen in the guild
get a column; the rest stay counts in the poll's text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from bot.domain.dates.model import DateRange
from bot.domain.tweetups.votes import Vote


class Cell(Enum):
    YES = "yes"
    IF_NEED_BE = "if need be"
    NO = "no"
    FREE = "in town"
    AWAY = "away"


_VOTED = {Vote.YES: Cell.YES, Vote.IF_NEED_BE: Cell.IF_NEED_BE, Vote.NO: Cell.NO}


@dataclass(frozen=True, slots=True)
class PollGrid:
    times: tuple[datetime, ...]  # local, in the city's zone; the rows, in time order
    people: tuple[int, ...]  # the columns
    cells: tuple[tuple[Cell, ...], ...]  # [row][column]
    leading_row: int | None


def build_grid(
    times: Sequence[tuple[int, datetime]],
    people: Sequence[int],
    ballots: Mapping[int, Mapping[int, Vote]],
    windows: Mapping[int, tuple[DateRange, ...] | None],
    leading_slot: int | None,
) -> PollGrid:
    """``times`` are (slot id, local start) in time order; ``windows`` None means the member
    can come any day (a local, or someone we know nothing about)."""
    rows = []
    for slot_id, start in times:
        votes = ballots.get(slot_id, {})
        rows.append(
            tuple(
                _VOTED[votes[person]]
                if person in votes
                else _presence(start.date(), windows.get(person))
                for person in people
            )
        )
    leading = next((i for i, (slot, _) in enumerate(times) if slot == leading_slot), None)
    return PollGrid(tuple(t for _, t in times), tuple(people), tuple(rows), leading)


def _presence(day: date, stays: tuple[DateRange, ...] | None) -> Cell:
    if stays is None or any(stay.start <= day <= stay.end for stay in stays):
        return Cell.FREE
    return Cell.AWAY
