"""Tweetups: announcing, RSVPs with capacity and waitlist, edits, cancellation, reminders.

Every change that people should hear about is queued in the DM outbox in the same
transaction as the change itself, so nothing is announced that did not happen and nothing
that happened goes untold.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.db.upsert import insert_ignoring_duplicates, insert_or_update
from bot.domain.errors import InvalidInput, NotFound, PermissionDenied, PollClosed
from bot.domain.places.model import Place
from bot.domain.text import clean_text
from bot.domain.tweetups import Answer, CalendarEvent, RsvpBoard, Status, plan_reminders
from bot.domain.tweetups.permissions import Actor, may_announce, may_manage
from bot.services import checkback_plan
from bot.services.guilds import guild_config
from bot.services.matching import distance_km, in_box
from bot.services.members import prefs_for
from bot.services.places import stored_place
from models import OutboxMessage, Poll, PollSlot, PollVote, Rsvp, Tweetup
from models.outbox import PENDING
from models.tweetups import DESCRIPTION_LENGTH, TITLE_LENGTH, VENUE_LENGTH

REMINDER = "reminder"
PROMOTED = "rsvp_promoted"
CHANGED = "tweetup_changed"
CANCELLED = "tweetup_cancelled"
POLL_CONFIRMED = "poll_confirmed"
SCHEDULED = "scheduled"
CANCELLED_STATUS = "cancelled"
MAX_DURATION = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Draft:
    title: str
    place: Place
    starts_at: datetime
    ends_at: datetime
    venue: str = ""
    capacity: int | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Card:
    """A tweetup as its announcement shows it."""

    tweetup: Tweetup
    going: tuple[int, ...]
    waitlist: tuple[int, ...]
    maybe: tuple[int, ...]
    cant_go: tuple[int, ...]
    announce_channel_id: int | None = None


@dataclass(frozen=True, slots=True)
class RsvpResult:
    card: Card
    status: Status | None
    waitlist_position: int | None
    promoted: tuple[int, ...] = field(default_factory=tuple)
    previous: Status | None = None  # the member's answer before this one


@dataclass(frozen=True, slots=True)
class MyTweetup:
    """One line of /tweetup mine."""

    tweetup: Tweetup
    status: Status
    waitlist_position: int | None = None


def _checked(draft: Draft, now: datetime, *, new_time: bool = True) -> Draft:
    """A valid draft, or a friendly error. ``new_time`` False: the time is the one the
    tweetup already has, so "in the past" is not a reason to refuse another change."""
    title = clean_text(draft.title, limit=TITLE_LENGTH)
    if not title:
        raise InvalidInput("Give the tweetup a title.")
    if new_time and draft.starts_at <= now:
        raise InvalidInput("That time is in the past. Pick a time that's still ahead.")
    if new_time and draft.starts_at > now + timedelta(days=366):
        raise InvalidInput("That's more than a year away; announce it closer to the date.")
    if not draft.starts_at < draft.ends_at <= draft.starts_at + MAX_DURATION:
        raise InvalidInput("A tweetup must end after it starts, and last at most a day.")
    if draft.capacity is not None and not 1 <= draft.capacity <= 10_000:
        raise InvalidInput("Capacity must be between 1 and 10000 people (or empty for no limit).")
    for text, limit, name in (
        (draft.venue, VENUE_LENGTH, "venue"),
        (draft.description, DESCRIPTION_LENGTH, "description"),
    ):
        if len(text) > limit:
            raise InvalidInput(f"The {name} can be at most {limit} characters.")
    return Draft(
        title=title,
        place=draft.place,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        venue=clean_text(draft.venue, limit=VENUE_LENGTH) if draft.venue else "",
        capacity=draft.capacity,
        description=clean_text(draft.description, limit=DESCRIPTION_LENGTH, multiline=True)
        if draft.description
        else "",
    )


def validated(draft: Draft, now: datetime) -> Draft:
    """The draft as :func:`announce` would store it, or :class:`InvalidInput` saying why not
    (so a recurring series can check its first date before it is due)."""
    return _checked(draft, now)


async def announce(
    *,
    session: AsyncSession,
    guild_id: int,
    actor: Actor,
    draft: Draft,
    defaults: DefaultsSection,
    now: datetime,
    poll_id: int | None = None,
    slot_id: int | None = None,
    series_id: int | None = None,
) -> Card:
    """Create a tweetup. From a poll (``poll_id`` and the chosen ``slot_id``): the poll is
    closed in the same transaction, the organizer is Going, Yes voters for that time are
    Going (a waitlist forms past the capacity) and If-need-be voters are Maybe."""
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    poll = await _open_poll(session, poll_id, guild_id) if poll_id is not None else None
    proposer = poll is not None and poll.proposer_id == actor.user_id
    if not may_announce(actor, config.organizer_role_id, confirmed_poll_proposer=proposer):
        raise PermissionDenied(
            "Only organizers (the server's organizer role), admins, or the member who ran "
            "the time poll can announce tweetups."
        )
    draft = _checked(draft, now)
    place = draft.place
    tweetup = Tweetup(
        guild_id=guild_id,
        organizer_id=actor.user_id,
        title=draft.title,
        venue=draft.venue,
        description=draft.description,
        place_id=place.id,
        place_label=place.label,
        lat=place.lat,
        lon=place.lon,
        timezone=place.timezone,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        capacity=draft.capacity,
        status=SCHEDULED,
        sequence=0,
        poll_id=poll_id,
        series_id=series_id,
        extra={},
        created_at=now,
        updated_at=now,
    )
    session.add(tweetup)
    await session.flush()
    if poll is not None:
        # Closed in the transaction that creates the tweetup: a second confirm waits for
        # this one (row lock, or SQLite's single writer) and then finds the poll closed.
        poll.status, poll.tweetup_id = "confirmed", tweetup.id
        await _carry_over(session, tweetup, poll, slot_id, actor.user_id, defaults, now)
    card = await _card(session, tweetup)
    return Card(**{**_fields(card), "announce_channel_id": config.announce_channel_id})


async def _carry_over(
    session: AsyncSession,
    tweetup: Tweetup,
    poll: Poll,
    slot_id: int | None,
    organizer_id: int,
    defaults: DefaultsSection,
    now: datetime,
) -> None:
    """Votes become answers. Members hidden in this guild voted privately: their vote is
    not turned into a public RSVP; they are told and can press Going themselves."""
    votes = []
    if slot_id is not None:
        votes = list(
            await session.execute(
                select(PollVote.user_id, PollVote.choice, PollVote.voted_at)
                .join(PollSlot, PollSlot.id == PollVote.slot_id)
                .where(PollVote.slot_id == slot_id, PollSlot.poll_id == poll.id)
                .order_by(PollVote.voted_at, PollVote.user_id)
            )
        )
    prefs = await prefs_for(
        session=session, guild_id=tweetup.guild_id, user_ids={user for user, _, _ in votes}
    )
    board = before = RsvpBoard(tweetup.capacity)
    board = board.respond(organizer_id, Answer.GOING, now).board
    for user, choice, voted_at in votes:
        if user == organizer_id or not prefs[user].discoverable:
            continue
        answer = {"yes": Answer.GOING, "if_need_be": Answer.MAYBE}.get(choice)
        if answer is not None:
            board = board.respond(user, answer, voted_at).board
    await _store_board(session, tweetup, before, board, now)
    await _schedule_reminders(session, tweetup, board, defaults, now)


async def _open_poll(session: AsyncSession, poll_id: int, guild_id: int) -> Poll:
    query = select(Poll).where(Poll.id == poll_id, Poll.guild_id == guild_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    poll = await session.scalar(query)
    if poll is None:
        raise NotFound("That poll doesn't exist any more.")
    if poll.status != "open":
        raise PollClosed(poll.tweetup_id)
    return poll


def _fields(card: Card) -> dict[str, Any]:
    return {name: getattr(card, name) for name in Card.__dataclass_fields__}


async def _get(
    session: AsyncSession, tweetup_id: int, guild_id: int | None, *, lock: bool = False
) -> Tweetup:
    query = select(Tweetup).where(Tweetup.id == tweetup_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    tweetup = await session.scalar(query)
    if tweetup is None or (guild_id is not None and tweetup.guild_id != guild_id):
        raise NotFound("That tweetup doesn't exist any more.")
    return tweetup


async def _board(session: AsyncSession, tweetup: Tweetup) -> RsvpBoard:
    """The tweetup's answers, read as plain columns through Core (a big board loads in a
    fraction of the time ORM objects take, and without the ORM's per-row result handling:
    it matters while an RSVP holds SQLite's write lock)."""
    connection = await session.connection()
    rows = await connection.execute(
        select(Rsvp.user_id, Rsvp.status, Rsvp.requested_at).where(Rsvp.tweetup_id == tweetup.id)
    )
    return RsvpBoard.restore(
        tweetup.capacity, [(user_id, Status(status), at) for user_id, status, at in rows]
    )


