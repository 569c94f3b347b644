"""RSVPs: capacity, the FIFO waitlist, promotions, and capacity changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.tweetups.errors import InvalidCapacity
from bot.domain.tweetups.rsvp import Answer, Cause, Change, RsvpBoard, Status

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def board_with(capacity: int | None, *going: int) -> RsvpBoard:
    board = RsvpBoard(capacity)
    for i, member in enumerate(going):
        board = board.respond(member, Answer.GOING, at(i)).board
    return board


def test_first_come_first_served_then_the_waitlist() -> None:
    board = board_with(2, 1, 2, 3, 4)
    assert board.going == (1, 2)
    assert board.waitlist == (3, 4)
    assert board.status_of(3) is Status.WAITLISTED
    assert board.waitlist_position(4) == 2
    assert board.is_full


def test_a_going_member_dropping_out_promotes_the_first_waiter() -> None:
    board = board_with(2, 1, 2, 3, 4)
    outcome = board.respond(2, Answer.MAYBE, at(10))
    assert outcome.promoted == (3,)
    assert outcome.changes == (
        Change(2, Status.GOING, Status.MAYBE, Cause.RESPONSE),
        Change(3, Status.WAITLISTED, Status.GOING, Cause.PROMOTION),
    )
    removed = outcome.board.remove(1)
    assert removed.promoted == (4,)
    assert removed.board.going == (3, 4)
    assert removed.board.waitlist == ()
    assert removed.changes[0] == Change(1, Status.GOING, None, Cause.REMOVAL)


def test_cant_go_promotes_too_but_a_waiter_leaving_promotes_nobody() -> None:
    board = board_with(1, 1, 2, 3)
    left = board.respond(2, Answer.CANT_GO, at(10))
    assert left.promoted == ()
    assert left.board.waitlist == (3,)
    assert board.respond(1, Answer.CANT_GO, at(10)).promoted == (2,)


def test_asking_again_keeps_your_place() -> None:
    board = board_with(1, 1, 2, 3)
    assert board.respond(2, Answer.GOING, at(50)).changes == ()
    assert board.respond(1, Answer.GOING, at(50)).changes == ()
    assert board.respond(2, Answer.GOING, at(50)).board.waitlist == (2, 3)


def test_leaving_the_waitlist_and_coming_back_goes_to_the_end() -> None:
    board = board_with(1, 1, 2, 3)
    board = board.respond(2, Answer.MAYBE, at(10)).board
    board = board.respond(2, Answer.GOING, at(11)).board
    assert board.waitlist == (3, 2)


def test_waitlist_is_ordered_by_request_time() -> None:
    board = board_with(1, 1)
    board = board.respond(2, Answer.GOING, at(30)).board
    board = board.respond(3, Answer.GOING, at(20)).board  # processed late, asked earlier
    board = board.respond(4, Answer.GOING, at(30)).board  # same time: after the earlier arrival
    assert board.waitlist == (3, 2, 4)


def test_raising_the_capacity_promotes_as_many_as_fit_in_order() -> None:
    board = board_with(2, 1, 2, 3, 4, 5)
    outcome = board.set_capacity(4)
    assert outcome.promoted == (3, 4)
    assert outcome.board.waitlist == (5,)
    assert board.set_capacity(None).promoted == (3, 4, 5)


def test_lowering_the_capacity_demotes_nobody() -> None:
    board = board_with(3, 1, 2, 3).set_capacity(1).board
    assert board.going == (1, 2, 3)
    newcomer = board.respond(4, Answer.GOING, at(10))
    assert newcomer.changes == (Change(4, None, Status.WAITLISTED, Cause.RESPONSE),)
    board = newcomer.board.respond(1, Answer.MAYBE, at(11)).board
    assert board.going == (2, 3)
    assert board.waitlist == (4,)
    board = board.respond(2, Answer.MAYBE, at(12)).board
    assert board.going == (3,)
    assert board.waitlist == (4,)
    outcome = board.remove(3)
    assert outcome.promoted == (4,)


def test_no_capacity_means_everyone_goes() -> None:
    board = board_with(None, *range(1, 50))
    assert len(board.going) == 49
    assert board.waitlist == ()
    assert not board.is_full


@pytest.mark.parametrize("capacity", [0, -1, 10_001])
def test_capacity_must_be_positive(capacity: int) -> None:
    with pytest.raises(InvalidCapacity):
        RsvpBoard(capacity)
    with pytest.raises(InvalidCapacity):
        RsvpBoard(None).set_capacity(capacity)


def test_restore_orders_the_waitlist_and_settle_fills_free_places() -> None:
    board = RsvpBoard.restore(
        3,
        [
            (1, Status.GOING, at(0)),
            (5, Status.WAITLISTED, at(9)),
            (4, Status.WAITLISTED, at(5)),
            (6, Status.MAYBE, at(1)),
        ],
    )
    assert board.waitlist == (4, 5)
    settled = board.settle()
    assert settled.promoted == (4, 5)
    assert settled.board.going == (1, 4, 5)
    with pytest.raises(ValueError, match="twice"):
        RsvpBoard.restore(3, [(1, Status.GOING, at(0)), (1, Status.MAYBE, at(0))])


def test_naive_times_are_bugs() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        RsvpBoard(2).respond(1, Answer.GOING, datetime(2026, 3, 2, 12))


# --- properties -------------------------------------------------------------------------


@dataclass(frozen=True)
class Respond:
    member: int
    answer: Answer


@dataclass(frozen=True)
class Remove:
    member: int


@dataclass(frozen=True)
class Resize:
    capacity: int | None


members = st.integers(1, 12)
steps = st.one_of(
    st.builds(Respond, members, st.sampled_from(list(Answer))),
    st.builds(Remove, members),
    st.builds(Resize, st.one_of(st.none(), st.integers(1, 8))),
)


def _apply(board: RsvpBoard, step: Respond | Remove | Resize, when: datetime) -> RsvpBoard:
    if isinstance(step, Respond):
        return board.respond(step.member, step.answer, when).board
    if isinstance(step, Remove):
        return board.remove(step.member).board
    return board.set_capacity(step.capacity).board


def _check_consistent(board: RsvpBoard) -> None:
    statuses = [board.going, board.waitlist, board.maybe, board.cant_go]
    everyone = [m for group in statuses for m in group]
    assert len(everyone) == len(set(everyone)) == len(board.entries)  # nobody in two states
    assert set(board.waitlist) == {
        m for m, e in board.entries.items() if e.status is Status.WAITLISTED
    }
    times = [board.entries[m].requested_at for m in board.waitlist]
    assert times == sorted(times)  # FIFO by request time
    if board.waitlist:
        assert board.is_full  # nobody waits while a place is free


@settings(max_examples=200)
@given(st.integers(1, 6), st.lists(steps, max_size=60))
def test_board_invariants(capacity: int, plan: list[Respond | Remove | Resize]) -> None:
    board = RsvpBoard(capacity)
    lowered = False
    for minute, step in enumerate(plan):
        before = board
        outcome = (
            board.respond(step.member, step.answer, at(minute))
            if isinstance(step, Respond)
            else board.remove(step.member)
            if isinstance(step, Remove)
            else board.set_capacity(step.capacity)
        )
        board = outcome.board
        _check_consistent(board)
        if isinstance(step, Resize):
            lowered |= step.capacity is not None and step.capacity < len(before.going)
        if board.capacity is not None:
            if not lowered:
                assert len(board.going) <= board.capacity
            if len(board.going) > board.capacity:
                assert len(board.going) <= len(before.going)  # over capacity: never grows
        # promotions take the head of the queue, in order
        promoted = outcome.promoted
        assert promoted == before.waitlist[: len(promoted)]
        assert all(board.status_of(m) is Status.GOING for m in promoted)
        # lowering never demotes
        if isinstance(step, Resize):
            assert set(before.going) <= set(board.going)


@given(st.lists(steps, max_size=40))
def test_going_never_exceeds_capacity_without_lowering(
    plan: list[Respond | Remove | Resize],
) -> None:
    board = RsvpBoard(3)
    for minute, step in enumerate(plan):
        if isinstance(step, Resize) and (
            step.capacity is not None and (board.capacity is None or step.capacity < board.capacity)
        ):
            continue  # only raises here
        board = _apply(board, step, at(minute))
        if board.capacity is not None:
            assert len(board.going) <= board.capacity
