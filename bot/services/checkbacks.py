"""After a tweetup: the answers to "did you make it?", and "do it again" (a poll with the
same people, or a recurring series). The messages themselves are planned in
:mod:`bot.services.checkback_plan`."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.domain.errors import InvalidInput, NotFound, PermissionDenied
from bot.domain.tweetups import NoCommonTime
from bot.domain.tweetups.permissions import Actor, may_announce
from bot.services import polls, series
from bot.services.guilds import guild_config
from bot.services.places import stored_place
from bot.services.polls import Proposal
from bot.services.tweetups import Card, Draft
from models import Attendance, Rsvp, Tweetup

ANSWERS = ("yes", "no", "cancelled")


async def _went(session: AsyncSession, tweetup_id: int, user_id: int) -> Tweetup:
    tweetup = await session.get(Tweetup, tweetup_id)
    if tweetup is None:
        raise NotFound("That tweetup doesn't exist any more.")
    rsvp = await session.get(Rsvp, (tweetup_id, user_id))
    if rsvp is None or rsvp.status != "going":
        raise PermissionDenied("This question is for the people who were going.")
    return tweetup


async def answer(
    *, session: AsyncSession, tweetup_id: int, user_id: int, answer: str, now: datetime
) -> Tweetup:
    """Record (or change) a Going member's answer to "Did you make it?"."""
    if answer not in ANSWERS:
        raise InvalidInput("That's not an answer I know.")
    tweetup = await _went(session, tweetup_id, user_id)
    if now < tweetup.starts_at:
        raise InvalidInput("Ask me again after the tweetup: it hasn't happened yet.")
    row = await session.get(Attendance, (tweetup_id, user_id))
    if row is None:
        row = Attendance(tweetup_id=tweetup_id, user_id=user_id, guild_id=tweetup.guild_id)
        session.add(row)
    row.answer, row.answered_at = answer, now
    await session.flush()
    return tweetup


async def poll_again(
    *,
    session: AsyncSession,
    tweetup_id: int,
    user_id: int,
    defaults: DefaultsSection,
    now: datetime,
) -> tuple[Tweetup, Proposal | NoCommonTime]:
    """ "Do it again": a time poll in the same city with the same people (those who went)."""
    tweetup = await _went(session, tweetup_id, user_id)
    same = await session.scalars(
        select(Rsvp.user_id).where(Rsvp.tweetup_id == tweetup_id, Rsvp.status == "going")
    )
    result = await polls.propose(
        session=session,
        guild_id=tweetup.guild_id,
        proposer_id=user_id,
        place=stored_place(tweetup),
        member_ids=[m for m in same if m != user_id][: polls.MAX_INVITED],
        between=None,
        defaults=defaults,
        now=now,
    )
    return tweetup, result


async def _series_actor(
    session: AsyncSession, tweetup_id: int, actor: Actor, defaults: DefaultsSection
) -> tuple[Tweetup, Actor]:
    """Who may make a series of a past tweetup: its organizer (who brought these people
    together once already), organizers and admins; refused before any question is asked."""
    tweetup = await session.get(Tweetup, tweetup_id)
    if tweetup is None:
        raise NotFound("That tweetup doesn't exist any more.")
    if actor.user_id == tweetup.organizer_id:
        return tweetup, Actor(user_id=actor.user_id, role_ids=actor.role_ids, is_admin=True)
    config = await guild_config(session=session, guild_id=tweetup.guild_id, defaults=defaults)
    if not may_announce(actor, config.organizer_role_id, confirmed_poll_proposer=False):
        raise PermissionDenied(
            "Only organizers, admins and the tweetup's organizer can make it a series. "
            "A new poll with the same people works for everyone."
        )
    return tweetup, actor


async def may_repeat_as_series(
    *, session: AsyncSession, tweetup_id: int, actor: Actor, defaults: DefaultsSection
) -> None:
    await _series_actor(session, tweetup_id, actor, defaults)


async def series_again(
    *,
    session: AsyncSession,
    tweetup_id: int,
    actor: Actor,
    rule: str,
    defaults: DefaultsSection,
    now: datetime,
) -> tuple[Tweetup, list[Card], str]:
    """Make a recurring series of a past tweetup ("every other Thursday at 12:30")."""
    tweetup, actor = await _series_actor(session, tweetup_id, actor, defaults)
    length = tweetup.ends_at - tweetup.starts_at
    draft = Draft(
        title=tweetup.title,
        place=stored_place(tweetup),
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1) + length,
        venue=tweetup.venue,
        capacity=tweetup.capacity,
        description=tweetup.description,
    )
    _, cards, described = await series.create_series(
        session=session,
        guild_id=tweetup.guild_id,
        actor=actor,
        rule=rule,
        draft=draft,
        defaults=defaults,
        now=now,
    )
    return tweetup, cards, described
