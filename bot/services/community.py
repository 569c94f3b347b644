"""The community's picture: past meetups and who was there, stats, the monthly card and the
weekly digest. Hidden members are never named; erased members are simply gone from the rows
these numbers are computed from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.domain.dates.model import DateRange
from bot.domain.errors import PermissionDenied
from bot.domain.icebreakers import (
    CommunityStats,
    MemberStats,
    PastMeetup,
    community_stats,
    member_stats,
)
from bot.domain.tweetups.permissions import Actor, may_announce
from bot.services.guilds import guild_config
from models import Attendance, GuildDigest, MemberSettings, Rsvp, Trip, Tweetup

SCHEDULED = "scheduled"
ARRIVALS_DAYS = 30
DIGEST_LIMIT = 15


async def past_meetups(
    *, session: AsyncSession, guild_id: int, until: datetime, since: datetime | None = None
) -> list[PastMeetup]:
    """Tweetups of the guild that ended by ``until`` (and started after ``since``), oldest
    first, with their Going members and check-back answers."""
    query = select(Tweetup).where(
        Tweetup.guild_id == guild_id, Tweetup.status == SCHEDULED, Tweetup.ends_at <= until
    )
    if since is not None:
        query = query.where(Tweetup.starts_at >= since)
    tweetups = list(await session.scalars(query.order_by(Tweetup.starts_at, Tweetup.id)))
    if not tweetups:
        return []
    ids = [t.id for t in tweetups]
    going: dict[int, set[int]] = defaultdict(set)
    for tweetup_id, user_id in await session.execute(
        select(Rsvp.tweetup_id, Rsvp.user_id).where(
            Rsvp.tweetup_id.in_(ids), Rsvp.status == "going"
        )
    ):
        going[tweetup_id].add(user_id)
    answers: dict[int, dict[int, str]] = defaultdict(dict)
    for tweetup_id, user_id, answer in await session.execute(
        select(Attendance.tweetup_id, Attendance.user_id, Attendance.answer).where(
            Attendance.tweetup_id.in_(ids)
        )
    ):
        answers[tweetup_id][user_id] = answer
    return [
        PastMeetup(
            tweetup_id=t.id,
            city=t.place_label,
            month=f"{t.starts_at.astimezone(ZoneInfo(t.timezone)):%Y-%m}",
            going=frozenset(going[t.id]),
            answers=answers[t.id],
        )
        for t in tweetups
    ]


@dataclass(frozen=True, slots=True)
class Stats:
    community: CommunityStats
    mine: MemberStats


async def stats(*, session: AsyncSession, guild_id: int, member_id: int, now: datetime) -> Stats:
    meetups = await past_meetups(session=session, guild_id=guild_id, until=now)
    return Stats(community_stats(meetups), member_stats(meetups, member_id))


async def month_stats(
    *, session: AsyncSession, guild_id: int, month_start: datetime, now: datetime
) -> CommunityStats:
    """One month's meetups (for the community card), computed with the whole history so a
    first-timer is one whose first meetup fell in this month."""
    end = _next_month(month_start)
    meetups = await past_meetups(session=session, guild_id=guild_id, until=min(now, end))
    month = f"{month_start:%Y-%m}"
    stats_all = community_stats(meetups)
    before = community_stats([m for m in meetups if m.month < month])
    during = community_stats([m for m in meetups if m.month == month])
    return CommunityStats(
        held=during.held,
        people_met=during.people_met,
        first_timers_welcomed=stats_all.first_timers_welcomed - before.first_timers_welcomed,
        cities=during.cities,
        busiest_months=during.busiest_months,
    )


def _next_month(start: datetime) -> datetime:
    return (start.replace(day=1) + timedelta(days=32)).replace(day=1)


async def may_post_stats(
    *, session: AsyncSession, guild_id: int, actor: Actor, defaults: DefaultsSection
) -> None:
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    if not may_announce(actor, config.organizer_role_id, confirmed_poll_proposer=False):
        raise PermissionDenied("Only organizers and admins can post the stats in the channel.")


@dataclass(frozen=True, slots=True)
class Arrival:
    user_id: int
    city: str
    stay: DateRange


@dataclass(frozen=True, slots=True)
class Digest:
    arrivals: tuple[Arrival, ...]
    more_arrivals: int
    upcoming: tuple[Tweetup, ...]
    last_week: tuple[tuple[Tweetup, int], ...]  # each held meetup with how many were there

    @property
    def empty(self) -> bool:
        return not (self.arrivals or self.upcoming or self.last_week)


def _hidden(guild_id: int) -> object:
    return select(MemberSettings.user_id).where(
        MemberSettings.guild_id == guild_id, ~MemberSettings.discoverable
    )


async def weekly_digest(*, session: AsyncSession, guild_id: int, now: datetime) -> Digest:
    """Visible members arriving somewhere in the next 30 days, the next tweetups, and last
    week's meetups that happened."""
    today = now.date()
    trips = list(
        await session.execute(
            select(Trip.user_id, Trip.place_label, Trip.start_date, Trip.end_date)
            .where(
                Trip.guild_id == guild_id,
                Trip.start_date >= today,
                Trip.start_date <= today + timedelta(days=ARRIVALS_DAYS),
                Trip.user_id.not_in(_hidden(guild_id)),  # type: ignore[arg-type]
            )
            .order_by(Trip.start_date, Trip.id)
        )
    )
    arrivals = tuple(
        Arrival(user_id, label, DateRange(start, end)) for user_id, label, start, end in trips
    )
    upcoming = await session.scalars(
        select(Tweetup)
        .where(Tweetup.guild_id == guild_id, Tweetup.status == SCHEDULED, Tweetup.starts_at > now)
        .order_by(Tweetup.starts_at)
        .limit(10)
    )
    since = now - timedelta(days=7)
    recent = await past_meetups(session=session, guild_id=guild_id, until=now, since=since)
    held = {m.tweetup_id: len(m.attendees) for m in recent if m.held}
    last_week = list(await session.scalars(select(Tweetup).where(Tweetup.id.in_(list(held)))))
    return Digest(
        arrivals=arrivals[:DIGEST_LIMIT],
        more_arrivals=max(0, len(arrivals) - DIGEST_LIMIT),
        upcoming=tuple(upcoming),
        last_week=tuple(
            sorted(((t, held[t.id]) for t in last_week), key=lambda item: item[0].starts_at)
        ),
    )


