"""The time poll: one vote per voter per slot, scoring, the leader and the tally text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.tweetups.errors import UnknownSlot
from bot.domain.tweetups.votes import Poll, Tally, Vote


@pytest.mark.parametrize(
    ("tally", "text", "score"),
    [
        (Tally(), "no votes yet", 0),
        (Tally(yes=3, if_need_be=1), "✅ 3 · 🤷 1", 4003),
        (Tally(yes=0, if_need_be=2, no=1), "🤷 2 · ❌ 1", 2000),
        (Tally(yes=1, if_need_be=1, no=1), "✅ 1 · 🤷 1 · ❌ 1", 2001),
        (Tally(no=4), "❌ 4", 0),
    ],
)
def test_tally_text_and_score(tally: Tally, text: str, score: int) -> None:
    assert tally.text == text
    assert tally.score == score


def test_a_voter_changes_their_vote_instead_of_adding_one() -> None:
    poll = Poll([10, 20]).cast(10, 1, Vote.YES).cast(10, 2, Vote.NO)
    changed = poll.cast(10, 2, Vote.IF_NEED_BE)
    assert changed.tally(10) == Tally(yes=1, if_need_be=1)
    assert poll.tally(10) == Tally(yes=1, no=1)  # the old poll is untouched
    assert changed.vote_of(10, 2) is Vote.IF_NEED_BE
    assert changed.withdraw(10, 2).tally(10) == Tally(yes=1)
    assert changed.withdraw(10, 99).tally(10) == changed.tally(10)


def test_four_who_can_beat_three_who_love_it() -> None:
    poll = Poll(
        [1, 2],
        [
            (1, 1, Vote.YES),
            (1, 2, Vote.YES),
            (1, 3, Vote.YES),
            (2, 1, Vote.YES),
            (2, 2, Vote.IF_NEED_BE),
            (2, 3, Vote.IF_NEED_BE),
            (2, 4, Vote.IF_NEED_BE),
        ],
    )
    assert poll.tally(1).score == 3003
    assert poll.tally(2).score == 4001
    assert poll.leading() == 2


def test_ties_go_to_the_earlier_slot_and_nobody_leads_an_empty_poll() -> None:
    assert Poll([5, 6]).leading() is None
    assert Poll([5, 6], [(5, 1, Vote.NO)]).leading() is None
    assert Poll([5, 6], [(6, 1, Vote.YES), (5, 2, Vote.YES)]).leading() == 5


def test_unknown_slots_are_refused() -> None:
    with pytest.raises(UnknownSlot):
        Poll([1]).cast(2, 1, Vote.YES)
    with pytest.raises(UnknownSlot):
        Poll([1]).tally(2)
    with pytest.raises(UnknownSlot):
        Poll([1], [(3, 1, Vote.NO)])
    with pytest.raises(ValueError, match="distinct"):
        Poll([1, 1])


SLOTS = [101, 102, 103]
operations = st.lists(
    st.tuples(
        st.sampled_from(SLOTS),
        st.integers(1, 6),
        st.sampled_from([Vote.YES, Vote.IF_NEED_BE, Vote.NO, None]),
    ),
    max_size=60,
)


@given(operations)
def test_the_tally_matches_the_last_vote_of_each_voter(
    ops: list[tuple[int, int, Vote | None]],
) -> None:
    poll = Poll(SLOTS)
    model: dict[tuple[int, int], Vote] = {}
    for slot, voter, vote in ops:
        if vote is None:
            poll = poll.withdraw(slot, voter)
            model.pop((slot, voter), None)
        else:
            poll = poll.cast(slot, voter, vote)
            model[(slot, voter)] = vote
    for slot in SLOTS:
        votes = [v for (s, _), v in model.items() if s == slot]
        expected = Tally(
            yes=votes.count(Vote.YES),
            if_need_be=votes.count(Vote.IF_NEED_BE),
            no=votes.count(Vote.NO),
        )
        assert poll.tally(slot) == expected
        assert poll.tally(slot).voters == len(poll.votes(slot)) <= 6
        assert expected.score == (expected.yes + expected.if_need_be) * 1000 + expected.yes
    leader = poll.leading()
    scores = {slot: poll.tally(slot).score for slot in SLOTS}
    if leader is None:
        assert max(scores.values()) == 0
    else:
        assert scores[leader] == max(scores.values()) > 0
        assert leader == next(s for s in SLOTS if scores[s] == scores[leader])
