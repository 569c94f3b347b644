"""What the bot stores about a member: show it, export it, erase it.

``PERSONAL_DATA`` lists every table that holds rows about a person and the column naming
them; those rows are deleted on erasure. Shared records the member created for others
(tweetups, recurring series) stay for the people going, with the member's id replaced by
``FORMER_MEMBER``; their name is taken off the invitation lists of other members' polls.
A test checks that after erasure no column of any table still holds the member's id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, cast, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from bot.config import DefaultsSection
from bot.services import tweetups, watches
from models import (
    Attendance,
    DmChannel,
    Home,
    HotSpot,
    MemberSettings,
    OutboxMessage,
    Poll,
    PollSlot,
    PollVote,
    Profile,
    RadarNudge,
    Rsvp,
    Trip,
    Tweetup,
    TweetupSeries,
)
from models.outbox import CLAIMED, PENDING

# (model, column naming the person, whether rows are per guild): deleted on erasure.
PERSONAL_DATA: list[tuple[type[DeclarativeBase], str, bool]] = [
    (Home, "user_id", True),
    (Trip, "user_id", True),
    (MemberSettings, "user_id", True),
    (OutboxMessage, "recipient_id", True),
    (Rsvp, "user_id", True),
    (PollVote, "user_id", True),
    (Poll, "proposer_id", True),
    (Profile, "user_id", True),
    (Attendance, "user_id", True),
    (DmChannel, "user_id", False),
    (RadarNudge, "author_id", True),
]
# What each deletion is called in the reply ("erased 1 home, 2 trips and 1 RSVP").
_NAMES = {
    "homes": ("home city", "home cities"),
    "trips": ("trip", "trips"),
    "member_settings": ("settings record", "settings records"),
    "outbox": ("queued message", "queued messages"),
    "rsvps": ("RSVP", "RSVPs"),
    "poll_votes": ("vote", "votes"),
    "polls": ("poll", "polls"),
    "dm_channels": ("DM channel record", "DM channel records"),
    "profiles": ("profile", "profiles"),
    "attendance": ("answer to “did you make it?”", "answers to “did you make it?”"),
    "tweetups": ("tweetup now without your name", "tweetups now without your name"),
    "tweetup_series": ("recurring series stopped", "recurring series stopped"),
    "poll_invitations": ("poll invitation", "poll invitations"),
    "hot_spots": ("meetup suggestion", "meetup suggestions"),
    "radar_nudges": ("trip radar note", "trip radar notes"),
    "trip_watches": (
        "“tell me when they're in town” request",
        "“tell me when they're in town” requests",
    ),
}
FORMER_MEMBER = 0


@dataclass(frozen=True, slots=True)
class Summary:
    homes: int
    trips: int
    settings: int
    rsvps: int
    votes: int
    polls: int
    tweetups_organized: int
    pending_messages: int
    profile: bool = False
    checkins: int = 0


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure removed, and what others see that must now be redrawn."""

    counts: dict[str, int] = field(default_factory=dict)
    tweetups_to_refresh: tuple[int, ...] = ()
    polls_to_refresh: tuple[int, ...] = ()
    polls_withdrawn: tuple[tuple[int, int], ...] = ()  # (channel id, message id)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        """'1 home, 2 trips and 1 RSVP' — only what there was."""
        parts = [
            f"{count} {_NAMES[name][0 if count == 1 else 1]}"
            for name, count in self.counts.items()
            if count
        ]
        if not parts:
            return "nothing (there was nothing stored)"
        return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _where(
    model: type[DeclarativeBase], column: str, per_guild: bool, user_id: int, guild_id: int | None
) -> list[Any]:
    where = [getattr(model, column) == user_id]
    if per_guild and guild_id is not None:
        where.append(model.guild_id == guild_id)  # type: ignore[attr-defined]
    return where


def _id(value: int | None) -> str | None:
    """Discord ids as strings: JavaScript's numbers lose precision above 2**53."""
    return None if value is None else str(value)