def week_of(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


async def set_digest(*, session: AsyncSession, guild_id: int, enabled: bool, now: datetime) -> None:
    row = await session.get(GuildDigest, guild_id)
    if row is None:
        # Enabling mid-week starts with this week's digest.
        row = GuildDigest(guild_id=guild_id, enabled=enabled, last_week=None, updated_at=now)
        session.add(row)
    row.enabled, row.updated_at = enabled, now
    await session.flush()


async def guilds_due(*, session: AsyncSession, now: datetime) -> list[int]:
    week = week_of(now)
    rows = await session.scalars(
        select(GuildDigest.guild_id).where(
            GuildDigest.enabled,
            (GuildDigest.last_week.is_(None)) | (GuildDigest.last_week != week),
        )
    )
    return list(rows)


async def claim_week(*, session: AsyncSession, guild_id: int, now: datetime) -> bool:
    """Take this week's digest for the guild (commit before posting): True once per week,
    whichever process asks, so a restart or a second process never posts it twice."""
    week = week_of(now)
    result = await session.execute(
        update(GuildDigest)
        .where(
            GuildDigest.guild_id == guild_id,
            GuildDigest.enabled,
            (GuildDigest.last_week.is_(None)) | (GuildDigest.last_week != week),
        )
        .values(last_week=week, updated_at=now)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]
