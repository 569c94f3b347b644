"""The time poll: one vote per voter per slot, a live tally, and the slot in the lead.

The score counts "if need be" as a full yes for *whether the meetup can happen* and uses
real yeses only to break ties: ``(yes + if_need_be) × 1000 + yes``. So a time four people
can make beats one that three people love, which is the point of a meetup poll.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Final

from bot.domain.tweetups.errors import UnknownSlot

SCORE_WEIGHT: Final = 1000


class Vote(Enum):
    YES = "yes"
    IF_NEED_BE = "if_need_be"
    NO = "no"

    @property
    def emoji(self) -> str:
        return _EMOJI[self]


_EMOJI: Final = {Vote.YES: "✅", Vote.IF_NEED_BE: "🤷", Vote.NO: "❌"}


@dataclass(frozen=True, slots=True)
class Tally:
    yes: int = 0
    if_need_be: int = 0
    no: int = 0

    @property
    def score(self) -> int:
        return (self.yes + self.if_need_be) * SCORE_WEIGHT + self.yes

    @property
    def voters(self) -> int:
        return self.yes + self.if_need_be + self.no

    @property
    def text(self) -> str:
        """Compact enough for a button row or a poll line: zero counts are left out."""
        parts = [
            f"{vote.emoji} {count}"
            for vote, count in (
                (Vote.YES, self.yes),
                (Vote.IF_NEED_BE, self.if_need_be),
                (Vote.NO, self.no),
            )
            if count
        ]
        return " · ".join(parts) if parts else "no votes yet"


class Poll:
    """An immutable poll over ``slot_ids``, in the order they were proposed (best first).

    Every change returns a new poll, so the service can compute the new tally, persist the
    single changed vote, and only then show the result.
    """

    __slots__ = ("_slot_ids", "_votes")

    def __init__(
        self,
        slot_ids: Sequence[int],
        votes: Iterable[tuple[int, int, Vote]] = (),
    ) -> None:
        """``votes`` are ``(slot_id, voter_id, vote)``, applied in order (last one wins)."""
        if len(set(slot_ids)) != len(slot_ids):
            raise ValueError("slot ids must be distinct")
        self._slot_ids = tuple(slot_ids)
        table: dict[int, dict[int, Vote]] = {slot: {} for slot in self._slot_ids}
        for slot_id, voter_id, vote in votes:
            self._ballots_in(table, slot_id)[voter_id] = vote
        self._votes = table

    @property
    def slot_ids(self) -> tuple[int, ...]:
        return self._slot_ids

    def votes(self, slot_id: int) -> Mapping[int, Vote]:
        return MappingProxyType(self._ballots_in(self._votes, slot_id))

    def vote_of(self, slot_id: int, voter_id: int) -> Vote | None:
        return self._ballots_in(self._votes, slot_id).get(voter_id)

    def cast(self, slot_id: int, voter_id: int, vote: Vote) -> Poll:
        """Record or change a vote; casting the same vote again changes nothing."""
        self._ballots_in(self._votes, slot_id)
        return self._with(slot_id, voter_id, vote)

    def withdraw(self, slot_id: int, voter_id: int) -> Poll:
        """Forget a vote (the voter left, or pressed their current choice again)."""
        self._ballots_in(self._votes, slot_id)
        return self._with(slot_id, voter_id, None)

    def tally(self, slot_id: int) -> Tally:
        ballots = self._ballots_in(self._votes, slot_id).values()
        return Tally(
            yes=sum(v is Vote.YES for v in ballots),
            if_need_be=sum(v is Vote.IF_NEED_BE for v in ballots),
            no=sum(v is Vote.NO for v in ballots),
        )

    def tallies(self) -> dict[int, Tally]:
        return {slot: self.tally(slot) for slot in self._slot_ids}

    def leading(self) -> int | None:
        """The slot with the best score; ties go to the earlier (better-proposed) slot.

        ``None`` while no slot has a single yes or if-need-be: "nobody can come" leads
        nowhere, and showing a leader then would suggest a decision that has not happened.
        """
        best: int | None = None
        best_score = 0
        for slot in self._slot_ids:
            score = self.tally(slot).score
            if score > best_score:
                best, best_score = slot, score
        return best

    def _with(self, slot_id: int, voter_id: int, vote: Vote | None) -> Poll:
        copy = Poll.__new__(Poll)
        copy._slot_ids = self._slot_ids
        table = dict(self._votes)
        ballots = dict(table[slot_id])
        if vote is None:
            ballots.pop(voter_id, None)
        else:
            ballots[voter_id] = vote
        table[slot_id] = ballots
        copy._votes = table
        return copy

    @staticmethod
    def _ballots_in(table: dict[int, dict[int, Vote]], slot_id: int) -> dict[int, Vote]:
        try:
            return table[slot_id]
        except KeyError:
            raise UnknownSlot("That time is no longer in this poll.") from None
