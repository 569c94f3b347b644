"""Time polls: propose slots that fit everyone and open the poll; where it was posted.

Votes, the poll's card and confirming are :mod:`bot.services.poll_votes`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.db.upsert import insert_ignoring_duplicates
from bot.domain.dates.model import DateRange
from bot.domain.errors import InvalidInput, NotFound, PermissionDenied
from bot.domain.places.model import Place
from bot.domain.tweetups import (
    NoCommonTime,
    Participant,
    SlotProposals,
    SociableHours,
    propose_slots,
)
from bot.services.guilds import guild_config
from bot.services.matching import Around, locals_near, travelers_near
from bot.services.members import prefs_for
from bot.services.places import stored_place
from bot.services.poll_people import participants
from bot.services.poll_votes import PollCard, card_of
from models import OutboxMessage, Poll, PollSlot, Trip
from models.outbox import PENDING

SEARCH_DAYS = 62
MAX_INVITED = 12


POLL_INVITE = "poll_invite"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A new poll, and what the proposer should know privately about who is in it."""

    card: PollCard
    invited_by_dm: tuple[int, ...] = ()  # hidden members, asked privately
    left_out: tuple[int, ...] = ()  # hidden members who allow no DMs
    not_opted_in: tuple[int, ...] = ()  # matched members who never asked to hear of visitors


async def propose(
    *,
    session: AsyncSession,
    guild_id: int,
    proposer_id: int,
    place: Place,
    member_ids: list[int],
    between: DateRange | None,
    defaults: DefaultsSection,
    now: datetime,
) -> Proposal | NoCommonTime:
    """Find the best times for these members in ``place`` and open a poll over them.

    The poll is public, so it is built only from what members chose to show here: a member
    hidden with ``/notify visible:False`` is never named in it and their trips are not used;
    they are invited by DM when they allow DMs, and left out otherwise.
    """
    invited = list(dict.fromkeys([proposer_id, *member_ids]))
    if len(invited) > MAX_INVITED + 1:
        raise InvalidInput(f"Invite at most {MAX_INVITED} members to one poll.")
    prefs = await prefs_for(session=session, guild_id=guild_id, user_ids=invited)
    hidden = [m for m in invited if m != proposer_id and not prefs[m].discoverable]
    visible = [m for m in invited if m not in hidden]
    by_dm = tuple(m for m in hidden if prefs[m].notify_dm)
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    zone = ZoneInfo(place.timezone)
    today = now.astimezone(zone).date()
    window = between or DateRange(today, today + timedelta(days=SEARCH_DAYS))
    people = await participants(session, guild_id, place, visible, config.radius_km, window)
    # Hidden invitees count as people who can come, but nothing of theirs is read or named.
    people += [
        Participant(id=member, name="someone invited privately", windows=None) for member in by_dm
    ]
    start, end = config.sociable_start_hour, config.sociable_end_hour
    result = propose_slots(
        people,
        zone=zone,
        now=now,
        between=between,
        sociable_hours=SociableHours(time(start), time(end)),
    )
    if isinstance(result, NoCommonTime):
        return result
    card = await _open(session, guild_id, proposer_id, place, [*visible, *by_dm], result, now)
    left_out = tuple(m for m in hidden if m not in by_dm)
    return Proposal(card=card, invited_by_dm=by_dm, left_out=left_out)


async def propose_from_trip(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    trip_id: int,
    defaults: DefaultsSection,
    now: datetime,
) -> Proposal | NoCommonTime:
    """The "Propose a meetup" button: the traveler plus the people their trip matched."""
    trip = await session.get(Trip, trip_id)
    if trip is None or trip.guild_id != guild_id:
        raise NotFound("That trip was cancelled.")
    if trip.user_id != user_id:
        raise PermissionDenied("Only the traveler can propose a meetup from their trip.")
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    around = Around.trip(trip, config.radius_km)
    found = [
        *(await travelers_near(session=session, around=around, limit=MAX_INVITED * 2)).matches,
        *(await locals_near(session=session, around=around, limit=MAX_INVITED * 2)).matches,
    ]
    matched = list(dict.fromkeys(match.user_id for match in found))
    # A public poll pings the people it invites: only those who asked to hear of visitors.
    prefs = await prefs_for(session=session, guild_id=guild_id, user_ids=matched)
    members = [m for m in matched if prefs[m].notify_dm][:MAX_INVITED]
    not_opted_in = tuple(m for m in matched if not prefs[m].notify_dm)
    if not members:
        raise InvalidInput(
            "Nobody around for this trip has asked to hear about visitors "
            "(`/notify dms:True`), so there's nobody to invite yet."
        )
    place = stored_place(trip)
    today = now.astimezone(ZoneInfo(trip.timezone)).date()
    between = DateRange(max(trip.start_date, today), max(trip.end_date, today))
    proposal = await propose(
        session=session,
        guild_id=guild_id,
        proposer_id=user_id,
        place=place,
        member_ids=members,
        between=between,
        defaults=defaults,
        now=now,
    )
    if isinstance(proposal, NoCommonTime):
        return proposal
    return replace(proposal, not_opted_in=not_opted_in)


async def _open(
    session: AsyncSession,
    guild_id: int,
    proposer_id: int,
    place: Place,
    invited: list[int],
    proposals: SlotProposals,
    now: datetime,
) -> PollCard:
    poll = Poll(
        guild_id=guild_id,
        proposer_id=proposer_id,
        participant_ids=invited,
        status="open",
        place_id=place.id,
        place_label=place.label,
        lat=place.lat,
        lon=place.lon,
        timezone=place.timezone,
        created_at=now,
        updated_at=now,
    )
    session.add(poll)
    await session.flush()
    for position, slot in enumerate(proposals.slots):
        session.add(
            PollSlot(
                poll_id=poll.id,
                position=position,
                starts_at=slot.start_utc,
                ends_at=slot.end_utc,
                reason=slot.reason[:200],
            )
        )
    await session.flush()
    return await card_of(session, poll)


async def attach_message(
    *,
    session: AsyncSession,
    poll_id: int,
    channel_id: int,
    message_id: int,
    invite_by_dm: Collection[int],
    now: datetime,
) -> None:
    """Remember where the poll was posted; now that it has a link, invite the hidden
    members who allow DMs privately."""
    poll = await session.get(Poll, poll_id)
    if poll is None:
        return
    poll.channel_id, poll.message_id = channel_id, message_id
    rows = [
        {
            "kind": POLL_INVITE,
            "dedupe_key": f"{POLL_INVITE}:{poll.id}:{member}",
            "guild_id": poll.guild_id,
            "recipient_id": member,
            "due_at": now,
            "status": PENDING,
            "attempts": 0,
            "detail": {"poll_id": poll.id},
            "created_at": now,
        }
        for member in invite_by_dm
    ]
    if rows:
        await insert_ignoring_duplicates(session, OutboxMessage, rows)