async def _card(session: AsyncSession, tweetup: Tweetup) -> Card:
    board = await _board(session, tweetup)
    return Card(
        tweetup=tweetup,
        going=board.going,
        waitlist=board.waitlist,
        maybe=board.maybe,
        cant_go=board.cant_go,
    )


async def card(*, session: AsyncSession, tweetup_id: int, guild_id: int | None = None) -> Card:
    return await _card(session, await _get(session, tweetup_id, guild_id))


async def _managed(
    session: AsyncSession,
    tweetup_id: int,
    guild_id: int,
    actor: Actor,
    defaults: DefaultsSection,
    *,
    lock: bool = False,
) -> Tweetup:
    """The tweetup, if it exists here and ``actor`` may change it (else a friendly error)."""
    tweetup = await _get(session, tweetup_id, guild_id, lock=lock)
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    if not may_manage(actor, tweetup.organizer_id, config.organizer_role_id):
        raise PermissionDenied(
            "Only the organizer, organizers or admins can change or cancel this tweetup."
        )
    return tweetup


async def managed_card(
    *,
    session: AsyncSession,
    tweetup_id: int,
    guild_id: int,
    actor: Actor,
    defaults: DefaultsSection,
) -> Card:
    """The tweetup ``actor`` is about to edit or cancel: checked before any question is
    asked, so nobody is asked to clarify a change they may not make."""
    tweetup = await _managed(session, tweetup_id, guild_id, actor, defaults)
    if tweetup.status == CANCELLED_STATUS:
        raise InvalidInput("This tweetup was cancelled; announce a new one instead.")
    return await _card(session, tweetup)


