"""Recurring tweetups: a rule, and each occurrence created (and so announced) a set time
before it — ``defaults.series_post_days_ahead``, 7 days unless configured — so a weekly
lunch posts one announcement a week, not a month of them at once. The first occurrence
shows the series' next dates.

Each occurrence is an ordinary tweetup with its own RSVPs and reminders; it remembers the
rule instant it was made for (``extra["rule_start"]``), so moving or cancelling one never
makes the rule create it again.

A series is checked in full when it is created (its first date may lie beyond the horizon,
so creating the first occurrences alone would not check it). Should one still fail later
(data from an older version, a rule the parser no longer reads), the hourly job sets it
aside as broken and tells its organizer, and every other series goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.db.upsert import insert_ignoring_duplicates
from bot.domain.dates.recurrence import Recurrence, parse_recurrence
from bot.domain.errors import InvalidInput, PermissionDenied
from bot.domain.tweetups import occurrences_to_create
from bot.domain.tweetups.permissions import Actor, may_announce
from bot.services import tweetups
from bot.services.guilds import guild_config
from bot.services.outbox import is_unreachable
from bot.services.places import stored_place
from models import OutboxMessage, Tweetup, TweetupSeries
from models.outbox import PENDING

log = logging.getLogger(__name__)

NEXT_DATES_SHOWN = 4
#: A rule must give a date this soon, or it is refused (a tweetup may be announced a year ahead).
FIRST_DATE_WITHIN = timedelta(days=366)
RULE_LENGTH = 200
REASON_LENGTH = 300
SERIES_BROKEN = "series_broken"


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
    if len(rule) > RULE_LENGTH:
        raise InvalidInput(f"Describe the repeat in at most {RULE_LENGTH} characters.")
    recurrence = parse_recurrence(rule, tz=draft.place.timezone, start=now)
    duration = draft.ends_at - draft.starts_at
    checked = _first_occurrence(recurrence, draft, duration, now)
    place = checked.place
    series = TweetupSeries(
        guild_id=guild_id,
        organizer_id=actor.user_id,
        rule=rule,
        title=checked.title,
        venue=checked.venue,
        description=checked.description,
        capacity=checked.capacity,
        duration_minutes=int(duration.total_seconds() // 60),
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
    if cards:
        first = cards[0].tweetup
        later = occurrences_to_create(
            recurrence,
            [first.starts_at],
            first.starts_at,
            FIRST_DATE_WITHIN,
            limit=NEXT_DATES_SHOWN,
        )
        first.extra = {
            **first.extra,
            "series_rule": recurrence.describe(),
            "series_next": [start.astimezone(UTC).isoformat() for start in later],
        }
        await session.flush()
    return series, cards, recurrence.describe()


def next_dates(tweetup: Tweetup) -> tuple[str, list[datetime]]:
    """The rule and the later dates a series' first announcement shows ("" if none)."""
    extra = tweetup.extra or {}
    later = [datetime.fromisoformat(value) for value in extra.get("series_next", [])]
    return str(extra.get("series_rule", "")), later


def _first_occurrence(
    recurrence: Recurrence, draft: tweetups.Draft, duration: timedelta, now: datetime
) -> tweetups.Draft:
    """The series' first tweetup exactly as the hourly job will create it, checked now."""
    upcoming = occurrences_to_create(recurrence, [], now, FIRST_DATE_WITHIN, limit=1)
    if not upcoming:
        raise InvalidInput(
            f"“{recurrence.describe()}” gives no date in the next year. Try a rule like "
            "“every Thursday at 19:00”."
        )
    starts_at = upcoming[0].astimezone(UTC)
    first = tweetups.Draft(
        title=draft.title,
        place=draft.place,
        starts_at=starts_at,
        ends_at=starts_at + duration,
        venue=draft.venue,
        capacity=draft.capacity,
        description=draft.description,
    )
    return tweetups.validated(first, now)


async def materialize_all(
    *,
    session: AsyncSession,
    defaults: DefaultsSection,
    now: datetime,
    owned: Callable[[int], bool] | None = None,
) -> list[tweetups.Card]:
    """Create the occurrences that came within the horizon, for every active series.

    Each series is one unit of work in its own savepoint: one that fails is rolled back,
    marked broken and its organizer told, and the others are still materialized.
    ``owned(guild_id)``: only those guilds' series (with shards over several processes,
    the process that can announce the occurrence in the guild's channel creates it).

    Several processes on one PostgreSQL database: each series row of its guilds is locked
    until this transaction ends and a series another run holds is skipped (``SKIP LOCKED``);
    a run that comes after it reads the occurrences it committed. So each occurrence is
    created once.
    """
    created: list[tweetups.Card] = []
    active = (TweetupSeries.active, TweetupSeries.broken_at.is_(None))
    query = select(TweetupSeries).where(*active).order_by(TweetupSeries.id)
    if owned is not None:
        # Lock only this process's series: a lock on another shard's row would make its
        # owner skip it (SKIP LOCKED) for nothing.
        rows = await session.execute(
            select(TweetupSeries.id, TweetupSeries.guild_id).where(*active)
        )
        mine = [series_id for series_id, guild_id in rows if owned(guild_id)]
        if not mine:
            return created
        query = query.where(TweetupSeries.id.in_(mine))
    found = await session.scalars(query.with_for_update(skip_locked=True))
    for series in list(found):
        series_id = series.id
        actor = Actor(user_id=series.organizer_id, role_ids=(), is_admin=True)
        try:
            async with session.begin_nested():
                created.extend(await _materialize(session, series, actor, defaults, now))
        except Exception as error:  # one series must never stop the others
            log.warning("Series %s is broken and set aside", series_id, exc_info=True)
            await _set_aside(session, series_id, error, now)
    return created


async def _set_aside(
    session: AsyncSession, series_id: int, error: Exception, now: datetime
) -> None:
    """Mark the series broken (the rolled-back savepoint left it as it was) and queue a DM
    to its organizer, unless their DMs are closed."""
    series = await session.get(TweetupSeries, series_id, populate_existing=True)
    if series is None:
        return
    reason = str(error) if isinstance(error, InvalidInput) else "an unexpected error"
    series.broken_at = now
    series.broken_reason = reason[:REASON_LENGTH]
    series.updated_at = now
    await session.flush()
    if await is_unreachable(session=session, user_id=series.organizer_id):
        return
    row = {
        "kind": SERIES_BROKEN,
        "dedupe_key": f"{SERIES_BROKEN}:{series.id}:{now.isoformat()}",
        "guild_id": series.guild_id,
        "recipient_id": series.organizer_id,
        "due_at": now,
        "status": PENDING,
        "attempts": 0,
        "detail": {"series_id": series.id},
        "created_at": now,
    }
    await insert_ignoring_duplicates(session, OutboxMessage, [row])


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
    ahead = timedelta(days=defaults.series_post_days_ahead)
    for start in occurrences_to_create(rule, existing, now, ahead):
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
