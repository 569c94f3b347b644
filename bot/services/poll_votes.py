"""A time poll's board: its card (slots, votes, tallies, who may be named), votes, which time
to confirm, and the heat map's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.domain.dates.model import DateRange
from bot.domain.errors import InvalidInput, NotFound, PermissionDenied, PollClosed
from bot.domain.tweetups import Poll as VoteBoard
from bot.domain.tweetups import Tally, Vote
from bot.domain.tweetups.permissions import Actor, may_announce
from bot.domain.tweetups.poll_grid import PollGrid, build_grid
from bot.services.guilds import guild_config
from bot.services.members import prefs_for
from bot.services.places import stored_place
from bot.services.poll_people import participants
from models import Poll, PollSlot, PollVote, Tweetup


@dataclass(frozen=True, slots=True)
class PollCard:
    poll: Poll
    slots: tuple[PollSlot, ...]
    tallies: dict[int, Tally]
    leading: int | None
    # Invitees the poll message may name: those who let themselves be seen in this guild
    # (and the proposer, who posted it). The others were invited privately, by DM.
    named: tuple[int, ...] = ()
    # Who voted what, per slot, in the order they voted.
    ballots: dict[int, dict[int, Vote]] = field(default_factory=dict)
    tweetup: Tweetup | None = None  # what the poll became, once confirmed

    def in_time_order(self) -> tuple[PollSlot, ...]:
        return tuple(sorted(self.slots, key=lambda slot: (slot.starts_at, slot.id)))

    def votes_of(self, user_id: int) -> list[tuple[PollSlot, Vote]]:
        return [
            (slot, self.ballots[slot.id][user_id])
            for slot in self.in_time_order()
            if user_id in self.ballots.get(slot.id, {})
        ]


async def card_of(session: AsyncSession, poll: Poll) -> PollCard:
    slots = tuple(
        await session.scalars(
            select(PollSlot).where(PollSlot.poll_id == poll.id).order_by(PollSlot.position)
        )
    )
    votes = await session.execute(
        select(PollVote.slot_id, PollVote.user_id, PollVote.choice)
        .join(PollSlot, PollSlot.id == PollVote.slot_id)
        .where(PollSlot.poll_id == poll.id)
        .order_by(PollVote.voted_at)
    )
    board = VoteBoard([slot.id for slot in slots], [(s, u, Vote(c)) for s, u, c in votes])
    ballots = {slot.id: dict(board.votes(slot.id)) for slot in slots}
    tweetup = await session.get(Tweetup, poll.tweetup_id) if poll.tweetup_id else None
    prefs = await prefs_for(session=session, guild_id=poll.guild_id, user_ids=poll.participant_ids)
    named = tuple(m for m in poll.participant_ids if m == poll.proposer_id or prefs[m].discoverable)
    return PollCard(
        poll=poll,
        slots=slots,
        tallies=board.tallies(),
        leading=board.leading(),
        named=named,
        ballots=ballots,
        tweetup=tweetup,
    )


async def poll_card(*, session: AsyncSession, poll_id: int, guild_id: int | None) -> PollCard:
    """The poll as its message shows it (``guild_id`` None: any guild, for housekeeping)."""
    poll = await session.get(Poll, poll_id)
    if poll is None or (guild_id is not None and poll.guild_id != guild_id):
        raise NotFound("That poll doesn't exist any more.")
    return await card_of(session, poll)


async def vote(
    *,
    session: AsyncSession,
    poll_id: int,
    guild_id: int,
    slot_id: int,
    user_id: int,
    choice: Vote,
    now: datetime,
) -> PollCard:
    """Cast or change a vote; pressing your current choice again takes the vote back."""
    card = await poll_card(session=session, poll_id=poll_id, guild_id=guild_id)
    if card.poll.status != "open":
        raise InvalidInput("This poll is closed: a time was already chosen.")
    if user_id != card.poll.proposer_id and user_id not in card.poll.participant_ids:
        raise PermissionDenied(
            "Only the members invited to this poll can vote. "
            f"Ask <@{card.poll.proposer_id}> to invite you next time, or start your own "
            "with `/tweetup propose`."
        )
    if slot_id not in {slot.id for slot in card.slots}:
        raise NotFound("That time is not part of this poll.")
    existing = await session.get(PollVote, (slot_id, user_id))
    if existing is not None and existing.choice == choice.value:
        await session.delete(existing)
    elif existing is not None:
        existing.choice, existing.voted_at = choice.value, now
    else:
        session.add(
            PollVote(
                slot_id=slot_id,
                user_id=user_id,
                guild_id=guild_id,
                choice=choice.value,
                voted_at=now,
            )
        )
    await session.flush()
    return await card_of(session, card.poll)


async def slot_to_confirm(
    *,
    session: AsyncSession,
    poll_id: int,
    guild_id: int,
    slot_id: int | None,
    actor: Actor,
    defaults: DefaultsSection,
) -> tuple[PollCard, PollSlot]:
    """Check the actor may confirm, and which slot (the leading one when not given)."""
    card = await poll_card(session=session, poll_id=poll_id, guild_id=guild_id)
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    if card.poll.proposer_id != actor.user_id and not may_announce(
        actor, config.organizer_role_id, confirmed_poll_proposer=False
    ):
        raise PermissionDenied(
            "Only the member who proposed this poll, or an organizer, can confirm it."
        )
    if card.poll.status != "open":
        raise PollClosed(card.poll.tweetup_id)
    chosen = slot_id if slot_id is not None else card.leading
    if chosen is None:
        raise InvalidInput("Nobody has voted yes or if-need-be yet, so there's no time to confirm.")
    slot = next((s for s in card.slots if s.id == chosen), None)
    if slot is None:
        raise NotFound("That time is not part of this poll.")
    return card, slot


async def poll_grid(
    *, session: AsyncSession, card: PollCard, defaults: DefaultsSection
) -> PollGrid:
    """The poll's heat map as data: only visible invitees get a column, and only their
    trips say whether they are in town (a hidden member's plans are never read)."""
    poll = card.poll
    config = await guild_config(session=session, guild_id=poll.guild_id, defaults=defaults)
    zone = ZoneInfo(poll.timezone)
    ordered = card.in_time_order()
    days = [slot.starts_at.astimezone(zone).date() for slot in ordered]
    window = DateRange(min(days), max(days))
    people = await participants(
        session, poll.guild_id, stored_place(poll), list(card.named), config.radius_km, window
    )
    return build_grid(
        [(slot.id, slot.starts_at.astimezone(zone)) for slot in ordered],
        card.named,
        card.ballots,
        {person.id: person.windows for person in people},
        card.leading,
    )
