"""The "who's coming" card of a tweetup, and the "who you'll meet" list of its DM.

Only Going members who can be found in the guild are named; their intro and topics only if
they show them to the people they meet. Everyone else is a number ("and 2 more").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.icebreakers import Attendee, conversation_starters, first_timers
from bot.services.community import past_meetups
from bot.services.members import prefs_for
from bot.services.profiles import ProfileView, shared_profiles
from models import ComingCard, Rsvp, Tweetup


@dataclass(frozen=True, slots=True)
class Person:
    attendee: Attendee
    intro: str = ""
    pronouns: str = ""


@dataclass(frozen=True, slots=True)
class Coming:
    tweetup: Tweetup
    people: tuple[Person, ...]
    unnamed: int  # Going members who keep out of sight in this guild
    starters: tuple[str, ...]

    @property
    def first_timers(self) -> int:
        return sum(1 for p in self.people if p.attendee.first_timer)


def _person(member_id: int, profile: ProfileView | None, first_timer: bool) -> Person:
    name = f"<@{member_id}>"
    if profile is None:
        return Person(Attendee(member_id, name, first_timer=first_timer))
    return Person(
        Attendee(member_id, name, profile.topics, first_timer), profile.intro, profile.pronouns
    )


async def whos_coming(
    *, session: AsyncSession, tweetup_id: int, exclude: int | None = None
) -> Coming | None:
    """The card's content (None if the tweetup is gone); ``exclude`` leaves out the reader of
    a "who you'll meet" DM."""
    tweetup = await session.get(Tweetup, tweetup_id)
    if tweetup is None:
        return None
    going = list(
        await session.scalars(
            select(Rsvp.user_id)
            .where(Rsvp.tweetup_id == tweetup_id, Rsvp.status == "going")
            .order_by(Rsvp.requested_at, Rsvp.user_id)
        )
    )
    going = [m for m in going if m != exclude]
    prefs = await prefs_for(session=session, guild_id=tweetup.guild_id, user_ids=going)
    visible = [m for m in going if prefs[m].discoverable]
    profiles = await shared_profiles(session=session, guild_id=tweetup.guild_id, user_ids=visible)
    history = await past_meetups(
        session=session, guild_id=tweetup.guild_id, until=tweetup.starts_at
    )
    new = first_timers(visible, history)
    people = tuple(_person(m, profiles.get(m), m in new) for m in visible)
    return Coming(
        tweetup=tweetup,
        people=people,
        unnamed=len(going) - len(visible),
        starters=tuple(conversation_starters([p.attendee for p in people])),
    )


async def card_message(*, session: AsyncSession, tweetup_id: int) -> ComingCard | None:
    return await session.get(ComingCard, tweetup_id)


async def remember_card(
    *, session: AsyncSession, tweetup: Tweetup, channel_id: int, message_id: int
) -> None:
    row = await session.get(ComingCard, tweetup.id)
    if row is None:
        session.add(
            ComingCard(
                tweetup_id=tweetup.id,
                guild_id=tweetup.guild_id,
                channel_id=channel_id,
                message_id=message_id,
            )
        )
    else:
        row.channel_id, row.message_id = channel_id, message_id