async def attach_discord(
    *,
    session: AsyncSession,
    tweetup_id: int,
    channel_id: int | None = None,
    message_id: int | None = None,
    thread_id: int | None = None,
    event_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Remember where the tweetup lives on Discord (set after posting it).

    A tweetup confirmed from a poll now has a link to share: the poll's invitees who take
    DMs (or were carried over as Going or Maybe) are told, once.
    """
    tweetup = await _get(session, tweetup_id, None)
    for name, value in (
        ("channel_id", channel_id),
        ("message_id", message_id),
        ("thread_id", thread_id),
        ("event_id", event_id),
    ):
        if value is not None:
            setattr(tweetup, name, value)
    if tweetup.poll_id is None or message_id is None or now is None:
        return
    poll = await session.get(Poll, tweetup.poll_id)
    if poll is None:
        return
    invitees = [m for m in poll.participant_ids if m != tweetup.organizer_id]
    prefs = await prefs_for(session=session, guild_id=tweetup.guild_id, user_ids=invitees)
    answered = set((await _board(session, tweetup)).entries)
    for member in invitees:
        if member in answered or prefs[member].notify_dm:
            await _queue(session, tweetup, POLL_CONFIRMED, member, now, key="0")


async def respond(
    *,
    session: AsyncSession,
    tweetup_id: int,
    guild_id: int,
    user_id: int,
    answer: Answer,
    defaults: DefaultsSection,
    now: datetime,
) -> RsvpResult:
    [result] = await respond_many(
        session=session,
        tweetup_id=tweetup_id,
        guild_id=guild_id,
        answers=[(user_id, answer)],
        defaults=defaults,
        now=now,
    )
    return result


async def respond_many(
    *,
    session: AsyncSession,
    tweetup_id: int,
    guild_id: int,
    answers: Sequence[tuple[int, Answer]],
    defaults: DefaultsSection,
    now: datetime,
) -> list[RsvpResult]:
    """Several members' answers in arrival order, in one transaction: a burst of clicks on
    one tweetup reads and writes its board once instead of once per click."""
    tweetup = await _get(session, tweetup_id, guild_id, lock=True)
    if tweetup.status != SCHEDULED:
        raise InvalidInput("This tweetup was cancelled.")
    if tweetup.ends_at <= now:
        raise InvalidInput("This tweetup is already over.")
    before = board = await _board(session, tweetup)
    promotions: list[tuple[int, ...]] = []
    previous: list[Status | None] = []
    for user_id, answer in answers:
        previous.append(board.status_of(user_id))
        outcome = board.respond(user_id, answer, now)
        board = outcome.board
        promotions.append(outcome.promoted)
    await _store_board(session, tweetup, before, board, now)
    promoted = [member for chain in promotions for member in chain]
    changed = {user_id for user_id, _ in answers} | set(promoted)
    await _schedule_reminders(session, tweetup, board, defaults, now, members=changed)
    for member in promoted:
        await _queue(session, tweetup, PROMOTED, member, now, key=f"{now.timestamp():.0f}")
    card = Card(
        tweetup=tweetup,
        going=board.going,
        waitlist=board.waitlist,
        maybe=board.maybe,
        cant_go=board.cant_go,
    )
    return [
        RsvpResult(
            card=card,
            status=board.status_of(user_id),
            waitlist_position=board.waitlist_position(user_id),
            promoted=chain,
            previous=before_answer,
        )
        for (user_id, _), chain, before_answer in zip(answers, promotions, previous, strict=True)
    ]


async def mine(
    *, session: AsyncSession, guild_id: int, user_id: int, now: datetime, limit: int = 20
) -> list[MyTweetup]:
    """The member's upcoming tweetups here: Going, Maybe, and waitlist places (with rank)."""
    rows = await session.execute(
        select(Tweetup, Rsvp.status)
        .join(Rsvp, Rsvp.tweetup_id == Tweetup.id)
        .where(
            Rsvp.user_id == user_id,
            Tweetup.guild_id == guild_id,
            Tweetup.status == SCHEDULED,
            Tweetup.ends_at > now,
            Rsvp.status != Status.CANT_GO.value,
        )
        .order_by(Tweetup.starts_at, Tweetup.id)
        .limit(limit)
    )
    found = []
    for tweetup, status in rows:
        position = None
        if status == Status.WAITLISTED.value:
            position = (await _board(session, tweetup)).waitlist_position(user_id)
        found.append(MyTweetup(tweetup, Status(status), position))
    return found


async def withdraw(
    *,
    session: AsyncSession,
    user_id: int,
    guild_id: int | None,
    defaults: DefaultsSection,
    now: datetime,
) -> list[int]:
    """Take a member off every tweetup (they erased their data or left the server).

    Their place goes to the waitlist as if they had pressed Can't go: the first waiter is
    promoted and told, and their reminders planned. Returns the ids of the upcoming tweetups
    whose announcement should be refreshed.
    """
    query = (
        select(Tweetup)
        .join(Rsvp, Rsvp.tweetup_id == Tweetup.id)
        .where(Rsvp.user_id == user_id)
        .order_by(Tweetup.id)
    )
    if guild_id is not None:
        query = query.where(Rsvp.guild_id == guild_id)
    changed = []
    for tweetup in list(await session.scalars(query)):
        before = await _board(session, tweetup)
        outcome = before.remove(user_id)
        await _store_board(session, tweetup, before, outcome.board, now)
        if tweetup.status != SCHEDULED or tweetup.ends_at <= now:
            continue
        await _schedule_reminders(
            session, tweetup, outcome.board, defaults, now, members={user_id, *outcome.promoted}
        )
        for promoted in outcome.promoted:
            await _queue(session, tweetup, PROMOTED, promoted, now, key=f"{now.timestamp():.0f}")
        changed.append(tweetup.id)
    return changed


async def _store_board(
    session: AsyncSession, tweetup: Tweetup, before: RsvpBoard, after: RsvpBoard, now: datetime
) -> None:
    """Write the board's changes. ``before`` is the board as stored (read in this
    transaction, or empty for a new tweetup), so no row is loaded: the changed entries are
    written in one upsert and the members who left deleted (an RSVP holds SQLite's write
    lock: a load and an ORM flush took a third of its time)."""
    changed = [
        {
            "tweetup_id": tweetup.id,
            "user_id": member_id,
            "guild_id": tweetup.guild_id,
            "status": entry.status.value,
            "requested_at": entry.requested_at,
            "updated_at": now,
        }
        for member_id, entry in after.entries.items()
        if before.entries.get(member_id) != entry
    ]
    await insert_or_update(session, Rsvp, changed, update=("status", "requested_at", "updated_at"))
    gone = set(before.entries) - set(after.entries)
    if gone:
        await session.execute(
            delete(Rsvp).where(Rsvp.tweetup_id == tweetup.id, Rsvp.user_id.in_(gone))
        )


async def _schedule_reminders(
    session: AsyncSession,
    tweetup: Tweetup,
    board: RsvpBoard,
    defaults: DefaultsSection,
    now: datetime,
    members: Collection[int] | None = None,
) -> None:
    """Reminders exist exactly for Going members: drop the others' pending ones, plan theirs.

    ``members`` limits the work to those whose answer just changed, so an RSVP to a big
    tweetup costs the same as one to a small one; None re-plans everyone (after a move).
    The intro DMs and check-backs (``checkback_plan``) are re-planned with them, in the
    same delete and insert (an RSVP holds SQLite's write lock: two statements fewer).
    """
    pending = delete(OutboxMessage).where(
        OutboxMessage.tweetup_id == tweetup.id,
        OutboxMessage.kind.in_([REMINDER, *checkback_plan.KINDS]),
        OutboxMessage.status == PENDING,
    )
    if members is None:
        await session.execute(pending)
        going = set(board.going)
    else:
        scope = set(members)
        going = scope & set(board.going)
        if scope:
            await session.execute(pending.where(OutboxMessage.recipient_id.in_(scope)))
    if not going:
        return
    rows: list[dict[str, Any]] = checkback_plan.planned(tweetup, going, now)
    prefs = await prefs_for(session=session, guild_id=tweetup.guild_id, user_ids=going)
    for member_id in going:
        minutes = prefs[member_id].reminder_lead_minutes
        leads = minutes if minutes is not None else defaults.reminder_lead_times_minutes
        for planned in plan_reminders(
            tweetup.id,
            member_id,
            starts_at=tweetup.starts_at,
            now=now,
            lead_times=[timedelta(minutes=m) for m in leads],
        ):
            rows.append(
                _row(
                    tweetup,
                    REMINDER,
                    member_id,
                    planned.due_at,
                    now,
                    key=f"{planned.lead_minutes}:{tweetup.sequence}",
                    detail={"lead_minutes": planned.lead_minutes},
                )
            )
    await insert_ignoring_duplicates(session, OutboxMessage, rows)


async def replan_reminders(
    *,
    session: AsyncSession,
    tweetup_id: int,
    defaults: DefaultsSection,
    now: datetime,
    members: Collection[int] | None = None,
) -> None:
    """Plan the Going members' reminders afresh (all of them, or ``members``)."""
    tweetup = await _get(session, tweetup_id, None)
    board = await _board(session, tweetup)
    await _schedule_reminders(session, tweetup, board, defaults, now, members=members)


async def replan_member_reminders(
    *, session: AsyncSession, guild_id: int, user_id: int, defaults: DefaultsSection, now: datetime
) -> int:
    """After a member changed their reminder times: re-plan them for every upcoming tweetup
    they are going to. Returns how many tweetups that touched."""
    going = await session.scalars(
        select(Tweetup.id)
        .join(Rsvp, Rsvp.tweetup_id == Tweetup.id)
        .where(
            Tweetup.guild_id == guild_id,
            Tweetup.status == SCHEDULED,
            Tweetup.starts_at > now,
            Rsvp.user_id == user_id,
            Rsvp.status == Status.GOING.value,
        )
    )
    ids = list(going)
    for tweetup_id in ids:
        await replan_reminders(
            session=session, tweetup_id=tweetup_id, defaults=defaults, now=now, members={user_id}
        )
    return len(ids)


def _row(
    tweetup: Tweetup,
    kind: str,
    recipient: int,
    due: datetime,
    now: datetime,
    *,
    key: str,
    detail: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "dedupe_key": f"{kind}:{tweetup.id}:{recipient}:{key}",
        "guild_id": tweetup.guild_id,
        "recipient_id": recipient,
        "tweetup_id": tweetup.id,
        "due_at": due,
        "status": PENDING,
        "attempts": 0,
        "detail": detail or {},
        "created_at": now,
    }


async def _queue(
    session: AsyncSession, tweetup: Tweetup, kind: str, recipient: int, now: datetime, *, key: str
) -> None:
    await insert_ignoring_duplicates(
        session, OutboxMessage, [_row(tweetup, kind, recipient, now, now, key=key)]
    )


async def edit(
    *,
    session: AsyncSession,
    tweetup_id: int,
    guild_id: int,
    actor: Actor,
    changes: dict[str, Any],
    defaults: DefaultsSection,
    now: datetime,
) -> Card:
    """Change a tweetup; Going and Maybe members are told, reminders follow the new time."""
    tweetup = await _managed(session, tweetup_id, guild_id, actor, defaults, lock=True)
    if tweetup.status != SCHEDULED:
        raise InvalidInput("This tweetup was cancelled; announce a new one instead.")
    if tweetup.ends_at <= now:
        raise InvalidInput("This tweetup is over, so it can't be changed any more.")
    if tweetup.starts_at <= now and "starts_at" in changes:
        # Discord cannot move a started event either; a fix after the fact goes in the thread.
        raise InvalidInput(
            "This tweetup has already started, so its time can't be changed any more. "
            "Post any news in its chat thread."
        )
    place = changes.get("place") or stored_place(tweetup)
    draft = _checked(
        Draft(
            title=changes.get("title", tweetup.title),
            place=place,
            starts_at=changes.get("starts_at", tweetup.starts_at),
            ends_at=changes.get("ends_at", tweetup.ends_at),
            venue=changes.get("venue", tweetup.venue),
            capacity=changes.get("capacity", tweetup.capacity),
            description=changes.get("description", tweetup.description),
        ),
        now,
        new_time="starts_at" in changes,
    )
    tweetup.title, tweetup.venue, tweetup.description = draft.title, draft.venue, draft.description
    tweetup.place_id, tweetup.place_label = place.id, place.label
    tweetup.lat, tweetup.lon, tweetup.timezone = place.lat, place.lon, place.timezone
    moved = draft.starts_at != tweetup.starts_at
    tweetup.starts_at, tweetup.ends_at = draft.starts_at, draft.ends_at
    tweetup.sequence += 1
    tweetup.updated_at = now
    board = await _board(session, tweetup)
    promoted_now: tuple[int, ...] = ()
    if draft.capacity != tweetup.capacity:
        tweetup.capacity = draft.capacity
        outcome = board.set_capacity(draft.capacity)
        promoted_now = outcome.promoted
        await _store_board(session, tweetup, board, outcome.board, now)
        for promoted in outcome.promoted:
            await _queue(session, tweetup, PROMOTED, promoted, now, key=f"{now.timestamp():.0f}")
        board = outcome.board
    await _schedule_reminders(
        session, tweetup, board, defaults, now, members=None if moved else promoted_now
    )
    for member_id in (*board.going, *board.maybe):
        if member_id != actor.user_id:
            await _queue(session, tweetup, CHANGED, member_id, now, key=str(tweetup.sequence))
    await session.flush()
    return await _card(session, tweetup)


async def cancel(
    *,
    session: AsyncSession,
    tweetup_id: int,
    guild_id: int,
    actor: Actor,
    defaults: DefaultsSection,
    now: datetime,
) -> Card:
    tweetup = await _managed(session, tweetup_id, guild_id, actor, defaults, lock=True)
    if tweetup.status == CANCELLED_STATUS:
        raise InvalidInput("This tweetup is already cancelled.")
    if tweetup.ends_at <= now:
        raise InvalidInput("This tweetup is already over, so there is nothing to cancel.")
    tweetup.status = CANCELLED_STATUS
    tweetup.sequence += 1
    tweetup.updated_at = now
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.tweetup_id == tweetup.id,
            OutboxMessage.kind.in_([REMINDER, PROMOTED, CHANGED]),
            OutboxMessage.status == PENDING,
        )
    )
    board = await _board(session, tweetup)
    for member_id in (*board.going, *board.maybe, *board.waitlist):
        if member_id != actor.user_id:
            await _queue(session, tweetup, CANCELLED, member_id, now, key="0")
    await session.flush()
    return await _card(session, tweetup)


