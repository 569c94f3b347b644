"""Recurring tweetups: a rule, and its occurrences materialized a few weeks ahead.

Each occurrence is an ordinary tweetup with its own RSVPs and reminders; it remembers the
rule instant it was made for (``extra["rule_start"]``), so moving or cancelling one never
makes the rule create it again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.domain.dates.recurrence import parse_recurrence
from bot.domain.errors import PermissionDenied
from bot.domain.tweetups import occurrences_to_create
from bot.domain.tweetups.permissions import Actor, may_announce
from bot.services import tweetups
from bot.services.guilds import guild_config
from bot.services.places import stored_place
from models import Tweetup, TweetupSeries

HORIZON = timedelta(weeks=4)


async def create_series(
    *,
    session: AsyncSession,
    guild_id: int,
    actor: Actor,
    rule: str,
    draft: tweetups.Draft,
    defaults: DefaultsSection,
    now: datetime,
) -> tuple[TweetupSeries, list[tweetups.Card], str]:
    """Store the series and create its first occurrences; returns them and the rule's text."""
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    if not may_announce(actor, config.organizer_role_id, confirmed_poll_proposer=False):
        raise PermissionDenied("Only organizers and admins can set up recurring tweetups.")
    recurrence = parse_recurrence(rule, tz=draft.place.timezone, start=now)
    place = draft.place
    series = TweetupSeries(
        guild_id=guild_id,
        organizer_id=actor.user_id,
        rule=rule[:200],
        title=draft.title,
        venue=draft.venue,
        description=draft.description,
        capacity=draft.capacity,
        duration_minutes=int((draft.ends_at - draft.starts_at).total_seconds() // 60) or 120,
        active=True,
        place_id=place.id,
        place_label=place.label,
        lat=place.lat,
        lon=place.lon,
        timezone=place.timezone,
        created_at=now,
        updated_at=now,
    )
    session.add(series)
    await session.flush()
    cards = await _materialize(session, series, actor, defaults, now)
    return series, cards, recurrence.describe()


async def materialize_all(
    *, session: AsyncSession, defaults: DefaultsSection, now: datetime
) -> list[tweetups.Card]:
    """Create the occurrences that came within the horizon, for every active series."""
    created: list[tweetups.Card] = []
    for series in await session.scalars(select(TweetupSeries).where(TweetupSeries.active)):
        actor = Actor(user_id=series.organizer_id, role_ids=(), is_admin=True)
        created.extend(await _materialize(session, series, actor, defaults, now))
    return created


async def _materialize(
    session: AsyncSession,
    series: TweetupSeries,
    actor: Actor,
    defaults: DefaultsSection,
    now: datetime,
) -> list[tweetups.Card]:
    rule = parse_recurrence(series.rule, tz=series.timezone, start=series.created_at)
    existing = [
        datetime.fromisoformat(extra["rule_start"])
        for extra in await session.scalars(
            select(Tweetup.extra).where(Tweetup.series_id == series.id)
        )
        if extra and "rule_start" in extra
    ]
    cards = []
    for start in occurrences_to_create(rule, existing, now, HORIZON):
        starts_at = start.astimezone(UTC)
        card = await tweetups.announce(
            session=session,
            guild_id=series.guild_id,
            actor=actor,
            draft=tweetups.Draft(
                title=series.title,
                place=stored_place(series),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=series.duration_minutes),
                venue=series.venue,
                capacity=series.capacity,
                description=series.description,
            ),
            defaults=defaults,
            now=now,
            series_id=series.id,
        )
        card.tweetup.extra = {"rule_start": starts_at.isoformat()}
        cards.append(card)
    await session.flush()
    return cards