def _day(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _in_scope(model: Any, guild_id: int | None) -> list[Any]:
    return [] if guild_id is None else [model.guild_id == guild_id]


async def export(*, session: AsyncSession, user_id: int, guild_id: int | None) -> dict[str, Any]:
    """Everything stored about the member (in one guild, or everywhere): a document a person
    can read and a program can parse. Internal bookkeeping (claim tokens, dedupe keys,
    delivery attempts) is not the member's data and is left out."""
    homes = await session.scalars(
        select(Home).where(*_where(Home, "user_id", True, user_id, guild_id))
    )
    trips = await session.scalars(
        select(Trip)
        .where(*_where(Trip, "user_id", True, user_id, guild_id))
        .order_by(Trip.start_date)
    )
    settings = await session.scalars(
        select(MemberSettings).where(*_where(MemberSettings, "user_id", True, user_id, guild_id))
    )
    rsvps = await session.execute(
        select(Rsvp, Tweetup)
        .join(Tweetup, Tweetup.id == Rsvp.tweetup_id)
        .where(*_where(Rsvp, "user_id", True, user_id, guild_id))
        .order_by(Tweetup.starts_at)
    )
    votes = await session.execute(
        select(PollVote, PollSlot, Poll)
        .join(PollSlot, PollSlot.id == PollVote.slot_id)
        .join(Poll, Poll.id == PollSlot.poll_id)
        .where(*_where(PollVote, "user_id", True, user_id, guild_id))
        .order_by(Poll.id, PollSlot.position)
    )
    polls = await session.scalars(
        select(Poll).where(*_where(Poll, "proposer_id", True, user_id, guild_id)).order_by(Poll.id)
    )
    organized = await session.scalars(
        select(Tweetup)
        .where(Tweetup.organizer_id == user_id, *_in_scope(Tweetup, guild_id))
        .order_by(Tweetup.starts_at)
    )
    series = await session.scalars(
        select(TweetupSeries)
        .where(TweetupSeries.organizer_id == user_id, *_in_scope(TweetupSeries, guild_id))
        .order_by(TweetupSeries.id)
    )
    profiles = await session.scalars(
        select(Profile).where(*_where(Profile, "user_id", True, user_id, guild_id))
    )
    attended = await session.execute(
        select(Attendance, Tweetup)
        .join(Tweetup, Tweetup.id == Attendance.tweetup_id)
        .where(*_where(Attendance, "user_id", True, user_id, guild_id))
        .order_by(Tweetup.starts_at)
    )
    messages = await session.scalars(
        select(OutboxMessage)
        .where(*_where(OutboxMessage, "recipient_id", True, user_id, guild_id))
        .order_by(OutboxMessage.due_at)
    )
    nudges = await session.scalars(
        select(RadarNudge)
        .where(*_where(RadarNudge, "author_id", True, user_id, guild_id))
        .order_by(RadarNudge.nudged_at)
    )
    followed = await watches.export_part(session=session, user_id=user_id, guild_id=guild_id)
    return {
        "about": "Everything Tweetup stores about you. Ids are strings; times are UTC (ISO 8601).",
        "user_id": _id(user_id),
        "scope": "every server" if guild_id is None else {"server_id": _id(guild_id)},
        "home_cities": [
            {
                "server_id": _id(h.guild_id),
                "city": h.place_label,
                "time_zone": h.timezone,
                "since": _day(h.created_at),
            }
            for h in homes
        ],
        "trips": [
            {
                "server_id": _id(t.guild_id),
                "city": t.place_label,
                "start": _day(t.start_date),
                "end": _day(t.end_date),
                "note": t.note,
                "announced": t.announce,
            }
            for t in trips
        ],
        "settings": [_settings(row) for row in settings],
        "rsvps": [
            {
                "server_id": _id(r.guild_id),
                "tweetup": t.title,
                "city": t.place_label,
                "starts_at": _day(t.starts_at),
                "answer": r.status,
                "answered_at": _day(r.requested_at),
            }
            for r, t in rsvps
        ],
        "poll_votes": [
            {
                "server_id": _id(v.guild_id),
                "poll_city": p.place_label,
                "time": _day(s.starts_at),
                "vote": v.choice,
                "voted_at": _day(v.voted_at),
            }
            for v, s, p in votes
        ],
        "polls_proposed": [
            {
                "server_id": _id(p.guild_id),
                "city": p.place_label,
                "status": p.status,
                "invited": len(p.participant_ids),
                "created_at": _day(p.created_at),
            }
            for p in polls
        ],
        "tweetups_organized": [
            {
                "server_id": _id(t.guild_id),
                "title": t.title,
                "city": t.place_label,
                "venue": t.venue,
                "starts_at": _day(t.starts_at),
                "status": t.status,
            }
            for t in organized
        ],
        "recurring_series_organized": [
            {
                "server_id": _id(s.guild_id),
                "title": s.title,
                "city": s.place_label,
                "rule": s.rule,
                "active": s.active,
            }
            for s in series
        ],
        "profiles": [
            {
                "server_id": _id(p.guild_id),
                "intro": p.intro,
                "topics": list(p.topics or ()),
                "pronouns": p.pronouns,
                "shown_to_people_you_meet": p.show_to_attendees,
            }
            for p in profiles
        ],
        "did_you_make_it": [
            {
                "server_id": _id(a.guild_id),
                "tweetup": t.title,
                "city": t.place_label,
                "starts_at": _day(t.starts_at),
                "answer": a.answer,
                "answered_at": _day(a.answered_at),
            }
            for a, t in attended
        ],
        "messages_to_you": [
            {
                "server_id": _id(m.guild_id),
                "kind": m.kind,
                "due_at": _day(m.due_at),
                "status": m.status,
                "sent_at": _day(m.sent_at),
            }
            for m in messages
        ],
        # Trip radar keeps no text: which of your messages got its ✈️, and when.
        "trip_radar_nudges": [
            {
                "server_id": _id(n.guild_id),
                "channel_id": _id(n.channel_id),
                "message_id": _id(n.message_id),
                "noticed_at": _day(n.nudged_at),
                "saved_as_trip": n.trip_id is not None,
            }
            for n in nudges
        ],
        "trip_watches": followed,
    }


def _settings(row: MemberSettings) -> dict[str, Any]:
    return {
        "server_id": _id(row.guild_id),
        "dms_about_visitors": row.notify_dm,
        "weekly_digest": row.digest,
        "radius_km": row.radius_km,
        "quiet_hours_minutes": [row.quiet_start_minute, row.quiet_end_minute],
        "time_zone": row.timezone,
        "visible": row.discoverable,
        "date_order": row.date_order,
        "availability": row.availability,
        "reminder_lead_minutes": row.reminder_lead_minutes,
        "trip_radar": row.radar,
    }


async def summary(*, session: AsyncSession, user_id: int, guild_id: int) -> Summary:
    async def count(model: Any, *where: Any) -> int:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    return Summary(
        homes=await count(Home, *_where(Home, "user_id", True, user_id, guild_id)),
        trips=await count(Trip, *_where(Trip, "user_id", True, user_id, guild_id)),
        settings=await count(
            MemberSettings, *_where(MemberSettings, "user_id", True, user_id, guild_id)
        ),
        rsvps=await count(Rsvp, *_where(Rsvp, "user_id", True, user_id, guild_id)),
        votes=await count(PollVote, *_where(PollVote, "user_id", True, user_id, guild_id)),
        polls=await count(Poll, *_where(Poll, "proposer_id", True, user_id, guild_id)),
        tweetups_organized=await count(
            Tweetup, Tweetup.organizer_id == user_id, Tweetup.guild_id == guild_id
        ),
        pending_messages=await count(
            OutboxMessage,
            *_where(OutboxMessage, "recipient_id", True, user_id, guild_id),
            OutboxMessage.status.in_([PENDING, CLAIMED]),
        ),
        profile=bool(await count(Profile, *_where(Profile, "user_id", True, user_id, guild_id))),
        checkins=await count(Attendance, *_where(Attendance, "user_id", True, user_id, guild_id)),
    )


async def erase(
    *,
    session: AsyncSession,
    user_id: int,
    guild_id: int | None,
    defaults: DefaultsSection,
    now: datetime,
) -> Erasure:
    """Erase the member in one guild or everywhere.

    Their RSVPs are withdrawn first, so a Going place passes to the waitlist (with the usual
    DM); tweetups and series they organized keep going for the others without their name
    (series stop: no new dates are made for a series nobody runs).
    """
    answered = await session.scalar(
        select(func.count())
        .select_from(Rsvp)
        .where(*_where(Rsvp, "user_id", True, user_id, guild_id))
    )
    refresh = await tweetups.withdraw(
        session=session, user_id=user_id, guild_id=guild_id, defaults=defaults, now=now
    )
    counts: dict[str, int] = {}
    withdrawn: tuple[tuple[int, int], ...] = tuple(
        (poll.channel_id, poll.message_id)
        for poll in await session.scalars(
            select(Poll).where(*_where(Poll, "proposer_id", True, user_id, guild_id))
        )
        if poll.channel_id and poll.message_id and poll.status == "open"
    )
    invited = await _uninvite(session, user_id, guild_id)
    counts["poll_invitations"] = len(invited)
    counts["hot_spots"] = await _forget_hot_spots(session, user_id, guild_id)
    counts["trip_watches"] = await watches.forget(
        session=session, user_id=user_id, guild_id=guild_id
    )
    for model, column, per_guild in PERSONAL_DATA:
        if not per_guild and guild_id is not None:
            continue
        result = await session.execute(
            delete(model).where(*_where(model, column, per_guild, user_id, guild_id))
        )
        counts[model.__tablename__] = int(result.rowcount)  # type: ignore[attr-defined]
    counts["rsvps"] = int(answered or 0)  # withdrawn above, row by row
    organized = await session.scalars(
        select(Tweetup.id).where(Tweetup.organizer_id == user_id, *_in_scope(Tweetup, guild_id))
    )
    organized_ids = list(organized)
    if organized_ids:
        await session.execute(
            update(Tweetup)
            .where(Tweetup.id.in_(organized_ids))
            .values(organizer_id=FORMER_MEMBER, updated_at=now)
        )
    counts["tweetups"] = len(organized_ids)
    result = await session.execute(
        update(TweetupSeries)
        .where(TweetupSeries.organizer_id == user_id, *_in_scope(TweetupSeries, guild_id))
        .values(organizer_id=FORMER_MEMBER, active=False, updated_at=now)
    )
    counts["tweetup_series"] = int(result.rowcount)  # type: ignore[attr-defined]
    await session.flush()
    return Erasure(
        counts=counts,
        tweetups_to_refresh=tuple(dict.fromkeys([*refresh, *organized_ids])),
        polls_to_refresh=tuple(invited),
        polls_withdrawn=withdrawn,
    )


async def _forget_hot_spots(session: AsyncSession, user_id: int, guild_id: int | None) -> int:
    """Meetup suggestions that name the member go: they were made from their trips."""
    candidates = await session.scalars(
        select(HotSpot).where(
            cast(HotSpot.member_ids, Text).contains(str(user_id)), *_in_scope(HotSpot, guild_id)
        )
    )
    gone = [row for row in candidates if user_id in row.member_ids or row.proposer_id == user_id]
    for row in gone:
        await session.delete(row)
    return len(gone)


async def _uninvite(session: AsyncSession, user_id: int, guild_id: int | None) -> list[int]:
    """Take the member off other members' poll invitations; returns those polls' ids."""
    candidates = await session.scalars(
        select(Poll).where(
            cast(Poll.participant_ids, Text).contains(str(user_id)),
            Poll.proposer_id != user_id,
            *_in_scope(Poll, guild_id),
        )
    )
    changed = []
    for poll in candidates:
        if user_id in poll.participant_ids:
            poll.participant_ids = [member for member in poll.participant_ids if member != user_id]
            changed.append(poll.id)
    return changed


__all__ = ["FORMER_MEMBER", "PERSONAL_DATA", "Erasure", "Summary", "erase", "export", "summary"]