async def upcoming(
    *,
    session: AsyncSession,
    guild_id: int,
    now: datetime,
    near: Place | None = None,
    defaults: DefaultsSection | None = None,
    limit: int = 10,
) -> list[Tweetup]:
    """The guild's next tweetups; with ``near``, only those within the guild's radius of it."""
    query = (
        select(Tweetup)
        .where(Tweetup.guild_id == guild_id, Tweetup.status == SCHEDULED, Tweetup.ends_at > now)
        .order_by(Tweetup.starts_at, Tweetup.id)
        .limit(limit)
    )
    if near is not None:
        config = await guild_config(
            session=session, guild_id=guild_id, defaults=defaults or DefaultsSection()
        )
        radius = config.radius_km
        query = query.where(
            in_box(Tweetup.lat, Tweetup.lon, near.lat, near.lon, radius),
            distance_km(Tweetup.lat, Tweetup.lon, near.lat, near.lon) <= radius,
        )
    return list(await session.scalars(query))


async def manageable(
    *,
    session: AsyncSession,
    guild_id: int,
    actor: Actor,
    defaults: DefaultsSection,
    now: datetime,
) -> list[Tweetup]:
    """Upcoming tweetups this member may edit or cancel: all of them for organizers and
    admins, their own for everyone else (the same rule :func:`edit` enforces)."""
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    query = select(Tweetup).where(
        Tweetup.guild_id == guild_id, Tweetup.status == SCHEDULED, Tweetup.ends_at > now
    )
    if not may_announce(actor, config.organizer_role_id, confirmed_poll_proposer=False):
        query = query.where(Tweetup.organizer_id == actor.user_id)
    return list(await session.scalars(query.order_by(Tweetup.starts_at).limit(25)))


def calendar_event(tweetup: Tweetup, url: str | None = None) -> CalendarEvent:
    from zoneinfo import ZoneInfo

    return CalendarEvent(
        tweetup_id=tweetup.id,
        title=tweetup.title,
        start=tweetup.starts_at,
        end=tweetup.ends_at,
        zone=ZoneInfo(tweetup.timezone),
        city=tweetup.place_label,
        venue=tweetup.venue or None,
        description=tweetup.description or None,
        url=url,
        sequence=tweetup.sequence,
        cancelled=tweetup.status == CANCELLED_STATUS,
    )
